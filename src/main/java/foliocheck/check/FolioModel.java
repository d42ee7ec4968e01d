package foliocheck.check;

import foliocheck.engine.Fingerprint;
import foliocheck.engine.Model;
import foliocheck.engine.Property;
import foliocheck.engine.Steps;
import foliocheck.model.DaxEntry;
import foliocheck.model.Design;
import foliocheck.model.Folio;
import foliocheck.model.Kernel;
import foliocheck.model.Level;
import foliocheck.model.Local;
import foliocheck.model.Pgmap;
import foliocheck.model.Program;
import foliocheck.model.ProgramRunner;
import foliocheck.model.Pte;
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

    @Override
    public List<State> initialStates() {
        return List.of(ProgramRunner.initialState(scenario, design));
    }

    @Override
    public List<String> threadNames() {
        return names;
    }

    @Override
    public void steps(State s, int thread, Steps<State> out) {
        ProgramRunner.steps(programs, s, thread, design, out);
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
            l.addAll(p.labels(design));
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

    /**
     * Packs each object of the state into one 64-bit word (fields in fixed bit ranges) and
     * mixes the words: about 15 mixes a state instead of 70. When a value does not fit its
     * range the field-by-field fingerprint is used instead, so distinct states never pack
     * alike.
     */
    @Override
    public long fingerprint(State s) {
        Kernel k = s.kernel();
        Fingerprint h = new Fingerprint();
        boolean fits = true;
        List<Folio> folios = k.folios();
        for (int i = 0; i < folios.size(); i++) {
            Folio f = folios.get(i);
            fits &= fits(f.refcount(), 20) && fits(f.mapcount(), 8) && fits(f.entire(), 8) && fits(f.pincount(), 10)
                    && fits(f.mapping(), 6) && fits(f.index(), 9);
            h.add(bits(f.order().ordinal(), 2) | bits(f.refcount(), 20) << 2 | bits(f.mapcount(), 8) << 22
                    | bits(f.entire(), 8) << 30 | bits(f.pincount(), 10) << 38 | (f.compound() ? 1L : 0) << 48
                    | bits(f.mapping(), 6) << 49 | bits(f.index(), 9) << 55);
        }
        Pgmap p = k.pgmap();
        fits &= fits(p.ref(), 16) && fits(p.readers(), 8) && fits(k.invalShared(), 8) && k.ptes().size() < 256
                && k.entries().size() < 256;
        h.add(bits(p.life().ordinal(), 2) | bits(p.ref(), 16) << 2 | (p.alive() ? 1L : 0) << 18
                | bits(p.readers(), 8) << 19 | (p.pagesPut() ? 1L : 0) << 27 | bits(k.invalShared(), 8) << 28
                | (k.invalExcl() ? 1L : 0) << 36 | (k.truncated() ? 1L : 0) << 37 | (k.vmaGone() ? 1L : 0) << 38
                | bits(k.ptes().size(), 8) << 39 | bits(k.entries().size(), 8) << 47);
        List<Pte> ptes = k.ptes();
        for (int i = 0; i < ptes.size(); i++) {
            Pte e = ptes.get(i);
            fits &= fits(e.mm(), 8) && fits(e.slot(), 16) && fits(e.folio(), 16);
            h.add(bits(e.mm(), 8) | bits(e.slot(), 16) << 8 | bits(e.level().ordinal(), 2) << 24
                    | bits(e.folio(), 16) << 26 | (e.special() ? 1L : 0) << 42 | (e.devmap() ? 1L : 0) << 43
                    | (e.refd() ? 1L : 0) << 44);
        }
        List<DaxEntry> entries = k.entries();
        for (int i = 0; i < entries.size(); i++) {
            DaxEntry e = entries.get(i);
            fits &= fits(e.file(), 8) && fits(e.offset(), 16) && fits(e.folio(), 16);
            h.add(bits(e.file(), 8) | bits(e.offset(), 16) << 8 | bits(e.folio(), 16) << 24 | (e.locked() ? 1L : 0) << 40);
        }
        long word = 0;
        int used = 0;
        List<Integer> blocks = k.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            int b = blocks.get(i);
            fits &= fits(b, 8);
            word |= bits(b, 8) << used;
            used += 8;
            if (used == 64) {
                h.add(word);
                word = 0;
                used = 0;
            }
        }
        h.add(word);
        List<Local> threads = s.threads();
        for (int i = 0; i < threads.size(); i++) {
            Local l = threads.get(i);
            fits &= fits(l.pc(), 10) && fits(l.folio(), 6) && fits(l.refs(), 8) && fits(l.pins(), 8)
                    && fits(l.flags(), 22) && fits(l.ret(), 10);
            h.add(bits(l.pc(), 10) | bits(l.folio(), 6) << 10 | bits(l.refs(), 8) << 16 | bits(l.pins(), 8) << 24
                    | bits(l.flags(), 22) << 32 | bits(l.ret(), 10) << 54);
        }
        return fits ? h.get() : fieldByField(s);
    }

    /** Whether {@code x} fits a signed field of {@code width} bits. */
    private static boolean fits(int x, int width) {
        int top = x >> (width - 1);
        return top == 0 || top == -1;
    }

    private static long bits(int x, int width) {
        return x & ((1L << width) - 1);
    }

    /** The fingerprint of states some value of which is out of the packed ranges. */
    static long fieldByField(State s) {
        Fingerprint h = new Fingerprint().add(-1);
        Kernel k = s.kernel();
        for (Folio f : k.folios()) {
            h.add(f.order().ordinal()).add(f.refcount()).add(f.mapcount()).add(f.entire()).add(f.pincount())
                    .add(f.compound()).add(f.mapping()).add(f.index());
        }
        Pgmap p = k.pgmap();
        h.add(p.life().ordinal()).add(p.ref()).add(p.alive()).add(p.readers()).add(p.pagesPut());
        h.add(k.ptes().size());
        for (Pte e : k.ptes()) {
            h.add(e.mm()).add(e.slot()).add(e.level().ordinal()).add(e.folio()).add(e.special()).add(e.devmap())
                    .add(e.refd());
        }
        h.add(k.entries().size());
        for (DaxEntry e : k.entries()) {
            h.add(e.file()).add(e.offset()).add(e.folio()).add(e.locked());
        }
        for (int b : k.blocks()) {
            h.add(b);
        }
        h.add(k.invalShared()).add(k.invalExcl()).add(k.truncated()).add(k.vmaGone());
        for (Local l : s.threads()) {
            h.add(l.pc()).add(l.folio()).add(l.refs()).add(l.pins()).add(l.flags()).add(l.ret());
        }
        return h.get();
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
