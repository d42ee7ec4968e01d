package foliocheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.check.Catalog;
import foliocheck.engine.Checker;
import foliocheck.engine.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code check --coverage}: the steps that ran, how often, and the ones that never did. */
class CoverageTest {

    /** The count lines under a check's coverage line: {count, label}. */
    private static List<String[]> countLines(String out) {
        List<String[]> l = new ArrayList<>();
        boolean in = false;
        for (String line : out.split("\n")) {
            if (line.startsWith("    coverage: ")) {
                in = true;
            } else if (in && line.startsWith("      ")) {
                String[] p = line.trim().split("\\s+", 2);
                l.add(new String[] {p[0].replace(",", ""), p[1]});
            } else {
                in = false;
            }
        }
        return l;
    }

    @Test
    void namesTheStepsThatNeverRanAndCountsEveryStep() throws Exception {
        Cli c = Cli.run("check", "pud-fault-pin", "--design", "mainline", "--coverage");
        assertEquals(Main.HOLDS, c.exit(), c.err());
        // Under mainline a PMD-size fault on a PUD folio fails (SIGBUS) rather than map part of
        // it with a PMD, and nothing changes the PUD entry between GUP-fast's grab and its re-check.
        assertTrue(c.out().contains("\n    coverage: 9 of 11 steps ran; never: vmf_insert_folio_pmd, gup_put_folio\n"),
                c.out());
        Stats st = Checker.of(Catalog.builtIn().model(Catalog.builtIn().scenario("pud-fault-pin"),
                Catalog.builtIn().design("mainline"))).run().stats();
        List<String[]> lines = countLines(c.out());
        assertEquals(List.copyOf(st.stepCounts().keySet()), lines.stream().map(p -> p[1]).toList());
        long sum = 0;
        for (String[] p : lines) {
            assertEquals(st.stepCounts().get(p[1]), Long.parseLong(p[0]), p[1]);
            sum += Long.parseLong(p[0]);
        }
        assertEquals(st.transitions(), sum, "every transition is counted under its step");
    }

    @Test
    void everyCheckGetsItsOwnReport() throws Exception {
        Cli c = Cli.run("check", "pin-truncate", "--coverage");
        long reports = c.out().lines().filter(l -> l.startsWith("    coverage: ")).count();
        assertEquals(Catalog.builtIn().designs(List.of()).size(), reports);
        assertTrue(c.out().contains("pageless                 VACUOUS"), c.out());
        // Under pageless GUP always fails, so no pin step runs; with no device unbind, no
        // truncate fails on a filesystem shut down.
        assertTrue(c.out().contains("    coverage: 16 of 24 steps ran; never: try_grab_folio_fast, gup_put_folio,"
                + " dma_write, unpin_user_page, folios_put_refs, ___wait_var_event, schedule, xfs_vn_change_ok\n"),
                c.out());
    }

    @Test
    void aPinDeclaresOnlyTheLeavesThatCanMapItsAddress() {
        // pte-on-pmd's pin is at the PTE fault's address: its PMD folio is mapped by a PMD
        // elsewhere, so no PMD leaf is ever read through the pin's slot.
        Cli c = Cli.run("check", "pte-on-pmd", "--design", "mainline", "--coverage");
        assertTrue(c.out().contains("    coverage: 29 of 30 steps ran; never: xfs_vn_change_ok\n"), c.out());
        // A long-term pin of device-dax under legacy: GUP-fast bails out on the devmap PUD
        // before any grab, so only the slow path's steps are declared, and all of them run.
        Cli devmap = Cli.run("check", "devdax-pin-kill", "--design", "legacy", "--coverage");
        assertTrue(devmap.out().contains("    coverage: 17 of 17 steps ran\n"), devmap.out());
        // pmd-pin-kill's pin is at the PMD fault's address.
        Cli pmd = Cli.run("check", "pmd-pin-kill", "--design", "mainline", "--coverage");
        assertTrue(pmd.out().contains("    coverage: 32 of 32 steps ran\n") && pmd.out().contains(" gup_fast_pmd_leaf\n")
                && pmd.out().contains(" follow_huge_pmd\n"), pmd.out());
    }

    @Test
    void aStoppedSearchSaysItsCountsAreSoFar() {
        Cli c = Cli.run("check", "stress", "--design", "mainline", "--coverage", "--max-states", "100");
        assertEquals(Main.INCOMPLETE, c.exit(), c.err());
        String line = c.out().lines().filter(l -> l.startsWith("    coverage: ")).findFirst().orElseThrow();
        assertTrue(line.endsWith(" (so far: the search stopped early)"), line);
    }

    @Test
    void aCheckOfEveryScenarioNamesTheStepsNoScenarioRanByDesign() {
        Cli c = Cli.run("check", "--coverage", "--design", "mainline", "--design", "pageless",
                "--design", "gupfast-no-recheck");
        assertTrue(c.out().contains("\n57 checks: "), c.out());
        String tail = c.out().substring(c.out().indexOf("\n57 checks: "));
        tail = tail.substring(tail.indexOf('\n', 1) + 1);
        // Pageless GUP always fails, so nothing is pinned, unpinned or waited for, and a
        // FOLL_LONGTERM pin takes no reference to drop; without the re-check, GUP-fast never
        // puts a reference back but where gup_fast_folio_allowed gives a long-term pin of
        // device-dax back (devdax-pin-kill). Mainline runs every step somewhere, a truncate failing on a
        // filesystem the unbind shut down included.
        assertEquals("""

                Steps no scenario ran:
                  pageless                 try_grab_folio_fast, gup_put_folio, dma_write, unpin_user_page, \
                folios_put_refs, ___wait_var_event, schedule, dma_read, folio_put_refs
                """, tail);
    }

    @Test
    void theSummarySaysWhenEveryStepRanAndWhenASearchStoppedEarly() {
        Map<String, Map<String, Long>> runs = new LinkedHashMap<>();
        runs.put("mainline", new LinkedHashMap<>(Map.of("munmap", 3L)));
        assertEquals("\nEvery design ran each of its steps in some scenario.\n", CheckCommand.neverRan(runs, true));
        runs.put("other", new LinkedHashMap<>(Map.of("munmap", 0L)));
        assertEquals("\nSteps no scenario ran (so far: a search stopped early):\n  other                    munmap\n",
                CheckCommand.neverRan(runs, false));
    }

    @Test
    void withoutTheOptionThereIsNoReport() {
        Cli c = Cli.run("check", "pud-fault-pin", "--design", "mainline");
        assertTrue(!c.out().contains("coverage:"), c.out());
        Cli all = Cli.run("check", "--design", "pageless", "--max-states", "100");
        assertTrue(!all.out().contains("coverage:") && !all.out().contains("Steps no scenario ran"), all.out());
    }
}
