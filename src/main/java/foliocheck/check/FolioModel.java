package foliocheck.check;

import foliocheck.engine.Fingerprinter;
import foliocheck.engine.Model;
import foliocheck.engine.Property;
import foliocheck.engine.StateCodec;
import foliocheck.engine.Steps;
import foliocheck.model.Design;
import foliocheck.model.Local;
import foliocheck.model.Program;
import foliocheck.model.ProgramRunner;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import foliocheck.model.StepList;
import foliocheck.properties.Invariants;
import foliocheck.properties.PropertySet;
import foliocheck.properties.Witnesses;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A scenario under a design, as a model the engine can check. */
public final class FolioModel implements Model<State> {
    private final Scenario scenario;
    private final Design design;
    private final List<Program> programs;
    private final List<String> names;
    /** The state the scenario starts from under the design. */
    private final State initial;
    private final List<Property<State>> properties;
    /** Groups of two or more threads running identical programs (symmetry), each in thread order. */
    private final List<int[]> groups;

    /** Command-line options that load the user code this model uses ("" for built-ins), for reproduce lines. */
    private final String loadOptions;

    public FolioModel(Scenario scenario, Design design) {
        this(scenario, design, List.of(), "");
    }

    /**
     * The scenario under the design, checked against the built-in properties and
     * {@code extra}'s; {@code loadOptions} are the options that load any user code.
     */
    public FolioModel(Scenario scenario, Design design, List<PropertySet> extra, String loadOptions) {
        // First: building it refuses a scenario the model cannot run (Scenario.problem), before
        // its threads are asked anything (their step labels, say).
        this.initial = ProgramRunner.initialState(scenario, design);
        this.loadOptions = loadOptions;
        this.scenario = scenario;
        this.design = design;
        this.programs = scenario.programs();
        this.names = programs.stream().map(Program::name).toList();
        List<Property<State>> ps = new ArrayList<>(Invariants.all(design));
        for (PropertySet set : extra) {
            ps.addAll(set.properties(design));
        }
        ps.addAll(Witnesses.of(scenario.witnesses(), design));
        this.properties = List.copyOf(ps);
        List<int[]> gs = new ArrayList<>();
        boolean[] taken = new boolean[programs.size()];
        for (int t = 0; t < programs.size(); t++) {
            if (taken[t]) {
                continue;
            }
            List<Integer> members = new ArrayList<>();
            for (int u = t; u < programs.size(); u++) {
                if (programs.get(u).getClass() == programs.get(t).getClass()
                        && programs.get(u).identity().equals(programs.get(t).identity())) {
                    members.add(u);
                    taken[u] = true;
                }
            }
            if (members.size() > 1) {
                gs.add(members.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        this.groups = List.copyOf(gs);
    }

    /** A copy of {@code m} with {@code properties} instead of its own. */
    private FolioModel(FolioModel m, List<Property<State>> properties) {
        this.scenario = m.scenario;
        this.design = m.design;
        this.programs = m.programs;
        this.names = m.names;
        this.initial = m.initial;
        this.properties = properties;
        this.groups = m.groups;
        this.loadOptions = m.loadOptions;
    }

    /**
     * This model with no property to check (no invariant, no witness; steps that break a
     * property themselves still report it): for measuring what checking them costs.
     */
    public FolioModel withoutProperties() {
        return withProperties(List.of());
    }

    /** This model checked against {@code properties} instead of its own. */
    FolioModel withProperties(List<Property<State>> properties) {
        return new FolioModel(this, List.copyOf(properties));
    }

    public Scenario scenario() {
        return scenario;
    }

    public Design design() {
        return design;
    }

    /** The options that load this model's user code, each preceded by a space; "" for built-ins. */
    public String loadOptions() {
        return loadOptions;
    }

    /** The built-in invariants, all tested in one pass ({@link Invariants#allHold}). */
    @Override
    public Screen<State> screen() {
        List<String> names = Invariants.all(design).stream().map(Property::name).toList();
        return new Screen<>(names, s -> Invariants.allHold(s, design));
    }

    @Override
    public List<State> initialStates() {
        return List.of(initial);
    }

    @Override
    public List<String> threadNames() {
        return names;
    }

    @Override
    public void steps(State s, int thread, Steps<State> out) {
        ProgramRunner.steps(programs, s, thread, design, out);
    }

    /** The same steps, from a runner that reuses its context (one object fewer a thread a state). */
    @Override
    public Stepper<State> stepper() {
        return new ProgramRunner.Runner(programs, design)::steps;
    }

    /** Every step offered from {@code s}, in the engine's enumeration order. */
    public StepList offered(State s) {
        return StepList.all(programs, s, design);
    }

    @Override
    public boolean finished(State s, int thread) {
        return programs.get(thread).finished(s.thread(thread));
    }

    @Override
    public String blockedReason(State s, int thread) {
        return programs.get(thread).blockedReason(s, s.thread(thread));
    }

    @Override
    public List<Property<State>> properties() {
        return properties;
    }

    @Override
    public List<String> stepLabels() {
        Set<String> l = new LinkedHashSet<>();
        for (Program p : programs) {
            l.addAll(p.labels(design, scenario));
        }
        return List.copyOf(l);
    }

    @Override
    public State canonical(State s) {
        if (groups.isEmpty()) {
            return s;
        }
        List<Local> c = new ArrayList<>(s.threads());
        for (int[] members : groups) {
            List<Local> ls = new ArrayList<>(members.length);
            for (int t : members) {
                ls.add(c.get(t));
            }
            ls.sort(LOCAL_ORDER);
            for (int i = 0; i < members.length; i++) {
                c.set(members[i], ls.get(i));
            }
        }
        return new State(s.kernel(), List.copyOf(c));
    }

    private static final Comparator<Local> LOCAL_ORDER = Comparator.comparingInt(Local::pc)
            .thenComparingInt(Local::folio).thenComparingInt(Local::refs).thenComparingInt(Local::pins)
            .thenComparingInt(Local::flags).thenComparingInt(Local::ret);

    /** Packs each part of the state into a word and hashes the words (see {@link StateWords}). */
    @Override
    public long fingerprint(State s) {
        return StateWords.fingerprint(s);
    }

    /** Fingerprints a successor by rehashing only the parts it does not share with its parent. */
    @Override
    public Fingerprinter<State> fingerprinter() {
        return new StateWords.Incremental();
    }

    /** Frontier states as words: about 15 a state instead of some 25 objects. */
    @Override
    public StateCodec<State> codec() {
        return new StateWords.Codec();
    }

    @Override
    public List<String> changes(State before, State after) {
        return Changes.between(before, after, names);
    }

    @Override
    public List<String> describeInitial(State s) {
        return Changes.describe(s);
    }

    @Override
    public String describe(State s) {
        return String.join("; ", Changes.describe(s));
    }
}
