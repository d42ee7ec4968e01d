package foliocheck.check;

import static foliocheck.check.FailuresTest.check;
import static foliocheck.check.FailuresTest.endsWith;
import static foliocheck.check.FailuresTest.holds;
import static foliocheck.check.FailuresTest.reached;
import static foliocheck.check.FailuresTest.run;
import static foliocheck.check.FailuresTest.violated;
import static foliocheck.check.FailuresTest.violations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Property;
import foliocheck.engine.Result;
import foliocheck.engine.Trace;
import foliocheck.model.Design;
import foliocheck.model.Fault;
import foliocheck.model.Folio;
import foliocheck.model.Fork;
import foliocheck.model.Kernel;
import foliocheck.model.Level;
import foliocheck.model.Mainline;
import foliocheck.model.Pin;
import foliocheck.model.Pte;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import foliocheck.model.Truncate;
import foliocheck.model.designs.Legacy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code fork-truncate}: fork copies mm A's DAX entry into a child (mm C) while truncate
 * unmaps file A. The copy holds what the design's entries hold, and the unmap's walk of
 * {@code i_mmap} meets the parent's VMA before the child's, so no copy escapes it.
 */
class ForkTest {

    @Test
    void everyDesignKeepsTheChildsCopyInsideTheTruncate() throws Exception {
        for (Design d : foliocheck.model.Designs.all()) {
            Result<State> r = check("fork-truncate", d, List.of());
            if (d.name().equals("scan-before-unmap")) {
                // Its scan comes before the unmap whatever fork does.
                assertEquals(List.of("gup-fast-order(10)"), violations(r), d.name());
                continue;
            } else if (d.name().equals("fork-child-first")) {
                continue;
            }
            holds(r);
            assertEquals(Outcome.Status.REACHED, r.outcome("copied").status(), d.name());
            assertTrue(r.stats().stepCounts().getOrDefault("unmap_mapping_range_tree", 0L) > 0, d.name());
        }
    }

    @Test
    void theCopyHoldsWhatTheParentsEntryHolds() throws Exception {
        // 6.15+: vm_normal_page finds the page, so copy_present_pte takes a reference and a
        // mapcount (folio_get, folio_dup_file_rmap_pte); before, a devmap entry is copied
        // holding nothing.
        assertEquals(List.of(2, 2, true), bothMapped("mainline"));
        assertEquals(List.of(1, 0, false), bothMapped("legacy"));
    }

    /** Folio 0's refcount and mapcount, and the child's entry's {@code refd}, where both mms map it and no thread holds it. */
    private static List<Object> bothMapped(String design) throws Exception {
        Property<State> both = Property.sometimes("both-mapped", "mm A and its child map folio0, no thread holds it",
                s -> s.kernel().pte(Kernel.MM_A, 0) != null && s.kernel().pte(Kernel.MM_C, 0) != null
                        && s.threads().stream().allMatch(l -> l.refs() == 0)
                        && s.kernel().invalShared() == 0);
        State s = reached("fork-truncate", design, both).trace().last();
        Folio f = s.kernel().folio(0);
        Pte child = s.kernel().pte(Kernel.MM_C, 0);
        assertEquals(s.kernel().pte(Kernel.MM_A, 0).devmap(), child.devmap());
        return List.of(f.refcount(), f.mapcount(), child.refd());
    }

    @Test
    void aCopyThatTakesNothingBreaksTheAccounting() throws Exception {
        // The invariants see the child's entry: a copy of a normal entry without
        // folio_get and folio_dup_file_rmap_pte is caught.
        Design noRef = new Mainline() {
            @Override
            public Kernel copy(Kernel k, Pte e, int mm) {
                return k.withPte(new Pte(mm, e.slot(), e.level(), e.folio(), e.special(), e.devmap(), true));
            }
        };
        Result<State> r = check("fork-truncate", noRef, List.of());
        assertTrue(r.violations().stream().map(Outcome::name).toList().containsAll(
                List.of("refcount-accounts", "mapcount-matches")), r.violations().toString());
    }

    @Test
    void aChildVmaBeforeTheParentsLetsACopyOutliveTheTruncate() throws Exception {
        // The walk passes the child's empty VMA, fork copies the parent's entry into it, the
        // walk clears only the parent's: the scan finds the page mapped but not busy
        // (refcount - mapcount = 0) and the block is freed under the child's entry.
        Outcome<State> o = violated(run("fork-truncate", "fork-child-first"), "no-free-while-busy");
        List<String> l = endsWith(o, 18, "xfs_itruncate_extents", "block0 is free while pte[C:0] still maps it");
        Trace<State> t = o.trace();
        int passed = l.indexOf("unmap_mapping_range_tree");
        int copied = l.indexOf("copy_present_pte");
        int zapped = l.lastIndexOf("zap_pte_range");
        assertTrue(0 <= passed && passed < copied && copied < zapped, l.toString());
        assertEquals(t.steps().get(passed).thread(), t.steps().get(zapped).thread(), "the truncate's walk");
        assertTrue(t.last().kernel().pte(Kernel.MM_A, 0) == null && t.last().kernel().pte(Kernel.MM_C, 0) != null);
        assertEquals(Kernel.FREE, t.last().kernel().owner(0));

        // Before 6.15 the same order loses the same way.
        Design legacyChildFirst = new Legacy() {
            @Override
            public boolean childVmaAfterParent() {
                return false;
            }
        };
        violated(check("fork-truncate", legacyChildFirst, List.of()), "no-free-while-busy");
        holds(run("fork-truncate", "mainline"));
        holds(run("fork-truncate", "legacy"));
    }

