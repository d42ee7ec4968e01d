package foliocheck.engine;

/**
 * What a run found for one property.
 *
 * @param name    property name ({@code deadlock} for the built-in deadlock check)
 * @param doc     its one-line doc
 * @param status  the finding
 * @param detail  the values that broke it (violations) or what blocked (deadlock)
 * @param trace   the counterexample or witness, or null
 */
public record Outcome<S>(String name, String doc, Status status, String detail, Trace<S> trace) {

    /** The finding for one property. */
    public enum Status {
        /** An invariant held in every reachable state (exhaustive runs only). */
        HOLDS,
        /** An invariant failed; the trace leads to the failure. */
        VIOLATED,
        /** A witness was reached; the trace leads to it. */
        REACHED,
        /** A witness was never reached in an exhaustive run: the scenario proves less than it claims. */
        UNREACHED,
        /** The run stopped at a limit before the question was settled. */
        UNKNOWN
    }

    /** Whether this outcome makes the run fail. */
    public boolean failed() {
        return status == Status.VIOLATED || status == Status.UNREACHED;
    }
}
