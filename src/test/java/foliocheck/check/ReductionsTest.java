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

    @Test
    void everyVerdictIsTheSameWithAndWithoutReductions() throws Exception {
        for (String name : List.of("pin-truncate", "pin-evict", "request-release", "pud-fault-pin")) {
            Scenario sc = Catalog.builtIn().scenario(name);
            for (Design d : Designs.all()) {
                Result<State> full = run(sc, d, false, false, 1);
                Result<State> reduced = run(sc, d, true, false, 1);
                String what = name + " under " + d.name();
                assertEquals(findings(full), findings(reduced), what);
                assertEquals(full.verdict(), reduced.verdict(), what);
                assertEquals(full.stats().uncovered(), reduced.stats().uncovered(), what + ": steps that never ran");
                assertTrue(reduced.stats().states() <= full.stats().states(), what);
            }
        }
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
