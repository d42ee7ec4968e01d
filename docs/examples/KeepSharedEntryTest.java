import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.FolioCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What leaving a shared extent's named DAX entry alone fixes, and what it does not. Each
 * check is exhaustive.
 */
class KeepSharedEntryTest {

    @Test
    void mainlineSplitsTheFolioAPinHolds() {
        String trace = FolioCheck.assertViolates(FolioCheck.design("mainline"), "reflink-two-maps", "compound-at-zero");
        assertTrue(trace.contains("dax_folio_put splits folio0 at refcount 1"), trace);
    }

    @Test
    void theSecondMappingNoLongerUnmapsOrSplits() {
        // No violation; the one witness left unreached is the unmap the fix removes.
        FolioCheck.Report r = FolioCheck.check(new KeepSharedEntry(), "reflink-two-maps");
        assertEquals(List.of(), r.violated(), r.summary());
        assertEquals(List.of("zapped"), r.unreached(), r.summary());
    }

    @Test
    void theOtherFilesRaceIsNotItsToFix() {
        // reflink-truncate's findings are two files' faults racing on the association and
        // a truncate's wait: the fix leaves them as they are.
        assertEquals(FolioCheck.check(FolioCheck.design("mainline"), "reflink-truncate").violated(),
                FolioCheck.check(new KeepSharedEntry(), "reflink-truncate").violated());
    }
}
