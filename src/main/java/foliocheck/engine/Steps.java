package foliocheck.engine;

/**
 * Receives the steps one thread can take from one state. A step with several outcomes
 * (a nondeterministic choice) is offered once per outcome, under the same or different
 * labels.
 */
public interface Steps<S> {

    /** The thread can take a step labelled {@code label} to {@code next}. */
    void step(String label, S next);

    /**
     * The step touches only the thread's own state: it commutes with every other step and
     * no property can observe it. When such a step is enabled, the checker may take it
     * without interleaving the other threads (an ample set of one); verdicts stay exact.
     */
    default void localStep(String label, S next) {
        step(label, next);
    }

    /**
     * The step itself breaks {@code property} (for example it touches freed memory): the
     * checker reports a violation whose trace ends with this step.
     */
    void violation(String label, S next, String property, String detail);
}
