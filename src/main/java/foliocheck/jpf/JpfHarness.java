package foliocheck.jpf;

import foliocheck.engine.Property;
import foliocheck.engine.Steps;
import foliocheck.model.Design;
import foliocheck.model.Designs;
import foliocheck.model.Program;
import foliocheck.model.ProgramRunner;
import foliocheck.model.Scenario;
import foliocheck.model.Scenarios;
import foliocheck.model.State;
import foliocheck.properties.Invariants;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * One scenario under one design as a plain multi-threaded Java program, for Java
 * PathFinder: one {@link Thread} per model thread; each model step runs atomically inside
 * one monitor and ends in {@code notifyAll()}; a thread with no enabled step waits; a step
 * with several outcomes picks one with {@code gov.nasa.jpf.vm.Verify.getInt}, looked up by
 * reflection so that nothing here depends on JPF at compile time; every invariant is
 * asserted after every step. JPF's interleavings of these threads are then exactly the
 * model's interleavings, and:
 * <ul>
 *   <li>a violated invariant, or a step that flags one, is an uncaught
 *       {@code AssertionError("foliocheck violation: NAME: detail")};</li>
 *   <li>a model deadlock is a Java deadlock, which JPF reports itself;</li>
 *   <li>each step prints {@code STEP thread choice label}, so the error path's output is
 *       the schedule;</li>
 *   <li>{@code main} joins every thread and fails if one stopped before its end (JPF can
 *       stop a thread silently on constructs it does not support).</li>
 * </ul>
 * Witnesses ({@code sometimes}) are not checked here: JPF checks paths, not reachability.
 * Outside JPF, {@code Verify} is missing and the first outcome is taken: one run of one
 * interleaving, which is how the harness's own test runs it.
 *
 * <p>Only constructs JPF for Java 17 runs are used here (see DESIGN.md): no
 * {@code String.join}, no generated record methods, no boxing method references.
 */
public final class JpfHarness {
    /** Printed before each step; {@code JpfCommand} reads the error path's schedule from it. */
    public static final String STEP = "STEP";
    /** Prefix of every violation's message. */
    public static final String VIOLATION = "foliocheck violation: ";
    /** Printed by main when every thread reached its end. */
    public static final String END = "foliocheck-jpf: every thread ended";

    private final Object lock = new Object();
    private final List<Program> programs;
    private final Design design;
    private final List<Property<State>> invariants;
    private final boolean[] ended;
    private State state;
    /** Set by the step that failed, so that no other thread prints a step after it. */
    private boolean failed;

    private static final Method GET_INT = verifyGetInt();

    JpfHarness(Scenario scenario, Design design) {
        this.programs = scenario.programs();
        this.design = design;
        this.invariants = Invariants.all(design);
        this.ended = new boolean[programs.size()];
        this.state = ProgramRunner.initialState(scenario, design);
    }

    /** {@code JpfHarness SCENARIO DESIGN}: built-in names only. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: JpfHarness SCENARIO DESIGN");
        }
        JpfHarness h = new JpfHarness(scenario(args[0]), design(args[1]));
        h.run();
    }

    void run() throws InterruptedException {
        checkInvariants(state);
        Thread[] threads = new Thread[programs.size()];
        for (int t = 0; t < threads.length; t++) {
            final int me = t;
            threads[t] = new Thread(() -> body(me), programs.get(t).name());
        }
        for (Thread th : threads) {
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        for (int t = 0; t < ended.length; t++) {
            if (!ended[t]) {
                throw new AssertionError("foliocheck-jpf: thread " + programs.get(t).name()
                        + " stopped before its end (a construct the JVM under test does not run?)");
            }
        }
        System.out.println(END);
    }

    /** One model thread: take a step whenever one is enabled, until the program finishes. */
    private void body(int me) {
        Collect c = new Collect();
        while (true) {
            synchronized (lock) {
                while (true) {
                    if (failed) {
                        return;
                    }
                    if (programs.get(me).finished(state.thread(me))) {
                        ended[me] = true;
                        lock.notifyAll();
                        return;
                    }
                    c.clear();
                    ProgramRunner.steps(programs, state, me, design, c);
                    if (c.size() > 0) {
                        break;
                    }
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        throw new AssertionError("foliocheck-jpf: interrupted");
                    }
                }
                int k = c.size() == 1 ? 0 : choose(c.size());
                System.out.println(STEP + " " + me + " " + k + " " + c.labels.get(k));
                if (c.properties.get(k) != null) {
                    failed = true;
                    throw new AssertionError(VIOLATION + c.properties.get(k) + ": " + c.details.get(k));
                }
                state = c.states.get(k);
                failed = true;
                checkInvariants(state);
                failed = false;
                lock.notifyAll();
            }
        }
    }

    private void checkInvariants(State s) {
        for (int i = 0; i < invariants.size(); i++) {
            Property<State> p = invariants.get(i);
            if (!p.holds().test(s)) {
                throw new AssertionError(VIOLATION + p.name() + ": " + p.explain().apply(s));
            }
        }
    }

    /** One of {@code n} outcomes: a JPF choice point, or the first outside JPF. */
    private static int choose(int n) {
        if (GET_INT == null) {
            return 0;
        }
        try {
            return (Integer) GET_INT.invoke(null, 0, n - 1);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("foliocheck-jpf: Verify.getInt failed: " + e);
        }
    }

    private static Method verifyGetInt() {
        try {
            return Class.forName("gov.nasa.jpf.vm.Verify").getMethod("getInt", int.class, int.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null;
        }
    }

    static Scenario scenario(String name) {
        List<Scenario> all = Scenarios.all();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(name)) {
                return all.get(i);
            }
        }
        if (name.startsWith("stress-") && name.length() == 8) {
            return Scenarios.stress(name.charAt(7) - '0');
        }
        throw new IllegalArgumentException("unknown scenario " + name);
    }

    static Design design(String name) {
        List<Design> all = Designs.all();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(name)) {
                return all.get(i);
            }
        }
        throw new IllegalArgumentException("unknown design " + name);
    }

    /** One thread's steps from one state. */
    private static final class Collect implements Steps<State> {
        final List<String> labels = new ArrayList<>();
        final List<State> states = new ArrayList<>();
        final List<String> properties = new ArrayList<>();
        final List<String> details = new ArrayList<>();

        void clear() {
            labels.clear();
            states.clear();
            properties.clear();
            details.clear();
        }

        int size() {
            return labels.size();
        }

        private void add(String label, State next, String property, String detail) {
            labels.add(label);
            states.add(next);
            properties.add(property);
            details.add(detail);
        }

        @Override
        public void step(String label, State next) {
            add(label, next, null, null);
        }

        @Override
        public void localStep(String label, State next) {
            add(label, next, null, null);
        }

        @Override
        public void violation(String label, State next, String property, String detail) {
            add(label, next, property, detail);
        }
    }
}
