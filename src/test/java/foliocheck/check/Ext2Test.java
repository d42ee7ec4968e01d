package foliocheck.check;

import static foliocheck.check.FailuresTest.check;
import static foliocheck.check.FailuresTest.endsWith;
import static foliocheck.check.FailuresTest.holds;
import static foliocheck.check.FailuresTest.labels;
import static foliocheck.check.FailuresTest.run;
import static foliocheck.check.FailuresTest.violated;
import static foliocheck.check.FailuresTest.violations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Result;
import foliocheck.model.Design;
import foliocheck.model.Folio;
import foliocheck.model.Fault;
import foliocheck.model.Kernel;
import foliocheck.model.Level;
import foliocheck.model.Pgmap;
import foliocheck.model.PgmapKill;
import foliocheck.model.Pin;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import foliocheck.model.designs.MainlineExt2;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code mainline-ext2}: ext2 never breaks DAX layouts, so on 6.15+ its truncate and its
 * eviction free a block while a DMA pin holds its page (the failure 4.18's busy-page wait
 * fixed for XFS), and an eviction after a device unbind touches the freed memmap when it
 * deletes the file's DAX entries. ext2 with the layout breaks XFS and ext4 make holds.
 */
class Ext2Test {
    /** ext2 with {@code dax_break_layout} in {@code ext2_setsize} and {@code dax_break_layout_final} at eviction. */
    static final class Ext2BreakingLayouts extends MainlineExt2 {
        @Override
        public boolean truncateWaits() {
            return true;
        }

        @Override
        public boolean evictionWaits() {
            return true;
        }
    }

    @Test
    void truncateFreesAPinnedBlock() throws Exception {
        Outcome<State> o = violated(run("pin-truncate", "mainline-ext2"), "no-free-while-busy");
        List<String> l = endsWith(o, 17, "__ext2_truncate_blocks", "block0 is free while a DMA pin");
        // truncate_pagecache: unmap, then the entries go (truncate_folio_batch_exceptionals'
        // WARN_ON_ONCE), then the blocks; nothing scans for a busy page or waits.
        assertEquals(List.of("filemap_invalidate_lock", "zap_pte_range", "folios_put_refs",
                "truncate_inode_pages_range", "__ext2_truncate_blocks"), l.subList(l.size() - 5, l.size()));
        assertFalse(l.contains("dax_layout_busy_page_range") || l.contains("unpin_user_page"), l.toString());
        Folio f = o.trace().last().kernel().folio(0);
        assertEquals(Folio.GUP_PIN_COUNTING_BIAS, f.refcount(), "the pin alone holds folio0");
        assertEquals(Kernel.NONE, f.mapping());
        assertEquals(Kernel.FREE, o.trace().last().kernel().owner(0));
    }

    @Test
    void evictionFreesAPinnedBlock() throws Exception {
        Outcome<State> o = violated(run("pin-evict", "mainline-ext2"), "no-free-while-busy");
        List<String> l = endsWith(o, 19, "ext2_truncate_blocks", "block0 is free while a DMA pin");
        assertEquals(List.of("evict", "truncate_inode_pages_final", "ext2_truncate_blocks"), l.subList(l.size() - 3, l.size()));
        assertTrue(l.contains("munmap"), l.toString());
    }

    @Test
    void evictionAfterUnbindTouchesTheFreedMemmap() throws Exception {
        // No holder, no shutdown: the unbind is kill_dax then memunmap_pages, and the
        // eviction's dax_disassociate_entry (dax_folio_put) is what touches the page.
        Outcome<State> o = violated(run("kill-evict", "mainline-ext2"), "memmap-lifetime");
        List<String> l = endsWith(o, 23, "truncate_inode_pages_final",
                "dax_disassociate_entry touches folio0 after pageunmap_range freed the memmap");
        assertEquals(List.of("kill_dax", "synchronize_srcu", "percpu_ref_kill", "memunmap_pages", "wait_for_completion",
                "pageunmap_range", "evict"), l.subList(l.indexOf("kill_dax"), l.size() - 1));
        assertEquals(Pgmap.Life.DEAD, o.trace().before(l.size() - 1).kernel().pgmap().life());
    }

    @Test
    void pmdScenariosAreVacuousForNoPmdFaultIsMapped() throws Exception {
        for (String s : List.of("pmd-fault-zap", "pmd-pin-kill", "pmd-fault-kill", "pte-on-pmd")) {
            Result<State> r = run(s, "mainline-ext2");
            assertEquals(Result.Verdict.VACUOUS, r.verdict(), s);
            assertEquals(Outcome.Status.UNREACHED, r.outcome(witness(s)).status(), s);
        }
    }

    private static String witness(String scenario) {
        return "pte-on-pmd".equals(scenario) ? "pte-and-pmd-mapped" : "pmd-mapped";
    }

    @Test
    void deviceDaxPmdFaultsAreNotExt2s() throws Exception {
        // ext2 has no huge_fault; device-dax, which has no filesystem, maps PMDs all the same.
        Scenario s = new Scenario("devdax-pmd-pin-kill", "a device-dax PMD fault, a pin, the unbind",
                List.of(new Fault("fault", 0, 0, Level.PMD, true), new Pin("pin", 0, false),
                        PgmapKill.deviceDaxUnbind()),
                List.of(Level.PMD), List.of("pmd-mapped", "pinned", "teardown-done"));
        Result<State> ext2 = Checker.of(new FolioModel(s, Catalog.builtIn().design("mainline-ext2"))).run();
        Result<State> mainline = Checker.of(new FolioModel(s, Catalog.builtIn().design("mainline"))).run();
        violated(ext2, "memmap-lifetime");
        assertEquals(mainline.stats().states(), ext2.stats().states());
        assertEquals(violations(mainline), violations(ext2));
    }

    @Test
    void breakingLayoutsAsXfsAndExt4DoFixTruncateAndEviction() throws Exception {
        Design fixed = new Ext2BreakingLayouts();
        for (String s : List.of("pin-truncate", "gupfast-truncate", "pin-evict")) {
            holds(check(s, fixed, List.of()));
            violated(run(s, "mainline-ext2"), "no-free-while-busy");
        }
        // refault-truncate: mainline's own deadlock, the same shortest trace, and nothing else.
        violated(run("refault-truncate", "mainline-ext2"), "no-free-while-busy");
        assertEquals(violations(run("refault-truncate", "mainline")), violations(check("refault-truncate", fixed, List.of())));
        // The unbind is another matter: nothing unmaps or invalidates before the memmap goes,
        // and the eviction's layout break now touches the freed page first, as on ext4.
        Outcome<State> o = violated(check("kill-evict", fixed, List.of()), "memmap-lifetime");
        endsWith(o, 23, "dax_layout_busy_page_range", "dax_busy_page touches folio0 after pageunmap_range");
    }
}
