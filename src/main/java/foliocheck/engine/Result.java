package foliocheck.engine;

import java.util.List;

/**
 * The verdict of one run and everything it found.
 *
 * @param verdict   overall verdict
 * @param outcomes  one per invariant (model order), then deadlock, then one per witness
 * @param stats     statistics
 * @param stopReason why an incomplete run stopped, or null
 */
public record Result<S>(Verdict verdict, List<Outcome<S>> outcomes, Stats stats, String stopReason) {

    /** The overall verdict of a run. */
    public enum Verdict {
        /** Every invariant held in every reachable state and every witness was reached. */
        HOLDS,
        /** An invariant was violated (or a deadlock found): there is a counterexample. */
        VIOLATED,
        /** Every invariant held, but some witness was never reached: the run proves too little. */
        VACUOUS,
        /** A limit stopped the run before the state space was exhausted. */
        INCOMPLETE
    }

    /** The outcome for a property, or null. */
    public Outcome<S> outcome(String name) {
        for (Outcome<S> o : outcomes) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        return null;
    }

    /** Outcomes that are violations, in order. */
    public List<Outcome<S>> violations() {
        return outcomes.stream().filter(o -> o.status() == Outcome.Status.VIOLATED).toList();
    }
}
