package foliocheck.jpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.check.FolioModel;
import foliocheck.model.Design;
import foliocheck.model.Designs;
import foliocheck.model.Folio;
import foliocheck.model.ProgramRunner;
import foliocheck.model.Scenario;
import foliocheck.model.Scenarios;
import foliocheck.model.State;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness JPF runs, run here on the plain JVM, and the reading of JPF's report. */
class JpfHarnessTest {

    @Test
    void everyThreadReachesItsEndOnThePlainJvmWhereTheModelHolds() throws Exception {
        // mainline holds pin-truncate on every interleaving, so whatever schedule the JVM picks must end cleanly.
        String out = runOnThePlainJvm("pin-truncate", "mainline");
        assertTrue(out.endsWith(JpfHarness.END + System.lineSeparator()), out);
        assertTrue(out.contains("STEP 2 0 xfs_itruncate_extents"), out);
    }

    @Test
    void fileBsAllocatorWaitsForTheFreedBlockInsteadOfEndingAtOnce() throws Exception {
        // file-b counts as finished while it waits for a free block (a bystander, not a
        // deadlock), but it must not end then: truncate frees block0 on every schedule, and
        // file-b takes it and faults it in. It once ended at its first look, and JPF never
        // ran it (gupfast-truncate's reuse of the block went unchecked).
        String out = runOnThePlainJvm("gupfast-truncate", "mainline");
        assertTrue(out.endsWith(JpfHarness.END + System.lineSeparator()), out);
        assertTrue(out.contains("STEP 3 0 xfs_alloc_file_space"), out);
        assertTrue(out.indexOf("STEP 2 0 xfs_itruncate_extents") < out.indexOf("STEP 3 0 xfs_alloc_file_space"), out);
    }

