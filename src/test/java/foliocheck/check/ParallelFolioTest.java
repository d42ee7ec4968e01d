package foliocheck.check;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Checker;
import foliocheck.engine.ParallelTest;
import foliocheck.model.Design;
import foliocheck.model.Designs;
import foliocheck.model.Scenario;
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
        long states = Checker.of(new FolioModel(sc, d)).workers(2).run().stats().states();
        assertTrue(states > 40_000, "large enough for many batches a level");
        sameWithAnyNumberOfWorkers(sc, d);
    }
}
