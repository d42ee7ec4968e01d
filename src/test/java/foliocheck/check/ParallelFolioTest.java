package foliocheck.check;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.ParallelTest;
import foliocheck.engine.Result;
import foliocheck.model.Design;
import foliocheck.model.Designs;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On the folio model, several workers, and a frontier packed into the codec's words at
 * every level, find exactly what one worker finds: states, steps, and the traces as the
 * search found them (parent links, before any shortening of context switches).
 */
class ParallelFolioTest {

    private static void sameWithAnyNumberOfWorkers(Scenario sc, Design d) {
        assertDoesNotThrow(() -> ParallelTest.sameAsOneWorker(new FolioModel(sc, d), false, 2, 3),
                sc.name() + " under " + d.name());
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
        assertTrue(r.stats().states() > 40_000, "large enough for many batches a level");
        assertEquals(List.of("memmap-lifetime"), r.violations().stream().map(Outcome::name).toList());
        sameWithAnyNumberOfWorkers(sc, d);
    }
}
