package foliocheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * File B's reallocation touches the struct page as a fault does. Under ext4, whose unbind
 * does not invalidate the files' mappings (no notify_failure), a reallocation that set its
 * entry before kill_dax inserts after pageunmap_range: a use after free, reported by the
 * insert itself (before, the step was taken as if the memmap were there).
 */
class ReallocateTouchTest {

    @Test
    void anInsertAfterTeardownTouchesFreedMemmap() {
        Scenario sc = new Scenario("reallocate-kill", "file B reallocates the freed block, then the device is unbound",
                List.of(new Fault("fault", 0, 0, Level.PTE, false), new Truncate(false), new Reallocate(),
                        new PgmapKill(true)),
                List.of(Level.PTE), List.of("block-reused"));
        Design ext4 = Designs.named("mainline-ext4");
        int fileB = PreRemoveTest.thread(sc, Reallocate.class);
        int checked = 0;
        for (State s : PreRemoveTest.reachable(sc, ext4)) {
            if (s.thread(fileB).pc() != Reallocate.INSERT || s.kernel().pgmap().life() != Pgmap.Life.DEAD) {
                continue;
            }
            List<String> found = PreRemoveTest.offers(sc, ext4, s, fileB).stream()
                    .map(o -> o.label() + " breaks " + o.violation()).toList();
            assertEquals(List.of("vmf_insert_page_mkwrite breaks memmap-lifetime: vmf_insert_page_mkwrite touches folio0"
                    + " after pageunmap_range freed the memmap"), found, s.toString());
            checked++;
        }
        assertTrue(checked > 0, "no state has file B's insert after the teardown");
    }
}
