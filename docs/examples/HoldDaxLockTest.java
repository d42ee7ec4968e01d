import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.FolioCheck;
import foliocheck.model.Mainline;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What holding dax_read_lock over the association closes, and what it does not. Each check
 * is exhaustive.
 */
class HoldDaxLockTest {

    @Test
    void withoutTheLockTheKillLandsBetweenTheActivationsHalves() {
        String trace = FolioCheck.assertViolates(FolioCheck.design("request-folios"), "fault-kill", "memmap-lifetime");
        assertTrue(trace.contains("pgmap_request_folios takes a pgmap reference after percpu_ref_kill"), trace);
    }

    @Test
    void theLockClosesTheWindowForRequestFoliosNotTheDeadlock() {
        for (String scenario : List.of("fault-kill", "pmd-fault-kill", "stress")) {
            List<String> before = FolioCheck.check(FolioCheck.design("request-folios"), scenario).violated();
            FolioCheck.Report r = FolioCheck.check(new HoldDaxLock(), scenario);
            assertTrue(before.contains("memmap-lifetime"), scenario + ": " + before);
            assertEquals(before.stream().filter(p -> !p.equals("memmap-lifetime")).toList(), r.violated(),
                    scenario + ": " + r.summary());
        }
        // the association now always meets a live pgmap, takes its reference, and teardown
        // waits for it: the entry nobody deletes any more holds it forever
        String trace = FolioCheck.assertViolates(new HoldDaxLock(), "fault-kill", "deadlock");
        assertTrue(trace.contains("wait_for_completion"), trace);
    }

    @Test
    void onMainlineTheLockLeavesTheHoldAfterTheUnlock() {
        Mainline locked = new Mainline() {
            @Override
            public String name() {
                return "mainline-dax-lock";
            }

            @Override
            public boolean faultHoldsDaxLock() {
                return true;
            }
        };
        // the association's use after free goes (it ends before synchronize_srcu returns),
        // but the fault's hold and insert come after the unlock, and mainline's folio
        // references hold no pgmap reference: pageunmap_range frees the memmap under the hold
        String trace = FolioCheck.assertViolates(locked, "fault-kill", "memmap-lifetime");
        assertTrue(trace.contains("pageunmap_range frees the memmap of folio0 at refcount 1"), trace);
        assertTrue(trace.contains(">> 16 "), "16 steps, the last pageunmap_range:\n" + trace);
        assertTrue(trace.indexOf("dax_insert_entry") < trace.indexOf("kill_dax"), trace);
    }

    @Test
    void itAddsNoDeadlockAndKeepsRequestFoliosOtherVerdicts() {
        for (String scenario : List.of("pin-kill", "request-release", "kill-evict", "pin-truncate", "pmd-pin-kill")) {
            FolioCheck.Report without = FolioCheck.check(FolioCheck.design("request-folios"), scenario);
            FolioCheck.Report with = FolioCheck.check(new HoldDaxLock(), scenario);
            assertEquals(without.violated(), with.violated(), scenario + ": " + with.summary());
        }
    }
}
