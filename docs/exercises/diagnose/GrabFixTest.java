import static org.junit.jupiter.api.Assertions.assertNotEquals;

import foliocheck.FolioCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The check of exercise 1: your {@code GrabWithTryGet} holds where {@code GrabWithoutTryGet}
 * fails, and in the PTE scenarios, with every witness reached.
 */
class GrabFixTest {
    @Test
    void theBrokenDesignFails() {
        FolioCheck.assertViolates(new GrabWithoutTryGet(), new PmdPinTruncate().get(), "compound-at-zero");
    }

    @Test
    void theFixHoldsInThePmdScenario() {
        FolioCheck.assertHolds(new GrabWithTryGet(), new PmdPinTruncate().get());
    }

    @Test
    void theFixHoldsInThePteScenarios() {
        for (String scenario : List.of("pin-truncate", "gupfast-truncate", "pin-evict")) {
            FolioCheck.assertHolds(new GrabWithTryGet(), scenario);
        }
    }

    @Test
    void theFixIsADesignOfItsOwn() {
        assertNotEquals(new GrabWithoutTryGet().name(), new GrabWithTryGet().name());
    }
}
