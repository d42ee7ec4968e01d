package foliocheck.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One exhaustive run of a {@link Checker}. Not reusable. */
final class Search<S> {
    private static final String DEADLOCK = "deadlock";
    private static final String DEADLOCK_DOC =
            "some thread is blocked, no thread can move, and not every thread has finished";

    private final Checker<S> cfg;
    private final Model<S> model;
    private final int threads;
    private final List<Property<S>> always = new ArrayList<>();
    private final List<Property<S>> sometimes = new ArrayList<>();
    private final VisitedSet visited;
    private final StepBuffer<S> buf = new StepBuffer<>();
    private final Fingerprinter<S> fingerprinter;
    /** The model's codec for frontier states, or null; each worker has its own. */
    private final StateCodec<S> codec;

    /** Label -> index into {@link #labelCounts}; labels not declared are added on first use. */
    private final Map<String, Integer> labelIndex = new HashMap<>();
    private final List<String> labels = new ArrayList<>();
    private long[] labelCounts;

    /** Where each found violation / witness ends: state id, plus a final step choice or -1. */
    private final Map<String, long[]> found = new LinkedHashMap<>();
    private final Map<String, String> details = new HashMap<>();
    /** Whether {@code always.get(i)} / {@code sometimes.get(i)} is in {@link #found}, for the per-state test. */
    private boolean[] alwaysFound;
    private boolean[] sometimesFound;
    /** Invariants not violated yet; at 0, states need no longer be tested against them. */
    private int alwaysLeft;
    private int sometimesLeft;
    /**
     * Whether a state limit is set: then no state is added at or past it (exactly the
     * limit with one worker; with several, each may add one more).
     */
    private final boolean stateLimit;

    private long transitions;
    private int maxDepth;
    private long maxFrontier;
    private long start;
    private String stopReason;
    private MemoryPoolMXBean oldGen;

    Search(Checker<S> cfg) {
        this.cfg = cfg;
        this.model = cfg.model;
        this.threads = model.threadNames().size();
        for (Property<S> p : model.properties()) {
            (p.isAlways() ? always : sometimes).add(p);
        }
        alwaysLeft = always.size();
        alwaysFound = new boolean[always.size()];
        sometimesFound = new boolean[sometimes.size()];
        sometimesLeft = sometimes.size();
        for (String l : model.stepLabels()) {
            labelIndex.computeIfAbsent(l, k -> {
                labels.add(k);
                return labels.size() - 1;
            });
        }
        labelCounts = new long[Math.max(16, labels.size())];
        visited = new VisitedSet(cfg.dfs ? 1 : cfg.workers);
        fingerprinter = model.fingerprinter();
        stateLimit = cfg.maxStates != Long.MAX_VALUE;
        codec = model.codec();
        oldGen = heapPool();
    }

    Result<S> run() {
        start = System.nanoTime();
        try {
            if (cfg.dfs) {
                searchDepthFirst();
            } else {
                searchBreadthFirst();
            }
        } catch (OutOfMemoryError e) {
            stopReason = "out of memory (raise -Xmx or lower --max-states)";
        }
        return result();
    }

    // ---------------------------------------------------------------- the search loops

    /**
     * Level-synchronous breadth-first search. The frontier is a list of {@link Batch}es
     * that the workers take in turn; each batch's new states are kept in the order its
     * states were expanded, and {@link VisitedSet#insert} keeps for each new state the
     * earliest (frontier position, step) that reaches it. Concatenating the batches'
     * survivors thus gives exactly the next frontier, parents and first violations of a
     * one-thread search, whatever the number of workers: states, traces and statistics do
     * not depend on it.
     */
    private void searchBreadthFirst() {
        List<S> inits = model.initialStates();
        Batch<S> first = new Batch<>();
        for (int i = 0; i < inits.size(); i++) {
            S s = represent(inits.get(i));
            int id = visited.add(model.fingerprint(s), -1 - i, 0);
            if (id >= 0) {
                checkState(s, id);
                first.add(s, id, 0, 0, codec);
            }
        }
        first.settle();
        List<Batch<S>> parts = first.live() > 0 ? List.of(first) : List.of();
        List<Worker> workers = new ArrayList<>();
        for (int w = 0; w < cfg.workers; w++) {
            workers.add(new Worker(w == 0));
        }
        int depth = 0;
        while (!parts.isEmpty() && !shouldStop()) {
            Level<S> level = new Level<>(parts);
            maxDepth = depth;
            maxFrontier = Math.max(maxFrontier, level.size);
            runLevel(workers, level);
            List<Map.Entry<String, Candidate>> candidates = new ArrayList<>();
            for (Worker w : workers) {
                w.settle(candidates);
            }
            settle(candidates);
            parts = level.collect(visited);
            visited.endLevel();
            if (stopReason != null) {
                return;
            }
            depth++;
            if (limitReached(Level.size(parts), depth)) {
                return;
            }
        }
    }

