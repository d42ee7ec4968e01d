package foliocheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Result;
import foliocheck.engine.Trace;
import foliocheck.model.Design;
import foliocheck.model.Designs;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On the folio model, several workers find exactly what one finds: states, steps, and the
 * traces as the search found them (parent links, before any shortening of context switches).
 */
class ParallelFolioTest {

    private static List<String> steps(Trace<State> t) {
        return t == null ? null : t.steps().stream().map(s -> s.thread() + ":" + s.label() + ":" + s.choice()).toList();
    }

    private static void sameWithAnyNumberOfWorkers(Scenario sc, Design d) {
        String what = sc.name() + " under " + d.name();
        Result<State> one = Checker.of(new FolioModel(sc, d)).fewestSwitches(false).run();
        for (int workers : new int[] {2, 3}) {
            Result<State> many = Checker.of(new FolioModel(sc, d)).workers(workers).fewestSwitches(false).run();
            String how = what + ", " + workers + " workers";
            assertEquals(one.verdict(), many.verdict(), how);
            assertEquals(one.stats().states(), many.stats().states(), how);
            assertEquals(one.stats().transitions(), many.stats().transitions(), how);
            assertEquals(one.stats().maxDepth(), many.stats().maxDepth(), how);
            assertEquals(one.stats().stepCounts(), many.stats().stepCounts(), how);
            assertEquals(one.outcomes().size(), many.outcomes().size(), how);
            for (int i = 0; i < one.outcomes().size(); i++) {
                Outcome<State> a = one.outcomes().get(i);
                Outcome<State> b = many.outcomes().get(i);
                assertEquals(a.name(), b.name(), how);
                assertEquals(a.status(), b.status(), a.name() + ": " + how);
                assertEquals(steps(a.trace()), steps(b.trace()), a.name() + ": " + how);
            }
        }
    }

    @Test
    void everyDesignOnPinTruncate() throws Exception {
        Scenario sc = Catalog.builtIn().scenario("pin-truncate");
        for (Design d : Designs.all()) {
            sameWithAnyNumberOfWorkers(sc, d);
        }
    }

    @Test
    void stressOneWithItsViolation() throws Exception {
        Scenario sc = Catalog.builtIn().scenario("stress-1");
        Design d = Catalog.builtIn().design("mainline");
        Result<State> r = Checker.of(new FolioModel(sc, d)).workers(2).run();
        assertTrue(r.stats().states() > 50_000, "large enough for many batches a level");
        sameWithAnyNumberOfWorkers(sc, d);
    }
}
