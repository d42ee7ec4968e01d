package foliocheck.check;

import static foliocheck.check.FailuresTest.endsWith;
import static foliocheck.check.FailuresTest.holds;
import static foliocheck.check.FailuresTest.run;
import static foliocheck.check.FailuresTest.violated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Result;
import foliocheck.model.Fault;
import foliocheck.model.Level;
import foliocheck.model.PgmapKill;
import foliocheck.model.Pte;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A PMD read fault racing device unbind. The notification's unmap pass holds each DAX
 * entry's lock only while it unmaps that index, the frozen filesystem still serves read
 * faults, and {@code invalidate_inode_pages2_range} deletes DAX entries before it unmaps:
 * a fault that maps the folio between the two has it split under its PMD.
 */
class PmdFaultKillTest {

    @Test
    void theInvalidationSplitsAFolioMappedAfterTheUnmapPass() throws Exception {
        Outcome<State> o = violated(run("pmd-fault-kill", "mainline"), "compound-at-zero");
        List<String> l = endsWith(o, 12, "invalidate_inode_pages2_range", "dax_folio_put splits folio0 at refcount 1");
        // The unmap pass returns with nothing mapped; the fault maps the PMD after it, and
        // nothing zaps the PMD before the invalidation deletes its entry.
        assertTrue(l.contains("mf_dax_kill_procs") && l.contains("vmf_insert_folio_pmd"), l.toString());
        assertTrue(FailuresTest.before(l, "mf_dax_kill_procs", "vmf_insert_folio_pmd"), l.toString());
        assertFalse(l.contains("zap_huge_pmd"), l.toString());
        State last = o.trace().last();
        Pte pmd = last.kernel().pte(0, 0);
        assertTrue(pmd != null && pmd.level() == Level.PMD && pmd.folio() == 0, last.toString());
        assertFalse(last.kernel().folio(0).compound(), last.toString());
    }

    @Test
    void anUnbindAfterTheFaultHasFinishedSplitsNothing() throws Exception {
        // The same fault and unbind, the unbind starting once the fault has returned: the
        // pass unmaps the PMD and puts its reference, and no fault maps it again.
        Scenario after = new Scenario("pmd-fault-then-kill", "",
                List.of(new Fault("fault", 0, 0, Level.PMD, false), new PgmapKill(true)),
                List.of(Level.PMD), List.of("pmd-mapped", "teardown-done"));
        holds(Checker.of(new FolioModel(after, Catalog.builtIn().design("mainline"))).run());
    }

    @Test
    void legacyHasNoCompoundDaxFolioToSplit() throws Exception {
        Result<State> legacy = run("pmd-fault-kill", "legacy");
        assertEquals(Outcome.Status.HOLDS, legacy.outcome("compound-at-zero").status());
        violated(legacy, "memmap-lifetime");
    }
}