    @Test
    void eachLayoutBreakWalksFromTheFirstVmaAgain() throws Exception {
        // Truncate sleeps on the pinned page, a refault maps it again in mm A meanwhile, and
        // the next layout break must walk mm A again before mm C: a walk that stayed at its
        // second VMA would leave the refault's entry to the freed block.
        Scenario s = new Scenario("fork-refault", "fork-truncate with a pin and a refault",
                List.of(new Fault("fault", 0, 0, Level.PTE, false), new Pin("pin", 0, false), new Fork(0),
                        new Truncate(false), new Fault("refault", 0, 0, Level.PTE, false)),
                List.of(Level.PTE), List.of("pinned", "copied", "remapped-while-waiting", "block-freed"));
        Result<State> r = Checker.of(new FolioModel(s, Catalog.builtIn().design("legacy"))).run();
        holds(r);
        assertTrue(r.stats().stepCounts().getOrDefault("unmap_mapping_range_tree", 0L) > 0);
    }

    @Test
    void aForkOfAPmdMappingGivesTheTruncateNoPteToZap() throws Exception {
        // copy_huge_pmd leaves a file-backed PMD to be faulted again: the child gets no
        // entry, so the truncate's coverage declares the PMD zap and the walk, not a PTE zap.
        Scenario s = new Scenario("fork-pmd", "fork of a PMD mapping, then truncate",
                List.of(new Fault("fault", 0, 0, Level.PMD, false), new Fork(0), new Truncate(false)),
                List.of(Level.PMD), List.of());
        Result<State> r = Checker.of(new FolioModel(s, Catalog.builtIn().design("mainline"))).run();
        java.util.Map<String, Long> counts = r.stats().stepCounts();
        assertTrue(!counts.containsKey("zap_pte_range"), counts.toString());
        assertTrue(counts.get("zap_huge_pmd") > 0, counts.toString());
        assertTrue(counts.get("unmap_mapping_range_tree") > 0, counts.toString());
        // Of fork's and the unmap's steps, every one declared runs (what never runs is the
        // truncate's wait for a pin and its refusal after an unbind: this has neither).
        List<String> never = counts.entrySet().stream().filter(e -> e.getValue() == 0)
                .map(java.util.Map.Entry::getKey).toList();
        assertEquals(List.of("___wait_var_event", "schedule", "xfs_vn_change_ok"), never);
        // The walk from the parent's VMA to the child's comes after the truncate's zaps.
        List<String> order = List.copyOf(counts.keySet());
        assertEquals(order.indexOf("zap_huge_pmd") + 1, order.indexOf("unmap_mapping_range_tree"), order.toString());
    }

    @Test
    void aForkOfAPteBesideAPmdDeclaresOnlyThePteCopy() throws Exception {
        // mm A maps a PMD at address 0 and a PTE at address 1; the fork copies address 1.
        Scenario s = new Scenario("fork-pte-beside-pmd", "fork of a PTE mapping beside a PMD one, then truncate",
                List.of(new Fault("fault-pmd", 0, 0, Level.PMD, false), new Fault("fault", 1, 1, Level.PTE, false),
                        new Fork(1), new Truncate(false)),
                List.of(Level.PMD, Level.PTE), List.of());
        Result<State> r = Checker.of(new FolioModel(s, Catalog.builtIn().design("mainline"))).run();
        java.util.Map<String, Long> counts = r.stats().stepCounts();
        assertTrue(!counts.containsKey("copy_huge_pmd"), counts.toString());
        assertTrue(counts.get("copy_present_pte") > 0, counts.toString());
        assertTrue(counts.get("zap_pte_range") > 0, counts.toString());
    }

    @Test
    void theWalkIsUnchangedWithoutAFork() throws Exception {
        // A scenario without a child never takes the walk's step from one VMA to the next.
        Result<State> r = run("pin-truncate", "mainline");
        assertTrue(!r.stats().stepCounts().containsKey("unmap_mapping_range_tree"), r.stats().stepCounts().toString());
        assertTrue(r.stats().stepCounts().getOrDefault("zap_pte_range", 0L) > 0, r.stats().stepCounts().toString());
    }
}
