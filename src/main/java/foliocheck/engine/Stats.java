package foliocheck.engine;

import java.util.Map;

/**
 * Statistics of one run.
 *
 * @param states        distinct states (after symmetry reduction)
 * @param transitions   steps executed, including those reaching known states
 * @param maxDepth      deepest BFS level (or DFS stack) reached
 * @param millis        wall time
 * @param maxFrontier   largest queue (BFS) or stack (DFS)
 * @param visitedBytes  bytes held by fingerprints and parent links
 * @param stepCounts    how often each declared step label ran, in declaration order
 */
public record Stats(long states, long transitions, int maxDepth, long millis, long maxFrontier,
                    long visitedBytes, Map<String, Long> stepCounts) {

    /** Distinct states per second of wall time. */
    public long statesPerSecond() {
        return millis == 0 ? states * 1000 : states * 1000 / millis;
    }

    /**
     * Probability that two distinct states shared a fingerprint, so that one was never
     * explored. Like TLC: the optimistic estimate n(m-n)/2^64 for n states and m
     * transitions; {@link #collisionBound()} gives the birthday bound.
     */
    public double collisionProbability() {
        double n = states;
        double m = Math.max(transitions, states);
        return n * (m - n) / Math.pow(2, 64);
    }

    /** The birthday bound n^2 / 2^65 on a fingerprint collision among n states. */
    public double collisionBound() {
        double n = states;
        return n * n / Math.pow(2, 65);
    }

    /** Labels that were declared but never executed. */
    public java.util.List<String> uncovered() {
        return uncovered(stepCounts);
    }

    /** The labels of {@code counts} (step counts, of one run or summed over several) that are 0, in order. */
    public static java.util.List<String> uncovered(Map<String, Long> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList();
    }
}
