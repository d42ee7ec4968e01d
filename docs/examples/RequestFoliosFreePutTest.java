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

    /**
     * The review's other objection, increment then test for 1, is still in the variant. In
     * gupfast-truncate file B is given the freed block and requests its folio while GUP-fast
     * still holds the grab truncate raced: the increment finds 1024, the grab's put lands
     * before the test, and the test's 1 takes a second pgmap reference for a folio whose
     * first is still held. request-offset, whose request is one step, keeps the bound.
     */
    @Test
    void theIncrementThenTestRaceLeaksAPgmapReference() {
        PgmapRefBounded bounded = new PgmapRefBounded();
        String trace = FolioCheck.assertViolates(new RequestFoliosFreePut(), "gupfast-truncate", "pgmap-ref-bounded",
                bounded);
        List<String> rows = trace.lines().filter(l -> l.matches("(>>)? *\\d+ .*")).toList();
        assertTrue(rows.get(rows.size() - 1).startsWith(">> 23") && rows.get(rows.size() - 1).contains("pgmap_request_folios"),
                trace);
        assertTrue(rows.get(rows.size() - 2).contains("gup_put_folio"), "the grab's put between increment and test:\n" + trace);
        assertTrue(rows.get(rows.size() - 3).contains("dax_insert_entry"), trace);
        FolioCheck.Report offset = FolioCheck.check(FolioCheck.design("request-offset"), "gupfast-truncate", bounded);
        assertFalse(offset.violated().contains("pgmap-ref-bounded"), offset.summary());
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
