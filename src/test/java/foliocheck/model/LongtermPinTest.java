package foliocheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.model.designs.Legacy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A FOLL_LONGTERM pin of FS DAX is refused, but in 6.15+ only after GUP-fast's
 * {@code try_grab_folio_fast} has taken a plain reference and dropped it again: a truncate
 * can find the page busy because of it and sleep, and the drop must wake it. In 6.0–6.14
 * the entry is devmap and GUP-fast bails out before taking anything.
 */
class LongtermPinTest {

    private static final Scenario SCENARIO = Scenarios.named("longterm-pin");

    @Test
    void mainlineTakesAndDropsAReferenceThatATruncateCanWaitFor() {
        int pin = PreRemoveTest.thread(SCENARIO, Pin.class);
        int truncate = PreRemoveTest.thread(SCENARIO, Truncate.class);
        boolean heldWhileTruncateSleeps = false;
        boolean lastPutWakes = false;
        for (State s : PreRemoveTest.reachable(SCENARIO, new Mainline())) {
            Local l = s.thread(pin);
            assertFalse(l.has(Local.PINNED), "never pinned: " + s);
            if (l.pc() == Pin.LONGTERM_PUT) {
                assertEquals(1, l.refs(), "one plain reference, no pin bias: " + s);
                assertEquals(0, l.pins(), s.toString());
                assertTrue(s.kernel().folio(0).refcount() >= 1, s.toString());
                heldWhileTruncateSleeps |= s.thread(truncate).has(Local.SLEEPING);
            } else if (l.pc() != Program.FREE && l.pc() != Program.WAKE) {
                assertEquals(0, l.refs(), "no reference outside try_grab_folio_fast: " + s);
            }
            if (l.pc() == Program.FREE && l.ret() == Pin.SLOW) {
                lastPutWakes = true;   // the drop took the folio to 0: free_zone_device_folio wakes
            }
            if (l.pc() == Program.DONE) {
                assertTrue(l.has(Local.FAILED), "the pin fails: " + s);
            }
        }
        assertTrue(heldWhileTruncateSleeps, "truncate sleeps on the page while GUP-fast holds it");
        assertTrue(lastPutWakes, "GUP-fast's folio_put_refs is the put that reaches 0");
    }

    @Test
    void theDevmapEraTakesNothing() {
        int pin = PreRemoveTest.thread(SCENARIO, Pin.class);
        int truncate = PreRemoveTest.thread(SCENARIO, Truncate.class);
        for (State s : PreRemoveTest.reachable(SCENARIO, new Legacy())) {
            Local l = s.thread(pin);
            assertTrue(l.pc() == Pin.READ || l.pc() == Program.DONE && l.has(Local.FAILED), s.toString());
            assertEquals(0, l.refs() + l.pins(), s.toString());
            assertFalse(s.thread(truncate).has(Local.WAITED), "nothing holds the page for truncate to wait on: " + s);
        }
        assertEquals(List.of("gup_fast_pte_range", "try_grab_folio_fast", "folio_put_refs", "check_vma_flags"),
                new Pin("pin", 0, true).labels(new Legacy()));
    }
}
