package foliocheck.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds traces from parent links by re-running the recorded steps, then, when asked,
 * looks among all traces of the same length for one with the fewest thread switches.
 */
final class Traces<S> {
    private final Model<S> model;
    private final boolean symmetry;
    private final VisitedSet visited;
    private final int threads;
    /** What {@link #gaveUp} answers. */
    private boolean gaveUp;

    Traces(Model<S> model, boolean symmetry, VisitedSet visited) {
        this.model = model;
        this.symmetry = symmetry;
        this.visited = visited;
        this.threads = model.threadNames().size();
    }

    /**
     * The trace to state {@code id}, followed by step {@code choice} when it is not -1
     * (a step that flagged the violation itself).
     */
    Trace<S> build(Property<S> p, int id, int choice, Checker<S> cfg, String stepProperty) {
        Trace<S> t = fromParents(id, choice);
        gaveUp = false;
        if (!cfg.fewestSwitches || cfg.dfs) {
            return t;
        }
        Trace<S> better = fewestSwitches(p, t.steps().size(), choice >= 0, cfg.shortenBudget);
        if (better == null) {
            gaveUp = true;
            return t;
        }
        boolean shorter = better.steps().size() < t.steps().size();
        return shorter || better.threadSwitches() <= t.threadSwitches() ? better : t;
    }

    /** Whether the last {@link #build} returned the trace as found because the search for a better one ran out of budget. */
    boolean gaveUp() {
        return gaveUp;
    }

    private Trace<S> fromParents(int id, int finalChoice) {
        List<Integer> path = new ArrayList<>();
        int cur = id;
        while (cur >= 0) {
            path.add(cur);
            cur = visited.parent(cur);
        }
        Collections.reverse(path);
        int init = -1 - cur;
        S concrete = model.initialStates().get(init);
        S rep = represent(concrete);
        List<Trace.Step<S>> steps = new ArrayList<>();
        Search.StepBuffer<S> buf = new Search.StepBuffer<>();
        for (int k = 1; k <= path.size(); k++) {
            int choice = k < path.size() ? visited.choice(path.get(k)) : finalChoice;
            if (choice < 0) {
                break;
            }
            enumerate(rep, buf);
            S nextRep = represent(buf.next[choice]);
            String label = buf.label[choice];
            String prop = buf.property[choice];
            Trace.Step<S> step;
            if (!symmetry) {
                step = new Trace.Step<>(buf.threadOf[choice], label, choice, buf.next[choice]);
            } else {
                step = matchConcrete(concrete, model.fingerprint(nextRep), label, prop, buf);
            }
            steps.add(step);
            concrete = step.state();
            rep = nextRep;
        }
        return new Trace<>(model.initialStates().get(init), init, List.copyOf(steps));
    }

    /** The first step of {@code concrete} whose class is {@code targetFp}, same label first. */
    private Trace.Step<S> matchConcrete(S concrete, long targetFp, String label, String prop,
                                        Search.StepBuffer<S> buf) {
        enumerate(concrete, buf);
        int any = -1;
        for (int i = 0; i < buf.size; i++) {
            if (model.fingerprint(represent(buf.next[i])) == targetFp
                    && java.util.Objects.equals(prop, buf.property[i])) {
                if (buf.label[i].equals(label)) {
                    return new Trace.Step<>(buf.threadOf[i], buf.label[i], i, buf.next[i]);
                }
                if (any < 0) {
                    any = i;
                }
            }
        }
        if (any < 0) {
            throw new IllegalStateException("model is not symmetric: cannot rebuild trace");
        }
        return new Trace.Step<>(buf.threadOf[any], buf.label[any], any, buf.next[any]);
    }

    private S represent(S s) {
        return symmetry ? model.canonical(s) : s;
    }

    private void enumerate(S s, Search.StepBuffer<S> buf) {
        buf.clear();
        for (int t = 0; t < threads; t++) {
            buf.thread = t;
            model.steps(s, t, buf);
        }
    }

    private static final class Node<S> {
        final S state;
        final Node<S> prev;
        final int thread;
        final String label;
        final int choice;
        final int switches;

        Node(S state, Node<S> prev, int thread, String label, int choice, int switches) {
            this.state = state;
            this.prev = prev;
            this.thread = thread;
            this.label = label;
            this.choice = choice;
            this.switches = switches;
        }
    }

    private record Key(long fp, int thread) { }

    /**
     * Among the shortest traces of at most {@code length} steps that end in a state (or,
     * when {@code byStep}, a step) with the property's finding, one with the fewest thread
     * switches; null when none is found within {@code budget} nodes. The search runs over
     * every interleaving, without the reductions, so a trace the reduced search found can
     * come out shorter here.
     */
    private Trace<S> fewestSwitches(Property<S> p, int length, boolean byStep, long budget) {
        List<S> inits = model.initialStates();
        Map<Key, Node<S>> layer = new LinkedHashMap<>();
        Map<Node<S>, Integer> initIndex = new java.util.IdentityHashMap<>();
        for (int i = 0; i < inits.size(); i++) {
            Node<S> n = new Node<>(inits.get(i), null, -1, null, -1, 0);
            if (layer.putIfAbsent(new Key(model.fingerprint(inits.get(i)), -1), n) == null) {
                initIndex.put(n, i);
            }
        }
        long spent = 0;
        Search.StepBuffer<S> buf = new Search.StepBuffer<>();
        Node<S> best = null;
        for (int depth = 1; depth <= length; depth++) {
            Map<Key, Node<S>> next = new LinkedHashMap<>();
            for (Node<S> n : layer.values()) {
                enumerate(n.state, buf);
                for (int i = 0; i < buf.size; i++) {
                    int t = buf.threadOf[i];
                    int sw = n.switches + (n.thread >= 0 && n.thread != t ? 1 : 0);
                    Node<S> m = new Node<>(buf.next[i], n, t, buf.label[i], i, sw);
                    if (matches(p, byStep, buf, i)) {
                        if (best == null || sw < best.switches) {
                            best = m;
                        }
                        continue;
                    }
                    if (depth == length) {
                        continue;
                    }
                    Key k = new Key(model.fingerprint(buf.next[i]), t);
                    Node<S> old = next.get(k);
                    if (old == null || sw < old.switches) {
                        next.put(k, m);
                    }
                }
                if (++spent > budget) {
                    return null;
                }
            }
            spent += next.size();
            if (best != null) {
                break;
            }
            layer = next;
        }
        if (best == null) {
            return null;
        }
        List<Trace.Step<S>> steps = new ArrayList<>();
        Node<S> n = best;
        while (n.prev != null) {
            steps.add(new Trace.Step<>(n.thread, n.label, n.choice, n.state));
            n = n.prev;
        }
        Collections.reverse(steps);
        return new Trace<>(n.state, initIndex.get(n), List.copyOf(steps));
    }

    private boolean matches(Property<S> p, boolean byStep, Search.StepBuffer<S> buf, int i) {
        S s = buf.next[i];
        if (byStep) {
            return p.name().equals(buf.property[i]);
        }
        if (p.name().equals("deadlock")) {
            return isDeadlock(s);
        }
        return p.isAlways() != p.holds().test(s);
    }

    private boolean isDeadlock(S s) {
        Search.StepBuffer<S> b = new Search.StepBuffer<>();
        enumerate(s, b);
        if (b.size > 0) {
            return false;
        }
        for (int t = 0; t < threads; t++) {
            if (!model.finished(s, t)) {
                return true;
            }
        }
        return false;
    }
}
