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
import foliocheck.model.Fork;
import foliocheck.model.Kernel;
import foliocheck.model.Level;
import foliocheck.model.Local;
import foliocheck.model.Pin;
import foliocheck.model.Program;
import foliocheck.model.ProgramRunner;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import foliocheck.model.StepList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code reflink-two-maps}: a fault of a block file A shares with file B finds the DAX entry
 * another fault of the offset set (a second mapping of it, or a second thread faulting the
 * same address). Since 6.2 {@code dax_insert_entry} then unmaps the offset, disassociates
 * the entry and associates it again ({@code if (shared || ...)}), whatever else holds the
 * folio.
 */
class ReflinkTwoMapsTest {

    @Test
    void sixFifteenSplitsTheFolioAPinHolds() throws Exception {
        Result<State> r = run("reflink-two-maps", "mainline");
        assertEquals(List.of("compound-at-zero(19)"), violations(r));
        Outcome<State> o = violated(r, "compound-at-zero");
        List<String> l = endsWith(o, 19, "dax_disassociate_entry", "dax_folio_put splits folio0 at refcount 1");
        Trace<State> t = o.trace();
        // The first fault maps the PMD; GUP-fast grabs the folio; the second fault, of
        // another address, zaps the first's PMD (unmap_mapping_pages), drops its reference
        // and disassociates the entry.
        int mapped = l.indexOf("vmf_insert_folio_pmd");
        int grab = l.indexOf("try_grab_folio_fast");
        int zap = l.indexOf("zap_huge_pmd");
        assertTrue(0 <= mapped && mapped < grab && grab < zap, l.toString());
        assertEquals(1, t.steps().get(grab).thread(), "the pin");
        assertEquals(List.of("zap_huge_pmd", "folios_put_refs", "dax_disassociate_entry"), l.subList(16, 19));
        for (int i = zap; i < 19; i++) {
            assertEquals(2, t.steps().get(i).thread(), "the second fault: " + l.get(i));
        }
        Kernel before = t.steps().get(17).state().kernel();
        assertTrue(before.folio(0).compound() && before.folio(0).refcount() == 1 && before.ptes().isEmpty(),
                before.folio(0).toString());
        Kernel after = t.last().kernel();
        assertTrue(!after.folio(0).compound() && after.folio(0).mapping() == Kernel.NONE, after.folio(0).toString());
        assertEquals(0, after.entry(Kernel.FILE_A, 0).folio(), "the entry still names the folio");
    }

    @Test
    void twoThreadsFaultingOneAddressSplitItToo() throws Exception {
        // The second fault at the first's address: it entered the fault before the first
        // mapped the PMD, and a present huge PMD does not stop dax_iomap_pmd_fault.
        Result<State> r = check(scenario(Level.PMD, true, true, 0), "mainline");
        assertEquals(List.of("compound-at-zero(19)"), violations(r));
        endsWith(r.outcome("compound-at-zero"), 19, "dax_disassociate_entry", "at refcount 1");
    }

    @Test
    void beforeSixFifteenPagesAreNotCompoundAndTheShareIsCountedDownAndUp() throws Exception {
        // Holds, not vacuous: both witnesses (pinned, and zapped by the second fault's unmap) reached.
        holds(run("reflink-two-maps", "legacy"));
        holds(run("reflink-two-maps", "legacy-6.0"));
    }

    @Test
    void beforeSixFifteenTheShareCountsTheEntriesWheneverNoEntryIsLocked() throws Exception {
        // The second fault's disassociation and association run under its entry lock;
        // outside it folio0's mapping or share count names the entries that name it.
        Property<State> counts = Property.always("share-counts",
                "with no DAX entry locked, folio0's mapping or share count names the entries that name it",
                s -> s.kernel().entries().stream().anyMatch(e -> e.locked()) || ReflinkTest.shareCounts(s));
        for (String d : List.of("legacy", "legacy-6.0")) {
            holds(FailuresTest.check("reflink-two-maps", Catalog.builtIn().design(d), List.of(counts)));
        }
    }

    @Test
    void withoutTheReflinkTheSecondFaultLeavesTheEntryAlone() throws Exception {
        Result<State> r = check(scenario(Level.PMD, true, false, 1), "mainline");
        assertEquals(List.of(), violations(r));
        assertEquals(Outcome.Status.UNREACHED, r.outcome("zapped").status(), "nothing unmaps");
    }

    @Test
    void theSplitNeedsSomethingElseToHoldTheFolio() throws Exception {
        // No pin: the second fault's unmap drops the only reference, the split is at 0.
        holds(check(scenario(Level.PMD, false, true, 1), "mainline"));
    }

    @Test
    void anOrderZeroFolioIsNotSplit() throws Exception {
        holds(check(scenario(Level.PTE, true, true, 1), "mainline"));
    }

