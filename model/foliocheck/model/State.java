package foliocheck.model;

import java.util.List;
import java.util.Objects;

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

    // Hand-written, not generated: JPF silently stops a thread in generated record methods (docs/jpf.md).
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof State r && Objects.equals(kernel, r.kernel)
                && Objects.equals(threads, r.threads);
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(kernel);
        h = 31 * h + Objects.hashCode(threads);
        return h;
    }

    @Override
    public String toString() {
        return "State[kernel=" + kernel + ", threads=" + threads + "]";
    }
}
