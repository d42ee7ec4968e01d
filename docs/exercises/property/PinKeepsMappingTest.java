import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.FolioCheck;
import foliocheck.engine.Property;
import foliocheck.engine.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The check of exercise 3: your {@code PinKeepsMapping} defines {@code pin-keeps-mapping},
 * which pre-busy-wait breaks in pin-truncate and legacy in pin-evict, each at the step that
 * removes the folio from its file, and which mainline keeps in the scenarios below, those
 * without a device unbind under a pin or a PMD folio the unbind splits.
 */
class PinKeepsMappingTest {
    private final PinKeepsMapping property = new PinKeepsMapping();

    private static String violatingStep(String trace) {
        return trace.lines().filter(l -> l.startsWith(">>")).findFirst().orElseThrow();
    }

    @Test
    void itIsOnePropertyWithTheAgreedName() {
        List<String> names = property.properties(FolioCheck.design("mainline")).stream().map(Property::name).toList();
        assertEquals(List.of("pin-keeps-mapping"), names);
    }

    @Test
    void truncateWithoutTheBusyWaitBreaksIt() {
        String trace = FolioCheck.assertViolates(FolioCheck.design("pre-busy-wait"), "pin-truncate",
                "pin-keeps-mapping", property);
        assertTrue(violatingStep(trace).contains("truncate_inode_pages_range"), trace);
    }

    @Test
    void evictionWithoutTheWaitBreaksIt() {
        String trace = FolioCheck.assertViolates(FolioCheck.design("legacy"), "pin-evict",
                "pin-keeps-mapping", property);
        assertTrue(violatingStep(trace).contains("truncate_inode_pages_final"), trace);
    }

    @Test
    void mainlineKeepsIt() {
        for (String scenario : List.of("pin-truncate", "gupfast-truncate", "refault-truncate", "pin-evict", "fault-kill",
                "request-release", "pmd-fault-zap", "pud-fault-pin", "longterm-pin")) {
            FolioCheck.Report r = FolioCheck.check(FolioCheck.design("mainline"), scenario, property);
            assertFalse(r.violated().contains("pin-keeps-mapping"), r.summary());
            assertNotEquals(Result.Verdict.INCOMPLETE, r.verdict(), r.summary());   // every state was checked
        }
    }
}