    @Test
    void theUnmapLeavesFileBsMappingsAlone() throws Exception {
        // unmap_mapping_pages of file A's mapping: mm B, which maps file B, keeps its PMD.
        Scenario sc = new Scenario("with-b", "file B's fault and two of file A's",
                List.of(Fault.ofFileB("fault-b", 0, 0, Level.PMD), new Fault("fault", 0, 0, Level.PMD, false),
                        new Fault("fault-2", 1, 0, Level.PMD, false)),
                List.of(Level.PMD), List.of("zapped", "shared-mapped"));
        Property<State> kept = Property.always("b-kept", "once fault-b has mapped, mm B's PMD stays",
                s -> !s.thread(0).has(Local.MAPPED) || s.kernel().pte(Kernel.MM_B, 0) != null);
        for (String d : List.of("mainline", "legacy")) {
            FolioModel m = new FolioModel(sc, Catalog.builtIn().design(d));
            List<Property<State>> ps = new java.util.ArrayList<>(m.properties());
            ps.add(kept);
            Result<State> r = Checker.of(m.withProperties(ps)).run();
            assertEquals(Outcome.Status.HOLDS, r.outcome("b-kept").status(), d);
            assertEquals(Outcome.Status.REACHED, r.outcome("zapped").status(), d);
        }
    }

    @Test
    void theUnmapZapsAForkedChildsCopyToo() throws Exception {
        // The first fault maps a PTE, fork copies it into the child (mm C), and the second
        // fault's unmap_mapping_pages clears both before its disassociation.
        Scenario sc = new Scenario("with-fork", "a PTE fault, fork, a second mapping's fault",
                List.of(new Fault("fault", 0, 0, Level.PTE, false), new Fork(0), new Fault("fault-2", 1, 0, Level.PTE, false)),
                List.of(Level.PTE), List.of()).reflinking(0);
        FolioModel m = new FolioModel(sc, Catalog.builtIn().design("mainline"));
        State s = m.initialStates().get(0);
        while (!m.finished(s, 0)) {
            s = first(m.offered(s), 0, null);
        }
        while (s.kernel().pte(Kernel.MM_C, 0) == null) {
            s = first(m.offered(s), 1, null);
        }
        assertTrue(s.kernel().pte(Kernel.MM_A, 0) != null, "the parent's PTE");
        for (int n = 0; n < 50 && !nextIs(m.offered(s), 2, "dax_disassociate_entry"); n++) {
            s = first(m.offered(s), 2, null);
        }
        assertTrue(nextIs(m.offered(s), 2, "dax_disassociate_entry"));
        assertEquals(List.of(), s.kernel().ptes(), "parent's and child's PTEs both zapped");
    }

    @Test
    void reflinksTheModelCannotRunAreRefused() {
        Scenario sc = scenario(Level.PMD, false, false, 1).reflinking(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProgramRunner.initialState(sc, Catalog.builtIn().design("mainline")));
        assertEquals("scenario two-maps-variant reflinks block 1, but its blocks are 0 to 0", e.getMessage());
        Scenario pteOnPmd = new Scenario("pte-on-shared-pmd", "test", List.of(new Fault("pmd", 0, 0, Level.PMD, false),
                new Fault("pte", 1, 0, Level.PTE, false)), List.of(Level.PMD), List.of()).reflinking(0);
        e = assertThrows(IllegalArgumentException.class,
                () -> ProgramRunner.initialState(pteOnPmd, Catalog.builtIn().design("mainline")));
        assertTrue(e.getMessage().startsWith("scenario pte-on-shared-pmd has a PTE fault (pte) and a PMD fault (pmd)"),
                e.getMessage());
        // A PTE fault alone of a shared PMD block finds no entry naming it and fails: allowed.
        Scenario pteAlone = new Scenario("pte-alone", "test", List.of(new Fault("pte", 1, 0, Level.PTE, false)),
                List.of(Level.PMD), List.of()).reflinking(0);
        assertEquals(null, pteAlone.reflinkProblem());
        assertEquals(List.of(0, 1), scenario(Level.PMD, false, false, 1).reflinking(0).reflinking(1).reflinks(),
                "reflinking adds blocks");
    }

    /** Fault, a second fault at {@code slot2} and maybe a read-only pin of one block of {@code order}. */
    private static Scenario scenario(Level order, boolean pin, boolean reflinked, int slot2) {
        List<Program> p = new java.util.ArrayList<>(List.of(new Fault("fault", 0, 0, order, false),
                new Fault("fault-2", slot2, 0, order, false)));
        if (pin) {
            p.add(1, Pin.readOnly("pin", 0));
        }
        Scenario sc = new Scenario("two-maps-variant", "test", p, List.of(order),
                pin ? List.of("pinned", "zapped") : List.of("zapped"));
        return reflinked ? sc.reflinking(0) : sc;
    }

    private static Result<State> check(Scenario sc, String design) throws Exception {
        return Checker.of(new FolioModel(sc, Catalog.builtIn().design(design))).run();
    }

    /** Thread {@code t}'s first offered step's state (labelled {@code label} unless null). */
    private static State first(StepList l, int t, String label) {
        for (int i = 0; i < l.size(); i++) {
            if (l.thread(i) == t && (label == null || l.label(i).equals(label))) {
                assertTrue(l.property(i) == null, l.label(i) + ": " + l.detail(i));
                return l.state(i);
            }
        }
        throw new AssertionError("thread " + t + " cannot move");
    }

    private static boolean nextIs(StepList l, int t, String label) {
        for (int i = 0; i < l.size(); i++) {
            if (l.thread(i) == t) {
                return l.label(i).equals(label);
            }
        }
        return false;
    }
}
