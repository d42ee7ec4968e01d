import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.FolioCheck;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What an XFS-like pre-remove notification would fix on ext4, and what it would not. Each
 * check is exhaustive; {@code stress} takes a few seconds.
 */
class Ext4PreRemoveTest {

    @Test
    void ext4TouchesTheFreedMemmapWhenAFileKeptOpenIsEvicted() {
        String trace = FolioCheck.assertViolates(FolioCheck.design("mainline-ext4"), "kill-evict", "memmap-lifetime");
        assertTrue(trace.contains("dax_busy_page touches folio0 after pageunmap_range freed the memmap"), trace);
    }

    @Test
    void thePreRemoveNotificationFixesTheEvictionAndTheMappedPage() {
        assertEquals(List.of(), FolioCheck.check(new Ext4PreRemove(), "kill-evict").violated());
        // pin-kill's shortest trace on ext4 needs no pin: a mapped page outlives the device.
        // With the notification the page is unmapped first, and what is left is mainline's:
        // a pin held across the unbind.
        String trace = FolioCheck.assertViolates(new Ext4PreRemove(), "pin-kill", "memmap-lifetime");
        assertTrue(trace.contains("follow_page_pte") || trace.contains("try_grab_folio_fast"), trace);
        assertTrue(trace.contains("invalidate_inode_pages2_range"), trace);
    }

    @Test
    void whatIsLeftIsMainlinesOnXfs() {
        for (String scenario : List.of("pin-kill", "fault-kill", "request-release", "pmd-pin-kill", "pmd-fault-kill",
                "stress")) {
            FolioCheck.Report xfs = FolioCheck.check(FolioCheck.design("mainline"), scenario);
            FolioCheck.Report ext4 = FolioCheck.check(new Ext4PreRemove(), scenario);
            assertEquals(xfs.violated(), ext4.violated(), scenario + ": " + ext4.summary());
            // The same shortest windows: each trace as long as XFS's, or one step longer
            // where it runs through del_gendisk's fs_bdev_mark_dead.
            for (String p : xfs.violated()) {
                int more = steps(ext4.trace(p)) - steps(xfs.trace(p));
                assertTrue(more == 0 || more == 1 && ext4.trace(p).contains("fs_bdev_mark_dead"),
                        scenario + " " + p + ": " + more + " more steps");
            }
        }
    }

    /** The number of the trace's last step, the one marked {@code >>}. */
    private static int steps(String trace) {
        Matcher m = Pattern.compile("(?m)^>>\\s+(\\d+)").matcher(trace);
        assertTrue(m.find(), trace);
        return Integer.parseInt(m.group(1));
    }
}
