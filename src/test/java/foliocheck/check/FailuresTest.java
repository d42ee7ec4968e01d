package foliocheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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

    /** Whether {@code first} and {@code then} both occur in {@code l}, the first {@code first} before the first {@code then}. */
    static boolean before(List<String> l, String first, String then) {
        int a = l.indexOf(first);
        return a >= 0 && a < l.indexOf(then);
    }

    static void holds(Result<State> r) {
        assertEquals(Result.Verdict.HOLDS, r.verdict(), () -> r.outcomes().toString());
    }

    @Test
    void preBusyWaitFreesAPinnedBlock() throws Exception {
        List<String> l = endsWith(violated(run("pin-truncate", "pre-busy-wait"), "no-free-while-busy"), 14,
                "xfs_itruncate_extents", "block0 is free while a DMA pin");
        assertTrue(before(l, "follow_page_pte", "xfs_itruncate_extents"), l.toString());
        holds(run("pin-truncate", "legacy"));
        holds(run("pin-truncate", "mainline"));
    }

    @Test
    void gupFastWithoutRecheckPinsAnotherFilesBlock() throws Exception {
        Result<State> r = run("gupfast-truncate", "gupfast-no-recheck");
        // The stale grab succeeds only after file B has reallocated and faulted the block in.
        List<String> l = endsWith(violated(r, "no-free-while-busy"), 22, "try_grab_folio_fast", "block0");
        assertTrue(l.contains("xfs_alloc_file_space") && l.contains("vmf_insert_page_mkwrite"), l.toString());
        assertTrue(before(l, "gup_fast_pte_range", "zap_pte_range"), l.toString());
        assertEquals(14, violated(r, "gup-fast-order").trace().steps().size());
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
        assertTrue(before(f, "dax_layout_busy_page_range", "try_grab_folio_fast"), f.toString());
        assertTrue(before(f, "try_grab_folio_fast", "zap_pte_range"), f.toString());
        assertFalse(f.contains("follow_page_pte"), f.toString());

        // Every pass scans, unmaps, then waits for the folio it found busy, and scans again.
        int truncate = FolioCheck.scenario("pin-truncate").programs().stream().map(p -> p.name()).toList()
                .indexOf("truncate");
        Property<State> freedAfterWait = Property.sometimes("freed-after-a-wait", "truncate waited, then freed",
                s -> s.thread(truncate).has(Local.WAITED) && s.kernel().owner(0) == Kernel.FREE);
        Outcome<State> w = reached("pin-truncate", "scan-before-unmap", freedAfterWait);
        List<String> t = labels(w.trace());
        int firstScan = t.indexOf("dax_layout_busy_page_range");
        assertTrue(before(t, "dax_layout_busy_page_range", "zap_pte_range"), t.toString());
        assertTrue(before(t, "zap_pte_range", "___wait_var_event"), t.toString());
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
        List<String> l = endsWith(violated(run("pin-evict", "evict-no-wait"), "no-free-while-busy"), 19,
                "xfs_inactive_truncate", "block0 is free while a DMA pin");
        assertTrue(before(l, "munmap", "evict"), l.toString());
        holds(run("pin-evict", "mainline"));
    }

    @Test
    void pinAcrossTeardownLeavesFreedMemmapExceptIn413() throws Exception {
        for (String d : List.of("mainline", "legacy")) {
            Outcome<State> o = violated(run("pin-kill", d), "memmap-lifetime");
            endsWith(o, d.equals("mainline") ? 25 : 22, "pageunmap_range", "");
            assertTrue(o.detail().contains("above idle") || o.detail().contains("at refcount"), o.detail());
        }
        holds(run("pin-kill", "legacy-4.13"));
    }

    @Test
    void faultAfterTeardownTouchesFreedMemmap() throws Exception {
        for (String d : List.of("mainline", "legacy", "legacy-4.13")) {
            List<String> l = endsWith(violated(run("fault-kill", d), "memmap-lifetime"), d.equals("legacy-4.13") ? 11 : 15,
                    "dax_insert_entry", "after pageunmap_range");
            assertTrue(before(l, "dax_iomap_direct_access", "kill_dax"), l.toString());
            assertTrue(before(l, "kill_dax", "pageunmap_range"), l.toString());
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
        assertTrue(before(d, "memunmap_pages", "unpin_user_page") && before(d, "___wait_var_event", "unpin_user_page"), d.toString());
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
        assertEquals(32, l.size(), l.toString());
        assertTrue(o.detail().contains("wait_for_completion"), o.detail());
        // The release happens while GUP-fast's transient reference is held.
        assertTrue(before(l, "try_grab_folio_fast", "truncate_inode_pages_range"), l.toString());
        assertTrue(before(l, "truncate_inode_pages_range", "gup_put_folio"), l.toString());
        assertEquals(Outcome.Status.HOLDS, run("request-release", "request-offset").outcome("deadlock").status());
    }

    /**
     * request-folios' activation tests the pgmap alive, then increments the folio, then takes
     * a pgmap reference with {@code percpu_ref_tryget}, which succeeds on a killed ref: a kill
     * between them lets a reference be taken on a dying pgmap. request-offset, which refuses
     * a dying pgmap in the same step that takes the reference, keeps the clause.
     */
    @Test
    void requestFoliosTakesAPgmapReferenceAfterKill() throws Exception {
        List<String> l = endsWith(violated(run("fault-kill", "request-folios"), "memmap-lifetime"), 13,
                "pgmap_request_folios", "pgmap_request_folios takes a pgmap reference after percpu_ref_kill (pgmap dying");
        assertTrue(before(l, "dax_insert_entry", "percpu_ref_kill"), l.toString());
        assertEquals(Outcome.Status.HOLDS, run("fault-kill", "request-offset").outcome("memmap-lifetime").status());
    }

    @Test
    void specialPmdHoldingAReference() throws Exception {
        Result<State> r = run("pmd-fault-zap", "special-refcounted-pmd");
        endsWith(violated(r, "special-holds-nothing"), 7, "vmf_insert_folio_pmd", "");
        endsWith(violated(r, "refcount-accounts"), 7, "vmf_insert_folio_pmd", "");
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
        int witnesses = 0;
        for (var sc : foliocheck.model.Scenarios.all()) {
            Result<State> r = run(sc.name(), "mainline");
            assertNull(r.stopReason(), sc.name());
            for (Outcome<State> o : r.outcomes()) {
                if (o.status() == Outcome.Status.REACHED) {
                    witnesses++;
                } else {
                    // every other outcome is an invariant's, found or not, never a witness left unreached
                    assertTrue(o.status() == Outcome.Status.HOLDS || o.status() == Outcome.Status.VIOLATED,
                            sc.name() + ": " + o.name() + " " + o.status());
                }
            }
            assertTrue(r.verdict() == Result.Verdict.HOLDS || r.verdict() == Result.Verdict.VIOLATED, sc.name());
        }
        assertTrue(witnesses >= 19, witnesses + " witnesses reached");
    }
}