    /** Runs one level on every worker, the calling thread being worker 0. */
    private void runLevel(List<Worker> workers, Level<S> level) {
        if (workers.size() == 1 || level.parts.size() == 1) {
            workers.get(0).run(level);
            return;
        }
        Thread[] threads = new Thread[workers.size() - 1];
        Throwable[] failure = new Throwable[1];
        for (int w = 1; w < workers.size(); w++) {
            Worker worker = workers.get(w);
            threads[w - 1] = new Thread(() -> {
                try {
                    worker.run(level);
                } catch (Throwable e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                    level.stop = true;
                }
            }, "foliocheck-worker-" + w);
            threads[w - 1].start();
        }
        try {
            workers.get(0).run(level);
        } catch (RuntimeException | Error e) {
            level.stop = true;
            throw e;
        } finally {
            for (Thread t : threads) {
                boolean interrupted = false;
                while (t.isAlive()) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        synchronized (failure) {
            if (failure[0] instanceof Error e) {
                throw e;
            }
            if (failure[0] != null) {
                throw new IllegalStateException("search worker failed", failure[0]);
            }
        }
    }

    /** One BFS level: the frontier's batches, the batch cursor and each batch's new states. */
    private static final class Level<S> {
        final List<Batch<S>> parts;
        /** The frontier position of each part's first state. */
        final int[] base;
        final int size;
        final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        /** The batches of new states found from each part, in discovery order. */
        final List<List<Batch<S>>> out;
        volatile boolean stop;

        Level(List<Batch<S>> parts) {
            this.parts = parts;
            base = new int[parts.size()];
            int n = 0;
            for (int k = 0; k < parts.size(); k++) {
                base[k] = n;
                n += parts.get(k).live();
            }
            size = n;
            out = new ArrayList<>(java.util.Collections.nCopies(parts.size(), null));
        }

        static int size(List<? extends Batch<?>> parts) {
            int n = 0;
            for (Batch<?> b : parts) {
                n += b.live();
            }
            return n;
        }

        /** The number of the state at frontier position {@code p}. */
        int idAt(int p) {
            int k = Arrays.binarySearch(base, p);
            if (k < 0) {
                k = -2 - k;
            }
            return parts.get(k).ids[p - base[k]];
        }

        /**
         * The next level: each part's new batches in order, without the entries another
         * chunk reached through an earlier (position, step); parent positions become parent
         * numbers.
         */
        List<Batch<S>> collect(VisitedSet visited) {
            List<Batch<S>> next = new ArrayList<>();
            for (List<Batch<S>> l : out) {
                if (l == null) {
                    continue;
                }
                for (Batch<S> b : l) {
                    if (b.keep(visited) > 0) {
                        next.add(b);
                    }
                }
            }
            for (Batch<S> b : next) {
                for (int i = 0; i < b.live(); i++) {
                    visited.setParent(b.ids[i], idAt(b.pos[i]));
                }
                b.settle();
            }
            return next;
        }
    }

    /**
     * A candidate for a property's first violation (or witness) in this level. Its order
     * key is (frontier position, step, state-after-step): what a one-thread search meets
     * first. For a state's own property the key is recomputed at the end of the level,
     * since a later discovery may give the state an earlier parent.
     */
    private record Candidate(long key, int id, int choice, boolean ofState, String detail) { }

    private static final int LABEL_CACHE = 256;

    private static long key(int pos, int choice, boolean ofState) {
        return (((long) pos << 21) + choice + 1) << 1 | (ofState ? 1 : 0);
    }

    /** A search thread's private buffers, counters and candidates. */
    private final class Worker {
        final StepBuffer<S> buf = new StepBuffer<>();
        final StateCodec<S> codec = model.codec();
        final Fingerprinter<S> fingerprinter = codec != null && codec.fingerprinter() != null
                ? codec.fingerprinter() : model.fingerprinter();
        final Batch.Reader<S> reader = new Batch.Reader<>(codec);
        /** Where the part being expanded puts its new states. */
        List<Batch<S>> out;
        Batch<S> outBatch;
        final long[] counts = new long[labelCounts.length];
        final Map<String, Long> extraCounts = new java.util.TreeMap<>();
        /** Labels are usually the same few string constants: a cache by identity (four probes) saves a map lookup a step. */
        final String[] cachedLabel = new String[LABEL_CACHE];
        final int[] cachedIndex = new int[LABEL_CACHE];
        final Map<String, Candidate> candidates = new HashMap<>();
        /** The worker on the calling thread, which also watches the limits. */
        final boolean leader;
        long transitions;

        Worker(boolean leader) {
            this.leader = leader;
        }

        void run(Level<S> level) {
            int k;
            long tick = 0;
            while (!level.stop && (k = level.next.getAndIncrement()) < level.parts.size()) {
                out = new ArrayList<>();
                outBatch = null;
                level.out.set(k, out);
                Batch<S> part = level.parts.get(k);
                reader.start(part);
                int pos = level.base[k];
                for (int i = 0; i < part.live() && !level.stop; i++, pos++) {
                    expand(reader.next(), part.ids[i], pos, level);
                    if (leader && (++tick & 0xFF) == 0 && limitReached(level.size - pos, maxDepth)) {
                        level.stop = true;
                    }
                }
            }
        }

        private void expand(S s, int id, int pos, Level<S> level) {
            StepBuffer<S> b = buf;
            long range = stepRange(s, b, true, fingerprinter);
            if (range == STUCK) {
                offer(DEADLOCK, new Candidate(key(pos, -1, false), id, -1, false, null));
                return;
            }
            int to = (int) range;
            for (int i = (int) (range >>> 32); i < to; i++) {
                transitions++;
                count(b.label[i]);
                if (b.property[i] != null) {
                    offer(b.property[i], new Candidate(key(pos, i, false), id, i, false, b.detail[i]));
                }
                if (stateLimit && visited.size() >= cfg.maxStates) {
                    level.stop = true;
                    return;
                }
                long fp = fingerprintOf(b, i, fingerprinter);
                S rep = b.rep[i];
                int r = visited.insert(fp, pos, i);
                if (r == VisitedSet.KNOWN) {
                    continue;
                }
                int nid = r >= 0 ? r : -2 - r;
                check(rep, nid, key(pos, i, true));
                if (outBatch == null || outBatch.full()) {
                    outBatch = new Batch<>();
                    out.add(outBatch);
                }
                outBatch.add(rep, nid, pos, i, codec);
            }
        }

        private void check(S s, int id, long key) {
            findings(s, p -> offer(p.name(), new Candidate(key, id, -1, true, null)));
        }

        private void offer(String property, Candidate c) {
            if (found.containsKey(property)) {
                return;
            }
            Candidate old = candidates.get(property);
            if (old == null || c.key() < old.key()) {
                candidates.put(property, c);
            }
        }

        private void count(String label) {
            int h = label.hashCode();
            for (int probe = 0; probe < 4; probe++) {
                int slot = h + probe & (LABEL_CACHE - 1);
                String c = cachedLabel[slot];
                if (c == label) {
                    counts[cachedIndex[slot]]++;
                    return;
                }
                if (c == null) {
                    h = slot;
                    break;
                }
            }
            Integer i = labelIndex.get(label);
            if (i != null && i < counts.length) {
                counts[i]++;
                h &= LABEL_CACHE - 1;
                if (cachedLabel[h] == null) {
                    cachedLabel[h] = label;
                    cachedIndex[h] = i;
                }
            } else {
                extraCounts.merge(label, 1L, Long::sum);
            }
        }

        /** Hands this level's counts to the search and its candidates to {@code into}. */
        void settle(List<Map.Entry<String, Candidate>> into) {
            Search.this.transitions += transitions;
            transitions = 0;
            for (int i = 0; i < counts.length; i++) {
                labelCounts[i] += counts[i];
                counts[i] = 0;
            }
            for (Map.Entry<String, Long> e : extraCounts.entrySet()) {
                countLabel(e.getKey(), e.getValue());
            }
            extraCounts.clear();
            into.addAll(candidates.entrySet());
            candidates.clear();
        }
    }

    /**
     * Records, for each property, the earliest of the level's candidates, the key of a
     * state's own candidate taken from its final parent link. Runs before parent
     * positions become parent numbers.
     */
    private void settle(List<Map.Entry<String, Candidate>> candidates) {
        Map<String, Candidate> best = new java.util.TreeMap<>();
        Map<String, Long> keys = new HashMap<>();
        for (Map.Entry<String, Candidate> e : candidates) {
            Candidate c = e.getValue();
            long k = c.ofState() ? key(visited.parent(c.id()), visited.choice(c.id()), true) : c.key();
            Long old = keys.get(e.getKey());
            if (old == null || k < old) {
                keys.put(e.getKey(), k);
                best.put(e.getKey(), c);
            }
        }
        for (Map.Entry<String, Candidate> e : best.entrySet()) {
            Candidate c = e.getValue();
            if (isViolationName(e.getKey())) {
                report(e.getKey(), c.id(), c.choice(), c.detail());
            } else if (!found.containsKey(e.getKey())) {
                markFound(e.getKey(), new long[] {c.id(), -1});
                sometimesLeft--;
            }
        }
    }


    private void searchDepthFirst() {
        ArrayDequeOf<S> stack = new ArrayDequeOf<>();
        List<S> inits = model.initialStates();
        for (int i = inits.size() - 1; i >= 0; i--) {
            S s = represent(inits.get(i));
            int id = visited.add(model.fingerprint(s), -1 - i, 0);
            if (id >= 0) {
                checkState(s, id);
                stack.push(s, id);
            }
        }
        long tick = 0;
        while (!stack.isEmpty() && !shouldStop()) {
            maxFrontier = Math.max(maxFrontier, stack.size());
            S s = stack.peekState();
            int id = stack.peekId();
            stack.pop();
            expand(s, id, (next, nid) -> stack.push(next, nid));
            int depth = (int) Math.min(Integer.MAX_VALUE, stack.size());
            maxDepth = Math.max(maxDepth, depth);
            if (((++tick & 0x3FF) == 0 || visited.size() >= cfg.maxStates) && limitReached(stack.size(), depth)) {
                return;
            }
        }
    }

    private interface Sink<S> {
        void accept(S state, int id);
    }

    /** Enumerates every step of {@code s}, records new states and checks them. */
    private void expand(S s, int id, Sink<S> sink) {
        StepBuffer<S> b = buf;
        long range = stepRange(s, b, false, fingerprinter);
        if (range == STUCK) {
            report(DEADLOCK, id, -1, null);
            return;
        }
        int to = (int) range;
        for (int i = (int) (range >>> 32); i < to; i++) {
            transitions++;
            countLabel(b.label[i]);
            if (b.property[i] != null) {
                report(b.property[i], id, i, b.detail[i]);
            }
            if (stateLimit && visited.size() >= cfg.maxStates) {
                return;
            }
            long fp = fingerprintOf(b, i, fingerprinter);
            S rep = b.rep[i];
            int nid = visited.add(fp, id, i);
            if (nid >= 0) {
                checkState(rep, nid);
                sink.accept(rep, nid);
            }
        }
    }

    /** {@link #stepRange} of a state where no thread can move and some thread has not finished. */
    private static final long STUCK = -1;

    /**
     * Enumerates every step of {@code s} into {@code b} and returns the ones to take,
     * {@code from << 32 | to}: all of them, or an ample set of thread-local steps; or
     * {@link #STUCK}. A state where every thread has finished has no steps (0).
     */
    private long stepRange(S s, StepBuffer<S> b, boolean breadthFirst, Fingerprinter<S> fpr) {
        b.clear();
        fpr.expanding(s);
        for (int t = 0; t < threads; t++) {
            b.thread = t;
            model.steps(s, t, b);
        }
        if (b.size == 0) {
            for (int t = 0; t < threads; t++) {
                if (!model.finished(s, t)) {
                    return STUCK;
                }
            }
            return 0;
        }
        int[] ample = cfg.localReduction ? ampleRange(b, breadthFirst, fpr) : null;
        return ample == null ? b.size : (long) ample[0] << 32 | ample[1];
    }

    /**
     * The steps of the first thread whose enabled steps are all thread-local and lead only
     * to new states, or null. Taking only those is an ample set: the steps commute with
     * every other thread's, no property sees them, and they cannot close a cycle.
     */
    private int[] ampleRange(StepBuffer<S> b, boolean breadthFirst, Fingerprinter<S> fpr) {
        int i = 0;
        while (i < b.size) {
            int t = b.threadOf[i];
            int j = i;
            boolean allLocal = true;
            while (j < b.size && b.threadOf[j] == t) {
                allLocal &= b.local[j] && b.property[j] == null;
                j++;
            }
            if (allLocal) {
                boolean fresh = true;
                for (int k = i; k < j && fresh; k++) {
                    long fp = fingerprintOf(b, k, fpr);
                    fresh = breadthFirst ? !visited.presentBeforeLevel(fp) : !visited.contains(fp);
                }
                if (fresh) {
                    return new int[] {i, j};
                }
            }
            i = j;
        }
        return null;
    }

    private S represent(S s) {
        return cfg.symmetry ? model.canonical(s) : s;
    }

    /** The fingerprint of successor {@code k}'s representative, computed at most once per expansion. */
    private long fingerprintOf(StepBuffer<S> b, int k, Fingerprinter<S> fpr) {
        if (b.rep[k] == null) {
            b.rep[k] = represent(b.next[k]);
            b.fp[k] = fpr.fingerprint(b.rep[k]);
        }
        return b.fp[k];
    }

    private void checkState(S s, int id) {
        findings(s, p -> {
            if (p.isAlways()) {
                report(p.name(), id, -1, null);
            } else {
                markFound(p.name(), new long[] {id, -1});
                sometimesLeft--;
            }
        });
    }

    /** Calls {@code hit} with each property not found yet that {@code s} violates (invariants) or reaches (witnesses). */
    private void findings(S s, java.util.function.Consumer<Property<S>> hit) {
        if (alwaysLeft > 0) {
            for (int i = 0; i < always.size(); i++) {
                Property<S> p = always.get(i);
                if (!alwaysFound[i] && !p.holds().test(s)) {
                    hit.accept(p);
                }
            }
        }
        if (sometimesLeft > 0) {
            for (int i = 0; i < sometimes.size(); i++) {
                Property<S> p = sometimes.get(i);
                if (!sometimesFound[i] && p.holds().test(s)) {
                    hit.accept(p);
                }
            }
        }
    }

    /** Records where {@code property} was found, keeping the per-state flags in step. */
    private void markFound(String property, long[] at) {
        found.put(property, at);
        for (int i = 0; i < always.size(); i++) {
            alwaysFound[i] |= always.get(i).name().equals(property);
        }
        for (int i = 0; i < sometimes.size(); i++) {
            sometimesFound[i] |= sometimes.get(i).name().equals(property);
        }
    }

    private void report(String property, int id, int choice, String detail) {
        if (found.containsKey(property)) {
            return;
        }
        markFound(property, new long[] {id, choice});
        if (detail != null) {
            details.put(property, detail);
        }
        for (Property<S> p : always) {
            if (p.name().equals(property)) {
                alwaysLeft--;
            }
        }
    }

    private boolean shouldStop() {
        return cfg.stopAtFirstViolation && alwaysViolated();
    }

    private boolean alwaysViolated() {
        for (String k : found.keySet()) {
            if (isViolationName(k)) {
                return true;
            }
        }
        return false;
    }

    private boolean isViolationName(String name) {
        for (Property<S> p : sometimes) {
            if (p.name().equals(name)) {
                return false;
            }
        }
        return true;
    }

    private void countLabel(String label) {
        countLabel(label, 1);
    }

    private void countLabel(String label, long times) {
        Integer i = labelIndex.get(label);
        if (i == null) {
            i = labels.size();
            labels.add(label);
            labelIndex.put(label, i);
            if (i >= labelCounts.length) {
                labelCounts = Arrays.copyOf(labelCounts, labelCounts.length * 2);
            }
        }
        labelCounts[i] += times;
    }

    // ---------------------------------------------------------------- limits

    private long lastProgress;

    private boolean limitReached(long frontier, int depth) {
        long now = System.nanoTime();
        long ms = (now - start) / 1_000_000;
        if (cfg.progress != null && ms - lastProgress >= cfg.progressIntervalMillis) {
            lastProgress = ms;
            cfg.progress.accept(new Progress(visited.size(), transitions, frontier, depth, ms));
        }
        if (visited.size() >= cfg.maxStates) {
            stopReason = "state limit of " + cfg.maxStates + " reached";
            return true;
        }
        if (cfg.timeLimit != null && ms >= cfg.timeLimit.toMillis()) {
            stopReason = "time limit of " + cfg.timeLimit.toSeconds() + " s reached";
            return true;
        }
        if (heapNearlyFull()) {
            stopReason = "memory limit reached (" + (int) (cfg.maxHeapFraction * 100)
                    + "% of the heap's space for long-lived data; raise -Xmx or use --dfs)";
            return true;
        }
        return false;
    }

    /**
     * Whether what the search keeps, plus the fingerprint table's next growth, would pass
     * the limit fraction of the old generation (where long-lived data must fit; the whole
     * heap under G1, about two thirds of it under the parallel collector). The old space
     * also holds garbage until a full collection: when it looks full, one is asked for (at
     * most once for every 1/64 growth in states) and the data that survived it decides.
     */
    private boolean heapNearlyFull() {
        long growth = visited.bytesToGrow();
        if (oldGen == null) {
            Runtime rt = Runtime.getRuntime();
            return rt.totalMemory() - rt.freeMemory() + growth > rt.maxMemory() * cfg.maxHeapFraction;
        }
        java.lang.management.MemoryUsage now = oldGen.getUsage();
        long max = now.getMax() > 0 ? now.getMax() : Runtime.getRuntime().maxMemory();
        long limit = (long) (max * cfg.maxHeapFraction);
        if (now.getUsed() + growth <= limit) {
            return false;
        }
        java.lang.management.MemoryUsage live = oldGen.getCollectionUsage();
        if (live != null && live.getUsed() + growth > limit) {
            return true;
        }
        long states = visited.size();
        if (statesAtFullCollection > 0 && states - statesAtFullCollection < statesAtFullCollection / 64) {
            return false;
        }
        statesAtFullCollection = states;
        System.gc();
        live = oldGen.getCollectionUsage();
        return live != null && live.getUsed() + growth > limit;
    }

    /** Distinct states at the last full collection the guard asked for; one more only after 1/64 more states. */
    private long statesAtFullCollection;

    private static MemoryPoolMXBean heapPool() {
        MemoryPoolMXBean best = null;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()) {
                String n = p.getName();
                if (n.contains("Old") || n.contains("Tenured")) {
                    best = p;
                }
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- the result

    private Result<S> result() {
        long ms = (System.nanoTime() - start) / 1_000_000;
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            counts.put(labels.get(i), labelCounts[i]);
        }
        Stats stats = new Stats(visited.size(), transitions, maxDepth, ms, maxFrontier,
                visited.bytes(), counts);
        boolean complete = stopReason == null && !(cfg.stopAtFirstViolation && alwaysViolated());
        Traces<S> traces = new Traces<>(model, cfg.symmetry, visited);
        List<Outcome<S>> outcomes = new ArrayList<>();
        boolean violated = false;
        boolean vacuous = false;
        List<Property<S>> checked = new ArrayList<>(always);
        checked.add(Property.always(DEADLOCK, DEADLOCK_DOC, s -> true));
        for (Property<S> p : checked) {
            long[] at = found.get(p.name());
            if (at != null) {
                violated = true;
                Trace<S> tr = traces.build(p, (int) at[0], (int) at[1], cfg, details.get(p.name()));
                outcomes.add(new Outcome<>(p.name(), p.doc(), Outcome.Status.VIOLATED,
                        detailOf(p, tr), tr));
            } else {
                outcomes.add(new Outcome<>(p.name(), p.doc(),
                        complete ? Outcome.Status.HOLDS : Outcome.Status.UNKNOWN, "", null));
            }
        }
        for (Map.Entry<String, long[]> e : found.entrySet()) {
            if (isViolationName(e.getKey()) && checked.stream().noneMatch(p -> p.name().equals(e.getKey()))) {
                violated = true;
                Property<S> adhoc = Property.always(e.getKey(), "", s -> true);
                Trace<S> tr = traces.build(adhoc, (int) e.getValue()[0], (int) e.getValue()[1], cfg,
                        details.get(e.getKey()));
                outcomes.add(new Outcome<>(e.getKey(), "", Outcome.Status.VIOLATED,
                        details.getOrDefault(e.getKey(), ""), tr));
            }
        }
        for (Property<S> p : sometimes) {
            long[] at = found.get(p.name());
            if (at != null) {
                Trace<S> tr = traces.build(p, (int) at[0], -1, cfg, null);
                outcomes.add(new Outcome<>(p.name(), p.doc(), Outcome.Status.REACHED, "", tr));
            } else {
                vacuous |= complete;
                outcomes.add(new Outcome<>(p.name(), p.doc(),
                        complete ? Outcome.Status.UNREACHED : Outcome.Status.UNKNOWN, "", null));
            }
        }
        Result.Verdict verdict = violated ? Result.Verdict.VIOLATED
                : !complete ? Result.Verdict.INCOMPLETE
                : vacuous ? Result.Verdict.VACUOUS : Result.Verdict.HOLDS;
        String reason = complete ? null
                : stopReason != null ? stopReason : "stopped at the first violation";
        return new Result<>(verdict, List.copyOf(outcomes), stats, reason);
    }

    private String detailOf(Property<S> p, Trace<S> tr) {
        String d = details.get(p.name());
        if (d != null) {
            return d;
        }
        if (p.name().equals(DEADLOCK)) {
            S last = tr.last();
            StringBuilder sb = new StringBuilder();
            for (int t = 0; t < threads; t++) {
                if (!model.finished(last, t)) {
                    if (sb.length() > 0) {
                        sb.append("; ");
                    }
                    sb.append(model.threadNames().get(t)).append(": ")
                            .append(model.blockedReason(last, t));
                }
            }
            return sb.toString();
        }
        return p.explain().apply(tr.last());
    }

    /** A growable collector of one state's steps, reused across expansions. */
    static final class StepBuffer<S> implements Steps<S> {
        int thread;
        int size;
        int[] threadOf = new int[16];
        String[] label = new String[16];
        @SuppressWarnings("unchecked")
        S[] next = (S[]) new Object[16];
        boolean[] local = new boolean[16];
        String[] property = new String[16];
        String[] detail = new String[16];
        /** Each successor's representative and fingerprint, once computed (see {@link Search#fingerprintOf}). */
        @SuppressWarnings("unchecked")
        S[] rep = (S[]) new Object[16];
        long[] fp = new long[16];

        void clear() {
            for (int i = 0; i < size; i++) {
                next[i] = null;
                rep[i] = null;
                property[i] = null;
                detail[i] = null;
            }
            size = 0;
        }

        private void add(String l, S n, boolean loc, String prop, String det) {
            if (size == label.length) {
                int c = size * 2;
                threadOf = Arrays.copyOf(threadOf, c);
                label = Arrays.copyOf(label, c);
                next = Arrays.copyOf(next, c);
                local = Arrays.copyOf(local, c);
                property = Arrays.copyOf(property, c);
                detail = Arrays.copyOf(detail, c);
                rep = Arrays.copyOf(rep, c);
                fp = Arrays.copyOf(fp, c);
            }
            threadOf[size] = thread;
            label[size] = l;
            next[size] = n;
            local[size] = loc;
            property[size] = prop;
            detail[size] = det;
            size++;
        }

        @Override
        public void step(String l, S n) {
            add(l, n, false, null, null);
        }

        @Override
        public void localStep(String l, S n) {
            add(l, n, true, null, null);
        }

        @Override
        public void violation(String l, S n, String prop, String det) {
            add(l, n, false, prop, det);
        }
    }
}
