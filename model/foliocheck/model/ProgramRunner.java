package foliocheck.model;

import foliocheck.engine.Steps;
import java.util.ArrayList;
import java.util.List;

/** Runs one thread's program for one state; the entry point the checkers use. */
public final class ProgramRunner {
    private ProgramRunner() { }

    /**
     * The state a scenario starts from under a design: every folio idle, block {@code i} of
     * file A behind folio {@code i} (shared with file B where the scenario reflinks it and the
     * design can: {@link Scenario#reflinked}, {@link Design#reflinksDax}), the pgmap live,
     * every thread at its start.
     */
    public static State initialState(Scenario scenario, Design design) {
        String problem = scenario.problem();
        if (problem != null) {
            throw new IllegalArgumentException("scenario " + scenario.name() + " " + problem);
        }
        int n = scenario.folios().size();
        List<Folio> folios = new ArrayList<>();
        List<Integer> blocks = new ArrayList<>();
        List<Integer> reflinked = design.reflinksDax() ? scenario.reflinked() : List.of();
        for (Level order : scenario.folios()) {
            blocks.add(reflinked.contains(folios.size()) ? Kernel.REFLINKED : Kernel.FILE_A);
            folios.add(Folio.idle(order, 0));
        }
        Pgmap pgmap = new Pgmap(Pgmap.Life.LIVE, design.initialPgmapRef(n), true, 0, false, scenario.deviceDax());
        Kernel k = new Kernel(FixedList.copyOf(folios), pgmap, FixedList.empty(), FixedList.empty(), FixedList.copyOf(blocks),
                0, false, false, false);
        for (int f = 0; f < n; f++) {
            k = k.withFolio(f, k.folio(f).withRefcount(design.hasPages() ? design.idle(k, f) : 0));
        }
        List<Local> locals = new ArrayList<>();
        for (Program p : scenario.programs()) {
            locals.add(p.initial());
        }
        return new State(k, FixedList.copyOf(locals));
    }

    /** Offers thread {@code t}'s steps from {@code s} under design {@code d} to {@code out}. */
    public static void steps(List<Program> programs, State s, int t, Design d, Steps<State> out) {
        programs.get(t).steps(new Program.Ctx(s, t, d, programs, out));
    }

    /**
     * Offers steps as {@link ProgramRunner#steps} does, with one context for every call: for
     * one search thread, which expands millions of states. Not thread-safe.
     */
    public static final class Runner {
        private final Program[] programs;
        private final Program.Ctx ctx;

        public Runner(List<Program> programs, Design d) {
            this.programs = programs.toArray(new Program[0]);
            this.ctx = new Program.Ctx(d, programs);
        }

        /** Offers thread {@code t}'s steps from {@code s} to {@code out}. */
        public void steps(State s, int t, Steps<State> out) {
            programs[t].steps(ctx.of(s, t, out));
        }
    }
}
