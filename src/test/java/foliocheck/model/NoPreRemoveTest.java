package foliocheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.model.designs.Legacy413;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A device unbind under a design whose {@code kill_dax} does not notify the filesystem
 * ({@link Design#preRemoveNotify}, {@code legacy-4.13}), step by step: from every reachable
 * state of {@code stress-1} with a file B allocating blocks, the unbind offers none of the
 * notification's steps, a truncate is never refused for a shutdown, and file B's fault
 * fails once the dax device is dead. Each rule is also seen to apply.
 */
class NoPreRemoveTest {

    /** The notification's steps (the unbind's own labels; its unmap pass zaps with {@code zap_pte_range}). */
    private static final Set<String> PRE_REMOVE = Set.of("dax_holder_notify_failure", "freeze_super", "zap_pte_range",
            "mf_dax_kill_procs", "invalidate_inode_pages2_range", "xfs_force_shutdown", "filemap_invalidate_lock");

    @Test
    void theUnbindOnlyKillsTheDaxDeviceAndTearsDown() throws Exception {
        Scenario sc = PreRemoveTest.withAllocation();
        Design d = new Legacy413();
        assertFalse(d.preRemoveNotify());
        assertEquals(List.of("kill_dax", "synchronize_srcu", "percpu_ref_kill", "memunmap_pages", "wait_for_completion",
                "pageunmap_range"), sc.programs().get(PreRemoveTest.thread(sc, PgmapKill.class)).labels(d));
        int kt = PreRemoveTest.thread(sc, PgmapKill.class);
        int tt = PreRemoveTest.thread(sc, Truncate.class);
        int bt = PreRemoveTest.thread(sc, Reallocate.class);
        int[] applied = new int[3];
        for (State s : PreRemoveTest.reachable(sc, d)) {
            List<String> kill = PreRemoveTest.labels(sc, d, s, kt);
            for (String step : kill) {
                assertFalse(PRE_REMOVE.contains(step), step + " offered from " + s);
            }
            applied[0] += kill.isEmpty() ? 0 : 1;
            boolean dead = !s.kernel().pgmap().alive();
            if (dead && s.thread(tt).pc() == Truncate.DELETE) {
                // No shutdown: the truncate deletes the file's entries, touching what teardown freed.
                assertEquals(List.of("truncate_inode_pages_range"), PreRemoveTest.labels(sc, d, s, tt), s.toString());
                applied[1]++;
            }
            if (dead && s.thread(bt).pc() == Reallocate.ENTRY) {
                // The allocation did not ask the dax device; the fault that follows fails.
                assertEquals(List.of("dax_iomap_direct_access"), PreRemoveTest.labels(sc, d, s, bt), s.toString());
                applied[2]++;
            }
        }
        for (int i = 0; i < applied.length; i++) {
            assertTrue(applied[i] > 0, "rule " + i + " never applied");
        }
    }
}
