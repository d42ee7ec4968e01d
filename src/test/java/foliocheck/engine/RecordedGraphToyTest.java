package foliocheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replay offers a thread's several steps from one state in the model's order (the folio
 * model's threads have one step a state, so this needs a toy): traces name a step by its
 * place in that order.
 */
class RecordedGraphToyTest {

    /** Two threads, each a counter 0 to 3 that steps by one or by two; reaching 3 by two is a violation. */
    private static final Model<Toys.Vec> CHOICES = new Toys.VecModel(2) {
        @Override
        public List<Toys.Vec> initialStates() {
            return List.of(new Toys.Vec(new int[2]));
        }

        @Override
        public List<String> stepLabels() {
            return List.of("one", "two");
        }

        @Override
        public void steps(Toys.Vec s, int t, Steps<Toys.Vec> out) {
            int c = s.get(t);
            if (c + 1 <= 3) {
                out.step("one", s.with(t, c + 1));
            }
            if (c + 2 < 3) {
                out.step("two", s.with(t, c + 2));
            } else if (c + 2 == 3) {
                out.violation("two", s.with(t, c + 2), "no-three-by-two", "counter " + t + " reached 3 by two");
            }
        }

        @Override
        public boolean finished(Toys.Vec s, int t) {
            return s.get(t) == 3;
        }
    };

    @Test
    void theReplaysTracesNameTheModelsSteps() {
        RecordedGraph g = RecordedGraph.record(CHOICES, 100);
        assertNotNull(g);
        Result<Toys.Vec> model = Checker.of(CHOICES).fewestSwitches(false).run();
        Result<Integer> replay = Checker.of(g).fewestSwitches(false).run();
        assertEquals(model.stats().states(), replay.stats().states());
        assertEquals(model.stats().transitions(), replay.stats().transitions());
        assertEquals(ParallelTest.outcomes(model), ParallelTest.outcomes(replay));
        // the violation's last step is the second of its thread's two: its place is in the trace
        assertEquals(List.of("no-three-by-two=VIOLATED [0:one:0, 0:two:1]", "deadlock=HOLDS null"),
                ParallelTest.outcomes(replay).stream().sorted(java.util.Comparator.reverseOrder()).toList());
    }
}
