package foliocheck.jpf;

import foliocheck.engine.Property;
import foliocheck.model.Design;
import foliocheck.model.Designs;
import foliocheck.model.Program;
import foliocheck.model.ProgramRunner;
import foliocheck.model.Scenario;
import foliocheck.model.Scenarios;
import foliocheck.model.State;
import foliocheck.model.StepList;
import foliocheck.properties.Invariants;
import foliocheck.properties.PropertySet;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

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
 * <p>Only constructs JPF for Java 17 runs are used here (see docs/jpf.md): no
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
    /** The properties checked (invariants, or a violation a step reports), or null for every one. */
    private final List<String> only;
    private final boolean[] ended;
    private State state;
    /** Set by the step that failed, so that no other thread prints a step after it. */
    private boolean failed;

    private static final Method GET_INT = verifyGetInt();

    JpfHarness(Scenario scenario, Design design) {
        this(scenario, design, null, List.of());
    }

    /**
     * A harness that checks only the properties named in {@code only} (null: every one),
     * among the built-in invariants and those of {@code sets}.
     */
    JpfHarness(Scenario scenario, Design design, List<String> only, List<PropertySet> sets) {
        this.programs = scenario.programs();
        this.design = design;
        this.only = only;
        List<Property<State>> checked = new ArrayList<>();
        for (Property<State> p : Invariants.all(design)) {
            if (checks(p.name())) {
                checked.add(p);
            }
        }
        for (int i = 0; i < sets.size(); i++) {
            List<Property<State>> own = sets.get(i).properties(design);
            for (int j = 0; j < own.size(); j++) {
                Property<State> p = own.get(j);
                if (p.isAlways() && checks(p.name())) {
                    checked.add(p);
                }
            }
        }
        this.invariants = checked;
        this.ended = new boolean[programs.size()];
        this.state = ProgramRunner.initialState(scenario, design);
    }

    /** Prefix of a scenario or design argument that names a class instead of a built-in. */
    public static final String CLASS = "class:";
    /** The third argument that checks every property: not a word, so no property's name (Catalog.requireWord). */
    public static final String EVERY = "*";

    /**
     * {@code JpfHarness SCENARIO DESIGN [P,Q,...|*] [SET,...]}: a scenario or design is a
     * built-in name, or {@code class:} and the binary name of a user class (a design, or a
     * {@code Supplier<Scenario>}; public, with a public constructor without arguments); the
     * third argument names the only properties to check; the fourth, user property sets
     * (classes implementing {@link PropertySet}), whose invariants are checked too.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2 || args.length > 4) {
            throw new IllegalArgumentException("usage: JpfHarness SCENARIO DESIGN [PROPERTY,...|*] [SET,...]");
        }
        List<String> only = args.length >= 3 && !args[2].equals(EVERY) ? names(args[2]) : null;
        List<PropertySet> sets = new ArrayList<>();
        if (args.length == 4) {
            List<String> classes = names(args[3]);
            for (int i = 0; i < classes.size(); i++) {
                sets.add((PropertySet) instance(classes.get(i)));
            }
        }
        JpfHarness h = new JpfHarness(scenario(args[0]), design(args[1]), only, sets);
        h.run();
    }

    /** The comma-separated names of {@code list} (without {@code String.split}, which JPF is not known to run). */
    static List<String> names(String list) {
        List<String> l = new ArrayList<>();
        int from = 0;
        while (from <= list.length()) {
            int comma = list.indexOf(',', from);
            int end = comma < 0 ? list.length() : comma;
            if (end > from) {
                l.add(list.substring(from, end));
            }
            from = end + 1;
        }
        return l;
    }

    private boolean checks(String property) {
        return only == null || only.contains(property);
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

    /**
     * One model thread: take a step whenever one is enabled, until the program is done, or,
     * for a thread that counts as finished while it can still move (file B's allocator), until
     * no thread can move ({@link #atEnd}).
     */
    private void body(int me) {
        StepList c = new StepList();
        while (true) {
            synchronized (lock) {
                while (true) {
                    if (failed) {
                        return;
                    }
                    if (state.thread(me).pc() == Program.DONE) {
                        ended[me] = true;
                        lock.notifyAll();
                        return;
                    }
                    c.clear();
                    c.add(programs, state, me, design);
                    if (c.size() > 0) {
                        break;
                    }
                    // A thread that counts as finished before its end (file B's allocator,
                    // waiting for a free block as a bystander) ends only at an end state:
                    // until then another thread may still free the block it waits for.
                    if (programs.get(me).finished(state.thread(me)) && atEnd()) {
                        ended[me] = true;
                        lock.notifyAll();
                        return;
                    }
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        throw new AssertionError("foliocheck-jpf: interrupted");
                    }
                }
                int k = c.size() == 1 ? 0 : choose(c.size());
                System.out.println(STEP + " " + me + " " + k + " " + c.label(k));
                if (c.property(k) != null && checks(c.property(k))) {
                    failed = true;
                    throw new AssertionError(VIOLATION + c.property(k) + ": " + c.detail(k));
                }
                state = c.state(k);
                failed = true;
                checkInvariants(state);
                failed = false;
                lock.notifyAll();
            }
        }
    }

    /** Whether no thread that has not ended can move, and every one of them counts as finished: an end state. */
    private boolean atEnd() {
        StepList c = new StepList();
        for (int t = 0; t < programs.size(); t++) {
            if (!ended[t]) {
                c.clear();
                if (!programs.get(t).finished(state.thread(t)) || c.add(programs, state, t, design).size() > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    void checkInvariants(State s) {
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
        if (name.startsWith(CLASS)) {
            Object v = ((Supplier<?>) instance(name.substring(CLASS.length()))).get();
            if (!(v instanceof Scenario)) {
                throw new IllegalArgumentException(name + " supplies no scenario");
            }
            return (Scenario) v;
        }
        Scenario s = Scenarios.named(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown scenario " + name);
        }
        return s;
    }

    static Design design(String name) {
        if (name.startsWith(CLASS)) {
            return (Design) instance(name.substring(CLASS.length()));
        }
        Design d = Designs.named(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown design " + name);
        }
        return d;
    }

    /** A new instance of the user class {@code name}, by its public constructor without arguments. */
    static Object instance(String name) {
        try {
            return Class.forName(name).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot construct " + name + ": " + e);
        }
    }
}
