package foliocheck.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's reachable state graph, recorded into arrays, and replayed as a model whose
 * states are numbers and whose work is nothing but looking its steps up: what the engine
 * costs on its own, the floor under any model of that graph ({@code bench --breakdown}).
 *
 * <p>The replay offers each state's steps in the recorded order, with the same labels,
 * the same kinds (a thread-local step stays one, so the local-step reduction takes the
 * same ample sets) and the same violations, and gives each state the recorded model's
 * fingerprint: a search of it meets the same states, transitions and findings as a search
 * of the model without properties and without symmetry (the recording does not take
 * {@link Model#canonical}). States are told apart by their fingerprints while recording,
 * so two states that shared one would be one state here, as they are in the search.
 */
public final class RecordedGraph implements Model<Integer> {
    private final List<String> threadNames;
    /** Each state's fingerprint in the recorded model. */
    private final long[] fingerprints;
    /** Steps of thread {@code t} from state {@code s}: {@code [first[s * threads + t], first[s * threads + t + 1])}. */
    private final int[] first;
    private final int[] next;
    private final String[] labels;
    /** Each step's kind: 0 a step, 1 a thread-local step, 2 a violation (see {@link #violations}). */
    private final byte[] kinds;
    /** A violation step's property and detail, by step index. */
    private final Map<Integer, String[]> violations;
    /** Each state's finished threads, a bit each. */
    private final long[] finished;
    private final Integer[] boxed;
    private final int threads;
    /** The number of initial states: states 0 to {@code initial - 1}. */
    private final int initial;

    private RecordedGraph(List<String> threadNames, long[] fingerprints, int[] first, int[] next, String[] labels,
                          byte[] kinds, Map<Integer, String[]> violations, long[] finished, int initial) {
        this.threadNames = threadNames;
        this.initial = initial;
        this.threads = threadNames.size();
        this.fingerprints = fingerprints;
        this.first = first;
        this.next = next;
        this.labels = labels;
        this.kinds = kinds;
        this.violations = violations;
        this.finished = finished;
        this.boxed = new Integer[fingerprints.length];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = i;
        }
    }

    /**
     * Records every state {@code model} reaches (without reductions) and every step between
     * them; null when there are more than {@code maxStates} states or the model has more
     * than 64 threads.
     */
    public static <S> RecordedGraph record(Model<S> model, int maxStates) {
        int threads = model.threadNames().size();
        if (threads > Long.SIZE) {
            return null;
        }
        Map<Long, Integer> ids = new HashMap<>();
        List<S> states = new ArrayList<>();
        for (S s : model.initialStates()) {
            if (id(ids, states, model.fingerprint(s), s, maxStates) < 0) {
                return null;
            }
        }
        int initial = states.size();
        int[] first = new int[1024];
        int[] next = new int[1024];
        String[] labels = new String[1024];
        byte[] kinds = new byte[1024];
        Map<Integer, String[]> violations = new HashMap<>();
        long[] finished = new long[1024];
        int steps = 0;
        Search.StepBuffer<S> b = new Search.StepBuffer<>();
        for (int i = 0; i < states.size(); i++) {
            S s = states.get(i);
            states.set(i, null);   // expanded: the graph needs only its number now
            if ((long) (i + 1) * threads + 1 > first.length) {
                first = Arrays.copyOf(first, first.length * 2);
                finished = Arrays.copyOf(finished, finished.length * 2);
            }
            for (int t = 0; t < threads; t++) {
                first[i * threads + t] = steps;
                if (model.finished(s, t)) {
                    finished[i] |= 1L << t;
                }
                b.clear();
                b.thread = t;
                model.steps(s, t, b);
                for (int k = 0; k < b.size; k++) {
                    S n = b.next[k];
                    int id = id(ids, states, model.fingerprint(n), n, maxStates);
                    if (id < 0) {
                        return null;
                    }
                    if (steps == next.length) {
                        next = Arrays.copyOf(next, steps * 2);
                        labels = Arrays.copyOf(labels, steps * 2);
                        kinds = Arrays.copyOf(kinds, steps * 2);
                    }
                    next[steps] = id;
                    labels[steps] = b.label[k];
                    kinds[steps] = (byte) (b.property[k] != null ? 2 : b.local[k] ? 1 : 0);
                    if (b.property[k] != null) {
                        violations.put(steps, new String[] {b.property[k], b.detail[k]});
                    }
                    steps++;
                }
            }
        }
        int n = states.size();
        first = Arrays.copyOf(first, n * threads + 1);
        first[n * threads] = steps;
        long[] fps = new long[n];
        ids.forEach((fp, id) -> fps[id] = fp);
        return new RecordedGraph(model.threadNames(), fps, first, Arrays.copyOf(next, steps),
                Arrays.copyOf(labels, steps), Arrays.copyOf(kinds, steps), violations, Arrays.copyOf(finished, n), initial);
    }

    /**
     * The number of the state with fingerprint {@code fp}; a new state {@code s} gets the
     * next number and joins {@code states}, unless there are {@code maxStates} already: -1.
     */
    private static <S> int id(Map<Long, Integer> ids, List<S> states, long fp, S s, int maxStates) {
        Integer id = ids.get(fp);
        if (id != null) {
            return id;
        }
        if (states.size() == maxStates) {
            return -1;
        }
        ids.put(fp, states.size());
        states.add(s);
        return states.size() - 1;
    }

    /** Number of states recorded. */
    public int states() {
        return fingerprints.length;
    }

    /** Number of steps recorded. */
    public int transitions() {
        return next.length;
    }

    @Override
    public List<Integer> initialStates() {
        return List.of(Arrays.copyOf(boxed, initial));
    }

    @Override
    public List<String> threadNames() {
        return threadNames;
    }

    @Override
    public void steps(Integer state, int thread, Steps<Integer> out) {
        int k = state * threads + thread;
        for (int j = first[k]; j < first[k + 1]; j++) {
            switch (kinds[j]) {
                case 0 -> out.step(labels[j], boxed[next[j]]);
                case 1 -> out.localStep(labels[j], boxed[next[j]]);
                default -> {
                    String[] v = violations.get(j);
                    out.violation(labels[j], boxed[next[j]], v[0], v[1]);
                }
            }
        }
    }

    @Override
    public boolean finished(Integer state, int thread) {
        return (finished[state] & 1L << thread) != 0;
    }

    @Override
    public long fingerprint(Integer state) {
        return fingerprints[state];
    }

    @Override
    public List<Property<Integer>> properties() {
        return List.of();
    }

    @Override
    public List<String> stepLabels() {
        return List.of();
    }
}
