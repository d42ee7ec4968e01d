package foliocheck.model;

import java.util.List;

/**
 * A state of the model: the shared kernel state and every thread's private state.
 *
 * @param kernel  shared state
 * @param threads per-thread state, in scenario order
 */
public record State(Kernel kernel, List<Local> threads) {

    public Local thread(int t) {
        return threads.get(t);
    }

    /** This state with thread {@code t}'s state replaced. */
    public State with(int t, Local l) {
        return new State(kernel, Kernel.set(threads, t, l));
    }

    /** This state with the kernel and thread {@code t}'s state replaced. */
    public State with(Kernel k, int t, Local l) {
        return new State(k, Kernel.set(threads, t, l));
    }

    public State with(Kernel k) {
        return new State(k, threads);
    }
}