    /** What the harness prints for {@code scenario} under {@code design}, on whatever schedule the JVM picks. */
    private static String runOnThePlainJvm(String scenario, String design) throws InterruptedException {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            new JpfHarness(JpfHarness.scenario(scenario), JpfHarness.design(design)).run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void harnessFindsEveryBuiltInScenarioAndDesign() {
        for (Scenario s : Scenarios.all()) {
            assertEquals(s.name(), JpfHarness.scenario(s.name()).name());
        }
        for (Design d : Designs.all()) {
            assertEquals(d.name(), JpfHarness.design(d.name()).name());
        }
        assertEquals("stress-3", JpfHarness.scenario("stress-3").name());
    }

    @Test
    void aHarnessChecksOnlyThePropertiesItIsGiven() {
        assertEquals(List.of("a", "b", "c"), JpfHarness.names(",a,b,,c,"));
        Scenario sc = JpfHarness.scenario("pin-truncate");
        Design d = JpfHarness.design("mainline");
        State s = ProgramRunner.initialState(sc, d);
        Folio f = s.kernel().folio(0);
        State off = s.with(s.kernel().withFolio(0, f.withRefcount(f.refcount() + 3)));
        AssertionError e = assertThrows(AssertionError.class, () -> new JpfHarness(sc, d).checkInvariants(off));
        assertTrue(e.getMessage().startsWith(JpfHarness.VIOLATION + "refcount-accounts: "), e.getMessage());
        new JpfHarness(sc, d, List.of("no-free-while-busy", "deadlock"), List.of()).checkInvariants(off);
        assertThrows(AssertionError.class, () -> new JpfHarness(sc, d, List.of("refcount-accounts"), List.of()).checkInvariants(off));
        assertEquals("./foliocheck jpf pin-truncate --design mainline --property deadlock --property gup-fast-order",
                JpfRun.reproduce(sc, d, List.of("deadlock", "gup-fast-order")));
    }

    private static final String RESULTS = "====================================================== results\n";

    @Test
    void aViolationReportBecomesAForeignTraceThatReplaysOnTheModel() {
        String out = """
                ====================================================== error 1
                gov.nasa.jpf.vm.NoUncaughtExceptionsProperty
                java.lang.AssertionError: foliocheck violation: mapping-levels: folio0 is mapped by a PMD entry
                \tat foliocheck.jpf.JpfHarness.checkInvariants(JpfHarness.java:135)

                ====================================================== output #1
                STEP 1 0 dev_dax_huge_fault
                STEP 1 0 vmf_insert_folio_pmd

                """ + RESULTS + """
                error #1: gov.nasa.jpf.vm.NoUncaughtExceptionsProperty "java.lang.AssertionError: foliocheck..."

                ====================================================== statistics
                elapsed time:       00:01:05
                states:             new=77,visited=12,backtracked=80,end=0
                """;
        FolioModel m = new FolioModel(JpfHarness.scenario("pud-fault-pin"), JpfHarness.design("pud-pmd-mix"));
        JpfRun.Result r = JpfRun.read(out, m, 1234);
        assertEquals(JpfRun.Verdict.VIOLATED, r.verdict());
        assertEquals("mapping-levels", r.property());
        assertEquals("folio0 is mapped by a PMD entry", r.detail());
        assertEquals(77, r.newStates());
        assertEquals(65, r.seconds());
        assertEquals(2, r.trace().rows().size());
        assertEquals(1, r.trace().rows().get(1).thread());
        assertEquals("vmf_insert_folio_pmd", r.trace().rows().get(1).label());
        assertEquals("./foliocheck jpf pud-fault-pin --design pud-pmd-mix", r.trace().command());
    }

    @Test
    void noErrorsCountsAsAPassOnlyWithAnEndState() {
        FolioModel m = new FolioModel(JpfHarness.scenario("pin-truncate"), JpfHarness.design("mainline"));
        String pass = RESULTS + "no errors detected\nstates:             new=5,visited=1,backtracked=6,end=2\n";
        assertEquals(JpfRun.Verdict.HOLDS, JpfRun.read(pass, m, 1).verdict());
        String silent = RESULTS + "no errors detected\nstates:             new=5,visited=1,backtracked=6,end=0\n";
        assertEquals(JpfRun.Verdict.INCONCLUSIVE, JpfRun.read(silent, m, 1).verdict());
        assertEquals(JpfRun.Verdict.FAILED, JpfRun.read("java.lang.NoSuchMethodError: x\n", m, 1).verdict());
        String deadlock = """
                ====================================================== error 1
                gov.nasa.jpf.vm.NotDeadlockedProperty
                deadlock encountered:

                ====================================================== output #1

                """ + RESULTS + "error #1: gov.nasa.jpf.vm.NotDeadlockedProperty \"deadlock\"\n";
        JpfRun.Result d = JpfRun.read(deadlock, m, 1);
        assertEquals(JpfRun.Verdict.VIOLATED, d.verdict());
        assertEquals("deadlock", d.property());
    }

    @Test
    void theLastStatisticsAreJpfsFinalOnesTheOthersProgress() {
        // JPF prints its statistics every few seconds (report.probe_interval) and at the end.
        FolioModel m = new FolioModel(JpfHarness.scenario("pin-truncate"), JpfHarness.design("mainline"));
        String out = "elapsed time:       00:00:02\nstates:             new=5,visited=1,backtracked=6,end=0\n"
                + RESULTS + "no errors detected\n"
                + "elapsed time:       00:01:03\nstates:             new=418,visited=9,backtracked=427,end=2\n";
        JpfRun.Result r = JpfRun.read(out, m, 1);
        assertEquals(JpfRun.Verdict.HOLDS, r.verdict());
        assertEquals(418, r.newStates());
        assertEquals(2, r.endStates());
        assertEquals(63, r.seconds());
        assertTrue(JpfRun.OPTIONS.contains("+report.probe_interval=" + JpfRun.PROBE_SECONDS), JpfRun.OPTIONS.toString());
    }
}
