package foliocheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Outcome;
import foliocheck.engine.Result;
import foliocheck.engine.Trace;
import foliocheck.model.Pgmap;
import foliocheck.model.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A put that takes a folio to 0 goes on to {@code free_zone_device_folio}, which reads the
 * folio ({@code folio->pgmap}, {@code mem_cgroup_uncharge}) after the count is already 0.
 * Truncate sees the folio idle then, and mainline's teardown does not wait for FS DAX folio
 * references, so the memmap can be gone before the free path reads it. Designs whose folios
 * hold a pgmap reference drop it last in the free path and are not affected.
 */
class FreePathTest {

    @Test
    void mainlineFreesTheMemmapUnderTheFreePathOfAnUnpin() throws Exception {
        Result<State> r = FailuresTest.run("request-release", "mainline");
        Outcome<State> o = FailuresTest.violated(r, "memmap-lifetime");
        Trace<State> t = o.trace();
        List<String> l = FailuresTest.labels(t);
        assertEquals("free_zone_device_folio", l.get(l.size() - 1));
        assertTrue(o.detail().startsWith("free_zone_device_folio touches folio0 after pageunmap_range"), o.detail());
        int unpin = l.indexOf("unpin_user_page");
        assertTrue(unpin >= 0 && unpin < l.indexOf("dax_layout_busy_page_range")
                && l.indexOf("dax_layout_busy_page_range") < l.indexOf("pageunmap_range"), l.toString());
        // The unpin took the count to 0 and the thread is still on its way through the free path.
        State afterUnpin = t.steps().get(unpin).state();
        assertEquals(0, afterUnpin.kernel().folio(0).refcount());
        assertEquals(Pgmap.Life.DEAD, t.steps().get(l.size() - 2).state().kernel().pgmap().life());
        assertEquals(33, l.size());
    }

    @Test
    void designsWhoseFoliosHoldAPgmapReferencePutItAfterTheFreePathReadsTheFolio() throws Exception {
        for (String d : List.of("request-offset", "legacy-4.13")) {
            FailuresTest.holds(FailuresTest.run("request-release", d));
        }
        FailuresTest.holds(FailuresTest.run("pin-kill", "legacy-4.13"));
    }
}
