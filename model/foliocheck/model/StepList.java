package foliocheck.model;

import foliocheck.engine.Steps;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps offered from one state, in enumeration order (thread by thread), each with
 * its thread, label, next state and the violation it flags itself (or null). The
 * collector for code that walks the model outside the engine: replay, the JPF harness.
 */
public final class StepList implements Steps<State> {
    private final List<Integer> threads = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final List<State> states = new ArrayList<>();
    private final List<String> properties = new ArrayList<>();
    private final List<String> details = new ArrayList<>();
    private int thread;

    /** Every thread's steps from {@code s}. */
    public static StepList all(List<Program> programs, State s, Design d) {
        StepList l = new StepList();
        for (int t = 0; t < programs.size(); t++) {
            l.add(programs, s, t, d);
        }
        return l;
    }

    /** Appends thread {@code t}'s steps from {@code s}. */
    public StepList add(List<Program> programs, State s, int t, Design d) {
        thread = t;
        ProgramRunner.steps(programs, s, t, d, this);
        return this;
    }

    public void clear() {
        threads.clear();
        labels.clear();
        states.clear();
        properties.clear();
        details.clear();
    }

    public int size() {
        return labels.size();
    }

    public int thread(int i) {
        return threads.get(i);
    }

    public String label(int i) {
        return labels.get(i);
    }

    public State state(int i) {
        return states.get(i);
    }

    /** The property step {@code i} breaks itself, or null. */
    public String property(int i) {
        return properties.get(i);
    }

    public String detail(int i) {
        return details.get(i);
    }

    /** The index of thread {@code t}'s {@code k}-th step, or -1. */
    public int indexOf(int t, int k) {
        int seen = 0;
        for (int i = 0; i < threads.size(); i++) {
            if (threads.get(i) == t && seen++ == k) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void step(String label, State next) {
        violation(label, next, null, null);
    }

    @Override
    public void violation(String label, State next, String property, String detail) {
        threads.add(thread);
        labels.add(label);
        states.add(next);
        properties.add(property);
        details.add(detail);
    }
}
