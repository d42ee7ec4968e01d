package foliocheck.model;

import foliocheck.engine.Steps;
import java.util.List;

/** Runs one thread's program for one state; the entry point the checkers use. */
public final class ProgramRunner {
    private ProgramRunner() { }

    /** Offers thread {@code t}'s steps from {@code s} under design {@code d} to {@code out}. */
    public static void steps(List<Program> programs, State s, int t, Design d, Steps<State> out) {
        programs.get(t).steps(new Program.Ctx(s, t, d, programs, out));
    }
}
