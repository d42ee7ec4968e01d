package foliocheck.check;

import static foliocheck.check.FailuresTest.endsWith;
import static foliocheck.check.FailuresTest.holds;
import static foliocheck.check.FailuresTest.labels;
import static foliocheck.check.FailuresTest.run;
import static foliocheck.check.FailuresTest.violated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Property;
import foliocheck.engine.Result;
import foliocheck.engine.Trace;
import foliocheck.model.Kernel;
import foliocheck.model.Local;
import foliocheck.model.Munmap;
import foliocheck.model.Program;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code refault-truncate}: truncate drops the invalidate lock while it sleeps on a pinned
 * page, so a fault can map the page again. Legacy wakes the sleeper
 * on the unpin (1025 to 1) and its next scan unmaps the page again; mainline waits for 0,
 * which the new mapping's reference keeps away until the page is unmapped.
 */
class RefaultDuringWaitTest {
    /** The thread indices of refault-truncate. */
    private static final int FAULT = 0;
    private static final int TRUNCATE = 2;
    private static final int REFAULT = 3;

    @Test
    void mainlineTruncateSleepsUntilTheRemappedPageIsUnmapped() throws Exception {
        Result<State> r = run("refault-truncate", "mainline");
        assertEquals(List.of("deadlock"), r.violations().stream().map(Outcome::name).toList());
        Outcome<State> o = violated(r, "deadlock");
        List<String> l = endsWith(o, 29, "unpin_user_page", "truncate: ___wait_var_event sleeps on folio0");
        Trace<State> t = o.trace();
        int sleep = l.indexOf("___wait_var_event");
        int remap = l.lastIndexOf("vmf_insert_page_mkwrite");
        assertEquals(TRUNCATE, t.steps().get(sleep).thread());
        assertEquals(REFAULT, t.steps().get(remap).thread());
        assertTrue(FailuresTest.before(l, "zap_pte_range", "___wait_var_event") && sleep < remap, l.toString());
        // The unpin leaves the new mapping's reference: no free_zone_device_folio, no wake-up.
        Kernel end = t.last().kernel();
        assertEquals(1, end.folio(0).refcount());
        assertEquals(0, end.pte(Kernel.MM_A, 0).folio());
        assertTrue(t.last().thread(TRUNCATE).has(Local.SLEEPING));
        assertEquals(Outcome.Status.REACHED, r.outcome("remapped-while-waiting").status());

        // It is a wait for the unmap, not a lost wake-up: once the process unmaps, truncate ends.
        Scenario refault = Catalog.builtIn().scenario("refault-truncate");
        List<Program> threads = new ArrayList<>(refault.programs());
        threads.add(new Munmap());
        Scenario withMunmap = new Scenario("refault-truncate-munmap", "refault-truncate, then munmap",
                threads, refault.folios(), refault.witnesses());
        holds(Checker.of(new FolioModel(withMunmap, Catalog.builtIn().design("mainline"))).run());
    }

    @Test
    void legacyScansAgainAndUnmapsTheRemappedPage() throws Exception {
        holds(run("refault-truncate", "legacy"));
        // Reached: both faults mapped the page, and the block was freed. A fault inserts only
        // into an empty entry, and only truncate zaps, under the invalidate lock it drops only
        // while asleep: so the second fault mapped the page during the wait, and a later scan
        // unmapped it again.
        Property<State> freedAfterRemap = Property.sometimes("freed-after-remap",
                "both faults mapped the page, and the block was freed",
                s -> s.thread(FAULT).has(Local.MAPPED) && s.thread(REFAULT).has(Local.MAPPED)
                        && s.kernel().owner(0) == Kernel.FREE);
        Outcome<State> w = FailuresTest.reached("refault-truncate", "legacy", freedAfterRemap);
        List<String> l = labels(w.trace());
        int sleep = l.indexOf("___wait_var_event");
        int remap = l.lastIndexOf("vmf_insert_mixed_mkwrite");
        int wake = l.indexOf("unpin_user_page");
        assertTrue(FailuresTest.before(l, "vmf_insert_mixed_mkwrite", "___wait_var_event") && sleep < remap, l.toString());
        // The unpin (1025 to 1) wakes truncate (here the fault maps the page again between the
        // wake-up and truncate's retaking the lock), and the next pass zaps the new entry.
        assertEquals(wake + 1, l.indexOf("put_devmap_managed_folio_refs"), l.toString());
        assertTrue(wake < remap && remap < l.lastIndexOf("filemap_invalidate_lock"), l.toString());
        int zap = l.lastIndexOf("zap_pte_range");
        assertTrue(remap < zap && wake < zap && zap < l.lastIndexOf("dax_layout_busy_page_range"), l.toString());
        assertEquals(TRUNCATE, w.trace().steps().get(sleep).thread());
    }
}
