import static org.junit.jupiter.api.Assertions.assertEquals;

import foliocheck.FolioCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The check of exercise 2: your {@code IdleAtOneFixed} still rests at refcount 1 and holds
 * in the three PTE scenarios with every witness reached, where {@code IdleAtOne} fails.
 */
class IdleAtOneFixTest {
    private static final List<String> SCENARIOS = List.of("pin-truncate", "gupfast-truncate", "pin-evict");

    @Test
    void theProposalAsPostedFails() {
        for (String scenario : SCENARIOS) {
            FolioCheck.assertViolates(new IdleAtOne(), scenario, "deadlock");
        }
    }

    @Test
    void theFixStillRestsAtOne() {
        assertEquals(1, new IdleAtOneFixed().idle(null, 0));
    }

    @Test
    void theFixHolds() {
        for (String scenario : SCENARIOS) {
            FolioCheck.assertHolds(new IdleAtOneFixed(), scenario);
        }
    }
}
