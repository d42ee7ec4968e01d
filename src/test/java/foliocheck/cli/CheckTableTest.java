package foliocheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table {@code check} prints: a row a check, its findings under it, no line wider than mail takes. */
class CheckTableTest {

    private static final String HEAD = String.format("%-87s", "pmd-pin-kill  special-refcounted-pmd  VIOLATED");

    @Test
    void aRowWithoutFindingsIsOneLine() {
        assertEquals(HEAD.stripTrailing() + "\n", CheckCommand.row(HEAD, List.of()));
    }

    @Test
    void findingsFollowOnIndentedLinesFilledToTheWidth() {
        assertEquals(HEAD.stripTrailing() + "\n    deadlock (5 steps)\n",
                CheckCommand.row(HEAD, List.of("deadlock (5 steps)")));
        List<String> items = List.of("refcount-accounts (7 steps)", "mapcount-matches (7 steps)",
                "special-holds-nothing (7 steps)", "memmap-lifetime (22 steps)", "compound-at-zero (15 steps)",
                "never pinned: a DMA pin is established");
        assertEquals(HEAD.stripTrailing() + "\n"
                + "    refcount-accounts (7 steps), mapcount-matches (7 steps), special-holds-nothing (7 steps),\n"
                + "    memmap-lifetime (22 steps), compound-at-zero (15 steps), never pinned: a DMA pin is established\n",
                CheckCommand.row(HEAD, items));
    }

    @Test
    void aFindingLongerThanALineBreaksBetweenWords() {
        String longOne = "never truncate-waited: " + "truncate sleeps on a busy page ".repeat(4).strip();
        assertEquals(HEAD.stripTrailing() + "\n    deadlock (5 steps),\n"
                + "    never truncate-waited: truncate sleeps on a busy page truncate sleeps on a busy page truncate\n"
                + "    sleeps on a busy page truncate sleeps on a busy page, gup-fast-order (3 steps)\n",
                CheckCommand.row(HEAD, List.of("deadlock (5 steps)", longOne, "gup-fast-order (3 steps)")));
    }

    /** Every design on a scenario with many findings: no line over 100 columns, and every finding listed in order. */
    @Test
    void noLineOfTheTableIsWiderThanAHundredColumns() {
        Cli r = Cli.run("check", "pmd-pin-kill");
        assertEquals(1, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        for (String line : lines) {
            assertTrue(line.length() <= CheckCommand.WIDTH, line);
        }
        int row = rowOf(lines, "pmd-pin-kill       special-refcounted-pmd   VIOLATED           69 ");
        assertTrue(row >= 0, r.out());
        List<String> under = new ArrayList<>();
        for (int i = row + 1; i < lines.size() && lines.get(i).startsWith("    "); i++) {
            under.add(lines.get(i).strip());
        }
        assertEquals(2, under.size(), r.out());
        assertEquals("refcount-accounts (7 steps), mapcount-matches (7 steps), special-holds-nothing (7 steps),"
                + " memmap-lifetime (22 steps), compound-at-zero (15 steps), never pinned: a DMA pin is established",
                String.join(" ", under));
        int holds = rowOf(lines, "pmd-pin-kill       legacy-4.13              holds             119 ");
        assertTrue(lines.get(holds + 1).startsWith("pmd-pin-kill       pre-busy-wait "), r.out());
    }

    /** The index of the one line starting with {@code start} (the time column varies). */
    private static int rowOf(List<String> lines, String start) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                at.add(i);
            }
        }
        assertEquals(1, at.size(), start);
        return at.get(0);
    }
}
