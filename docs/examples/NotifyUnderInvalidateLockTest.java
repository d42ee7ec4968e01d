import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.FolioCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What holding the invalidate lock across the pre-remove notification fixes, and what it
 * does not. Each check is exhaustive; {@code stress} takes a second or two.
 */
class NotifyUnderInvalidateLockTest {

    @Test
    void mainlineSplitsAFolioMappedAfterTheUnmapPass() {
        String trace = FolioCheck.assertViolates(FolioCheck.design("mainline"), "pmd-fault-kill", "compound-at-zero");
        assertTrue(trace.contains("dax_folio_put splits folio0 at refcount 1"), trace);
    }

    @Test
    void theLockRemovesTheSplitNotTheLateInsert() {
        FolioCheck.Report r = FolioCheck.check(new NotifyUnderInvalidateLock(), "pmd-fault-kill");
        assertEquals(List.of("memmap-lifetime"), r.violated(), r.summary());
        // The window left is fault-kill's: a fault that takes the lock after the unlock,
        // runs iomap_begin before the shutdown and inserts after pageunmap_range.
        assertEquals(List.of("memmap-lifetime"),
                FolioCheck.check(new NotifyUnderInvalidateLock(), "fault-kill").violated());
    }

    @Test
    void itAddsNoDeadlockAndKeepsMainlinesOtherVerdicts() {
        for (String scenario : List.of("pin-kill", "request-release", "pmd-pin-kill", "stress")) {
            FolioCheck.Report mainline = FolioCheck.check(FolioCheck.design("mainline"), scenario);
            FolioCheck.Report fixed = FolioCheck.check(new NotifyUnderInvalidateLock(), scenario);
            assertFalse(fixed.violated().contains("deadlock"), fixed.summary());
            assertEquals(mainline.violated(), fixed.violated(), scenario + ": " + fixed.summary());
        }
    }
}
