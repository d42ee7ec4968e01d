package foliocheck.check;

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
import foliocheck.model.Designs;
import foliocheck.model.Folio;
import foliocheck.model.Fault;
import foliocheck.model.Kernel;
import foliocheck.model.Level;
import foliocheck.model.Local;
import foliocheck.model.Munmap;
import foliocheck.model.PgmapKill;
import foliocheck.model.Pin;
import foliocheck.model.ProgramRunner;
import foliocheck.model.Scenario;
import foliocheck.model.Scenarios;
import foliocheck.model.State;
import foliocheck.model.Truncate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code reflink-truncate}: files A and B share a PMD block (a reflink), each read-faults it
 * into its own mm, and file A is truncated. The folio's {@code mapping} and {@code share}
 * count the two files' DAX entries, which two different entry locks guard.
 */
class ReflinkTest {

    /** Both files' DAX entries name folio 0, and no fault is between its test and its update. */
    private static final Property<State> BOTH_ASSOCIATED = Property.sometimes("both-associated",
            "entries A:0 and B:0 both name folio0, both unlocked",
            s -> named(s, Kernel.FILE_A) && named(s, Kernel.FILE_B));

    /** Folio 0's mapping and share count agree with the DAX entries that name it. */
    private static final Property<State> SHARE_COUNTS = Property.always("share-counts",
            "folio0's mapping or share count names the entries that name it", ReflinkTest::shareCounts);

    static boolean shareCounts(State s) {
        Folio f = s.kernel().folio(0);
        List<Integer> files = s.kernel().entries().stream().filter(e -> e.folio() == 0).map(e -> e.file()).toList();
        return switch (files.size()) {
            case 0 -> f.mapping() == Kernel.NONE && !f.shared();
            case 1 -> f.mapping() == files.get(0) || f.share() == 1;
            default -> f.share() == files.size();
        };
    }

    private static boolean named(State s, int file) {
        var e = s.kernel().entry(file, 0);
        return e != null && e.folio() == 0 && !e.locked();
    }

