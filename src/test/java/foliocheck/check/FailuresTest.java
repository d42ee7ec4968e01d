package foliocheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Result;
import foliocheck.engine.Trace;
import foliocheck.FolioCheck;
import foliocheck.engine.Property;
import foliocheck.model.Design;
import foliocheck.model.Kernel;
import foliocheck.model.Local;
import foliocheck.model.Mainline;
import foliocheck.model.State;
import foliocheck.model.designs.ScanBeforeUnmap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each known kernel failure the model must find: found in its design, with the right trace, and absent in the fix. */
class FailuresTest {

    static Result<State> run(String scenario, String design) throws Exception {
        return check(scenario, Catalog.builtIn().design(design), List.of());
    }

    static List<String> labels(Trace<State> t) {
        return t.steps().stream().map(Trace.Step::label).toList();
    }

    static Outcome<State> violated(Result<State> r, String property) {
        Outcome<State> o = r.outcome(property);
        assertNotNull(o, property);
        assertEquals(Outcome.Status.VIOLATED, o.status(), property + " should be violated");
        return o;
    }

    /**
     * The step labels of violation {@code o}'s trace, once it is checked to have {@code steps}
     * steps, to end with {@code last} and to have a detail that contains {@code detail}.
     */
    static List<String> endsWith(Outcome<State> o, int steps, String last, String detail) {
        List<String> l = labels(o.trace());
        assertEquals(steps, l.size(), l.toString());
        assertEquals(last, l.get(steps - 1));
        assertTrue(o.detail().contains(detail), o.detail());
        return l;
    }

    /** Each violated property of {@code r} with its shortest trace's length: "memmap-lifetime(13)". */
    static List<String> violations(Result<State> r) {
        return r.violations().stream().map(x -> x.name() + "(" + x.trace().steps().size() + ")").toList();
    }

    static void holds(Result<State> r) {
        assertEquals(Result.Verdict.HOLDS, r.verdict(), () -> r.outcomes().toString());
    }

    @Test
    void preBusyWaitFreesAPinnedBlock() throws Exception {
        Outcome<State> o = violated(run("pin-truncate", "pre-busy-wait"), "no-free-while-busy");
        List<String> l = labels(o.trace());
        assertEquals("xfs_itruncate_extents", l.get(l.size() - 1));
        assertTrue(l.indexOf("follow_page_pte") < l.indexOf("xfs_itruncate_extents"), l.toString());
        assertTrue(o.detail().contains("block0 is free while a DMA pin"), o.detail());
        holds(run("pin-truncate", "legacy"));
        holds(run("pin-truncate", "mainline"));
    }

    @Test
    void gupFastWithoutRecheckPinsAnotherFilesBlock() throws Exception {
        Result<State> r = run("gupfast-truncate", "gupfast-no-recheck");
        Outcome<State> free = violated(r, "no-free-while-busy");
        List<String> l = labels(free.trace());
        // The stale grab succeeds only after file B has reallocated and faulted the block in.
        assertEquals("try_grab_folio_fast", l.get(l.size() - 1));
        assertTrue(l.contains("xfs_alloc_file_space") && l.contains("vmf_insert_page_mkwrite"), l.toString());
        assertTrue(l.indexOf("gup_fast_pte_range") < l.indexOf("zap_pte_range"), l.toString());
        violated(r, "gup-fast-order");
        holds(run("gupfast-truncate", "mainline"));
    }

