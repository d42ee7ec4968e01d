package foliocheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A mistyped command line: one line on stderr, the closest option or command, exit 2. */
class UsageErrorTest {

    private static void assertUsageError(String expected, String... args) {
        Cli c = Cli.run(args);
        assertEquals(Main.BAD_INPUT, c.exit());
        assertEquals("", c.out());
        assertEquals(expected + System.lineSeparator(), c.err());
    }

    @Test
    void aMistypedOptionGetsTheClosestOne() {
        assertUsageError("foliocheck: Unknown option: '--coverag'; did you mean '--coverage'?"
                + " (see foliocheck check --help)", "check", "--coverag");
    }

    @Test
    void aMistypedCommandGetsTheClosestOne() {
        assertUsageError("foliocheck: Unmatched argument at index 0: 'chek'; did you mean 'check'?"
                + " (see foliocheck --help)", "chek");
    }

    @Test
    void withNothingCloseOnlyTheHelpIsNamed() {
        assertUsageError("foliocheck: Unknown option: '--xyz' (see foliocheck check --help)", "check", "--xyz");
        assertUsageError("foliocheck: Invalid value for option '--workers': 'x' is not an int"
                + " (see foliocheck check --help)", "check", "--workers", "x");
    }
}
