package foliocheck.check;

import static foliocheck.check.FailuresTest.endsWith;
import static foliocheck.check.FailuresTest.holds;
import static foliocheck.check.FailuresTest.labels;
import static foliocheck.check.FailuresTest.reached;
import static foliocheck.check.FailuresTest.run;
import static foliocheck.check.FailuresTest.violated;
import static foliocheck.check.FailuresTest.violations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Outcome;
import foliocheck.engine.Property;
import foliocheck.engine.Trace;
import foliocheck.model.Kernel;
import foliocheck.model.Local;
import foliocheck.model.Pgmap;
import foliocheck.model.Program;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code mainline-ext4}: ext4 registers no dax holder, so on 6.15+ the unbind's
 * {@code kill_dax} notifies nobody; nothing unmaps or invalidates the files' DAX mappings
 * before {@code memunmap_pages} frees the memmap, and {@code del_gendisk}'s
 * {@code fs_bdev_mark_dead} only shuts ext4 down in between. XFS without its rmap btree
 * ({@code mainline-no-rmapbt}) unbinds the same way: its notification gives up at once.
 */
class Ext4UnbindTest {
    /** The unbind's steps on ext4: no notification, the shutdown between kill_dax and memunmap_pages. */
    private static final List<String> UNBIND = List.of("kill_dax", "synchronize_srcu", "fs_bdev_mark_dead",
            "percpu_ref_kill", "memunmap_pages", "wait_for_completion", "pageunmap_range");

    @Test
    void evictingAFileKeptOpenAcrossTheUnbindTouchesTheFreedMemmap() throws Exception {
        // The crash MF_MEM_PRE_REMOVE fixed for XFS in 6.8, still there on ext4.
        Outcome<State> o = evictionAfterUnbind("mainline-ext4");
        List<String> l = labels(o.trace());
        assertFalse(l.contains("dax_holder_notify_failure"), l.toString());
        // 6.15's eviction breaks the layout first (ext4_evict_inode → dax_break_layout_final)
        // and its scan is what touches the page; the entry is still there.
        assertEquals("evict", l.get(l.size() - 2));
        State before = o.trace().before(l.size() - 1);
        assertEquals(Pgmap.Life.DEAD, before.kernel().pgmap().life());
        assertEquals(1, before.kernel().entries().size());
        // On XFS the pre-remove notification deletes the entry first.
        holds(run("kill-evict", "mainline"));
    }

    @Test
    void aMappedPageOutlivesTheDevice() throws Exception {
        // No pin needed: the fault's mapping holds the folio at 1, nothing unmaps it, and
        // memunmap_pages waits for no folio reference.
        Outcome<State> o = violated(run("pin-kill", "mainline-ext4"), "memmap-lifetime");
        List<String> l = endsWith(o, 17, "pageunmap_range", "frees the memmap of folio0 at refcount 1 (idle 0)");
        assertFalse(l.contains("follow_page_pte") || l.contains("try_grab_folio_fast"), l.toString());
        assertEquals(UNBIND, l.subList(l.size() - UNBIND.size(), l.size()));
        assertNotNull(o.trace().last().kernel().pte(Kernel.MM_A, 0), "the page is still mapped after teardown");
    }

    @Test
    void xfsWithoutRmapbtUnbindsAsExt4Does() throws Exception {
        // xfs_dax_notify_dev_failure gives up (-EOPNOTSUPP) before the pre-remove freeze.
        List<String> l = labels(evictionAfterUnbind("mainline-no-rmapbt").trace());
        assertFalse(l.contains("freeze_super") || l.contains("invalidate_inode_pages2_range"), l.toString());
        for (String s : List.of("pin-kill", "fault-kill", "request-release", "pmd-pin-kill", "pmd-fault-kill")) {
            assertEquals(violations(run(s, "mainline-ext4")), violations(run(s, "mainline-no-rmapbt")), s);
        }
        // After fs_bdev_mark_dead XFS is shut down: a truncate breaks the layouts, then
        // fails at xfs_vn_change_ok and keeps file A's blocks (stress-1 races the two).
        Trace<State> t = reached("stress-1", "mainline-no-rmapbt", truncateFailed()).trace();
        List<String> tl = labels(t);
        assertEquals(List.of("xfs_vn_change_ok", "filemap_invalidate_unlock"), tl.subList(tl.size() - 2, tl.size()));
        int shutdown = tl.indexOf("fs_bdev_mark_dead");
        assertTrue(shutdown >= 0 && shutdown < tl.lastIndexOf("dax_layout_busy_page_range"), tl.toString());
        assertEquals(Kernel.FILE_A, t.last().kernel().owner(0));
    }

    /** stress-1's truncate thread has failed. */
    private static Property<State> truncateFailed() throws Exception {
        Scenario stress = Catalog.builtIn().scenario("stress-1");
        int truncate = stress.programs().stream().map(Program::name).toList().indexOf("truncate");
        return Property.sometimes("truncate-refused", "the truncate failed",
                s -> s.thread(truncate).has(Local.FAILED) && s.thread(truncate).pc() == Program.DONE);
    }

    /** {@code kill-evict}'s memmap-lifetime under {@code design}: the unbind's steps, then the eviction's scan. */
    private static Outcome<State> evictionAfterUnbind(String design) throws Exception {
        Outcome<State> o = violated(run("kill-evict", design), "memmap-lifetime");
        List<String> l = endsWith(o, 24, "dax_layout_busy_page_range",
                "dax_busy_page touches folio0 after pageunmap_range freed the memmap");
        assertEquals(UNBIND, l.subList(l.indexOf("kill_dax"), l.indexOf("pageunmap_range") + 1));
        return o;
    }

    @Test
    void aTruncateBegunAfterTheShutdownFailsAtOnce() throws Exception {
        // stress-1 runs truncate and the unbind concurrently. ext4_setattr refuses a truncate
        // that starts after fs_bdev_mark_dead, before it breaks any layout.
        Trace<State> t = reached("stress-1", "mainline-ext4", truncateFailed()).trace();
        List<String> l = labels(t);
        assertEquals("ext4_setattr", l.get(l.size() - 1));
        int shutdown = l.indexOf("fs_bdev_mark_dead");
        assertTrue(shutdown >= 0 && shutdown < l.size() - 1, l.toString());
        assertFalse(l.contains("dax_layout_busy_page_range"), l.toString());
        // File A keeps its blocks.
        assertEquals(Kernel.FILE_A, t.last().kernel().owner(0));
    }
}
