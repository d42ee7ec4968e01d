package foliocheck.engine;

import java.util.List;

/**
 * A path through a model: an initial state and the steps taken from it, each with the
 * state it produced. For a violation, the last state (or, for a step that flagged the
 * violation itself, the last step) breaks the property.
 *
 * @param initial  the initial state
 * @param initialIndex which of the model's initial states (for replay)
 * @param steps    the steps, in order
 */
public record Trace<S>(S initial, int initialIndex, List<Step<S>> steps) {

    /**
     * One step of a trace.
     *
     * @param thread the thread that moved
     * @param label  the step label
     * @param choice the step's index in the full enumeration of the previous state's steps
     * @param state  the state after the step
     */
    public record Step<S>(int thread, String label, int choice, S state) { }

    /** The state at the end of the trace. */
    public S last() {
        return steps.isEmpty() ? initial : steps.get(steps.size() - 1).state();
    }

    /** The state before step {@code i}. */
    public S before(int i) {
        return i == 0 ? initial : steps.get(i - 1).state();
    }

    /** Number of places where consecutive steps belong to different threads. */
    public int threadSwitches() {
        int n = 0;
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).thread() != steps.get(i - 1).thread()) {
                n++;
            }
        }
        return n;
    }
}
