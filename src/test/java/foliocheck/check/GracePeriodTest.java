package foliocheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Property;
import foliocheck.engine.Result;
import foliocheck.model.Design;
import foliocheck.model.Local;
import foliocheck.model.Pgmap;
import foliocheck.model.Program;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import foliocheck.properties.PropertySet;
import java.util.List;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * {@code percpu_ref_kill} switches the pgmap count to atomic mode through {@code call_rcu},
 * so {@code memunmap_pages} frees the memmap only after a grace period: a GUP-fast walk
 * under way at the kill (interrupts off) finishes first, and one begun after it does not
 * hold teardown up.
 */
class GracePeriodTest {

    /** Whether thread {@code t} of {@code s} is inside GUP-fast. */
    private static boolean inGupFast(Scenario sc, State s, int t) {
        return sc.programs().get(t).inRcuReadSection(s.thread(t));
    }

    private static boolean any(Scenario sc, State s, BiPredicate<Local, Integer> p) {
        for (int t = 0; t < sc.programs().size(); t++) {
            if (p.test(s.thread(t), t)) {
                return true;
            }
        }
        return false;
    }

    private static Result<State> run(Scenario sc, String design) throws Exception {
        Design d = Catalog.builtIn().design(design);
        PropertySet grace = ignored -> List.of(
                Property.always("freed-under-early-walk",
                        "pageunmap_range never runs while a walk begun before percpu_ref_kill is under way",
                        s -> s.kernel().pgmap().life() != Pgmap.Life.DEAD || !any(sc, s,
                                (l, t) -> l.has(Local.HOLDS_GRACE) && inGupFast(sc, s, t))),
                Property.sometimes("walk-at-kill", "a GUP-fast walk is under way at percpu_ref_kill",
                        s -> any(sc, s, (l, t) -> l.has(Local.HOLDS_GRACE))),
                Property.sometimes("freed-under-late-walk",
                        "pageunmap_range has run while a walk begun after percpu_ref_kill is under way",
                        s -> s.kernel().pgmap().life() == Pgmap.Life.DEAD && any(sc, s,
                                (l, t) -> !l.has(Local.HOLDS_GRACE) && inGupFast(sc, s, t))));
        return Checker.of(new FolioModel(sc, d, List.of(grace), "")).fewestSwitches(false).run();
    }

    /**
     * Under each of {@code designs}, in {@code scenario}: no walk begun before the kill is
     * under way when the memmap goes, such a walk is under way at some kill, and
     * {@code witness} is reached, so the first is not vacuous.
     */
    private static void earlyWalksFinishFirst(String scenario, List<String> designs, String witness) throws Exception {
        Scenario sc = Catalog.builtIn().scenario(scenario);
        for (String design : designs) {
            Result<State> r = run(sc, design);
            assertEquals(Outcome.Status.HOLDS, r.outcome("freed-under-early-walk").status(), design);
            assertEquals(Outcome.Status.REACHED, r.outcome("walk-at-kill").status(), design);
            assertEquals(Outcome.Status.REACHED, r.outcome(witness).status(), design);
        }
    }

    @Test
    void teardownWaitsForAWalkUnderWayAtTheKillButNotForALaterOne() throws Exception {
        earlyWalksFinishFirst("stress-1", List.of("mainline", "legacy", "legacy-4.13", "gupfast-no-recheck"),
                "freed-under-late-walk");
    }

    @Test
    void aWalkThatReadTheEntryBeforeTruncateCannotGrabAfterTeardown() throws Exception {
        // Without the grace period, GUP-fast reads the entry, truncate and the whole
        // teardown run, and the grab touches the freed memmap (26 steps). The kernel
        // cannot do this; the model must not report it. (mainline does violate memmap-lifetime
        // here, later: the free path after the unpin, FreePathTest.)
        earlyWalksFinishFirst("request-release", List.of("mainline", "request-offset"), "teardown-done");
    }

    @Test
    void aPinTakenBeforeTheZapStillOutlivesTheMemmap() throws Exception {
        Outcome<State> o = FailuresTest.violated(run(Catalog.builtIn().scenario("pin-kill"), "mainline"),
                "memmap-lifetime");
        List<String> l = FailuresTest.labels(o.trace());
        // The pin is returned to its caller before the notification zaps the entry.
        int pinned = o.trace().steps().stream().filter(st -> st.state().thread(1).has(Local.PINNED))
                .mapToInt(st -> o.trace().steps().indexOf(st)).min().orElse(-1);
        assertTrue(pinned >= 0 && pinned < l.indexOf("zap_pte_range"), l.toString());
        assertEquals("pageunmap_range", l.get(l.size() - 1));
        assertFalse(o.trace().steps().stream().anyMatch(st -> st.state().thread(1).has(Local.HOLDS_GRACE)),
                "no walk is under way at the kill: " + l);
    }

    @Test
    void onlyGupFastIsAReadSection() throws Exception {
        Scenario sc = Catalog.builtIn().scenario("request-release");
        for (Program p : sc.programs()) {
            assertEquals(p.name().equals("pin"), p.inRcuReadSection(new Local(2, 0, 0, 1, 0, 0)), p.name());
        }
    }
}
