package foliocheck.check;

import static foliocheck.check.FailuresTest.endsWith;
import static foliocheck.check.FailuresTest.holds;
import static foliocheck.check.FailuresTest.run;
import static foliocheck.check.FailuresTest.violated;
import static foliocheck.check.FailuresTest.violations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Property;
import foliocheck.engine.Result;
import foliocheck.engine.Trace;
import foliocheck.model.Fault;
import foliocheck.model.Kernel;
import foliocheck.model.Level;
import foliocheck.model.Pin;
import foliocheck.model.ProgramRunner;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code reflink-refault}: a fault of a block file A shares with file B finds the DAX entry
 * another fault of the offset set. Since 6.2 {@code dax_insert_entry} then unmaps the offset,
 * disassociates the entry and associates it again ({@code if (shared || ...)}), whatever
 * else holds the folio.
 */
class ReflinkRefaultTest {

    @Test
    void sixFifteenSplitsTheFolioAPinHolds() throws Exception {
        Result<State> r = run("reflink-refault", "mainline");
        assertEquals(List.of("compound-at-zero(19)"), violations(r));
        Outcome<State> o = violated(r, "compound-at-zero");
        List<String> l = endsWith(o, 19, "dax_disassociate_entry", "dax_folio_put splits folio0 at refcount 1");
        Trace<State> t = o.trace();
        int pin = 1;
        int refault = 2;
        // The first fault maps the PMD; GUP-fast grabs the folio; the refault zaps the PMD
        // (unmap_mapping_pages), drops the mapping's reference and disassociates the entry.
        int mapped = l.indexOf("vmf_insert_folio_pmd");
        int grab = l.indexOf("try_grab_folio_fast");
        int zap = l.indexOf("zap_huge_pmd");
        assertTrue(0 <= mapped && mapped < grab && grab < zap, l.toString());
        assertEquals(pin, t.steps().get(grab).thread());
        assertEquals(List.of("zap_huge_pmd", "folios_put_refs", "dax_disassociate_entry"), l.subList(16, 19));
        for (int i = zap; i < 19; i++) {
            assertEquals(refault, t.steps().get(i).thread(), l.get(i));
        }
        Kernel before = t.steps().get(17).state().kernel();
        assertTrue(before.folio(0).compound() && before.folio(0).refcount() == 1 && before.ptes().isEmpty(),
                before.folio(0).toString());
        Kernel after = t.last().kernel();
        assertTrue(!after.folio(0).compound() && after.folio(0).mapping() == Kernel.NONE, after.folio(0).toString());
        assertEquals(0, after.entry(Kernel.FILE_A, 0).folio(), "the entry still names the folio");
    }

    @Test
    void beforeSixFifteenPagesAreNotCompoundAndTheRefaultOnlyRecountsTheShare() throws Exception {
        // Holds, not vacuous: both witnesses (pinned, and zapped by the second fault's unmap) reached.
        holds(run("reflink-refault", "legacy"));
        holds(run("reflink-refault", "legacy-6.0"));
    }

    @Test
    void beforeSixFifteenTheShareCountsTheEntriesWheneverNoEntryIsLocked() throws Exception {
        // The refault's disassociation and association run under its entry lock; outside it
        // folio0's mapping or share count names the entries that name it.
        Property<State> counts = Property.always("share-counts",
                "with no DAX entry locked, folio0's mapping or share count names the entries that name it",
                s -> s.kernel().entries().stream().anyMatch(e -> e.locked()) || ReflinkTest.shareCounts(s));
        for (String d : List.of("legacy", "legacy-6.0")) {
            holds(FailuresTest.check("reflink-refault", Catalog.builtIn().design(d), List.of(counts)));
        }
    }

    @Test
    void withoutTheReflinkTheRefaultLeavesTheEntryAlone() throws Exception {
        // Same threads, the block file A's alone: the second fault finds the entry and maps.
        Result<State> r = check(scenario(Level.PMD, true, false), "mainline");
        assertEquals(List.of(), violations(r));
        assertEquals(Outcome.Status.UNREACHED, r.outcome("zapped").status(), "nothing unmaps");
    }

    @Test
    void theSplitNeedsSomethingElseToHoldTheFolio() throws Exception {
        // No pin: the refault's unmap drops the only reference, the split is at 0.
        Result<State> r = check(scenario(Level.PMD, false, true), "mainline");
        holds(r);
        assertEquals(Outcome.Status.REACHED, r.outcome("zapped").status());
    }

    @Test
    void anOrderZeroFolioIsNotSplit() throws Exception {
        Result<State> r = check(scenario(Level.PTE, true, true), "mainline");
        holds(r);
        assertEquals(Outcome.Status.REACHED, r.outcome("zapped").status());
        assertEquals(Outcome.Status.REACHED, r.outcome("pinned").status());
    }

    @Test
    void reflinksTheModelCannotRunAreRefused() {
        Scenario sc = scenario(Level.PMD, false, false).reflinking(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProgramRunner.initialState(sc, Catalog.builtIn().design("mainline")));
        assertEquals("scenario refault-variant reflinks block 1, but its blocks are 0 to 0", e.getMessage());
        Scenario pteOnPmd = new Scenario("pte-on-shared-pmd", "test", List.of(new Fault("pmd", 0, 0, Level.PMD, false),
                new Fault("pte", 1, 0, Level.PTE, false)), List.of(Level.PMD), List.of()).reflinking(0);
        e = assertThrows(IllegalArgumentException.class,
                () -> ProgramRunner.initialState(pteOnPmd, Catalog.builtIn().design("mainline")));
        assertTrue(e.getMessage().startsWith("scenario pte-on-shared-pmd has a PTE fault (pte) of a block file A"
                + " shares with file B"), e.getMessage());
    }

    /** Fault, refault and maybe a read-only pin of one block of {@code order}, reflinked or not. */
    private static Scenario scenario(Level order, boolean pin, boolean reflinked) {
        List<foliocheck.model.Program> p = new java.util.ArrayList<>(List.of(new Fault("fault", 0, 0, order, false),
                new Fault("refault", 0, 0, order, false)));
        if (pin) {
            p.add(1, Pin.readOnly("pin", 0));
        }
        Scenario sc = new Scenario("refault-variant", "test", p, List.of(order),
                pin ? List.of("pinned", "zapped") : List.of("zapped"));
        return reflinked ? sc.reflinking(0) : sc;
    }

    private static Result<State> check(Scenario sc, String design) throws Exception {
        return Checker.of(new FolioModel(sc, Catalog.builtIn().design(design))).run();
    }
}
