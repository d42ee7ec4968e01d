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

    /** Label -> index into {@link #labelCounts}; labels not declared are added on first use. */
    private final Map<String, Integer> labelIndex = new HashMap<>();
    private final List<String> labels = new ArrayList<>();
    private long[] labelCounts;

    /** Where each found violation / witness ends: state id, plus a final step choice or -1. */
    private final Map<String, long[]> found = new LinkedHashMap<>();
    private final Map<String, String> details = new HashMap<>();
    private int alwaysLeft;
    private int sometimesLeft;

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
        alwaysLeft = always.size() + 1;
        sometimesLeft = sometimes.size();
        for (String l : model.stepLabels()) {
            labelIndex.computeIfAbsent(l, k -> {
                labels.add(k);
                return labels.size() - 1;
            });
        }
        labelCounts = new long[Math.max(16, labels.size())];
        visited = new VisitedSet(1 << 12);
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

    private void searchBreadthFirst() {
        ArrayDequeOf<S> queue = new ArrayDequeOf<>();
        List<S> inits = model.initialStates();
        for (int i = 0; i < inits.size(); i++) {
            S s = represent(inits.get(i));
            int id = visited.add(model.fingerprint(s), -1 - i, 0);
            if (id >= 0) {
                checkState(s, id);
                queue.add(s, id);
            }
        }
        int depth = 0;
        long levelLeft = queue.size();
        long tick = 0;
        while (!queue.isEmpty() && !shouldStop()) {
            maxFrontier = Math.max(maxFrontier, queue.size());
            if (levelLeft == 0) {
                depth++;
                levelLeft = queue.size();
            }
            S s = queue.peekState();
            int id = queue.peekId();
            queue.remove();
            levelLeft--;
            maxDepth = Math.max(maxDepth, depth);
            expand(s, id, (next, nid) -> queue.add(next, nid));
            if (((++tick & 0x3FF) == 0 || visited.size() >= cfg.maxStates) && limitReached(queue.size(), depth)) {
                return;
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
        b.clear();
        for (int t = 0; t < threads; t++) {
            b.thread = t;
            model.steps(s, t, b);
        }
        int n = b.size;
        if (n == 0) {
            for (int t = 0; t < threads; t++) {
                if (!model.finished(s, t)) {
                    report(DEADLOCK, id, -1, null);
                    break;
                }
            }
            return;
        }
        int from = 0;
        int to = n;
        if (cfg.localReduction) {
            int[] ample = ampleRange(b);
            if (ample != null) {
                from = ample[0];
                to = ample[1];
            }
        }
        for (int i = from; i < to; i++) {
            S next = b.next[i];
            transitions++;
            countLabel(b.label[i]);
            if (b.property[i] != null) {
                report(b.property[i], id, i, b.detail[i]);
            }
            S rep = represent(next);
            int nid = visited.add(model.fingerprint(rep), id, i);
            if (nid >= 0) {
                checkState(rep, nid);
                sink.accept(rep, nid);
            }
        }
    }

    /**
     * The steps of the first thread whose enabled steps are all thread-local and lead only
     * to new states, or null. Taking only those is an ample set: the steps commute with
     * every other thread's, no property sees them, and they cannot close a cycle.
     */
    private int[] ampleRange(StepBuffer<S> b) {
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
                    fresh = !visited.contains(model.fingerprint(represent(b.next[k])));
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

    private void checkState(S s, int id) {
        if (alwaysLeft > 0) {
            for (int i = 0; i < always.size(); i++) {
                Property<S> p = always.get(i);
                if (!found.containsKey(p.name()) && !p.holds().test(s)) {
                    report(p.name(), id, -1, null);
                }
            }
        }
        if (sometimesLeft > 0) {
            for (int i = 0; i < sometimes.size(); i++) {
                Property<S> p = sometimes.get(i);
                if (!found.containsKey(p.name()) && p.holds().test(s)) {
                    found.put(p.name(), new long[] {id, -1});
                    sometimesLeft--;
                }
            }
        }
    }

    private void report(String property, int id, int choice, String detail) {
        if (found.containsKey(property)) {
            return;
        }
        found.put(property, new long[] {id, choice});
        if (detail != null) {
            details.put(property, detail);
        }
        alwaysLeft--;
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
        Integer i = labelIndex.get(label);
        if (i == null) {
            i = labels.size();
            labels.add(label);
            labelIndex.put(label, i);
            if (i >= labelCounts.length) {
                labelCounts = Arrays.copyOf(labelCounts, labelCounts.length * 2);
            }
        }
        labelCounts[i]++;
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
                    + "% of the maximum heap is live)";
            return true;
        }
        return false;
    }

    private boolean heapNearlyFull() {
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        long live = oldGen != null && oldGen.getCollectionUsage() != null
                ? oldGen.getCollectionUsage().getUsed() : rt.totalMemory() - rt.freeMemory();
        long growth = visited.nearGrowth() ? visited.bytesToGrow() : 0;
        return live + growth > max * cfg.maxHeapFraction;
    }

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

        void clear() {
            for (int i = 0; i < size; i++) {
                next[i] = null;
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
