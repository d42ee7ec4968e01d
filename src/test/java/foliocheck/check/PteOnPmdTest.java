package foliocheck.check;

import static foliocheck.check.FailuresTest.endsWith;
import static foliocheck.check.FailuresTest.holds;
import static foliocheck.check.FailuresTest.labels;
import static foliocheck.check.FailuresTest.reached;
import static foliocheck.check.FailuresTest.run;
import static foliocheck.check.FailuresTest.violated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Outcome;
import foliocheck.engine.Property;
import foliocheck.engine.Result;
import foliocheck.engine.Trace;
import foliocheck.model.Folio;
import foliocheck.model.Kernel;
import foliocheck.model.Level;
import foliocheck.model.Local;
import foliocheck.model.Pte;
import foliocheck.model.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code pte-on-pmd}: a PTE fault that finds the PMD entry a PMD fault set maps one page
 * of the PMD folio ({@code grab_mapping_entry} keeps a PMD entry that names a block), so
 * the folio is mapped by its PMD and by a PTE at once; a pin through that PTE and a
 * truncate race them.
 */
class PteOnPmdTest {
    private static final int FAULT_PMD = 0;
    private static final int FAULT_PTE = 1;
    private static final int PIN = 2;

    @Test
    void mainlineCountsThePteMappingOfTheLargeFolio() throws Exception {
        Result<State> r = run("pte-on-pmd", "mainline");
        holds(r);
        Outcome<State> o = r.outcome("pte-and-pmd-mapped");
        assertEquals(Outcome.Status.REACHED, o.status());
        Trace<State> t = o.trace();
        Trace.Step<State> last = t.steps().get(t.steps().size() - 1);
        assertEquals(FAULT_PTE, last.thread());
        assertEquals("vmf_insert_page_mkwrite", last.label());
        Folio f = t.last().kernel().folio(0);
        // One PMD mapping (the entire count) and one PTE mapping of a page of the same
        // folio; each holds a reference, and the PTE fault still holds its own.
        assertEquals(2, f.mapcount());
        assertEquals(1, f.entire());
        assertEquals(3, f.refcount());
        assertTrue(f.compound());
        assertEquals(List.of(Level.PMD, Level.PTE), t.last().kernel().ptes().stream().map(Pte::level).toList());
        // The PTE fault used the entry the PMD fault set: one DAX entry, no second association.
        assertEquals(1, t.last().kernel().entries().size());
        int insert = -1;
        for (int i = 0; i < t.steps().size(); i++) {
            if (t.steps().get(i).thread() == FAULT_PTE && t.steps().get(i).label().equals("dax_insert_entry")) {
                insert = i;
            }
        }
        assertEquals(t.before(insert).kernel().folio(0), t.steps().get(insert).state().kernel().folio(0));
        assertEquals(Outcome.Status.REACHED, r.outcome("pinned").status());
        assertEquals(Outcome.Status.REACHED, r.outcome("truncate-waited").status());
    }

    @Test
    void legacyMapsThePageWithADevmapPte() throws Exception {
        Result<State> r = run("pte-on-pmd", "legacy");
        holds(r);
        State s = r.outcome("pte-and-pmd-mapped").trace().last();
        assertTrue(s.kernel().ptes().stream().allMatch(Pte::devmap), s.kernel().ptes().toString());
        assertEquals(0, s.kernel().folio(0).mapcount());
    }

    @Test
    void aPteFaultBeforeThePmdEntryFails() throws Exception {
        // A model artefact, pinned so that it stays visible: the kernel would make a 4 KiB
        // entry and an order-0 folio inside the PMD block (and the PMD fault would then fall
        // back to PTEs); the model's blocks have fixed orders, so that fault fails, and the
        // PMD fault maps the whole folio afterwards.
        Property<State> w = Property.sometimes("pte-first-failed", "the PTE fault failed, then the PMD fault mapped",
                s -> s.thread(FAULT_PTE).has(Local.FAILED) && s.thread(FAULT_PTE).pc() == foliocheck.model.Program.DONE
                        && s.kernel().pte(Kernel.MM_A, 0) != null);
        Trace<State> t = reached("pte-on-pmd", "mainline", w).trace();
        List<String> l = labels(t);
        assertTrue(l.indexOf("dax_iomap_pte_fault") < l.indexOf("dax_iomap_pmd_fault"), l.toString());
        assertEquals("dax_unlock_entry", l.get(l.indexOf("dax_iomap_pte_fault") + 1), l.toString());
    }

    @Test
    void anEntryHoldingTheReferenceSplitsTheFolioBeforeItsLastPut() throws Exception {
        // request-folios and request-offset: the DAX entry holds the folio's reference, and
        // truncate's dax_disassociate_entry runs dax_folio_put's split before that put.
        for (String d : List.of("request-folios", "request-offset")) {
            Outcome<State> o = violated(run("pte-on-pmd", d), "compound-at-zero");
            List<String> l = endsWith(o, d.equals("request-folios") ? 15 : 14, "truncate_inode_pages_range",
                    "dax_folio_put splits folio0 at refcount 1");
            assertFalse(l.contains("vmf_insert_page_mkwrite"), "the shortest trace needs no PTE mapping: " + l);
        }
    }

    @Test
    void preBusyWaitFreesTheBlockPinnedThroughThePte() throws Exception {
        Outcome<State> o = violated(run("pte-on-pmd", "pre-busy-wait"), "no-free-while-busy");
        List<String> l = endsWith(o, 23, "xfs_itruncate_extents", "block0 is free while a DMA pin");
        Trace<State> t = o.trace();
        int pte = l.indexOf("vmf_insert_mixed_mkwrite");
        int pin = l.indexOf("follow_page_pte");
        assertEquals(FAULT_PTE, t.steps().get(pte).thread());
        assertEquals(PIN, t.steps().get(pin).thread());
        // The PTE fault ran after the PMD fault had set the entry (a devmap PMD in this era).
        int pmd = l.indexOf("vmf_insert_pfn_pmd");
        assertEquals(FAULT_PMD, t.steps().get(pmd).thread());
        assertTrue(pmd < l.indexOf("dax_iomap_pte_fault") && pte < pin, l.toString());
        assertEquals(Level.PTE, t.before(pin).kernel().pte(Kernel.MM_A, 1).level());
    }
}
