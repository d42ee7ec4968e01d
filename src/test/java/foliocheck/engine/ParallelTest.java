package foliocheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Several search workers, and a frontier packed at every level, find exactly what one
 * worker finds: states, transitions, traces.
 */
public class ParallelTest {

    static <S> void sameAsOneWorker(Model<S> m) {
        sameAsOneWorker(m, true, 2, 3, 8);
    }

    /**
     * Asserts that each of {@code workerCounts}, with the frontier packed as usual, packed
     * at every level, and packed from levels of 1,000 states on ({@link Checker#packFrom}:
     * objects and words in one run), finds what one worker finds with the usual packing; so
     * does one worker packing every level. Without {@code fewestSwitches}, traces are as the
     * search found them: its parent links.
     */
    public static <S> void sameAsOneWorker(Model<S> m, boolean fewestSwitches, int... workerCounts) {
        Result<S> one = Checker.of(m).fewestSwitches(fewestSwitches).run();
        sameAs(one, Checker.of(m).fewestSwitches(fewestSwitches).packFrom(0).run(), "1 worker packing every level");
        for (int workers : workerCounts) {
            sameAs(one, Checker.of(m).workers(workers).fewestSwitches(fewestSwitches).run(), workers + " workers");
            sameAs(one, Checker.of(m).workers(workers).fewestSwitches(fewestSwitches).packFrom(0).run(),
                    workers + " workers packing every level");
            sameAs(one, Checker.of(m).workers(workers).fewestSwitches(fewestSwitches).packFrom(1_000).run(),
                    workers + " workers packing levels of 1,000 states on");
        }
    }

    private static <S> void sameAs(Result<S> one, Result<S> many, String how) {
        assertEquals(one.verdict(), many.verdict(), how);
        assertEquals(one.stats().states(), many.stats().states(), how);
        assertEquals(one.stats().transitions(), many.stats().transitions(), how);
        assertEquals(one.stats().maxDepth(), many.stats().maxDepth(), how);
        assertEquals(one.stats().stepCounts(), many.stats().stepCounts(), how);
        assertEquals(one.outcomes().size(), many.outcomes().size(), how);
        for (int i = 0; i < one.outcomes().size(); i++) {
            Outcome<S> a = one.outcomes().get(i);
            Outcome<S> b = many.outcomes().get(i);
            assertEquals(a.name(), b.name(), how);
            assertEquals(a.status(), b.status(), a.name() + " with " + how);
            assertEquals(labels(a.trace()), labels(b.trace()), a.name() + " with " + how);
        }
    }

    private static List<String> labels(Trace<?> t) {
        return t == null ? null : t.steps().stream().map(s -> s.thread() + ":" + s.label() + ":" + s.choice()).toList();
    }

    /** Each outcome as {@code name=status} and its trace's steps (thread:label:choice), to compare two searches. */
    public static List<String> outcomes(Result<?> r) {
        return r.outcomes().stream().map(o -> o.name() + "=" + o.status() + " " + labels(o.trace())).toList();
    }

    @Test
    void countersExploreTheSameStatesWithAnyNumberOfWorkers() {
        // Large enough for many chunks per level, so workers really share levels.
        Toys.VecModel m = Toys.counters(5, 6, false);
        m.packed = new long[1];   // with a codec, so that the packing runs do pack (levels of up to 1,451)
        assertEquals(16807, Checker.of(m).workers(2).run().stats().states());
        sameAsOneWorker(m);
        assertTrue(m.packed[0] > 0, "states were packed");
    }

    @Test
    void violationsAndDeadlocksAreTheSameWithAnyNumberOfWorkers() {
        sameAsOneWorker(Toys.lostUpdate());
        sameAsOneWorker(Toys.brokenPeterson());
        sameAsOneWorker(Toys.philosophers(5));
    }

    @Test
    void aStatesParentIsTheFirstToFindItWithAnyNumberOfWorkers() {
        // 0 fans out to 1..60000 (hundreds of batches, so every worker takes some), each of
        // which leads to the bad state 100000. Every worker finds it; its parent, and so the
        // trace, must be 1, the first state expanded, whichever worker found that.
        Toys.VecModel fan = new Toys.VecModel(1) {
            @Override
            public List<Toys.Vec> initialStates() {
                return List.of(new Toys.Vec(new int[1]));
            }

            @Override
            public void steps(Toys.Vec s, int t, Steps<Toys.Vec> out) {
                if (s.get(0) == 0) {
                    for (int i = 1; i <= 60_000; i++) {
                        out.step("out", s.with(0, i));
                    }
                } else if (s.get(0) < 100_000) {
                    out.step("in", s.with(0, 100_000));
                }
            }

            @Override
            public boolean finished(Toys.Vec s, int t) {
                return s.get(0) == 100_000;
            }

            @Override
            public List<String> stepLabels() {
                return List.of("out", "in");
            }
        };
        fan.always("never-100000", s -> s.get(0) != 100_000);
        for (int workers : new int[] {1, 2, 3}) {
            Result<Toys.Vec> r = Checker.of(fan).workers(workers).fewestSwitches(false).run();
            assertEquals(60_002, r.stats().states());
            assertEquals(List.of("0:out:0", "0:in:0"), labels(r.outcome("never-100000").trace()), workers + " workers");
        }
    }

    @Test
    void reductionsAreTheSameWithAnyNumberOfWorkers() {
        Model<Toys.Vec> m = Toys.counters(5, 6, true);
        Result<Toys.Vec> one = Checker.of(m).symmetry(true).run();
        Result<Toys.Vec> two = Checker.of(m).symmetry(true).workers(2).run();
        assertEquals(one.stats().states(), two.stats().states());
    }
}
