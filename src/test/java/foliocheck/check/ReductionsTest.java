package foliocheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Result;
import foliocheck.model.Design;
import foliocheck.model.Designs;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reductions keep every verdict of the folio model, and do reduce. */
class ReductionsTest {

    private static List<String> findings(Result<State> r) {
        return r.outcomes().stream().map(o -> o.name() + "=" + o.status()).toList();
    }

    private static Result<State> run(Scenario sc, Design d, boolean local, boolean symmetry, int workers) {
        return Checker.of(new FolioModel(sc, d)).localReduction(local).symmetry(symmetry).workers(workers)
                .fewestSwitches(false).run();
    }

    /** Each finding with the length and thread switches of its trace, as a user sees them (default trace search). */
    private static List<String> findingsAndTraces(Result<State> r) {
        return r.outcomes().stream().map(o -> o.name() + "=" + o.status() + (o.trace() == null ? ""
                : " in " + o.trace().steps().size() + " steps, " + o.trace().threadSwitches() + " switches")).toList();
    }

    /**
     * Every built-in scenario but the stress family (below), under every built-in design:
     * with each combination of the reductions, on one worker and two, the same verdict, the
     * same finding for every property, and the same steps never run as the search without
     * reductions; and the counterexamples users see are as short, with as few thread
     * switches (the search for them runs without the reductions, within its budget: this
     * checks that the budget sufficed and that the reduced search found the same findings).
     */
    @Test
    void everyVerdictAndTraceLengthIsTheSameWithAndWithoutReductions() throws Exception {
        int compared = 0;
        int reducedSomewhere = 0;
        for (Scenario sc : Catalog.builtIn().allScenarios()) {
            if (sc.name().startsWith("stress")) {
                continue;
            }
            for (Design d : Designs.all()) {
                Result<State> full = Checker.of(new FolioModel(sc, d)).localReduction(false).run();
                for (boolean local : new boolean[] {false, true}) {
                    for (boolean symmetry : new boolean[] {false, true}) {
                        for (int workers = 1; workers <= 2; workers++) {
                            if (!local && !symmetry && workers == 1) {
                                continue;   // the search it is compared with
                            }
                            Result<State> reduced = Checker.of(new FolioModel(sc, d)).localReduction(local)
                                    .symmetry(symmetry).workers(workers).run();
                            String what = sc.name() + " under " + d.name() + (local ? ", local steps" : "")
                                    + (symmetry ? ", symmetry" : "") + ", " + workers + " worker(s)";
                            assertEquals(full.verdict(), reduced.verdict(), what);
                            assertEquals(findingsAndTraces(full), findingsAndTraces(reduced), what);
                            assertEquals(full.stats().uncovered(), reduced.stats().uncovered(),
                                    what + ": steps that never ran");
                            assertTrue(reduced.stats().states() <= full.stats().states(), what);
                            reducedSomewhere += reduced.stats().states() < full.stats().states() ? 1 : 0;
                            compared++;
                        }
                    }
                }
            }
        }
        // not vacuous: the whole catalogue, and the reductions took states away in hundreds of runs
        // (462 of 2,142 when written: local steps in most scenarios, symmetry in refault-truncate's)
        assertTrue(compared >= 2000, compared + " runs");
        assertTrue(reducedSomewhere >= 400, reducedSomewhere + " of " + compared + " runs reduced");
    }

    @Test
    void symmetryMergesIdenticalPinsAndKeepsTheVerdict() throws Exception {
        Scenario sc = Catalog.builtIn().scenario("stress-3");
        for (String design : List.of("mainline")) {
            Design d = Catalog.builtIn().design(design);
            Result<State> plain = run(sc, d, true, false, 2);
            Result<State> sym = run(sc, d, true, true, 2);
            assertEquals(findings(plain), findings(sym), design);
            assertEquals(plain.stats().uncovered(), sym.stats().uncovered(), design + ": steps that never ran");
            assertTrue(sym.stats().states() * 3 < plain.stats().states() * 2,
                    design + ": " + sym.stats().states() + " vs " + plain.stats().states());
        }
    }

    @Test
    void localStepReductionSavesStatesOnStress() throws Exception {
        Scenario sc = Catalog.builtIn().scenario("stress");
        Design d = Catalog.builtIn().design("mainline");
        Result<State> full = run(sc, d, false, false, 2);
        Result<State> reduced = run(sc, d, true, false, 2);
        assertEquals(findings(full), findings(reduced));
        assertTrue(reduced.stats().states() < full.stats().states());
        assertEquals(Outcome.Status.VIOLATED, reduced.outcome("memmap-lifetime").status());
    }
}
