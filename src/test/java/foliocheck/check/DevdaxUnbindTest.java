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
import foliocheck.model.Fault;
import foliocheck.model.Level;
import foliocheck.model.Local;
import foliocheck.model.PgmapKill;
import foliocheck.model.ProgramRunner;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code devdax-pin-kill}: a device-dax instance unbound while a FOLL_LONGTERM pin (an RDMA
 * registration) holds one of its pages. {@code kill_dev_dax} unmaps every mapping, then
 * {@code memunmap_pages} waits for no page: since 6.0 the memmap goes under the pin.
 */
class DevdaxUnbindTest {
    private static final List<String> UNBIND = List.of("kill_dax", "synchronize_srcu", "zap_huge_pud", "folios_put_refs",
            "unmap_mapping_range", "percpu_ref_kill", "memunmap_pages", "wait_for_completion", "pageunmap_range");

    @Test
    void theMemmapGoesUnderALongTermPin() throws Exception {
        Outcome<State> o = violated(run("devdax-pin-kill", "mainline"), "memmap-lifetime");
        List<String> l = endsWith(o, 13, "pageunmap_range", "frees the memmap of folio0 at refcount 2 (idle 1)");
        assertEquals(UNBIND, l.subList(l.size() - UNBIND.size(), l.size()));
        assertFalse(l.contains("dax_holder_notify_failure") || l.contains("fs_bdev_mark_dead"), l.toString());
        State last = o.trace().last();
        Local pin = last.thread(1);
        // FOLL_LONGTERM is granted on device-dax (check_vma_flags refuses only FS DAX), by
        // the slow path: GUP-fast gives a writable long-term pin of a file-backed folio up.
        assertTrue(pin.has(Local.PINNED) && pin.has(Local.LONGTERM) && !pin.has(Local.FAILED), pin.toString());
        List<String> pinSteps = o.trace().steps().stream().filter(st -> st.thread() == 1).map(st -> st.label()).toList();
        assertEquals("follow_huge_pud", pinSteps.get(pinSteps.size() - 1), pinSteps.toString());
        assertTrue(last.kernel().ptes().isEmpty(), "kill_dev_dax unmapped the PUD");
        assertEquals(1, last.kernel().folio(0).pincount());
    }

    @Test
    void deviceDaxPagesRestAtOne() throws Exception {
        // MEMORY_DEVICE_GENERIC keeps init_page_count's 1 (FS DAX pages rest at 0 since 6.15).
        assertEquals(1, ProgramRunner.initialState(Catalog.builtIn().scenario("devdax-pin-kill"),
                Catalog.builtIn().design("mainline")).kernel().folio(0).refcount());
        assertEquals(0, ProgramRunner.initialState(Catalog.builtIn().scenario("pin-kill"),
                Catalog.builtIn().design("mainline")).kernel().folio(0).refcount());
    }

    @Test
    void teardownThatWaitsForEveryPageHolds() throws Exception {
        // 4.13-5.19: each page holds a pgmap reference until its last put, so teardown
        // waits for the unpin; the 2022 proposals do not change device-dax.
        holds(run("devdax-pin-kill", "legacy-4.13"));
        for (String d : List.of("legacy", "legacy-6.0", "request-folios", "request-offset")) {
            violated(run("devdax-pin-kill", d), "memmap-lifetime");
        }
    }

    @Test
    void gupFastGivesAWritableLongTermPinBack() throws Exception {
        // try_grab_folio_fast pins (device-dax folios are long-term pinnable), then
        // gup_fast_folio_allowed refuses a writable long-term pin of a file-backed folio and
        // gup_put_folio gives it back, so even GUP-fast without the re-check has no stale
        // pin to return here.
        Result<State> r = run("devdax-pin-kill", "gupfast-no-recheck");
        assertEquals(List.of("memmap-lifetime"), r.violations().stream().map(Outcome::name).toList());
        // Without a re-check, a gup_put_folio can only be that give-back.
        assertTrue(r.stats().stepCounts().getOrDefault("gup_put_folio", 0L) > 0, r.stats().stepCounts().toString());
    }

    @Test
    void aScenarioHasOneDevice() {
        Scenario mixed = new Scenario("mixed", "a truncate under a device-dax unbind",
                List.of(new Fault("fault", 0, 0, Level.PTE, false), PgmapKill.deviceDaxUnbind()),
                List.of(Level.PTE), List.of());
        assertTrue(mixed.mixesDevices());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ProgramRunner.initialState(mixed, Catalog.builtIn().design("mainline")));
        assertTrue(e.getMessage().contains("mixes device-dax threads"), e.getMessage());
    }

    @Test
    void aFaultUnderDaxReadLockCannotMapAfterTheUnbindsUnmap() throws Exception {
        // dev_dax_huge_fault holds dax_read_lock from its dax_alive check to after the
        // insert, so synchronize_srcu waits for it and kill_dev_dax's unmap zaps what it mapped.
        Scenario s = new Scenario("devdax-fault-kill", "a device-dax fault racing the unbind",
                List.of(new Fault("fault", 0, 0, Level.PUD, true), PgmapKill.deviceDaxUnbind()),
                List.of(Level.PUD), List.of("mapped", "teardown-done"));
        Result<State> r = Checker.of(new FolioModel(s, Catalog.builtIn().design("mainline"))).run();
        holds(r);
        assertEquals(Outcome.Status.REACHED, r.outcome("mapped").status());
        assertTrue(labels(r.outcome("teardown-done").trace()).contains("pageunmap_range"));
    }
}
