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
    /**
     * How many groups of the visited set's segments the adding phase hands out, one at a
     * time, to whichever worker is free: 1 with one worker.
     */
    private final int groups;
    private static final int ADD_GROUPS = 8;
    private final StepBuffer<S> buf = new StepBuffer<>();
    private final Fingerprinter<S> fingerprinter;
    /** The depth-first search's successor enumeration; each breadth-first worker has its own. */
    private final Model.Stepper<S> stepper;
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
    /**
     * Each property's test, by the same index: read for every new state (through the
     * property lists instead, the stress scenario takes 2% longer).
     */
    private final java.util.function.Predicate<S>[] alwaysTests;
    private final java.util.function.Predicate<S>[] sometimesTests;
    /** The model's screen for invariants ({@link Model#screen}), or null. */
    private final java.util.function.Predicate<S> screen;
    /** Whether {@code always.get(i)} is one the screen covers. */
    private final boolean[] screened;
    /** Screened invariants not violated yet; at 0 the screen is no longer run. */
    private int screenedLeft;
    /**
     * Whether the screen is still run. A violation found keeps failing the screen in the
     * states that keep it, and then each costs the screen and the invariants one by one:
     * once the screen has failed more than a quarter of {@link #SCREEN_TRIAL} states or
     * more, it is dropped ({@link #reconsiderScreen}). Only the speed depends on it.
     */
    private boolean screening;
    private static final long SCREEN_TRIAL = 4096;
    /** States screened, and those that failed it, since the search began; see {@link #screenPasses}. */
    private final long[] screenTally = new long[2];
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
        java.util.Set<String> names = new java.util.HashSet<>(List.of(DEADLOCK));
        for (Property<S> p : model.properties()) {
            // Properties are known by name (findings, the screen's cover): two of one name
            // would stand in for each other.
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("two properties are named '" + p.name() + "'");
            }
            (p.isAlways() ? always : sometimes).add(p);
        }
        alwaysLeft = always.size();
        alwaysFound = new boolean[always.size()];
        sometimesFound = new boolean[sometimes.size()];
        sometimesLeft = sometimes.size();
        alwaysTests = tests(always);
        sometimesTests = tests(sometimes);
        Model.Screen<S> sc = model.screen();
        screened = new boolean[always.size()];
        for (int i = 0; i < always.size() && sc != null; i++) {
            screened[i] = sc.covers().contains(always.get(i).name());
            screenedLeft += screened[i] ? 1 : 0;
        }
        screen = screenedLeft > 0 ? sc.allHold() : null;
        screening = screen != null;
        for (String l : model.stepLabels()) {
            labelIndex.computeIfAbsent(l, k -> {
                labels.add(k);
                return labels.size() - 1;
            });
        }
        labelCounts = new long[Math.max(16, labels.size())];
        groups = cfg.dfs || cfg.workers == 1 ? 1 : ADD_GROUPS;
        visited = new VisitedSet(groups);
        fingerprinter = model.fingerprinter();
        stepper = model.stepper();
        stateLimit = cfg.maxStates != Long.MAX_VALUE;
        codec = model.codec();
        oldGen = heapPool();
    }

    @SuppressWarnings("unchecked")
    private static <S> java.util.function.Predicate<S>[] tests(List<Property<S>> ps) {
        return ps.stream().map(Property::holds).toArray(java.util.function.Predicate[]::new);
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
     * Level-synchronous breadth-first search, in two phases a level.
     *
     * <p>Expanding: the workers take runs of the frontier's batches. A worker passes over
     * the successors it has already found in this level, checks the others and appends
     * them to the new batches of the run it expands, in the order found. The visited set
     * is only read.
     *
     * <p>Adding: the set's segments form groups ({@link VisitedSet#ownerOf}); a worker takes
     * a group not taken yet, goes through all the level's new batches in frontier order and
     * adds the group's fingerprints, then takes the next, so that a worker slowed down does
     * not hold the other up. A state's first candidate to arrive is therefore its earliest
     * (position, step), the one a one-thread search meets first; it becomes the state's
     * parent link, and the state's later candidates are passed over when the next level
     * reads the batch. States, parents, first violations and statistics thus do not depend
     * on the number of workers, and no part of the set is written by two threads at once.
     *
     * <p>The workers other than the first run on a {@link Crew}'s threads, kept for the
     * whole search; a level of one batch is run by the calling thread alone.
     */
    private void searchBreadthFirst() {
        List<S> inits = model.initialStates();
        Batch<S> first = new Batch<>(cfg.workers, groups);
        for (int i = 0; i < inits.size(); i++) {
            S s = represent(inits.get(i));
            long fp = model.fingerprint(s);
            int id = visited.add(fp, -1 - i, 0);
            if (id >= 0) {
                checkState(s, id);
                int owner = visited.ownerOf(fp);
                first.add(s, 0, 0, fp, owner, packer(inits.size(), codec));
                first.take(owner, 0);
                first.record(0, first.size() - 1, id);
            }
        }
        List<Batch<S>> parts = List.of(first);
        long size = first.size();
        List<Worker> workers = new ArrayList<>();
        for (int w = 0; w < cfg.workers; w++) {
            workers.add(new Worker(w));
        }
        try (Crew crew = cfg.workers > 1 ? new Crew(cfg.workers, () -> stopAll = true) : null) {
            int depth = 0;
            while (size > 0 && !shouldStop()) {
                Level<S> level = new Level<>(parts, size, cfg.maxStates - visited.size());
                maxDepth = depth;
                maxFrontier = Math.max(maxFrontier, size);
                boolean alone = parts.size() == 1;
                inEach(crew, workers, alone, w -> w.expandAll(level));
                inEach(crew, workers, alone, w -> w.addGroups(level));
                List<Map.Entry<String, Candidate>> candidates = new ArrayList<>();
                size = 0;
                for (Worker w : workers) {
                    size += w.settle(candidates);
                }
                settle(candidates);
                reconsiderScreen();
                parts = level.found();
                if (stopReason != null) {
                    return;
                }
                depth++;
                if (limitReached(size, depth)) {
                    return;
                }
            }
        }
    }

    /**
     * Runs {@code task} for every worker, on the crew's threads, unless {@code alone} (or
     * there is no crew): then the calling thread runs them all, one after the other.
     */
    private void inEach(Crew crew, List<Worker> workers, boolean alone, java.util.function.Consumer<Worker> task) {
        if (crew == null || alone) {
            workers.forEach(task);
        } else {
            crew.run(w -> task.accept(workers.get(w)));
        }
    }

    /** Set when a worker fails: the others stop at their next state. */
    private volatile boolean stopAll;

    /** One BFS level: the frontier's batches, the batch cursor and each batch's new batches. */
    private static final class Level<S> {
        final List<Batch<S>> parts;
        /** States in the frontier. */
        final long size;
        final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        /** The next group of segments to add to (adding phase). */
        final java.util.concurrent.atomic.AtomicInteger nextGroup = new java.util.concurrent.atomic.AtomicInteger();
        /**
         * The batches of states found from each run of parts, at the run's first part (null
         * at the others), in the order found.
         */
        final List<List<Batch<S>>> out;
        /** How many more states a state limit lets this level add. */
        final java.util.concurrent.atomic.AtomicLong room;
        /** Set when a limit is reached: the level ends early. */
        volatile boolean stop;

        Level(List<Batch<S>> parts, long size, long room) {
            this.parts = parts;
            this.size = size;
            this.room = new java.util.concurrent.atomic.AtomicLong(room);
            out = new ArrayList<>(java.util.Collections.nCopies(parts.size(), null));
        }

        /** The next level's parts: each run's new batches, in frontier order. */
        List<Batch<S>> found() {
            List<Batch<S>> next = new ArrayList<>();
            for (List<Batch<S>> l : out) {
                if (l != null) {
                    next.addAll(l);
                }
            }
            return next;
        }
    }

    /**
     * A candidate for a property's first violation (or witness) in this level. Its order
     * key is (frontier position, step, state-after-step): what a one-thread search meets
     * first. A state's own candidate names its batch entry, whose number is known only
     * once the state's owner has added it.
     */
    private record Candidate(long key, int id, int choice, String detail, Batch<?> batch, int entry) {
        /** The state's number, or -1 when the entry was not new (another worker met it earlier). */
        int stateId() {
            return batch == null ? id : batch.recorded(entry);
        }
    }

    private static final int LABEL_CACHE = 256;

    private static long key(long pos, int choice, boolean ofState) {
        return ((pos << 21) + choice + 1) << 1 | (ofState ? 1 : 0);
    }

    /** A search thread's private buffers, counters and candidates. */
    private final class Worker {
        final StepBuffer<S> buf = new StepBuffer<>();
        final StateCodec<S> codec = model.codec();
        final Fingerprinter<S> fingerprinter = codec != null && codec.fingerprinter() != null
                ? codec.fingerprinter() : model.fingerprinter();
        final Batch.Reader<S> reader = new Batch.Reader<>(codec);
        final Model.Stepper<S> stepper = model.stepper();
        /** The codec that packs this level's new states, or null to keep them as objects ({@link Checker#packFrom}). */
        StateCodec<S> packer;
        /** The fingerprints this worker found in the current level. */
        final FingerprintSet seen = new FingerprintSet();
        /** Where the run of parts being expanded puts its new states: its batches, and the one open. */
        List<Batch<S>> out;
        Batch<S> outBatch;
        /** The last batch this worker filled, whose sizes the next batch starts with. */
        Batch<S> lastFull;
        final long[] counts = new long[labelCounts.length];
        /**
         * Labels the model did not declare in {@link Model#stepLabels}, each with its slot in
         * {@link #extraCounts}: they are counted as cheaply as declared ones, and handed to
         * the search in name order, whatever order the workers met them in.
         */
        final Map<String, Integer> extraIndex = new java.util.TreeMap<>();
        long[] extraCounts = new long[4];
        /** Labels are usually the same few string constants: a cache by identity (four probes) saves a map lookup a step. */
        final String[] cachedLabel = new String[LABEL_CACHE];
        final int[] cachedIndex = new int[LABEL_CACHE];
        final Map<String, Candidate> candidates = new HashMap<>();
        /** This worker's part of the screen's tally in the current level (see {@link #screenPasses}). */
        final long[] screenTally = new long[2];
        /** Worker 0 runs on the calling thread, and also watches the limits. */
        final boolean leader;
        final int index;
        long transitions;
        /** Sink for {@link VisitedSet#touch}'s words, so that the loads are not optimized away. */
        long touched;
        /** States this worker added in the current level. */
        long added;

        Worker(int index) {
            this.index = index;
            this.leader = index == 0;
        }

        /** The expanding phase: takes the level's parts in turn and expands their states. */
        void expandAll(Level<S> level) {
            seen.clear();
            packer = packer(level.size, codec);
            long tick = 0;
            int parts = level.parts.size();
            int k = 0;
            int end = 0;
            while (!level.stop && !stopAll) {
                if (k == end) {
                    // Runs of parts, shrinking as the level runs out (guided scheduling): a
                    // state's parents are mostly close together in the frontier, and a worker
                    // passes over only what it found itself, so few runs mean few repeats.
                    int n;
                    do {
                        k = level.next.get();
                        n = Math.max(1, (parts - k) / (2 * cfg.workers));
                    } while (k < parts && !level.next.compareAndSet(k, k + n));
                    if (k >= parts) {
                        break;
                    }
                    end = Math.min(parts, k + n);
                    // The run's new states go to batches of its own, filled across its parts.
                    out = new ArrayList<>();
                    outBatch = null;
                    level.out.set(k, out);
                }
                Batch<S> part = level.parts.get(k);
                part.resolve();
                reader.start(part);
                long pos = (long) k * Batch.MAX;
                for (int i = 0; i < part.live() && !level.stop; i++) {
                    expand(reader.next(), part.ids[i], pos + i);
                    if (leader && (++tick & 0xFF) == 0
                            && limitReached(level.size - level.size * k / parts, maxDepth)) {
                        level.stop = true;
                    }
                }
                k++;
            }
        }

        private void expand(S s, int id, long pos) {
            StepBuffer<S> b = buf;
            long range = stepRange(s, b, fingerprinter, stepper);
            if (range == STUCK) {
                offer(DEADLOCK, new Candidate(key(pos, -1, false), id, -1, null, null, 0));
                return;
            }
            int to = (int) range;
            for (int i = (int) (range >>> 32); i < to; i++) {
                transitions++;
                count(b.label[i]);
                if (b.property[i] != null) {
                    offer(b.property[i], new Candidate(key(pos, i, false), id, i, b.detail[i], null, 0));
                }
                long fp = fingerprintOf(b, i, fingerprinter);
                if (!seen.add(fp)) {
                    continue;
                }
                S rep = b.rep[i];
                if (outBatch == null || outBatch.full()) {
                    if (outBatch != null) {
                        lastFull = outBatch;
                    }
                    outBatch = lastFull == null ? new Batch<>(cfg.workers, groups)
                            : new Batch<>(cfg.workers, groups, lastFull);
                    out.add(outBatch);
                }
                check(rep, outBatch, outBatch.size(), key(pos, i, true));
                outBatch.add(rep, id, i, fp, visited.ownerOf(fp), packer);
            }
        }

        /** The adding phase: takes groups of segments until none is left, and adds to each. */
        void addGroups(Level<S> level) {
            for (int g = level.nextGroup.getAndIncrement(); g < groups && !level.stop;
                    g = level.nextGroup.getAndIncrement()) {
                addGroup(level, g);
            }
        }

        /**
         * Adds the level's new batches' fingerprints of group {@code owner}, in frontier
         * order, and records for each whether it was new.
         */
        void addGroup(Level<S> level, int owner) {
            long tick = 0;
            for (int k = 0; k < level.out.size(); k++) {
                List<Batch<S>> l = level.out.get(k);
                if (l == null) {
                    continue;
                }
                for (Batch<S> b : l) {
                    // Touch the batch's buckets first: the cache misses overlap instead of
                    // each add waiting for its own.
                    long sink = 0;
                    for (int j = b.first(owner); j >= 0; j = b.next(j)) {
                        sink += visited.touch(b.fp[j]);
                    }
                    touched += sink;
                    b.take(owner, index);
                    for (int j = b.first(owner); j >= 0; j = b.next(j)) {
                        if (level.stop || stopAll || stateLimit && level.room.decrementAndGet() < 0) {
                            level.stop = true;
                            return;
                        }
                        int id = visited.add(b.fp[j], b.from[j], b.choice[j]);
                        b.record(index, j, id);
                        if (id >= 0) {
                            added++;
                        }
                        if (leader && (++tick & 0xFFF) == 0 && limitReached(level.size, maxDepth)) {
                            level.stop = true;
                        }
                    }
                }
            }
        }

        private void check(S s, Batch<S> batch, int entry, long key) {
            boolean passed = screenPasses(s, screenTally);
            for (int p = nextFinding(s, 0, passed); p >= 0; p = nextFinding(s, p + 1, passed)) {
                offer(property(p).name(), new Candidate(key, -1, -1, null, batch, entry));
            }
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
                    int i = cachedIndex[slot];
                    if (i >= 0) {
                        counts[i]++;
                    } else {
                        extraCounts[-1 - i]++;
                    }
                    return;
                }
                if (c == null) {
                    h = slot;
                    break;
                }
            }
            Integer i = labelIndex.get(label);
            int index;
            if (i != null && i < counts.length) {
                index = i;
                counts[i]++;
            } else {
                int e = extraIndex.computeIfAbsent(label, k -> extraIndex.size());
                if (e == extraCounts.length) {
                    extraCounts = Arrays.copyOf(extraCounts, e * 2);
                }
                extraCounts[e]++;
                index = -1 - e;
            }
            h &= LABEL_CACHE - 1;
            if (cachedLabel[h] == null) {
                cachedLabel[h] = label;
                cachedIndex[h] = index;
            }
        }

        /** Hands this level's counts to the search and its candidates to {@code into}; returns the states it added. */
        long settle(List<Map.Entry<String, Candidate>> into) {
            Search.this.transitions += transitions;
            transitions = 0;
            for (int i = 0; i < counts.length; i++) {
                labelCounts[i] += counts[i];
                counts[i] = 0;
            }
            for (Map.Entry<String, Integer> e : extraIndex.entrySet()) {
                long n = extraCounts[e.getValue()];
                if (n > 0) {
                    countLabel(e.getKey(), n);
                    extraCounts[e.getValue()] = 0;
                }
            }
            into.addAll(candidates.entrySet());
            candidates.clear();
            Search.this.screenTally[0] += screenTally[0];
            Search.this.screenTally[1] += screenTally[1];
            screenTally[0] = 0;
            screenTally[1] = 0;
            long n = added;
            added = 0;
            return n;
        }
    }

    /**
     * Records, for each property, the earliest of the level's candidates. A state's own
     * candidate counts only if the state was new there: the earliest candidate always is,
     * unless a limit ended the level before its owner added it.
     */
    private void settle(List<Map.Entry<String, Candidate>> candidates) {
        Map<String, Candidate> best = new java.util.TreeMap<>();
        Map<String, Integer> ids = new HashMap<>();
        for (Map.Entry<String, Candidate> e : candidates) {
            Candidate c = e.getValue();
            int id = c.stateId();
            Candidate old = best.get(e.getKey());
            if (id >= 0 && (old == null || c.key() < old.key())) {
                best.put(e.getKey(), c);
                ids.put(e.getKey(), id);
            }
        }
        for (Map.Entry<String, Candidate> e : best.entrySet()) {
            Candidate c = e.getValue();
            int id = ids.get(e.getKey());
            if (isViolationName(e.getKey())) {
                report(e.getKey(), id, c.choice(), c.detail());
            } else if (!found.containsKey(e.getKey())) {
                markFound(e.getKey(), new long[] {id, -1});
                sometimesLeft--;
            }
        }
    }


    private void searchDepthFirst() {
        ArrayStack<S> stack = new ArrayStack<>();
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
        long range = stepRange(s, b, fingerprinter, stepper);
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
    private long stepRange(S s, StepBuffer<S> b, Fingerprinter<S> fpr, Model.Stepper<S> stepper) {
        b.clear();
        fpr.expanding(s);
        for (int t = 0; t < threads; t++) {
            b.thread = t;
            stepper.steps(s, t, b);
        }
        if (b.size == 0) {
            for (int t = 0; t < threads; t++) {
                if (!model.finished(s, t)) {
                    return STUCK;
                }
            }
            return 0;
        }
        int[] ample = cfg.localReduction ? ampleRange(b, fpr) : null;
        return ample == null ? b.size : (long) ample[0] << 32 | ample[1];
    }

    /**
     * The steps of the first thread whose enabled steps are all thread-local and lead only
     * to new states, or null. Taking only those is an ample set: the steps commute with
     * every other thread's, no property sees them, and they cannot close a cycle.
     */
    private int[] ampleRange(StepBuffer<S> b, Fingerprinter<S> fpr) {
        int i = 0;
        while (i < b.size) {
            int t = b.threadOf[i];
            int j = i;
            boolean allLocal = true;
            while (j < b.size && b.threadOf[j] == t) {
                allLocal &= b.local[j];   // a violation is never local (StepBuffer.violation)
                j++;
            }
            if (allLocal) {
                boolean fresh = true;
                for (int k = i; k < j && fresh; k++) {
                    long fp = fingerprintOf(b, k, fpr);
                    fresh = !visited.contains(fp);   // breadth-first: present before this level
                }
                if (fresh) {
                    return new int[] {i, j};
                }
            }
            i = j;
        }
        return null;
    }

    /** {@code codec} when a level of {@code size} states packs its new states ({@link Checker#packFrom}), else null. */
    private StateCodec<S> packer(long size, StateCodec<S> codec) {
        return size >= cfg.packFrom ? codec : null;
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

    /** Checks a new state; single-threaded (depth-first search, initial states). */
    private void checkState(S s, int id) {
        boolean passed = screenPasses(s, screenTally);
        if ((screenTally[0] & (SCREEN_TRIAL - 1)) == 0) {
            reconsiderScreen();
        }
        for (int i = nextFinding(s, 0, passed); i >= 0; i = nextFinding(s, i + 1, passed)) {
            Property<S> p = property(i);
            if (p.isAlways()) {
                report(p.name(), id, -1, null);
            } else {
                markFound(p.name(), new long[] {id, -1});
                sometimesLeft--;
            }
        }
    }

    /**
     * Whether {@code s} passes the screen, which is then run if it is still on; counts in
     * {@code tally} the states screened ([0]) and those that failed it ([1]).
     */
    private boolean screenPasses(S s, long[] tally) {
        if (!screening || screenedLeft == 0) {
            return false;
        }
        boolean passed = screen.test(s);
        tally[0]++;
        tally[1] += passed ? 0 : 1;
        return passed;
    }

    /** Drops the screen once it has failed more than a quarter of the states, after a trial. */
    private void reconsiderScreen() {
        if (screening && screenTally[0] >= SCREEN_TRIAL && screenTally[1] * 4 > screenTally[0]) {
            screening = false;
        }
    }

    /**
     * The first property, from number {@code from} on, not found yet that {@code s}
     * violates (an invariant) or reaches (a witness); -1 if none. Properties are numbered
     * invariants first, then witnesses (see {@link #property}). The invariants the screen
     * covers are passed over if {@code s} {@code passed} it. A loop over this allocates
     * nothing, which matters: it runs for every new state.
     */
    private int nextFinding(S s, int from, boolean passed) {
        int n = always.size();
        if (alwaysLeft > 0) {
            for (int i = from; i < n; i++) {
                if (!alwaysFound[i] && !(passed && screened[i]) && !alwaysTests[i].test(s)) {
                    return i;
                }
            }
        }
        if (sometimesLeft > 0) {
            for (int i = Math.max(0, from - n); i < sometimes.size(); i++) {
                if (!sometimesFound[i] && sometimesTests[i].test(s)) {
                    return n + i;
                }
            }
        }
        return -1;
    }

    /** Property number {@code i} of {@link #nextFinding}. */
    private Property<S> property(int i) {
        return i < always.size() ? always.get(i) : sometimes.get(i - always.size());
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
        for (int i = 0; i < always.size(); i++) {
            if (always.get(i).name().equals(property)) {
                alwaysLeft--;
                screenedLeft -= screened[i] ? 1 : 0;
            }
        }
    }

    /**
     * What a violation's detail adds when its trace is as the search found it, because the
     * search for a shortest one with the fewest switches (which runs without the reductions)
     * ran out of budget: with the local-step reduction on, that trace may be longer.
     */
    private String maybeLonger(Traces<S> traces) {
        return traces.gaveUp() && cfg.localReduction
                ? " (trace as found: the search for a shortest one ran out of its budget; the local-step"
                        + " reduction may have made this one longer)"
                : "";
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
            stopReason = "time limit of " + Checker.limitText(cfg.timeLimit) + " reached";
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
                        detailOf(p, tr) + maybeLonger(traces), tr));
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
                        details.getOrDefault(e.getKey(), "") + maybeLonger(traces), tr));
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

        /** Empties the buffer. Only {@link #rep} must be reset (null: not computed yet); {@link #add} sets the rest. */
        void clear() {
            Arrays.fill(rep, 0, size, null);
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