    /**
     * The unmap's half of gup-fast-order (either order alone loses):
     * a layout break that scans for busy pages before it unmaps misses a pin taken between
     * the two, although that pin's own path is correct.
     */
    @Test
    void scanningBeforeTheUnmapMissesALaterPin() throws Exception {
        Result<State> r = run("pin-truncate", "scan-before-unmap");
        List<String> l = endsWith(violated(r, "no-free-while-busy"), 15, "xfs_itruncate_extents",
                "block0 is free while a DMA pin");
        int scan = l.indexOf("dax_layout_busy_page_range");
        int pin = l.indexOf("follow_page_pte");
        assertTrue(scan >= 0 && scan < pin && pin < l.indexOf("zap_pte_range"), l.toString());
        // gup-fast-order names the scan itself, with the entry still there.
        List<String> g = endsWith(violated(r, "gup-fast-order"), 10, "dax_layout_busy_page_range",
                "scans while pte[A:0] still maps folio0");
        assertTrue(g.contains("vmf_insert_mixed_mkwrite") && !g.contains("zap_pte_range"), g.toString());
        assertEquals(List.of("no-free-while-busy", "gup-fast-order"), r.violations().stream().map(Outcome::name).toList());
        holds(run("pin-truncate", "legacy"));

        // A GUP-fast pin is missed as well as a slow-path one.
        Design fastOnly = new ScanBeforeUnmap() {
            @Override
            public Kernel grabPinSlow(Kernel k, int f) {
                return null;
            }
        };
        List<String> f = labels(violated(check("pin-truncate", fastOnly, List.of()), "no-free-while-busy").trace());
        int grab = f.indexOf("try_grab_folio_fast");
        assertTrue(f.indexOf("dax_layout_busy_page_range") < grab && grab < f.indexOf("zap_pte_range"), f.toString());
        assertFalse(f.contains("follow_page_pte"), f.toString());

        // Every pass scans, unmaps, then waits for the folio it found busy, and scans again.
        int truncate = FolioCheck.scenario("pin-truncate").programs().stream().map(p -> p.name()).toList()
                .indexOf("truncate");
        Property<State> freedAfterWait = Property.sometimes("freed-after-a-wait", "truncate waited, then freed",
                s -> s.thread(truncate).has(Local.WAITED) && s.kernel().owner(0) == Kernel.FREE);
        Outcome<State> w = reached("pin-truncate", "scan-before-unmap", freedAfterWait);
        List<String> t = labels(w.trace());
        int firstScan = t.indexOf("dax_layout_busy_page_range");
        int zap = t.indexOf("zap_pte_range");
        int firstWait = t.indexOf("___wait_var_event");
        assertTrue(firstScan < zap && zap < firstWait, t.toString());
        assertTrue(t.lastIndexOf("dax_layout_busy_page_range") > t.lastIndexOf("___wait_var_event"), t.toString());
        List<String> names = List.of("fault", "pin", "truncate");
        int found = -1;
        for (int i = 0; i < t.size() && found < 0; i++) {
            found = Changes.between(w.trace().before(i), w.trace().steps().get(i).state(), names)
                    .contains("truncate: found folio0 busy") ? i : -1;
        }
        assertEquals(firstScan, found, t.toString());

        // Under mainline the same order loses the same way: its busy test subtracts the
        // mapcount, so a mapped page passes the scan.
        Design mainlineScanFirst = new Mainline() {
            @Override
            public boolean unmapsBeforeBusyScan() {
                return false;
            }
        };
        Result<State> m = check("pin-truncate", mainlineScanFirst, List.of());
        assertEquals(List.of("no-free-while-busy", "gup-fast-order"), m.violations().stream().map(Outcome::name).toList());
        holds(run("pin-truncate", "mainline"));
    }

    /** {@code scenario} under {@code d}, checked against the built-in properties and {@code extra}. */
    static Result<State> check(String scenario, Design d, List<Property<State>> extra) throws Catalog.UnknownName {
        FolioModel m = new FolioModel(Catalog.builtIn().scenario(scenario), d);
        List<Property<State>> ps = new java.util.ArrayList<>(m.properties());
        ps.addAll(extra);
        return Checker.of(m.withProperties(ps)).run();
    }

    /** Witness {@code w}, checked with the built-in properties of {@code scenario} under {@code design}, once it is reached. */
    static Outcome<State> reached(String scenario, String design, Property<State> w) throws Catalog.UnknownName {
        Outcome<State> o = check(scenario, Catalog.builtIn().design(design), List.of(w)).outcome(w.name());
        assertEquals(Outcome.Status.REACHED, o.status(), () -> w.name() + ": " + o);
        return o;
    }

    @Test
    void evictionWithoutWaitFreesAPinnedBlock() throws Exception {
        Outcome<State> o = violated(run("pin-evict", "evict-no-wait"), "no-free-while-busy");
        List<String> l = labels(o.trace());
        assertEquals("xfs_inactive_truncate", l.get(l.size() - 1));
        assertTrue(l.contains("evict") && l.contains("munmap"), l.toString());
        holds(run("pin-evict", "mainline"));
    }

    @Test
    void pinAcrossTeardownLeavesFreedMemmapExceptIn413() throws Exception {
        for (String d : List.of("mainline", "legacy")) {
            Outcome<State> o = violated(run("pin-kill", d), "memmap-lifetime");
            assertEquals("pageunmap_range", labels(o.trace()).get(o.trace().steps().size() - 1));
            assertTrue(o.detail().contains("above idle") || o.detail().contains("at refcount"), o.detail());
        }
        holds(run("pin-kill", "legacy-4.13"));
    }

