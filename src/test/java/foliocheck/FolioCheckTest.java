package foliocheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Result;
import org.junit.jupiter.api.Test;

/** The assertion API users call from their own tests. */
class FolioCheckTest {

    @Test
    void assertHoldsPassesForAFixedDesignAndReportsTheStateCount() {
        FolioCheck.Report r = FolioCheck.assertHolds(FolioCheck.design("mainline"), "pin-truncate");
        assertEquals(Result.Verdict.HOLDS, r.verdict());
        assertEquals(208, r.states());
    }

    @Test
    void assertHoldsFailsWithThePlainTextTraceAsItsMessage() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> FolioCheck.assertHolds(FolioCheck.design("pre-busy-wait"), "pin-truncate"));
        String m = e.getMessage();
        assertTrue(m.startsWith("pin-truncate under pre-busy-wait: VIOLATED in 153 states; violates no-free-while-busy"), m);
        assertTrue(m.contains("no-free-while-busy violated in design pre-busy-wait, scenario pin-truncate"), m);
        assertTrue(m.contains("reproduce: ./foliocheck check pin-truncate --design pre-busy-wait"), m);
    }

    @Test
    void aUserPropertyCannotTakeTheNameOfAnother() {
        // Properties are known by name: one named like a built-in invariant would be
        // reported as that one, or passed by the invariants' one-pass test.
        for (String name : java.util.List.of("mapping-levels", "deadlock")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FolioCheck.check(FolioCheck.design("mainline"), "pin-truncate",
                            d -> java.util.List.of(foliocheck.engine.Property.always(name, "", s -> false))));
            assertEquals("two properties are named '" + name + "'", e.getMessage());
        }
        FolioCheck.Report r = FolioCheck.check(FolioCheck.design("mainline"), "pin-truncate",
                d -> java.util.List.of(foliocheck.engine.Property.always("my-own", "", s -> false)));
        assertEquals(Result.Verdict.VIOLATED, r.verdict());
    }

    @Test
    void assertViolatesReturnsTheTraceOfTheNamedProperty() {
        String t = FolioCheck.assertViolates(FolioCheck.design("request-folios"), "request-release", "deadlock");
        assertTrue(t.contains("wait_for_completion waits for pgmap->ref"), t);
        AssertionError e = assertThrows(AssertionError.class,
                () -> FolioCheck.assertViolates(FolioCheck.design("mainline"), "pin-truncate", "no-free-while-busy"));
        assertTrue(e.getMessage().startsWith("expected no-free-while-busy to be violated; pin-truncate under mainline: HOLDS"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FolioCheck.assertViolates(FolioCheck.design("mainline"), "pin-truncate", "no-such-property"));
    }

    @Test
    void aVacuousScenarioFailsAssertHolds() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> FolioCheck.assertHolds(FolioCheck.design("pageless"), "pin-truncate"));
        assertTrue(e.getMessage().contains("never reaches pinned"), e.getMessage());
    }
}
