package foliocheck.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** Small models whose answers are known in closed form or by hand. */
final class Toys {
    private Toys() { }

    /** An immutable vector of ints: program counters and variables. */
    record Vec(int[] v) {
        Vec with(int i, int x) {
            int[] c = v.clone();
            c[i] = x;
            return new Vec(c);
        }

        Vec with(int i, int x, int j, int y) {
            int[] c = v.clone();
            c[i] = x;
            c[j] = y;
            return new Vec(c);
        }

        int get(int i) {
            return v[i];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Vec w && Arrays.equals(v, w.v);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(v);
        }

        @Override
        public String toString() {
            return Arrays.toString(v);
        }
    }

    /** A model over {@link Vec} states; subclasses give the steps. */
    abstract static class VecModel implements Model<Vec> {
        final int threads;
        final List<Property<Vec>> properties = new ArrayList<>();

        /** What {@link #screen()} returns: none unless a test sets one. */
        Screen<Vec> screen;

        /** When set, the frontier may pack states as their ints, and [0] counts the states packed. */
        long[] packed;

        VecModel(int threads) {
            this.threads = threads;
        }

        @Override
        public StateCodec<Vec> codec() {
            if (packed == null) {
                return null;
            }
            return new StateCodec<>() {
                @Override
                public long[] encode(Vec s) {
                    packed[0]++;
                    return Arrays.stream(s.v()).asLongStream().toArray();
                }

                @Override
                public Vec decode(long[] words, int length) {
                    int[] v = new int[length];
                    for (int i = 0; i < length; i++) {
                        v[i] = (int) words[i];
                    }
                    return new Vec(v);
                }
            };
        }

        @Override
        public List<String> threadNames() {
            List<String> n = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                n.add("T" + t);
            }
            return n;
        }

        @Override
        public long fingerprint(Vec s) {
            Fingerprint f = new Fingerprint();
            for (int x : s.v()) {
                f.add(x);
            }
            return f.get();
        }

        @Override
        public List<Property<Vec>> properties() {
            return properties;
        }

        @Override
        public Screen<Vec> screen() {
            return screen;
        }

        VecModel always(String name, Predicate<Vec> p) {
            properties.add(Property.always(name, name, p));
            return this;
        }

