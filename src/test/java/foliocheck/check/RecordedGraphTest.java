package foliocheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.ParallelTest;
import foliocheck.engine.RecordedGraph;
import foliocheck.engine.Result;
import foliocheck.engine.Steps;
import foliocheck.model.Design;
import foliocheck.model.Scenario;
import foliocheck.model.Scenarios;
import foliocheck.model.State;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bench --breakdown}'s replay is the model's graph: searched with or without the
 * local-step reduction, it meets the same states and transitions as the model without
 * properties, and the same violations (reported by steps) and deadlocks, with traces of the
 * same steps.
 */
class RecordedGraphTest {

    @Test
    void theReplayMeetsWhatTheModelMeets() throws Exception {
        List<String> violated = new ArrayList<>();
        for (Scenario sc : List.of(Scenarios.stress(1), Catalog.builtIn().scenario("pin-kill"),
                Catalog.builtIn().scenario("request-release"))) {
            for (String name : List.of("mainline", "legacy-4.13", "request-folios")) {
                Design d = Catalog.builtIn().design(name);
                FolioModel m = new FolioModel(sc, d).withoutProperties();
                RecordedGraph g = RecordedGraph.record(m, 1_000_000);
                assertNotNull(g);
                for (boolean local : new boolean[] {false, true}) {
                    String what = sc.name() + " under " + name + (local ? ", local steps" : "");
                    Result<State> model = Checker.of(m).localReduction(local).fewestSwitches(false).run();
                    Result<Integer> replay = Checker.of(g).localReduction(local).fewestSwitches(false).run();
                    assertEquals(model.stats().states(), replay.stats().states(), what);
                    assertEquals(model.stats().transitions(), replay.stats().transitions(), what);
                    assertEquals(model.stats().maxDepth(), replay.stats().maxDepth(), what);
                    assertEquals(model.verdict(), replay.verdict(), what);
                    assertEquals(ParallelTest.outcomes(model), ParallelTest.outcomes(replay), what);
                    if (!local) {
                        assertEquals(model.stats().states(), g.states(), what + ": every state recorded");
                        assertEquals(model.stats().transitions(), g.transitions(), what + ": every step recorded");
                    }
                    model.outcomes().stream().filter(o -> o.status() == Outcome.Status.VIOLATED)
                            .forEach(o -> violated.add(what + ": " + o.name()));
                }
            }
        }
        // not vacuous: step-reported violations and deadlocks are among what was compared
        assertTrue(violated.stream().anyMatch(v -> v.endsWith("memmap-lifetime")), violated.toString());
        assertTrue(violated.stream().anyMatch(v -> v.endsWith("deadlock")), violated.toString());
    }

    /** A collector of one thread's steps as (kind, label, successor's fingerprint). */
    private static final class Offered<S> implements Steps<S> {
        final List<String> steps = new ArrayList<>();
        final List<S> next = new ArrayList<>();
        final java.util.function.ToLongFunction<S> fingerprint;

        Offered(java.util.function.ToLongFunction<S> fingerprint) {
            this.fingerprint = fingerprint;
        }

        private void add(String kind, String label, S n) {
            steps.add(kind + " " + label + " " + Long.toHexString(fingerprint.applyAsLong(n)));
            next.add(n);
        }

        @Override
        public void step(String label, S n) {
            add("step", label, n);
        }

        @Override
        public void localStep(String label, S n) {
            add("local", label, n);
        }

        @Override
        public void violation(String label, S n, String property, String detail) {
            add("violation " + property + " " + detail, label, n);
        }
    }

    /**
     * Every state's steps, thread by thread and in order, are the model's: the engine's parent
     * links and traces name a step by its place in that order.
     */
    @Test
    void everyStateOffersTheModelsStepsInTheModelsOrder() throws Exception {
        for (String name : List.of("mainline", "legacy")) {
            FolioModel m = new FolioModel(Scenarios.stress(1), Catalog.builtIn().design(name));
            RecordedGraph g = RecordedGraph.record(m, 1_000_000);
            assertNotNull(g);
            Map<Long, Integer> ids = new HashMap<>();
            List<State> states = new ArrayList<>(m.initialStates());
            ids.put(m.fingerprint(states.get(0)), 0);
            long steps = 0;
            for (int i = 0; i < states.size(); i++) {
                State s = states.get(i);
                for (int t = 0; t < m.threadNames().size(); t++) {
                    Offered<State> want = new Offered<>(m::fingerprint);
                    m.steps(s, t, want);
                    Offered<Integer> got = new Offered<>(g::fingerprint);
                    g.steps(i, t, got);
                    assertEquals(want.steps, got.steps, name + ": state " + i + ", thread " + t);
                    assertEquals(m.finished(s, t), g.finished(i, t), name + ": state " + i + ", thread " + t);
                    for (State n : want.next) {
                        if (ids.putIfAbsent(m.fingerprint(n), states.size()) == null) {
                            states.add(n);
                        }
                    }
                    steps += want.steps.size();
                }
            }
            assertEquals(g.states(), states.size(), name);
            assertEquals(g.transitions(), steps, name);
        }
    }

    @Test
    void aGraphLargerThanTheLimitIsNotRecorded() throws Exception {
        FolioModel m = new FolioModel(Scenarios.stress(1), Catalog.builtIn().design("mainline"));
        assertNull(RecordedGraph.record(m, 88_090));   // stress-1 without reductions: 88,091 states
        assertNotNull(RecordedGraph.record(m.withoutProperties(), 88_091));
    }
}
