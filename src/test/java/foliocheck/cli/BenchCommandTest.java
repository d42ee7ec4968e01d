package foliocheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench}: what it reports, never how fast (speed is not a test's business). */
class BenchCommandTest {

    @Test
    void reportsEachWorkerCountsStatesAndTheSpreadOfItsRuns() {
        Cli c = Cli.run("bench", "--scenario", "stress-1", "--workers", "1,2", "--no-reductions");
        assertEquals(Main.HOLDS, c.exit(), c.err());
        List<String> rows = c.out().lines().filter(l -> l.startsWith("stress-1 ")).toList();
        assertEquals(2, rows.size(), c.out());
        for (int i = 0; i < 2; i++) {
            String[] f = rows.get(i).trim().split("\\s+");
            assertEquals(String.valueOf(i + 1), f[1]);
            int runs = Integer.parseInt(f[2]);
            assertTrue(runs >= 1 && runs <= 5, rows.get(i));
            assertEquals("85,235", f[3], "states");
            assertEquals("236,244", f[4], "transitions");
            double median = Double.parseDouble(f[5].replace("s", ""));
            if (runs > 1) {
                String[] mm = f[6].replace("s", "").split("-");
                double min = Double.parseDouble(mm[0]);
                double max = Double.parseDouble(mm[1]);
                assertTrue(min <= median && median <= max, rows.get(i));
            }
        }
        assertTrue(rows.get(1).matches(".* \\d+\\.\\d\\dx  VIOLATED memmap-lifetime, collision .*"), rows.get(1));
        assertTrue(c.out().contains(" min-max "), c.out());
    }

    @Test
    void breakdownTakesThePropertiesAwayKeepsTheFrontierAsObjectsAndReplaysTheGraphOverTheSameStates() {
        Cli c = Cli.run("bench", "--breakdown", "--scenario", "stress-1");
        assertEquals(Main.HOLDS, c.exit(), c.err());
        List<String> rows = c.out().lines().filter(l -> l.startsWith("stress-1 ")).toList();
        assertEquals(5, rows.size(), c.out());
        String[][] variants = {{"folio", "default", "checked"}, {"folio", "default", "none"},
            {"folio", "objects", "checked"}, {"folio", "objects", "none"}, {"replay", "objects", "none"}};
        for (int i = 0; i < 5; i++) {
            String[] f = rows.get(i).trim().split("\\s+");
            assertEquals(variants[i][0], f[1], rows.get(i));
            assertEquals(variants[i][1], f[2], rows.get(i));
            assertEquals(variants[i][2], f[3], rows.get(i));
            assertEquals("85,235", f[5], "every variant explores the same states: " + rows.get(i));
            assertEquals(i > 0, rows.get(i).matches(".* [+-]\\d+%"), rows.get(i));
        }
        assertTrue(c.out().lines().noneMatch(l -> l.startsWith("scenario   workers")), "no main table: " + c.out());
    }

    @Test
    void breakdownWithWorkersIsBadInputBeforeAnythingRuns() {
        Cli c = Cli.run("bench", "--breakdown", "--workers", "2");
        assertEquals(Main.BAD_INPUT, c.exit());
        assertEquals("", c.out());
        assertEquals("foliocheck: --breakdown measures one worker: leave out --workers" + System.lineSeparator(), c.err());
    }
}
