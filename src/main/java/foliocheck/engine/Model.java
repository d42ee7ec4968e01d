package foliocheck.engine;

import java.util.List;
import java.util.function.Predicate;

/**
 * A finite concurrent system: initial states and, per thread, the steps it can take.
 *
 * <p>States are immutable values. Everything the engine learns about a state comes from
 * this interface, so the engine knows nothing of what the states mean. The successor
 * enumeration must be deterministic (same state, same steps in the same order): traces
 * are rebuilt by re-enumeration, and two runs must print the same bytes.
 *
 * @param <S> the state type
 */
public interface Model<S> {

    /** The initial states, in a fixed order. */
    List<S> initialStates();

    /** Names of the threads, by index; fixed for the model. */
    List<String> threadNames();

    /**
     * Offers every step thread {@code thread} can take from {@code state} to {@code out}.
     * A thread that offers nothing and is not {@link #finished finished} is blocked.
     */
    void steps(S state, int thread, Steps<S> out);

    /**
     * The successor enumeration for one search thread, which may keep scratch space from
     * call to call (it need not be thread-safe); it must offer exactly {@link #steps}'s
     * steps. The default is {@link #steps} itself.
     */
    default Stepper<S> stepper() {
        return this::steps;
    }

    /** {@link Model#steps}, as one search thread calls it. */
    @FunctionalInterface
    interface Stepper<S> {
        void steps(S state, int thread, Steps<S> out);
    }

    /** Whether {@code thread} has run to its end in {@code state}. */
    boolean finished(S state, int thread);

    /**
     * A 64-bit fingerprint of the state. Equal states must have equal fingerprints; the
     * hash must not depend on identity hash codes or hash iteration order.
     */
    long fingerprint(S state);

    /**
     * A fingerprinter for one search thread, which may reuse work across the successors of
     * one state; it must give {@link #fingerprint}'s values. The default recomputes.
     */
    default Fingerprinter<S> fingerprinter() {
        return Fingerprinter.of(this);
    }

    /**
     * A compact form of states for the breadth-first frontier, or null (the default): the
     * frontier then holds the states themselves. Called once per search thread.
     */
    default StateCodec<S> codec() {
        return null;
    }

    /** The invariants ({@code always}) and witnesses ({@code sometimes}) checked on every state. */
    List<Property<S>> properties();

    /**
     * A faster test of several invariants at once, or null (the default). The checker
     * tries it first on every new state and tests the invariants it covers one by one only
     * when it fails, to name the broken one; so it must never pass a state that breaks one
     * of them, and it gains only if it seldom fails a state that breaks none.
     */
    default Screen<S> screen() {
        return null;
    }

    /**
     * {@code allHold} is true only when every invariant named in {@code covers} holds
     * (names of invariants among {@link #properties}, which the checker requires to be
     * distinct; others are ignored).
     */
    record Screen<S>(List<String> covers, Predicate<S> allHold) {
        public Screen {
            covers = List.copyOf(covers);
        }
    }

    /** Every step label this model can execute, for the coverage report ({@code check --coverage}). */
    List<String> stepLabels();

    /**
     * The representative of the state's symmetry class (identical threads permuted into
     * a canonical order). Only used when the checker runs with symmetry reduction; the
     * default is no symmetry.
     */
    default S canonical(S state) {
        return state;
    }

    /** Why {@code thread} cannot move in {@code state}, for deadlock reports. */
    default String blockedReason(S state, int thread) {
        return "blocked";
    }

    /** What changed from {@code before} to {@code after}, as short phrases for traces. */
    default List<String> changes(S before, S after) {
        return List.of();
    }

    /** Lines describing an initial state, for traces. */
    default List<String> describeInitial(S state) {
        return List.of(describe(state));
    }

    /** A one-line description of a state, for debugging and text traces. */
    default String describe(S state) {
        return String.valueOf(state);
    }
}
