package foliocheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Toys.Vec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckerTest {

    @Test
    void independentCountersReachEveryCombination() {
        // (k+1)^N states: 4 counters 0..5 -> 6^4 = 1296.
        Result<Vec> r = Checker.of(Toys.counters(4, 5, false)).run();
        assertEquals(1296, r.stats().states());
        assertEquals(Result.Verdict.HOLDS, r.verdict());
        // Each state has one step per unfinished counter: sum over states = N * k * (k+1)^(N-1).
        assertEquals(4L * 5 * 216, r.stats().transitions());
        assertEquals(20, r.stats().maxDepth());
    }

    @Test
    void threadLocalStepsAreNotInterleaved() {
        // All increments are thread-local: one linear path of N*k+1 states.
        Result<Vec> reduced = Checker.of(Toys.counters(4, 5, true)).run();
        assertEquals(21, reduced.stats().states());
        Result<Vec> full = Checker.of(Toys.counters(4, 5, true)).localReduction(false).run();
        assertEquals(1296, full.stats().states());
        assertEquals(full.verdict(), reduced.verdict());
    }

    @Test
    void aCycleOfLocalStepsDoesNotHideTheOtherThreads() {
        // T0 flips its own bit forever with local steps; T1's one step sets x, which breaks
        // "x stays 0". Taking T0's local step alone everywhere would close the cycle 0, 1, 0
        // and never run T1: the ample set is taken only when its steps lead to new states.
        // At [0,0] only the flip is taken; at [1,0] the flip leads back, so T1 runs there.
        // The state count pins the rule (without it: 2 states, and the invariant holds); the
        // trace is the one-step write because the trace search runs without reductions.
        Toys.VecModel m = Toys.flipperAndWriter().always("x stays 0", s -> s.get(1) == 0);
        Result<Vec> reduced = Checker.of(m).run();
        Result<Vec> full = Checker.of(m).localReduction(false).run();
        assertEquals(Result.Verdict.VIOLATED, reduced.verdict());
        assertEquals(4, full.stats().states());
        assertEquals(4, reduced.stats().states());   // [0,0] [1,0] [1,1] [0,1]
        Trace<Vec> t = reduced.outcome("x stays 0").trace();
        assertEquals(List.of("T1"), t.steps().stream().map(st -> m.threadNames().get(st.thread())).toList());
        assertEquals(full.outcome("x stays 0").trace().steps(), t.steps());
    }

    @Test
    void aTraceTheShorteningSearchCouldNotImproveSaysItMayBeLonger() {
        // The reduced search reaches the violation through T0's flip first; only the search
        // for a shortest trace, which runs without the reductions, finds the one-step write.
        Checker<Vec> c = Checker.of(Toys.flipperAndWriter().always("x stays 0", s -> s.get(1) == 0));
        Outcome<Vec> shortened = c.run().outcome("x stays 0");
        assertEquals(1, shortened.trace().steps().size());
        assertEquals("", shortened.detail());
        c.shortenBudget = 0;
        Outcome<Vec> asFound = c.run().outcome("x stays 0");
        assertEquals(List.of("flip", "write"), asFound.trace().steps().stream().map(Trace.Step::label).toList());
        assertTrue(asFound.detail().contains("trace as found: the search for a shortest one ran out of its budget"),
                asFound.detail());
        c.localReduction(false);
        Outcome<Vec> unreduced = c.run().outcome("x stays 0");
        assertEquals(1, unreduced.trace().steps().size());
        assertEquals("", unreduced.detail(), "without the reduction the trace found is a shortest one");
    }

    @Test
    void symmetryCountsMultisets() {
        // 4 identical counters 0..5: multisets of size 4 over 6 values = C(9,4) = 126.
        Result<Vec> r = Checker.of(Toys.counters(4, 5, false)).symmetry(true).run();
        assertEquals(126, r.stats().states());
        assertEquals(Result.Verdict.HOLDS, r.verdict());
    }

    @Test
    void invariantsAScreenPassesAreNotTestedOneByOne() {
        // 4 x 4 states; "a" and "b" always hold and the screen covers them; "c" it does not.
        int[] calls = new int[4];
        Toys.VecModel m = Toys.counters(2, 3, false)
                .always("a", s -> ++calls[0] > 0)
                .always("b", s -> ++calls[1] > 0)
                .always("c", s -> ++calls[2] > 0);
        m.screen = new Model.Screen<>(List.of("a", "b", "not-a-property"), s -> ++calls[3] > 0);
        Result<Vec> r = Checker.of(m).run();
        assertEquals(Result.Verdict.HOLDS, r.verdict());
        assertEquals(16, r.stats().states());
        assertEquals(List.of(0, 0, 16, 16), List.of(calls[0], calls[1], calls[2], calls[3]));
    }

    @Test
    void aFailedScreenLeavesTheInvariantsToNameTheViolation() {
        int[] tested = new int[2];
        Toys.VecModel plain = counted(Toys.lostUpdate(), tested, 0);
        Toys.VecModel screened = counted(Toys.lostUpdate(), tested, 1);
        screened.screen = new Model.Screen<>(List.of("no-lost-update"), Toys.lostUpdate().properties().get(0).holds());
        Result<Vec> a = Checker.of(plain).run();
        Result<Vec> b = Checker.of(screened).run();
        assertEquals(Result.Verdict.VIOLATED, b.verdict());
        assertEquals(a.stats().states(), b.stats().states());
        assertEquals(a.outcome("no-lost-update").trace().steps(), b.outcome("no-lost-update").trace().steps());
        // The search tested every state without a screen; with it, only the one that breaks
        // the invariant (x == 1 with both done). Rebuilding the trace tests the same in both.
        assertEquals(a.stats().states() - 1, tested[0] - tested[1]);
    }

    @Test
    void aScreenThatKeepsFailingIsDropped() {
        // 201 x 201 states. "a" breaks in every state but the first and stays broken; "b"
        // always holds. Once "a" is found the screen (a and b) fails everywhere: it is
        // dropped after its trial and the level it ends in, and "b" is still tested.
        int[] calls = new int[2];
        Toys.VecModel m = Toys.counters(2, 200, false)
                .always("a", s -> s.get(0) + s.get(1) == 0)
                .always("b", s -> ++calls[0] > 0);
        m.screen = new Model.Screen<>(List.of("a", "b"), s -> ++calls[1] > 0 && s.get(0) + s.get(1) == 0);
        for (boolean dfs : new boolean[] {false, true}) {
            calls[0] = 0;
            calls[1] = 0;
            Result<Vec> r = Checker.of(m).dfs(dfs).run();
            assertEquals(201 * 201, r.stats().states());
            assertEquals(Outcome.Status.VIOLATED, r.outcome("a").status());
            assertEquals(Outcome.Status.HOLDS, r.outcome("b").status());
            assertTrue(calls[1] >= 4096 && calls[1] <= 4096 + 201, "dfs " + dfs + ": screened " + calls[1]);
            assertEquals(201 * 201, calls[0] + 1, "dfs " + dfs);   // every state but the first
        }
    }

    /** {@code m} with its one invariant's tests counted in {@code calls[i]}. */
    private static Toys.VecModel counted(Toys.VecModel m, int[] calls, int i) {
        Property<Vec> p = m.properties().get(0);
        m.properties.set(0, Property.always(p.name(), p.doc(), s -> {
            calls[i]++;
            return p.holds().test(s);
        }));
        return m;
    }

    @Test
    void petersonKeepsMutualExclusion() {
        Model<Vec> m = Toys.peterson();
        Result<Vec> r = Checker.of(m).run();
        assertEquals(Result.Verdict.HOLDS, r.verdict());
        assertEquals(Toys.naiveCount(m), r.stats().states());
        assertEquals(26, r.stats().states());
        assertEquals(Outcome.Status.REACHED, r.outcome("critical").status());
        assertEquals(Outcome.Status.HOLDS, r.outcome("deadlock").status());
        assertTrue(r.stats().uncovered().isEmpty());
    }

    @Test
    void petersonWithoutTurnLosesMutualExclusion() {
        Result<Vec> r = Checker.of(Toys.brokenPeterson()).run();
        Outcome<Vec> o = r.outcome("mutex");
        assertEquals(Outcome.Status.VIOLATED, o.status());
        assertEquals(4, o.trace().steps().size());
        assertEquals(List.of("check", "check", "flag", "flag"),
                o.trace().steps().stream().map(Trace.Step::label).toList());
        // the trace the parent links give, replayed from the initial state, ends in the violation too
        Trace<Vec> first = Checker.of(Toys.brokenPeterson()).fewestSwitches(false).run().outcome("mutex").trace();
        assertEquals(4, first.steps().size());
        assertEquals(List.of(3, 3), List.of(first.last().get(0), first.last().get(1)));
    }

    @Test
    void lostUpdateIsFoundWithAShortestTraceOfFewestSwitches() {
        Result<Vec> r = Checker.of(Toys.lostUpdate()).run();
        assertEquals(Result.Verdict.VIOLATED, r.verdict());
        Trace<Vec> t = r.outcome("no-lost-update").trace();
        assertEquals(4, t.steps().size());
        assertEquals(2, t.threadSwitches());
        assertEquals(1, t.last().get(4));
        Result<Vec> plain = Checker.of(Toys.lostUpdate()).fewestSwitches(false).run();
        // without the search for fewest switches: the trace the parent links give, BFS's first
        Trace<Vec> first = plain.outcome("no-lost-update").trace();
        assertEquals(List.of(0, 1, 0, 1), first.steps().stream().map(Trace.Step::thread).toList());
        assertEquals(3, first.threadSwitches());
        assertEquals(1, first.last().get(4));
    }

    @Test
    void philosophersDeadlock() {
        Result<Vec> r = Checker.of(Toys.philosophers(3)).run();
        assertEquals(Result.Verdict.VIOLATED, r.verdict());
        Outcome<Vec> d = r.outcome("deadlock");
        assertEquals(Outcome.Status.VIOLATED, d.status());
        assertEquals(3, d.trace().steps().size());
        assertTrue(d.trace().steps().stream().allMatch(s -> s.label().equals("take_left")));
        assertEquals("T0: waits for right fork; T1: waits for right fork; T2: waits for right fork",
                d.detail());
    }

    @Test
    void aDeadlockTraceHasTheFewestSwitches() {
        Outcome<Vec> d = Checker.of(Toys.signalThenAbba()).run().outcome("deadlock");
        assertEquals(Outcome.Status.VIOLATED, d.status());
        assertEquals(List.of(1, 1, 0), d.trace().steps().stream().map(Trace.Step::thread).toList());
        assertEquals(List.of("signal", "lock_first", "lock_first"), d.trace().steps().stream().map(Trace.Step::label).toList());
        assertFalse(d.detail().contains("trace as found"), d.detail());
        // breadth-first search's own trace, from the parent links: as short, one switch more
        Trace<Vec> first = Checker.of(Toys.signalThenAbba()).fewestSwitches(false).run().outcome("deadlock").trace();
        assertEquals(List.of(1, 0, 1), first.steps().stream().map(Trace.Step::thread).toList());
    }

    @Test
    void depthFirstTracesEndInTheViolation() {
        Trace<Vec> mutex = Checker.of(Toys.brokenPeterson()).dfs(true).run().outcome("mutex").trace();
        assertEquals(List.of(3, 3), List.of(mutex.last().get(0), mutex.last().get(1)));
        Trace<Vec> lost = Checker.of(Toys.lostUpdate()).dfs(true).run().outcome("no-lost-update").trace();
        assertEquals(1, lost.last().get(4));
        // a stack deeper than its first arrays (1,024 pairs): 3,000 states wait on it at once
        Result<Vec> wide = Checker.of(Toys.fan(3000).always("1500 never settles", s -> s.get(0) != 1500 || s.get(1) == 0))
                .dfs(true).run();
        assertEquals(6001, wide.stats().states());
        Trace<Vec> t = wide.outcome("1500 never settles").trace();
        assertEquals(List.of("pick", "settle"), t.steps().stream().map(Trace.Step::label).toList());
        assertEquals(List.of(1500, 1), List.of(t.last().get(0), t.last().get(1)));
    }

    @Test
    void depthFirstFindsTheSameStatesAndVerdicts() {
        Result<Vec> bfs = Checker.of(Toys.peterson()).run();
        Result<Vec> dfs = Checker.of(Toys.peterson()).dfs(true).run();
        assertEquals(bfs.stats().states(), dfs.stats().states());
        assertEquals(bfs.verdict(), dfs.verdict());
        Result<Vec> dl = Checker.of(Toys.philosophers(3)).dfs(true).run();
        assertEquals(Outcome.Status.VIOLATED, dl.outcome("deadlock").status());
    }

    @Test
    void twoRunsGiveIdenticalTraces() {
        Trace<Vec> a = Checker.of(Toys.philosophers(3)).run().outcome("deadlock").trace();
        Trace<Vec> b = Checker.of(Toys.philosophers(3)).run().outcome("deadlock").trace();
        assertEquals(a, b);
        assertEquals(a.toString(), b.toString());
    }

    @Test
    void stateLimitGivesIncompleteVerdict() {
        Result<Vec> r = Checker.of(Toys.counters(6, 5, false)).maxStates(2000).run();
        assertEquals(Result.Verdict.INCOMPLETE, r.verdict());
        assertNotNull(r.stopReason());
        assertEquals(2000, r.stats().states());
        assertEquals(Outcome.Status.UNKNOWN, r.outcome("deadlock").status());
        assertEquals(2000, Checker.of(Toys.counters(6, 5, false)).maxStates(2000).dfs(true).run().stats().states());
        long parallel = Checker.of(Toys.counters(6, 5, false)).maxStates(2000).workers(2).run().stats().states();
        assertTrue(parallel >= 2000 && parallel <= 2001, "2 workers: " + parallel);
    }

    @Test
    void memoryLimitGivesIncompleteVerdictNotOutOfMemory() {
        Result<Vec> r = Checker.of(Toys.counters(6, 5, false)).maxHeapFraction(1e-6).run();
        assertEquals(Result.Verdict.INCOMPLETE, r.verdict());
        assertTrue(r.stopReason().startsWith("memory limit"), r.stopReason());
        assertTrue(r.stats().states() > 0);
    }

    @Test
    void timeLimitGivesIncompleteVerdict() {
        Result<Vec> r = Checker.of(Toys.counters(8, 9, false)).timeLimit(Duration.ZERO).run();
        assertEquals(Result.Verdict.INCOMPLETE, r.verdict());
        assertTrue(r.stopReason().startsWith("time limit"));
    }

    @Test
    void unreachedWitnessMakesTheRunVacuous() {
        Toys.VecModel m = Toys.counters(2, 2, false);
        m.sometimes("never", s -> s.get(0) == 7);
        Result<Vec> r = Checker.of(m).run();
        assertEquals(Result.Verdict.VACUOUS, r.verdict());
        assertEquals(Outcome.Status.UNREACHED, r.outcome("never").status());
        assertNull(r.outcome("never").trace());
    }

    @Test
    void fingerprintCollisionRiskIsReported() {
        Stats s = Checker.of(Toys.counters(4, 5, false)).run().stats();
        assertTrue(s.collisionProbability() > 0 && s.collisionProbability() < 1e-12);
        assertTrue(s.collisionBound() > 0 && s.collisionBound() < 1e-12);
    }

    @Test
    void onlyLevelsOfAtLeastPackFromStatesArePacked() {
        // 16,807 states in 31 levels of at most 1,451: by default none is packed.
        assertEquals(0, packed(Checker.PACK_FROM));
        assertEquals(0, packed(Checker.NEVER_PACK));
        assertEquals(16_807, packed(0));
        long some = packed(1_000);
        assertTrue(some > 0 && some < 16_807, some + " packed");
    }

    /** How many states a search of five counters to 6 packs, with {@code packFrom}; the states found are always 16,807. */
    private static long packed(long packFrom) {
        Toys.VecModel m = Toys.counters(5, 6, false);
        m.packed = new long[1];
        assertEquals(16_807, Checker.of(m).packFrom(packFrom).run().stats().states());
        return m.packed[0];
    }
}
