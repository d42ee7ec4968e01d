package foliocheck.check;

import static foliocheck.check.FailuresTest.endsWith;
import static foliocheck.check.FailuresTest.holds;
import static foliocheck.check.FailuresTest.labels;
import static foliocheck.check.FailuresTest.run;
import static foliocheck.check.FailuresTest.violated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Result;
import foliocheck.engine.Trace;
import foliocheck.model.Fault;
import foliocheck.model.Kernel;
import foliocheck.model.Pgmap;
import foliocheck.model.PgmapKill;
import foliocheck.model.Program;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code kill-evict}: a file is faulted and unmapped but kept open, then the device is
 * unbound and the inode evicted in either order. Before {@code MF_MEM_PRE_REMOVE} (6.8)
 * nothing deletes the file's DAX entries before {@code memunmap_pages} frees the memmap,
 * and the eviction's {@code dax_disassociate_entry} touches it ("umount filesystem after
 * unbind will cause crash", the 6.8 series' cover letter); the pre-remove notification
 * invalidates them first.
 */
class KillEvictTest {
    private static final int KILL = 1;
    private static final int MUNMAP = 2;
    private static final int EVICT = 3;

    @Test
    void before68TheEvictionAfterUnbindTouchesTheFreedMemmap() throws Exception {
        // 6.0-6.7: the notification walks the rmap and shuts XFS down, and deletes no entry.
        Outcome<State> o = violated(run("kill-evict", "legacy-6.0"), "memmap-lifetime");
        List<String> l = endsWith(o, 22, "truncate_inode_pages_final",
                "dax_disassociate_entry touches folio0 after pageunmap_range freed the memmap");
        assertEquals(List.of("dax_holder_notify_failure", "mf_dax_kill_procs", "xfs_force_shutdown", "kill_dax",
                "synchronize_srcu", "percpu_ref_kill", "memunmap_pages", "wait_for_completion", "pageunmap_range"),
                steps(o.trace(), KILL));
        afterTeardownTheEntryIsStillThere(o.trace(), l);

        // 4.13-5.19: no notification at all; the same crash, three steps sooner.
        Outcome<State> old = violated(run("kill-evict", "legacy-4.13"), "memmap-lifetime");
        List<String> ol = endsWith(old, 19, "truncate_inode_pages_final",
                "dax_disassociate_entry touches folio0 after pageunmap_range freed the memmap");
        assertFalse(ol.contains("dax_holder_notify_failure"), ol.toString());
        afterTeardownTheEntryIsStillThere(old.trace(), ol);
    }

    @Test
    void thePreRemoveNotificationDeletesTheEntriesFirst() throws Exception {
        for (String d : List.of("legacy", "mainline")) {
            Result<State> r = run("kill-evict", d);
            holds(r);
            // Not vacuous: the device went before the eviction ran.
            assertEquals(Outcome.Status.REACHED, r.outcome("evict-after-unbind").status(), d);
        }
    }

    @Test
    void anUnbindRacingTheMunmapFreesTheMemmapUnderItsDeferredPut() throws Exception {
        // The scenario unbinds after the munmap. Racing it, mainline's teardown, which waits
        // for no folio reference, completes between the zap and tlb_finish_mmu's put.
        Scenario s = Catalog.builtIn().scenario("kill-evict");
        List<Program> threads = new ArrayList<>(s.programs());
        threads.set(KILL, PgmapKill.after(Fault.class));
        Scenario racing = new Scenario("kill-racing-munmap", "kill-evict, the unbind racing the munmap",
                threads, s.folios(), s.witnesses());
        Result<State> r = Checker.of(new FolioModel(racing, Catalog.builtIn().design("mainline"))).run();
        assertEquals(List.of("memmap-lifetime"), r.violations().stream().map(Outcome::name).toList());
        Outcome<State> o = violated(r, "memmap-lifetime");
        List<String> l = endsWith(o, 23, "pageunmap_range", "frees the memmap of folio0 at refcount 1 (idle 0)");
        Trace<State> t = o.trace();
        int zap = l.indexOf("zap_pte_range");
        assertEquals(MUNMAP, t.steps().get(zap).thread());
        assertTrue(zap < l.indexOf("dax_holder_notify_failure"), l.toString());
        assertFalse(l.contains("folios_put_refs"), l.toString());
        assertEquals(1, t.last().thread(MUNMAP).refs(), "the munmap still holds the reference it is to put");
    }

    /** The eviction is the last thread to move, after pageunmap_range, with file A's entry still in place. */
    private static void afterTeardownTheEntryIsStillThere(Trace<State> t, List<String> l) {
        int teardown = l.indexOf("pageunmap_range");
        int evict = l.indexOf("evict");
        assertTrue(teardown < evict, l.toString());
        assertEquals(EVICT, t.steps().get(evict).thread());
        State before = t.before(evict);
        assertEquals(Pgmap.Life.DEAD, before.kernel().pgmap().life());
        assertEquals(1, before.kernel().entries().size());
        assertEquals(Kernel.FILE_A, before.kernel().entries().get(0).file());
        assertTrue(before.kernel().ptes().isEmpty(), "munmap zapped the page before the eviction");
    }

    private static List<String> steps(Trace<State> t, int thread) {
        return t.steps().stream().filter(s -> s.thread() == thread).map(Trace.Step::label).toList();
    }
}