    @Test
    void sixFifteensTestThenUpdateLetsTheOtherFilesFaultAssociateBetween() throws Exception {
        // fault-b's dax_associate_entry tests folio->mapping (none yet), fault-a associates
        // the folio with file A under its own entry lock, and fault-b's plain update then
        // finds a mapping where its test found none: the kernel's WARN_ON_ONCE(folio->mapping).
        Outcome<State> o = violated(run("reflink-truncate", "mainline"), "compound-at-zero");
        List<String> l = endsWith(o, 11, "dax_associate_entry", "WARN_ON_ONCE(folio->mapping)");
        Trace<State> t = o.trace();
        // Each file's test and update are two dax_associate_entry steps; file A's update is
        // the step that names file A in the folio.
        int bTest = -1;
        int aUpdate = -1;
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i).equals("dax_associate_entry") && t.steps().get(i).thread() == 1 && bTest < 0) {
                bTest = i;
            }
            if (t.steps().get(i).state().kernel().folio(0).mapping() == Kernel.FILE_A && aUpdate < 0) {
                aUpdate = i;
            }
        }
        assertTrue(0 <= bTest && bTest < aUpdate && aUpdate < l.size() - 1, l.toString());
        assertEquals("dax_associate_entry", l.get(aUpdate));
        assertEquals(0, t.steps().get(aUpdate).thread(), "fault-a's update comes between fault-b's test and update");
        assertEquals(1, t.steps().get(l.size() - 1).thread(), "fault-b's update");
        Kernel k = t.last().kernel();
        assertEquals(Kernel.FILE_B, k.folio(0).mapping(), "file A's association is overwritten");
        assertEquals(0, k.entry(Kernel.FILE_A, 0).folio());
        assertEquals(0, k.entry(Kernel.FILE_B, 0).folio());
    }

    @Test
    void sixFifteensSharedUpdateAfterTheOtherFilesTruncateFindsNoShare() throws Exception {
        // The other window, longer than the shortest trace: fault-a maps the folio, fault-b's
        // test finds it associated with file A, file A's truncate deletes its entry and
        // dax_folio_put resets and splits the folio (refcount 0 by then), and fault-b's shared
        // update finds no mapping to make shared and a share count of 0.
        FolioModel m = new FolioModel(Catalog.builtIn().scenario("reflink-truncate"),
                Catalog.builtIn().design("mainline"));
        State s = m.initialStates().get(0);
        int a = 0;
        int b = 1;
        int t = 2;
        List<Object[]> script = List.of(new Object[] {a, "filemap_invalidate_lock_shared"},
                new Object[] {a, "grab_mapping_entry"}, new Object[] {a, "dax_iomap_pmd_fault"},
                new Object[] {a, "dax_iomap_direct_access"}, new Object[] {a, "dax_associate_entry"},
                new Object[] {a, "dax_associate_entry"}, new Object[] {a, "folio_ref_inc"},
                new Object[] {a, "vmf_insert_folio_pmd"}, new Object[] {a, "folio_put"},
                new Object[] {a, "dax_unlock_entry"}, new Object[] {a, "filemap_invalidate_unlock_shared"},
                new Object[] {b, "grab_mapping_entry"}, new Object[] {b, "dax_iomap_pmd_fault"},
                new Object[] {b, "dax_iomap_direct_access"}, new Object[] {b, "dax_associate_entry"},
                new Object[] {t, "filemap_invalidate_lock"}, new Object[] {t, "zap_huge_pmd"},
                new Object[] {t, "folios_put_refs"}, new Object[] {t, "free_zone_device_folio"},
                new Object[] {t, "dax_layout_busy_page_range"}, new Object[] {t, "truncate_inode_pages_range"});
        for (Object[] step : script) {
            s = only(m.offered(s), (Integer) step[0], (String) step[1]).state;
        }
        assertTrue(!s.kernel().folio(0).compound() && s.kernel().folio(0).mapping() == Kernel.NONE
                && !s.kernel().folio(0).shared(), s.kernel().folio(0).toString());
        Offered last = only(m.offered(s), b, "dax_associate_entry");
        assertEquals("compound-at-zero", last.property);
        assertTrue(last.detail.contains("WARN_ON_ONCE(!folio->share)"), last.detail);
    }

    @Test
    void aReadOnlyPinSeenByTheScanHoldsTheTruncateWhileFileBMapsTheBlock() throws Exception {
        // Both files map the block, a read-only pin of file A's mapping (an O_DIRECT write from
        // it) is taken, truncate unmaps file A, finds the page busy and sleeps; the unpin then
        // takes the count from 2 to 1, file B's mapping. 6.15+ waits for 0: nothing wakes it,
        // and no thread can move. Before 6.15 the wait is for 1, and the unpin wakes it.
        Scenario sc = new Scenario("reflink-pin", "two files map a shared block, a read-only pin, truncate of A",
                List.of(new Fault("fault-a", 0, 0, Level.PMD, false), Fault.ofFileB("fault-b", 0, 0, Level.PMD),
                        Pin.readOnly("pin", 0), new Truncate(false)),
                List.of(Level.PMD), List.of("pinned"));
        Stuck legacy = stuckAfterUnpin(sc, "legacy");
        assertEquals(List.of(3), legacy.threadsThatCanMove, "the unpin woke the truncate");
        State s = legacy.state;
        FolioModel lm = new FolioModel(sc, Catalog.builtIn().design("legacy"));
        for (int n = 0; n < 100 && !lm.finished(s, 3); n++) {
            s = first(lm.offered(s), 3);
        }
        assertTrue(lm.finished(s, 3), "the woken truncate finishes");
        assertEquals(Kernel.FILE_B, s.kernel().owner(0));
        Stuck main = stuckAfterUnpin(sc, "mainline");
        assertEquals(List.of(), main.threadsThatCanMove, "nothing wakes the truncate");
        assertEquals(1, main.state.kernel().folio(0).refcount(), "file B's mapping");
        assertTrue(main.state.thread(3).has(Local.SLEEPING) && !main.state.thread(3).has(Local.WOKEN));
    }

    private record Stuck(State state, List<Integer> threadsThatCanMove) { }

    /** Runs the faults, the pin, truncate up to its sleep and the unpin; which threads can move then. */
    private static Stuck stuckAfterUnpin(Scenario sc, String design) throws Exception {
        FolioModel m = new FolioModel(sc, Catalog.builtIn().design(design));
        State s = m.initialStates().get(0);
        for (int t = 0; t < 2; t++) {   // each fault to its end
            while (!m.finished(s, t)) {
                s = first(m.offered(s), t);
            }
        }
        while (!s.thread(2).has(Local.PINNED)) {   // the pin, established
            s = first(m.offered(s), 2);
        }
        while (!s.thread(3).has(Local.SLEEPING)) {   // truncate: lock, unmap, scan, wait
            s = first(m.offered(s), 3);
        }
        while (!m.finished(s, 2)) {   // the DMA and the unpin (with its wake-up, if any)
            s = first(m.offered(s), 2);
        }
        foliocheck.model.StepList l = m.offered(s);
        List<Integer> movers = new java.util.ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            if (!movers.contains(l.thread(i))) {
                movers.add(l.thread(i));
            }
        }
        return new Stuck(s, movers);
    }

    /** Thread {@code t}'s first offered step's state. */
    private static State first(foliocheck.model.StepList l, int t) {
        for (int i = 0; i < l.size(); i++) {
            if (l.thread(i) == t) {
                assertTrue(l.property(i) == null, l.label(i) + ": " + l.detail(i));
                return l.state(i);
            }
        }
        throw new AssertionError("thread " + t + " cannot move");
    }

    private record Offered(State state, String property, String detail) { }

    /** Thread {@code t}'s one offered step labelled {@code label}. */
    private static Offered only(foliocheck.model.StepList l, int t, String label) {
        Offered found = null;
        for (int i = 0; i < l.size(); i++) {
            if (l.thread(i) == t && l.label(i).equals(label)) {
                assertTrue(found == null, "two steps " + label);
                found = new Offered(l.state(i), l.property(i), l.detail(i));
            }
        }
        assertTrue(found != null, "thread " + t + " offers no " + label);
        return found;
    }

    @Test
    void sixFifteensTruncateSleepsOnAFolioTheOtherFileMaps() throws Exception {
        // fault-b's hold on the folio makes it busy to truncate's scan (refcount - mapcount =
        // 1), and dax_page_is_idle then waits for a count of 0 that file B's PMD keeps away.
        Outcome<State> o = violated(run("reflink-truncate", "mainline"), "deadlock");
        assertEquals(25, o.trace().steps().size());
        assertTrue(o.detail().contains("truncate: ___wait_var_event sleeps on folio0 (refcount 1)"), o.detail());
        State last = o.trace().last();
        assertTrue(last.kernel().pte(Kernel.MM_B, 0) != null && last.kernel().pte(Kernel.MM_A, 0) == null);
        assertEquals(Kernel.REFLINKED, last.kernel().owner(0), "the truncate never reaches the block");
        assertEquals(List.of("compound-at-zero(11)", "deadlock(25)"), violations(run("reflink-truncate", "mainline")));
    }

    @Test
    void theSecondAssociationMakesTheFolioSharedInEveryEra() throws Exception {
        // 6.15+: the first fault's association is plain, the second's dax_folio_make_shared
        // (mapping cleared, share 1) and folio->share++; 6.2-6.14: both go through
        // dax_page_share_get. Either way both entries leave share 2 and no mapping.
        for (String d : List.of("mainline", "legacy", "legacy-6.0")) {
            Folio f = reached("reflink-truncate", d, BOTH_ASSOCIATED).trace().last().kernel().folio(0);
            assertTrue(f.shared(), d + ": " + f);
            assertEquals(2, f.share(), d);
        }
    }

    @Test
    void beforeSixFifteenTheTruncateLeavesTheFolioToFileB() throws Exception {
        // legacy: the association is one step (dax_page_share_get), and truncate waits for
        // refcount 1, which file B's devmap PMD does not hold up; the block stays file B's,
        // its folio counted once.
        for (String d : List.of("legacy", "legacy-6.0")) {
            Result<State> r = run("reflink-truncate", d);
            holds(r);
            assertEquals(Outcome.Status.REACHED, r.outcome("shared-mapped").status(), d);
            assertEquals(Outcome.Status.REACHED, r.outcome("unshared").status(), d);
        }
        Property<State> afterTruncate = Property.sometimes("after-truncate", "file A truncated, file B maps folio0",
                s -> s.kernel().owner(0) == Kernel.FILE_B && s.kernel().pte(Kernel.MM_B, 0) != null
                        && s.kernel().entry(Kernel.FILE_A, 0) == null);
        State s = reached("reflink-truncate", "legacy", afterTruncate).trace().last();
        assertEquals(1, s.kernel().folio(0).share(), s.kernel().folio(0).toString());
        assertEquals(Kernel.NONE, s.kernel().folio(0).mapping());
    }

    @Test
    void theShareCountsTheEntriesInEveryReachableState() throws Exception {
        // A state invariant the model does not check by itself: where the step checks find
        // nothing, mapping and share agree with the entries in every reachable state; in
        // mainline the first state where they disagree is the race's own.
        for (String d : List.of("legacy", "legacy-6.0")) {
            holds(FailuresTest.check("reflink-truncate", Catalog.builtIn().design(d), List.of(SHARE_COUNTS)));
        }
        Result<State> r = FailuresTest.check("reflink-truncate", Catalog.builtIn().design("mainline"), List.of(SHARE_COUNTS));
        assertEquals(11, r.outcome("share-counts").trace().steps().size());
    }

    @Test
    void theLastPutOfASharedFolioResetsIt() throws Exception {
        // The unbind's invalidation deletes both files' entries: the first put counts the
        // share down, the last clears the mapping and splits the compound folio, as the
        // truncate of a file that shares nothing does.
        Scenario sc = new Scenario("reflink-kill", "two files' faults of a shared PMD block, then the unbind",
                List.of(new Fault("fault-a", 0, 0, Level.PMD, false), Fault.ofFileB("fault-b", 0, 0, Level.PMD),
                        new PgmapKill(true)),
                List.of(Level.PMD), List.of("shared-mapped", "teardown-done"));
        Property<State> reset = Property.always("reset", "once no entry names folio0, it is plain and unassociated",
                s -> s.kernel().entries().stream().anyMatch(e -> e.folio() == 0)
                        || !s.kernel().folio(0).compound() && s.kernel().folio(0).mapping() == Kernel.NONE
                        && !s.kernel().folio(0).shared());
        Property<State> bothGone = Property.sometimes("both-gone", "both entries deleted after both were associated",
                s -> s.kernel().entries().isEmpty() && s.thread(0).has(Local.MAPPED) && s.thread(1).has(Local.MAPPED));
        FolioModel m = new FolioModel(sc, Catalog.builtIn().design("mainline"));
        List<Property<State>> ps = new java.util.ArrayList<>(m.properties());
        ps.addAll(List.of(reset, bothGone));
        Result<State> r = Checker.of(m.withProperties(ps)).run();
        assertEquals(Outcome.Status.HOLDS, r.outcome("reset").status(), () -> r.outcome("reset").toString());
        assertEquals(Outcome.Status.REACHED, r.outcome("both-gone").status());
    }

    @Test
    void fileAsMunmapDoesNotWaitForFileBsFault() throws Exception {
        // munmap of mm A waits for mm A's faults in flight (mmap_lock), not for file B's
        // fault into mm B; the unbind's "after the faults" waits for both files' faults.
        Scenario sc = new Scenario("reflink-munmap", "file B's fault and mm A's munmap",
                List.of(Fault.ofFileB("fault-b", 0, 0, Level.PMD), new Munmap()),
                List.of(Level.PMD), List.of());
        Property<State> during = Property.sometimes("during", "mm A's VMA is gone while fault-b holds its entry lock",
                s -> s.kernel().vmaGone() && s.thread(0).has(Local.ENTRY_LOCK));
        FolioModel m = new FolioModel(sc, Catalog.builtIn().design("mainline"));
        List<Property<State>> ps = new java.util.ArrayList<>(m.properties());
        ps.add(during);
        assertEquals(Outcome.Status.REACHED, Checker.of(m.withProperties(ps)).run().outcome("during").status());
    }

    @Test
    void withoutDaxReflinkFileBReadsAHole() throws Exception {
        // ext4 and ext2 have no reflink, XFS shared no DAX file's blocks before 6.2 and the
        // 2022 proposals were written before it: the block is file A's alone, file B's fault
        // fails, and the scenario is vacuous rather than a pass.
        var sc = Scenarios.named("reflink-truncate");
        for (Design d : Designs.all()) {
            State init = ProgramRunner.initialState(sc, d);
            assertEquals(d.reflinksDax() ? Kernel.REFLINKED : Kernel.FILE_A, init.kernel().owner(0), d.name());
            if (d.reflinksDax()) {
                continue;
            }
            Result<State> r = run("reflink-truncate", d.name());
            assertEquals(Outcome.Status.UNREACHED, r.outcome("shared-mapped").status(), d.name());
            assertTrue(r.verdict() != Result.Verdict.HOLDS, d.name());
        }
        assertEquals(List.of("mainline-ext4", "mainline-ext2", "legacy-4.13", "pre-busy-wait", "request-folios",
                "request-offset", "pageless"), Designs.all().stream().filter(d -> !d.reflinksDax()).map(Design::name).toList());
    }

    @Test
    void noOtherScenarioReflinksABlock() {
        for (var sc : Scenarios.all()) {
            assertEquals(sc.name().startsWith("reflink-") ? List.of(0) : List.of(), sc.reflinked(), sc.name());
        }
    }
}
