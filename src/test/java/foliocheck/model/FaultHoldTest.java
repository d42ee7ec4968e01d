package foliocheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.model.designs.Legacy;
import foliocheck.model.designs.RequestFolios;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code dax_fault_iter} (6.15+) holds the folio across the insert: {@code folio_ref_inc}
 * before {@code vmf_insert_page_mkwrite}, {@code folio_put} after. A device unbind's zap
 * can come in between, and then the fault's own put is the last one and runs the free path;
 * a truncate's cannot.
 */
class FaultHoldTest {

    /** How often the fault thread runs the free path of its own {@code folio_put}; checks the window on the way. */
    private static int faultFrees(String scenario) {
        Scenario sc = Scenarios.named(scenario);
        int t = PreRemoveTest.thread(sc, Fault.class);
        int frees = 0;
        boolean held = false;
        for (State s : PreRemoveTest.reachable(sc, new Mainline())) {
            Local l = s.thread(t);
            if (l.pc() == Fault.INSERT || l.pc() == Fault.RELEASE) {
                held = true;
                assertEquals(1, l.refs(), "the fault holds one reference from folio_ref_inc to folio_put");
                assertTrue(s.kernel().folio(0).refcount() >= 1, "the held folio is off 0: " + s);
            } else if (l.pc() != Program.FREE) {
                assertEquals(0, l.refs(), "no reference held outside the window: " + s);
            }
            if (l.pc() == Program.FREE && l.ret() == Fault.UNLOCK_ENTRY) {
                frees++;
                assertTrue(s.kernel().pte(Kernel.MM_A, 0) == null, "a zap came between insert and put: " + s);
            }
        }
        assertTrue(held, scenario + ": the fault reaches the window");
        return frees;
    }

    @Test
    void aZapInsideTheWindowMakesTheFaultsPutTheLastOne() {
        // The unbind's zap takes no invalidate lock, so it can fall between insert and put.
        assertTrue(faultFrees("fault-kill") > 0, "fault-kill: the fault's folio_put takes the folio to 0");
        // Truncate zaps under the invalidate lock held exclusive, and the fault holds it
        // shared across the whole window, so truncate's zap never falls inside it.
        assertEquals(0, faultFrees("pin-truncate"), "pin-truncate");
    }

    @Test
    void designsWhoseInsertTakesNoReferenceFromZeroHoldNothing() {
        Scenario sc = Scenarios.named("pin-truncate");
        int t = PreRemoveTest.thread(sc, Fault.class);
        for (Design d : List.of(new Legacy(), new RequestFolios())) {
            assertFalse(d.faultHoldsFolio(), d.name());
            for (State s : PreRemoveTest.reachable(sc, d)) {
                int pc = s.thread(t).pc();
                assertTrue(pc != Fault.HOLD && pc != Fault.RELEASE, d.name() + ": " + s);
            }
            assertFalse(new Fault("f", 0, 0, Level.PTE, false).labels(d).contains("folio_ref_inc"), d.name());
        }
        assertEquals(List.of("dax_insert_entry", "folio_ref_inc", "vmf_insert_page_mkwrite", "folio_put"),
                new Fault("f", 0, 0, Level.PTE, false).labels(new Mainline()).subList(4, 8));
    }
}
