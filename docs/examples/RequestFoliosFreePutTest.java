import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.FolioCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tutorial's claims about {@link RequestFoliosFreePut}, as a test that fails when they
 * stop being true. Each check is exhaustive and takes well under a second.
 */
class RequestFoliosFreePutTest {

    @Test
    void theOriginalProposalLosesThePgmapReference() {
        String trace = FolioCheck.assertViolates(FolioCheck.design("request-folios"), "request-release", "deadlock");
        assertTrue(trace.contains("wait_for_completion waits for pgmap->ref 1 to reach 0"), trace);
    }

    @Test
    void thePutOnTheFreePathRemovesTheDeadlock() {
        // Every property holds and every witness is reached.
        FolioCheck.assertHolds(new RequestFoliosFreePut(), "request-release");
    }

    @Test
    void mainlineFreesTheMemmapUnderItsFreePath() {
        // Its folios hold no pgmap reference: teardown does not wait for the unpin that is
        // still in free_zone_device_folio, reading the folio it took to 0.
        String trace = FolioCheck.assertViolates(FolioCheck.design("mainline"), "request-release", "memmap-lifetime");
        assertTrue(trace.lines().anyMatch(l -> l.startsWith(">>") && l.contains("free_zone_device_folio")), trace);
    }

    @Test
    void noPgmapReferenceIsLost() {
        PgmapRefBounded bounded = new PgmapRefBounded();
        String trace = FolioCheck.assertViolates(FolioCheck.design("request-folios"), "pin-truncate",
                "pgmap-ref-bounded", bounded);
        assertTrue(trace.lines().anyMatch(l -> l.startsWith(">>") && l.contains("free_zone_device_folio")), trace);
        for (String scenario : List.of("pin-truncate", "request-release")) {
            FolioCheck.Report r = FolioCheck.check(new RequestFoliosFreePut(), scenario, bounded);
            assertFalse(r.violated().contains("pgmap-ref-bounded"), r.summary());
        }
    }

    @Test
    void itHoldsWhereMainlineHolds() {
        for (String scenario : List.of("pin-truncate", "gupfast-truncate", "pin-evict", "pmd-fault-zap",
                "pud-fault-pin", "longterm-pin")) {
            FolioCheck.assertHolds(new RequestFoliosFreePut(), scenario);
        }
    }

    @Test
    void twoPinsDoNotBringTheDeadlockBack() {
        FolioCheck.Report r = FolioCheck.check(new RequestFoliosFreePut(), new TwoPinsRelease().get());
        assertEquals(List.of(), r.violated(), r.summary());
        assertEquals(List.of(), r.unreached(), r.summary());
    }
}
