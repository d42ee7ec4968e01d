package foliocheck.engine;

/**
 * A snapshot of a running search, delivered about once a second.
 *
 * @param states      distinct states so far
 * @param transitions steps executed so far
 * @param frontier    states waiting to be expanded
 * @param depth       current BFS level
 * @param millis      elapsed wall time
 */
public record Progress(long states, long transitions, long frontier, int depth, long millis) {

    /** Distinct states per second so far. */
    public long statesPerSecond() {
        return millis == 0 ? 0 : states * 1000 / millis;
    }
}
