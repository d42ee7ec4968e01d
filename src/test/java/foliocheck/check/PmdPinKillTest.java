package foliocheck.check;

import static foliocheck.check.FailuresTest.holds;
import static foliocheck.check.FailuresTest.endsWith;
import static foliocheck.check.FailuresTest.run;
import static foliocheck.check.FailuresTest.violated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Outcome;
import foliocheck.engine.Result;
import foliocheck.model.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Device unbind with a pinned PMD folio: the filesystem's invalidation deletes the clean
 * entry whatever its folio's count, and {@code dax_folio_put} splits the compound folio
 * while the pin holds it. The designs that keep a pgmap reference with the folio avoid
 * {@code pin-kill}'s memmap-lifetime, not the split; designs without compound DAX folios
 * split nothing.
 */
class PmdPinKillTest {

    @Test
    void theInvalidationSplitsAPinnedPmdFolio() throws Exception {
        Outcome<State> o = violated(run("pmd-pin-kill", "mainline"), "compound-at-zero");
        List<String> l = endsWith(o, 18, "invalidate_inode_pages2_range", "dax_folio_put splits folio0 at refcount 1");
        // The fault maps the folio with a PMD, GUP takes its reference, and the unbind's
        // notification zaps the PMD and drops the mapping's reference before invalidating.
        assertTrue(FailuresTest.before(l, "vmf_insert_folio_pmd", "try_grab_folio_fast"), l.toString());
        assertTrue(l.indexOf("try_grab_folio_fast") < l.indexOf("zap_huge_pmd"), l.toString());
        assertTrue(l.indexOf("zap_huge_pmd") < l.indexOf("folios_put_refs"), l.toString());
    }

    @Test
    void aPgmapReferenceWithTheFolioAvoidsTheFreedMemmapNotTheSplit() throws Exception {
        Result<State> r = run("pmd-pin-kill", "request-offset");
        assertEquals(15, violated(r, "compound-at-zero").trace().steps().size());
        assertEquals(Outcome.Status.HOLDS, r.outcome("memmap-lifetime").status());
        holds(run("pin-kill", "request-offset"));
    }

    @Test
    void designsWithoutCompoundDaxFoliosSplitNothing() throws Exception {
        Result<State> legacy = run("pmd-pin-kill", "legacy");
        assertEquals(Outcome.Status.HOLDS, legacy.outcome("compound-at-zero").status());
        violated(legacy, "memmap-lifetime");
        holds(run("pmd-pin-kill", "legacy-4.13"));
    }
}
