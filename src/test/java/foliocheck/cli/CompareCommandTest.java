package foliocheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code foliocheck compare}: its matrix, its exit status and its limits. */
class CompareCommandTest {

    /** The cells of the row of {@code property} in a text table, the property's name first. */
    private static List<String> row(String out, String property) {
        return out.lines().filter(l -> l.startsWith(property + " ")).findFirst()
                .map(l -> Arrays.asList(l.trim().split("\\s+")))
                .orElseThrow(() -> new AssertionError("no row " + property + " in\n" + out));
    }

    @Test
    void aViolationInOneDesignIsAnXInItsColumnAndExitsOne() {
        Cli c = Cli.run("compare", "fault-kill", "--design", "mainline", "--design", "pageless");
        assertEquals(Main.VIOLATED, c.exit(), c.err());
        assertTrue(c.out().startsWith("fault-kill: "), c.out());
        assertEquals(List.of("property", "mainline", "pageless"), row(c.out(), "property"));
        assertEquals(List.of("memmap-lifetime", "X", "ok"), row(c.out(), "memmap-lifetime"));
        assertEquals(List.of("deadlock", "ok", "ok"), row(c.out(), "deadlock"));
        assertTrue(!c.out().contains("incomplete"), c.out());
    }

    @Test
    void everyPropertyHoldingAndEveryWitnessReachedExitsZero() {
        Cli c = Cli.run("compare", "pud-fault-pin", "--design", "mainline");
        assertEquals(Main.HOLDS, c.exit(), c.out() + c.err());
        assertEquals(List.of("refcount-accounts", "ok"), row(c.out(), "refcount-accounts"));
        assertTrue(c.out().lines().anyMatch(l -> l.endsWith(" reached")), c.out());
    }

    @Test
    void aWitnessNeverReachedIsADashAndExitsOne() {
        Cli c = Cli.run("compare", "pin-kill", "--design", "pageless");
        assertEquals(Main.VIOLATED, c.exit(), c.out() + c.err());
        assertEquals(List.of("pinned", "-"), row(c.out(), "pinned"));
    }

    @Test
    void aLimitLeavesItsCellsUnknownSaysWhyAndExitsThree() {
        Cli c = Cli.run("compare", "fault-kill", "--design", "pageless", "--max-states", "20");
        assertEquals(Main.INCOMPLETE, c.exit(), c.out() + c.err());
        assertEquals(List.of("memmap-lifetime", "?"), row(c.out(), "memmap-lifetime"));
        assertTrue(c.out().contains("\nincomplete, pageless: state limit of 20 reached\n"), c.out());
    }

    @Test
    void aViolationOutranksALimitInTheExitStatus() {
        // Both checks stop at 183 states (of mainline's 277 and pageless's 184), after mainline
        // has met its memmap-lifetime violation: the violation decides.
        Cli c = Cli.run("compare", "fault-kill", "--design", "mainline", "--design", "pageless", "--max-states", "183");
        assertEquals(Main.VIOLATED, c.exit(), c.out() + c.err());
        assertEquals(List.of("memmap-lifetime", "X", "?"), row(c.out(), "memmap-lifetime"));
        assertTrue(c.out().contains("\nincomplete, mainline: state limit of 183 reached\n"
                + "incomplete, pageless: state limit of 183 reached\n"), c.out());
    }

    @Test
    void markdownTablesEndBeforeTheirIncompleteLines() {
        Cli c = Cli.run("compare", "fault-kill", "--design", "pageless", "--markdown", "--max-states", "20");
        assertEquals(Main.INCOMPLETE, c.exit(), c.out() + c.err());
        assertTrue(c.out().startsWith("### fault-kill\n\n| property "), c.out());
        assertTrue(c.out().lines().anyMatch(l -> l.matches("\\| memmap-lifetime +\\| \\? +\\|")), c.out());
        assertTrue(c.out().contains(" |\n\nincomplete, pageless: state limit of 20 reached\n"), c.out());
    }

    @Test
    void aWideMatrixComesInTablesThatFitAMail() {
        // pmd-fault-kill's heading is wider than a mail, as is the matrix of every design.
        Cli c = Cli.run("compare", "pmd-fault-kill");
        assertEquals(Main.VIOLATED, c.exit(), c.err());
        assertTrue(c.out().lines().allMatch(l -> l.length() <= CompareCommand.TEXT_WIDTH), c.out());
        assertTrue(c.out().startsWith("pmd-fault-kill: a PMD fault racing device unbind"), c.out());
        // The tables, read side by side, give every design once, in order, with its cells.
        List<String> designs = new java.util.ArrayList<>();
        java.util.Map<String, String> memmap = new java.util.HashMap<>();
        List<String> header = null;
        for (String l : c.out().lines().toList()) {
            List<String> cells = Arrays.asList(l.trim().split("\\s+"));
            if (cells.get(0).equals("property")) {
                header = cells.subList(1, cells.size());
                designs.addAll(header);
            } else if (cells.get(0).equals("memmap-lifetime")) {
                for (int i = 0; i < header.size(); i++) {
                    memmap.put(header.get(i), cells.get(i + 1));
                }
            }
        }
        assertEquals(foliocheck.model.Designs.all().stream().map(foliocheck.model.Design::name).toList(), designs);
        assertTrue(c.out().split("\n\n").length >= 2, c.out());
        assertEquals("X", memmap.get("mainline"));
        assertEquals("ok", memmap.get("pageless"));
        assertEquals("X", memmap.get("pud-pmd-mix"));
    }

    @Test
    void markdownGivesEachIncompleteLineAParagraph() {
        Cli c = Cli.run("compare", "fault-kill", "--design", "mainline", "--design", "pageless", "--markdown",
                "--max-states", "20");
        assertEquals(Main.INCOMPLETE, c.exit(), c.out() + c.err());
        assertTrue(c.out().contains(" |\n\nincomplete, mainline: state limit of 20 reached\n"
                + "\nincomplete, pageless: state limit of 20 reached\n"), c.out());
    }

    @Test
    void badLimitsAreOneLineAndExitTwo() {
        for (String[] args : List.of(new String[] {"--max-states", "0"}, new String[] {"--time-limit", "soon"},
                new String[] {"--time-limit", "0s"})) {
            Cli c = Cli.run(concat(new String[] {"compare", "fault-kill"}, args));
            assertEquals(Main.BAD_INPUT, c.exit(), String.join(" ", args));
            assertEquals("", c.out());
            assertEquals(1, c.err().lines().count(), c.err());
            assertTrue(c.err().startsWith("foliocheck: ") && c.err().contains(args[0]), c.err());
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