        VecModel sometimes(String name, Predicate<Vec> p) {
            properties.add(Property.sometimes(name, name, p));
            return this;
        }
    }

    /**
     * N threads, each counting its own counter from 0 to k: (k+1)^N states. With
     * {@code local} the increments are declared thread-local.
     */
    static VecModel counters(int n, int k, boolean local) {
        return new VecModel(n) {
            @Override
            public List<Vec> initialStates() {
                return List.of(new Vec(new int[n]));
            }

            @Override
            public void steps(Vec s, int t, Steps<Vec> out) {
                if (s.get(t) < k) {
                    if (local) {
                        out.localStep("inc", s.with(t, s.get(t) + 1));
                    } else {
                        out.step("inc", s.with(t, s.get(t) + 1));
                    }
                }
            }

            @Override
            public boolean finished(Vec s, int t) {
                return s.get(t) == k;
            }

            @Override
            public List<String> stepLabels() {
                return List.of("inc");
            }

            @Override
            public Vec canonical(Vec s) {
                int[] c = s.v().clone();
                Arrays.sort(c);
                return new Vec(c);
            }
        };
    }

    /**
     * One thread picks a value from 1 to {@code n} ({@code v[0]}), then settles it
     * ({@code v[1]} = 1): 2n + 1 states, n of them at depth 1.
     */
    static VecModel fan(int n) {
        return new VecModel(1) {
            @Override
            public List<Vec> initialStates() {
                return List.of(new Vec(new int[2]));
            }

            @Override
            public void steps(Vec s, int t, Steps<Vec> out) {
                if (s.get(0) == 0) {
                    for (int v = 1; v <= n; v++) {
                        out.step("pick", s.with(0, v));
                    }
                } else if (s.get(1) == 0) {
                    out.step("settle", s.with(1, 1));
                }
            }

            @Override
            public boolean finished(Vec s, int t) {
                return s.get(1) == 1;
            }

            @Override
            public List<String> stepLabels() {
                return List.of("pick", "settle");
            }
        };
    }

    /**
     * T0 flips its own bit ({@code v[0]}) between 0 and 1 forever, by local steps; T1 sets
     * {@code v[1]} to 1 once, a shared step. Four states.
     */
    static VecModel flipperAndWriter() {
        return new VecModel(2) {
            @Override
            public List<Vec> initialStates() {
                return List.of(new Vec(new int[2]));
            }

            @Override
            public void steps(Vec s, int t, Steps<Vec> out) {
                if (t == 0) {
                    out.localStep("flip", s.with(0, 1 - s.get(0)));
                } else if (s.get(1) == 0) {
                    out.step("write", s.with(1, 1));
                }
            }

            @Override
            public boolean finished(Vec s, int t) {
                return t == 1 && s.get(1) == 1;
            }

            @Override
            public List<String> stepLabels() {
                return List.of("flip", "write");
            }
        };
    }

    /**
     * Peterson's mutual exclusion for two threads. Layout: pc0, pc1, flag0, flag1, turn.
     * pc: 0 set flag, 1 set turn, 2 wait, 3 critical, 4 done.
     */
    static VecModel peterson() {
        VecModel m = new VecModel(2) {
            @Override
            public List<Vec> initialStates() {
                return List.of(new Vec(new int[5]));
            }

            @Override
            public void steps(Vec s, int t, Steps<Vec> out) {
                int other = 1 - t;
                switch (s.get(t)) {
                    case 0 -> out.step("flag", s.with(t, 1, 2 + t, 1));
                    case 1 -> out.step("turn", s.with(t, 2, 4, other));
                    case 2 -> {
                        if (s.get(2 + other) == 0 || s.get(4) == t) {
                            out.step("enter", s.with(t, 3));
                        }
                    }
                    case 3 -> out.step("leave", s.with(t, 4, 2 + t, 0));
                    default -> { }
                }
            }

            @Override
            public boolean finished(Vec s, int t) {
                return s.get(t) == 4;
            }

            @Override
            public List<String> stepLabels() {
                return List.of("flag", "turn", "enter", "leave");
            }
        };
        return m.always("mutex", s -> !(s.get(0) == 3 && s.get(1) == 3))
                .sometimes("critical", s -> s.get(0) == 3 || s.get(1) == 3);
    }

    /** Peterson with the turn write removed: mutual exclusion fails. */
    static VecModel brokenPeterson() {
        VecModel m = new VecModel(2) {
            @Override
            public List<Vec> initialStates() {
                return List.of(new Vec(new int[5]));
            }

            @Override
            public void steps(Vec s, int t, Steps<Vec> out) {
                int other = 1 - t;
                switch (s.get(t)) {
                    case 0 -> out.step("check", s.get(2 + other) == 0 ? s.with(t, 1) : s);
                    case 1 -> out.step("flag", s.with(t, 3, 2 + t, 1));
                    case 3 -> out.step("leave", s.with(t, 4, 2 + t, 0));
                    default -> { }
                }
            }

            @Override
            public boolean finished(Vec s, int t) {
                return s.get(t) == 4;
            }

            @Override
            public List<String> stepLabels() {
                return List.of("check", "flag", "leave");
            }
        };
        return m.always("mutex", s -> !(s.get(0) == 3 && s.get(1) == 3));
    }

    /**
     * Two threads each do {@code r = x; x = r + 1}. Layout: pc0, pc1, r0, r1, x.
     * Invariant: when both are done, x == 2.
     */
    static VecModel lostUpdate() {
        VecModel m = new VecModel(2) {
            @Override
            public List<Vec> initialStates() {
                return List.of(new Vec(new int[5]));
            }

            @Override
            public void steps(Vec s, int t, Steps<Vec> out) {
                switch (s.get(t)) {
                    case 0 -> out.step("read", s.with(t, 1, 2 + t, s.get(4)));
                    case 1 -> out.step("write", s.with(t, 2, 4, s.get(2 + t) + 1));
                    default -> { }
                }
            }

            @Override
            public boolean finished(Vec s, int t) {
                return s.get(t) == 2;
            }

            @Override
            public List<String> stepLabels() {
                return List.of("read", "write");
            }
        };
        return m.always("no-lost-update", s -> !(s.get(0) == 2 && s.get(1) == 2) || s.get(4) == 2);
    }

    /**
     * N dining philosophers: take left fork, take right fork, put both. Layout: pc per
     * philosopher, then the holder+1 of each fork (0 = free).
     */
    static VecModel philosophers(int n) {
        return new VecModel(n) {
            @Override
            public List<Vec> initialStates() {
                return List.of(new Vec(new int[2 * n]));
            }

            @Override
            public void steps(Vec s, int t, Steps<Vec> out) {
                int left = n + t;
                int right = n + (t + 1) % n;
                switch (s.get(t)) {
                    case 0 -> {
                        if (s.get(left) == 0) {
                            out.step("take_left", s.with(t, 1, left, t + 1));
                        }
                    }
                    case 1 -> {
                        if (s.get(right) == 0) {
                            out.step("take_right", s.with(t, 2, right, t + 1));
                        }
                    }
                    case 2 -> {
                        int[] c = s.v().clone();
                        c[t] = 3;
                        c[left] = 0;
                        c[right] = 0;
                        out.step("put_both", new Vec(c));
                    }
                    default -> { }
                }
            }

            @Override
            public boolean finished(Vec s, int t) {
                return s.get(t) == 3;
            }

            @Override
            public List<String> stepLabels() {
                return List.of("take_left", "take_right", "put_both");
            }

            @Override
            public String blockedReason(Vec s, int t) {
                return s.get(t) == 0 ? "waits for left fork" : "waits for right fork";
            }
        };
    }

    /**
     * Two threads take locks A and B in opposite orders, and T0 may take A only once T1 has
     * raised a flag: a deadlock whose shortest traces are T1, T1, T0 (one switch) and T1,
     * T0, T1 (two), the latter breadth-first search's first, since it tries T0 first.
     * Layout: pc0, pc1, A's holder+1, B's holder+1, flag.
     */
    static VecModel signalThenAbba() {
        return new VecModel(2) {
            @Override
            public List<Vec> initialStates() {
                return List.of(new Vec(new int[5]));
            }

            @Override
            public void steps(Vec s, int t, Steps<Vec> out) {
                int first = t == 0 ? 2 : 3;
                int second = t == 0 ? 3 : 2;
                int pc = s.get(t) - t;   // T1 raises the flag at pc 0, then runs T0's program from pc 1
                switch (pc) {
                    case -1 -> out.step("signal", s.with(t, 1, 4, 1));
                    case 0 -> {
                        if (s.get(first) == 0 && s.get(4) == 1) {
                            out.step("lock_first", s.with(t, s.get(t) + 1, first, t + 1));
                        }
                    }
                    case 1 -> {
                        if (s.get(second) == 0) {
                            out.step("lock_second", s.with(t, s.get(t) + 1, second, t + 1));
                        }
                    }
                    case 2 -> {
                        int[] c = s.v().clone();
                        c[t]++;
                        c[2] = 0;
                        c[3] = 0;
                        out.step("unlock_both", new Vec(c));
                    }
                    default -> { }
                }
            }

            @Override
            public boolean finished(Vec s, int t) {
                return s.get(t) - t == 3;
            }

            @Override
            public List<String> stepLabels() {
                return List.of("signal", "lock_first", "lock_second", "unlock_both");
            }
        };
    }

    /** A reference breadth-first count of reachable states, with no tricks at all. */
    static <S> int naiveCount(Model<S> m) {
        java.util.Set<S> seen = new java.util.HashSet<>(m.initialStates());
        java.util.ArrayDeque<S> q = new java.util.ArrayDeque<>(m.initialStates());
        List<S> next = new ArrayList<>();
        Steps<S> sink = new Steps<>() {
            @Override
            public void step(String label, S n) {
                next.add(n);
            }

            @Override
            public void violation(String label, S n, String p, String d) {
                next.add(n);
            }
        };
        while (!q.isEmpty()) {
            S s = q.poll();
            next.clear();
            for (int t = 0; t < m.threadNames().size(); t++) {
                m.steps(s, t, sink);
            }
            for (S n : next) {
                if (seen.add(n)) {
                    q.add(n);
                }
            }
        }
        return seen.size();
    }
}