    @Test
    void faultAfterTeardownTouchesFreedMemmap() throws Exception {
        for (String d : List.of("mainline", "legacy", "legacy-4.13")) {
            Outcome<State> o = violated(run("fault-kill", d), "memmap-lifetime");
            List<String> l = labels(o.trace());
            assertEquals("dax_insert_entry", l.get(l.size() - 1), d);
            assertTrue(l.indexOf("dax_iomap_direct_access") < l.indexOf("kill_dax"), l.toString());
            assertTrue(l.contains("pageunmap_range"), l.toString());
        }
    }

    /** The notification's steps, which a 4.13-5.19 unbind does not take. */
    private static final List<String> PRE_REMOVE = List.of("dax_holder_notify_failure", "freeze_super",
            "mf_dax_kill_procs", "invalidate_inode_pages2_range", "xfs_force_shutdown");

    @Test
    void legacy413UnbindDoesNotNotifyTheFilesystem() throws Exception {
        List<String> l = endsWith(violated(run("fault-kill", "legacy-4.13"), "memmap-lifetime"), 11,
                "dax_insert_entry", "dax_associate_entry touches folio0 after pageunmap_range");
        assertEquals(List.of("kill_dax", "synchronize_srcu", "percpu_ref_kill", "memunmap_pages", "wait_for_completion",
                "pageunmap_range"), l.subList(4, 10));
        // The same window with the notification first, 6.x's unbind.
        List<String> m = endsWith(violated(run("fault-kill", "legacy"), "memmap-lifetime"), 15, "dax_insert_entry",
                "after pageunmap_range");
        assertTrue(m.containsAll(PRE_REMOVE.subList(1, 5)), m.toString());
        // stress hangs: a truncate asleep on a pinned page whose count teardown and the unpin take to 0.
        List<String> d = endsWith(violated(run("stress", "legacy-4.13"), "deadlock"), 31, "pageunmap_range",
                "truncate: ___wait_var_event sleeps on folio0");
        int unpin = d.indexOf("unpin_user_page");
        assertTrue(d.indexOf("memunmap_pages") < unpin && d.indexOf("___wait_var_event") < unpin, d.toString());
        assertTrue(unpin < d.indexOf("wait_for_completion"), d.toString());
        for (List<String> t : List.of(l, d)) {
            for (String step : PRE_REMOVE) {
                assertFalse(t.contains(step), step + " in " + t);
            }
        }
    }

    @Test
    void requestFoliosLosesThePgmapPut() throws Exception {
        Outcome<State> o = violated(run("request-release", "request-folios"), "deadlock");
        List<String> l = labels(o.trace());
        assertTrue(o.detail().contains("wait_for_completion"), o.detail());
        // The release happens while GUP-fast's transient reference is held.
        int grab = l.indexOf("try_grab_folio_fast");
        int release = l.indexOf("truncate_inode_pages_range");
        int put = l.indexOf("gup_put_folio");
        assertTrue(grab < release && release < put, l.toString());
        assertEquals(Outcome.Status.HOLDS, run("request-release", "request-offset").outcome("deadlock").status());
    }

    @Test
    void specialPmdHoldingAReference() throws Exception {
        Result<State> r = run("pmd-fault-zap", "special-refcounted-pmd");
        Outcome<State> o = violated(r, "special-holds-nothing");
        assertEquals("vmf_insert_folio_pmd", labels(o.trace()).get(o.trace().steps().size() - 1));
        violated(r, "refcount-accounts");
        holds(run("pmd-fault-zap", "mainline"));
    }

    @Test
    void pudFolioMappedByAPmd() throws Exception {
        Outcome<State> o = violated(run("pud-fault-pin", "pud-pmd-mix"), "mapping-levels");
        assertEquals(List.of("dev_dax_huge_fault", "vmf_insert_folio_pmd"), labels(o.trace()));
        holds(run("pud-fault-pin", "mainline"));
    }

    @Test
    void pagelessCannotPin() throws Exception {
        Result<State> r = run("pin-truncate", "pageless");
        assertEquals(Result.Verdict.VACUOUS, r.verdict());
        assertEquals(Outcome.Status.UNREACHED, r.outcome("pinned").status());
        assertTrue(r.violations().isEmpty());
    }

    @Test
    void everyWitnessOfAFixedDesignIsReached() throws Exception {
        for (var sc : foliocheck.model.Scenarios.all()) {
            Result<State> r = run(sc.name(), "mainline");
            for (Outcome<State> o : r.outcomes()) {
                assertTrue(o.status() != Outcome.Status.UNREACHED, sc.name() + ": " + o.name());
            }
        }
    }
}
