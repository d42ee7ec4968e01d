package foliocheck.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Configures and runs an exhaustive search of a {@link Model}. The defaults give the most
 * useful answer: breadth-first (so every counterexample is a shortest one), then, among the
 * shortest, the one with the fewest thread switches; every reachable state explored.
 *
 * <pre>{@code
 * Result<S> r = Checker.of(model).symmetry(true).maxStates(10_000_000).run();
 * }</pre>
 */
public final class Checker<S> {
    final Model<S> model;
    boolean dfs;
    boolean symmetry;
    boolean localReduction = true;
    boolean stopAtFirstViolation;
    boolean fewestSwitches = true;
    long maxStates = Long.MAX_VALUE;
    Duration timeLimit;
    double maxHeapFraction = 0.9;
    int workers = 1;
    long packFrom = PACK_FROM;
    Consumer<Progress> progress;
    long progressIntervalMillis = 1000;
    long shortenBudget = 2_000_000;

    private Checker(Model<S> model) {
        this.model = Objects.requireNonNull(model);
    }

    /** A checker for {@code model} with the default configuration. */
    public static <S> Checker<S> of(Model<S> model) {
        return new Checker<>(model);
    }

    /** Depth-first instead of breadth-first: less memory, traces not shortest. */
    public Checker<S> dfs(boolean dfs) {
        this.dfs = dfs;
        return this;
    }

    /** Merge states that differ only by a permutation of identical threads. */
    public Checker<S> symmetry(boolean symmetry) {
        this.symmetry = symmetry;
        return this;
    }

    /** Take steps that touch only thread-local state without interleaving (default on). */
    public Checker<S> localReduction(boolean on) {
        this.localReduction = on;
        return this;
    }

    /** Stop at the first violation instead of settling every property. */
    public Checker<S> stopAtFirstViolation(boolean stop) {
        this.stopAtFirstViolation = stop;
        return this;
    }

    /**
     * Among shortest counterexamples, search for one with the fewest thread switches (default
     * on). The search runs without the reductions, so it also restores a shortest trace where
     * the local-step reduction made the one found longer or with more switches (81 of the
     * 891 counterexamples and witnesses of the built-in scenarios but the stress family, under
     * every design). Off, traces are as the search found them.
     */
    public Checker<S> fewestSwitches(boolean on) {
        this.fewestSwitches = on;
        return this;
    }

    /** Stop with an incomplete verdict after this many distinct states. */
    public Checker<S> maxStates(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("maxStates must be positive: " + n);
        }
        this.maxStates = n;
        return this;
    }

    /** Stop with an incomplete verdict after this much wall time. */
    public Checker<S> timeLimit(Duration limit) {
        this.timeLimit = limit;
        return this;
    }

    /** Stop with an incomplete verdict when the live heap passes this fraction of the maximum. */
    public Checker<S> maxHeapFraction(double f) {
        if (f <= 0 || f > 1) {
            throw new IllegalArgumentException("heap fraction must be in (0, 1]: " + f);
        }
        this.maxHeapFraction = f;
        return this;
    }

    /**
     * The default for {@link #packFrom}: the new states found by expanding a level of at
     * least this many states are packed, those found from a smaller level stay objects (a
     * few MB of them). Kept as objects, a large level's states are scattered over the heap
     * by the time they are expanded and are copied by the young collections they outlive;
     * packed, they are arrays of words read front to back and decoded into fresh objects.
     * Small levels are faster as objects, large ones packed (docs/performance.md, "The
     * frontier").
     */
    public static final long PACK_FROM = 8192;

    /** A limit's length as reports give it: "5 s", or "500 ms" when not whole seconds. */
    public static String limitText(java.time.Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }

    /** A {@link #packFrom} that packs no level: every frontier state stays an object. */
    public static final long NEVER_PACK = Long.MAX_VALUE;

    /**
     * Keep a breadth-first level's states packed by the model's codec ({@link Model#codec})
     * when the level being expanded has at least this many states, and as objects when it
     * has fewer (0: pack every level; {@link #NEVER_PACK}: none). A model without a codec
     * always keeps objects.
     */
    public Checker<S> packFrom(long states) {
        if (states < 0) {
            throw new IllegalArgumentException("packFrom must be at least 0: " + states);
        }
        this.packFrom = states;
        return this;
    }

    /** The most search threads: the visited set has 64 segments, each owned by one thread. */
    public static final int MAX_WORKERS = 64;

    /** Number of search threads (breadth-first only), 1 to {@link #MAX_WORKERS}. */
    public Checker<S> workers(int n) {
        if (n < 1 || n > MAX_WORKERS) {
            throw new IllegalArgumentException("workers must be 1 to " + MAX_WORKERS + ": " + n);
        }
        this.workers = n;
        return this;
    }

    /** Receive a progress snapshot about once a second. */
    public Checker<S> progress(Consumer<Progress> listener) {
        this.progress = listener;
        return this;
    }

    /** Runs the search. */
    public Result<S> run() {
        return new Search<>(this).run();
    }
}
