package foliocheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.RecordedGraph;
import foliocheck.engine.Result;
import foliocheck.model.Design;
import foliocheck.model.Scenario;
import foliocheck.model.Scenarios;
import foliocheck.model.State;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench --breakdown}'s replay is the model's graph: searched with or without the
 * local-step reduction, it meets the same states and transitions as the model without
 * properties, and the same violations (reported by steps) and deadlocks, with traces of the
 * same steps.
 */
class RecordedGraphTest {

    /** Each outcome with its status and its trace's steps (thread, label, choice). */
    private static List<String> outcomes(Result<?> r) {
        List<String> l = new ArrayList<>();
        for (Outcome<?> o : r.outcomes()) {
            StringBuilder sb = new StringBuilder(o.name() + "=" + o.status());
            if (o.trace() != null) {
                o.trace().steps().forEach(s -> sb.append(" | ").append(s.thread()).append(':').append(s.label())
                        .append('#').append(s.choice()));
            }
            l.add(sb.toString());
        }
        return l;
    }

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
                    assertEquals(outcomes(model), outcomes(replay), what);
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
        assertEquals(true, violated.stream().anyMatch(v -> v.endsWith("memmap-lifetime")), violated.toString());
        assertEquals(true, violated.stream().anyMatch(v -> v.endsWith("deadlock")), violated.toString());
    }

    @Test
    void aGraphLargerThanTheLimitIsNotRecorded() throws Exception {
        FolioModel m = new FolioModel(Scenarios.stress(1), Catalog.builtIn().design("mainline"));
        assertNull(RecordedGraph.record(m, 1000));
    }
}
