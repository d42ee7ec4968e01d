package foliocheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input and failures: one line on stderr, exit 2 (or 4 for foliocheck's own faults),
 * and nothing lost, half-written or left behind.
 */
class BadInputTest {
    @TempDir
    Path dir;

    private static final String TRACE = "counterexamples/pin-truncate.pre-busy-wait.no-free-while-busy.json";

    private static void assertBad(Cli c, String errStart) {
        assertEquals(Main.BAD_INPUT, c.exit(), c.err());
        assertTrue(c.err().startsWith("foliocheck: " + errStart), c.err());
        assertEquals(1, c.err().lines().count(), c.err());
    }

    private List<String> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A Java source file of {@code lines} in the test's directory. */
    private Path java(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    /** A design whose truncate path throws: a bug in the user's code, not in foliocheck. */
    private Path throwingDesign() throws IOException {
        return java("Throws.java",
                "public class Throws extends foliocheck.model.Mainline {",
                "    @Override public String name() { return \"throws\"; }",
                "    @Override public String doc() { return \"truncate's test throws\"; }",
                "    @Override public boolean truncateWaits() {",
                "        throw new IllegalStateException(\"boom\");",
                "    }",
                "}");
    }

    @Test
    void userCodeThatThrowsIsNamedAndCountsAsBadInput() throws IOException {
        Cli c = Cli.run("check", "pin-truncate", "--design-file", throwingDesign().toString());
        assertBad(c, "your code failed while checking pin-truncate under throws: "
                + "java.lang.IllegalStateException: boom, in Throws.truncateWaits(Throws.java:5)");
    }

    @Test
    void theInnermostFailureOfUserCodeIsNamed() throws IOException {
        Path f = java("Lazy.java",
                "public class Lazy extends foliocheck.model.Mainline {",
                "    static class Helper { static final int TEN = Integer.parseInt(\"ten\"); }",
                "    @Override public String name() { return \"lazy\"; }",
                "    @Override public String doc() { return \"truncate's test fails to initialize\"; }",
                "    @Override public boolean truncateWaits() { return Helper.TEN > 0; }",
                "}");
        Cli c = Cli.run("check", "pin-truncate", "--design-file", f.toString());
        assertBad(c, "your code failed while checking pin-truncate under lazy: java.lang.NumberFormatException:"
                + " For input string: \"ten\", in Lazy$Helper.<clinit>(Lazy.java:2)");
    }

    @Test
    void aScenarioThatThrowsIsNamedInOneLine() throws IOException {
        Path f = java("GetThrows.java",
                "public class GetThrows implements java.util.function.Supplier<foliocheck.model.Scenario> {",
                "    public foliocheck.model.Scenario get() { throw new IllegalArgumentException(\"get\\nfails\"); }",
                "}");
        assertBad(Cli.run("check", "--scenario-file", f.toString()),
                f + ": GetThrows.get() threw java.lang.IllegalArgumentException: get fails, in GetThrows.get(GetThrows.java:2)");
        assertBad(Cli.run("replay", TRACE, "--scenario-file", f.toString()), f + ": GetThrows.get() threw");
    }

    @Test
    void aScenarioSupplierThatReturnsNullIsToldSo() throws IOException {
        Path f = java("GetsNull.java",
                "public class GetsNull implements java.util.function.Supplier<foliocheck.model.Scenario> {",
                "    public foliocheck.model.Scenario get() { return null; }",
                "}");
        assertBad(Cli.run("check", "--scenario-file", f.toString()),
                f + ": GetsNull.get() returned null instead of a scenario");
    }

    @Test
    void anotherSupplierBesideAScenarioMayReturnNull() throws IOException {
        Path f = java("Lone.java",
                "import foliocheck.model.*;",
                "public class Lone implements java.util.function.Supplier<Scenario> {",
                "    public static class Helper implements java.util.function.Supplier<String> {",
                "        public String get() { return null; }",
                "    }",
                "    public Scenario get() {",
                "        return new Scenario(\"lone\", \"a fault alone\", java.util.List.of(new Fault(\"fault\", 0, 0,"
                        + " Level.PTE, false)), java.util.List.of(Level.PTE), java.util.List.of());",
                "    }",
                "}");
        Cli c = Cli.run("check", "--scenario-file", f.toString(), "--design", "mainline");
        assertEquals(Main.HOLDS, c.exit(), c.err() + c.out());
        assertTrue(c.out().contains("lone "), c.out());
    }

    @Test
    void anInitializerErrorWithoutACauseIsStillBadInput() throws IOException {
        Path f = java("NoCause.java",
                "public class NoCause extends foliocheck.model.Mainline {",
                "    static { if (true) throw new ExceptionInInitializerError(\"boom\"); }",
                "    @Override public String name() { return \"no-cause\"; }",
                "}");
        assertBad(Cli.run("list", "--design-file", f.toString()), f + ": initializing NoCause threw null");
    }

    @Test
    void aScenarioTheModelCannotRunIsRefusedInTheLibraryToo() {
        // The threads' step labels are asked for before the initial state: the refusal comes first.
        foliocheck.model.Scenario s = new foliocheck.model.Scenario("x", "a fault of a block it lacks",
                List.of(new foliocheck.model.Fault("fault", 0, 7, foliocheck.model.Level.PTE, false),
                        new foliocheck.model.Fork(0)),
                List.of(foliocheck.model.Level.PTE), List.of());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> foliocheck.FolioCheck.check(foliocheck.FolioCheck.design("mainline"), s));
        assertEquals("scenario x has a fault (fault) of block 7, but its blocks are 0 to 0", e.getMessage());
    }

    @Test
    void checkTakesItsPropertiesAsACommaList() {
        Cli c = Cli.run("check", "pin-truncate", "--design", "pre-busy-wait", "--property", "deadlock,no-free-while-busy");
        assertEquals(Main.VIOLATED, c.exit(), c.err());
        assertTrue(c.out().contains("no-free-while-busy (14 steps)"), c.out());
        c = Cli.run("check", "pin-truncate", "--design", "pre-busy-wait", "--property", "deadlock");
        assertEquals(Main.HOLDS, c.exit(), c.err() + c.out());
    }

    @Test
    void emptyFileNamesAreBadInput() {
        assertBad(Cli.run("check", "pin-kill", "--design", "mainline", "--out", ""),
                "--out needs a directory name (use --out . for this directory)");
        assertBad(Cli.run("render", "", "--format", "txt"), "no trace file named (an empty name)");
        assertBad(Cli.run("replay", ""), "no trace file named (an empty name)");
    }

    @Test
    void aReplayThatDiffersNamesTheTracesChoice() throws IOException {
        String text = Files.readString(Path.of(TRACE), StandardCharsets.UTF_8);
        Path t = Files.writeString(dir.resolve("moved.json"), text.replaceFirst("\"choice\": *\\d+", "\"choice\": 7"));
        Cli c = Cli.run("replay", t.toString());
        assertEquals(Main.HOLDS, c.exit(), c.err());
        assertTrue(c.out().startsWith("differs at step 1: the trace has #7 "), c.out());
    }

    @Test
    void aFirstCheckThatFailsPrintsNoTableHeader() throws IOException {
        Cli c = Cli.run("check", "pin-truncate", "--design-file", throwingDesign().toString());
        assertEquals(Main.BAD_INPUT, c.exit(), c.err());
        assertEquals("", c.out());
    }

    @Test
    void counterexamplesFoundBeforeAFailureAreWritten() throws IOException {
        Path out = dir.resolve("traces");
        Cli c = Cli.run("check", "pin-truncate", "--design-file", throwingDesign().toString(),
                "--design", "pre-busy-wait", "--design", "throws", "--out", out.toString(), "--format", "txt,json");
        assertEquals(Main.BAD_INPUT, c.exit(), c.err());
        assertTrue(c.out().contains("pre-busy-wait            VIOLATED"), c.out());
        assertEquals(List.of("pin-truncate.pre-busy-wait.no-free-while-busy.json",
                "pin-truncate.pre-busy-wait.no-free-while-busy.txt"), files(out));
    }

    @Test
    void anOutDirectoryWithNothingToHoldIsNotLeftBehind() {
        Path out = dir.resolve("none");
        Cli c = Cli.run("check", "pin-truncate", "--design", "mainline", "--out", out.toString());
        assertEquals(Main.HOLDS, c.exit(), c.err());
        assertTrue(c.out().endsWith("no counterexample to write: " + out + " not created" + System.lineSeparator()),
                c.out());
        assertFalse(Files.exists(out));
        Path deep = dir.resolve("a").resolve("b").resolve("c");
        Cli d = Cli.run("check", "pin-truncate", "--design", "mainline", "--out", deep.toString());
        assertEquals(Main.HOLDS, d.exit(), d.err());
        assertFalse(Files.exists(dir.resolve("a")));
    }

    @Test
    void aReportThatCannotBeWrittenWhole() throws IOException {
        // Its json cannot be written (a directory holds the name): neither are its txt and
        // dot, the txt of an earlier run stays as it was, and the one line says why.
        Path out = Files.createDirectories(dir.resolve("traces"));
        String base = "pin-truncate.pre-busy-wait.no-free-while-busy";
        Path blocker = Files.createDirectories(out.resolve(base + ".json"));
        Files.writeString(blocker.resolve("keep"), "keep");
        Path earlier = Files.writeString(out.resolve(base + ".txt"), "an earlier run's");
        Cli c = Cli.run("check", "pin-truncate", "--design", "pre-busy-wait", "--out", out.toString());
        assertBad(c, "cannot write " + out.resolve(base + ".json") + ": it is a directory");
        assertEquals(List.of(base + ".json", base + ".txt"), files(out));
        assertEquals("keep", Files.readString(blocker.resolve("keep")));
        assertEquals("an earlier run's", Files.readString(earlier));
    }

    @Test
    void counterexamplesAreCreatedLikeAnyOtherFile() throws IOException {
        // With the umask's permissions, as a file the shell makes: a temporary file's
        // owner-only ones would make traces unreadable to the reviewers they are for.
        Path out = Files.createDirectories(dir.resolve("perms"));
        if (!out.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Cli c = Cli.run("check", "pin-truncate", "--design", "pre-busy-wait", "--out", out.toString());
        assertEquals(Main.VIOLATED, c.exit(), c.err());
        Path plain = Files.createFile(dir.resolve("plain"));
        for (String f : files(out)) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out.resolve(f)), f);
        }
        assertEquals(3, files(out).size());
    }

    @Test
    void jpfLeavesNoOutDirectoryWhenItWritesNothing() throws IOException {
        // A JPF "installation" whose RunJPF.jar is not a jar: JPF fails, nothing is written,
        // and the directories --out needed created are gone again.
        Path home = Files.createDirectories(dir.resolve("jpf-core").resolve("build")).getParent();
        Files.writeString(home.resolve("build").resolve("RunJPF.jar"), "not a jar");
        Path out = dir.resolve("new").resolve("traces");
        Cli c = Cli.run("jpf", "fault-kill", "--design", "mainline", "--jpf-home", home.toString(),
                "--out", out.toString(), "--time-limit", "60s");
        assertEquals(Main.INTERNAL, c.exit(), c.out() + c.err());
        assertTrue(c.err().startsWith("foliocheck: JPF failed: "), c.err());
        assertFalse(Files.exists(dir.resolve("new")));
    }

    @Test
    void anOutPathThatIsAFileIsRefused() throws IOException {
        Path f = Files.writeString(dir.resolve("afile"), "keep");
        assertBad(Cli.run("check", "pin-truncate", "--out", f.toString()), "--out " + f + " is a file, not a directory");
        assertEquals("keep", Files.readString(f));
    }

    @Test
    void formatsWithoutAnOutDirectoryAreRefused() {
        assertBad(Cli.run("check", "pin-truncate", "--design", "mainline", "--format", "json"),
                "--format needs --out DIR");
    }

    @Test
    void aDesignNamedTwiceIsCheckedOnce() {
        Cli c = Cli.run("check", "pin-truncate", "--design", "mainline", "--design", "legacy", "--design", "mainline");
        assertEquals(Main.HOLDS, c.exit(), c.err());
        assertTrue(c.out().contains("2 checks: 2 hold"), c.out());
    }

    @Test
    void renderNeverReplacesADirectoryNorLeavesATemporaryFile() throws IOException {
        Path d = Files.createDirectory(dir.resolve("adir"));
        assertBad(Cli.run("render", TRACE, "--format", "txt", "-o", d.toString()), "cannot write " + d + ": ");
        assertTrue(Files.isDirectory(d));
        Path missing = dir.resolve("no").resolve("t.txt");
        assertBad(Cli.run("render", TRACE, "--format", "txt", "-o", missing.toString()),
                "cannot write " + missing + ": no such directory " + missing.getParent());
        assertEquals(List.of("adir"), files(dir));
        Path ok = dir.resolve("t.txt");
        Cli c = Cli.run("render", TRACE, "--format", "txt", "-o", ok.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(Files.readString(ok, StandardCharsets.UTF_8).contains("no-free-while-busy"));
        assertEquals(List.of("adir", "t.txt"), files(dir));
    }

    @Test
    void readErrorsSayWhy() throws IOException {
        Path missing = dir.resolve("missing.json");
        assertBad(Cli.run("render", missing.toString(), "--format", "txt"), "cannot read " + missing + ": no such file");
        Path binary = Files.write(dir.resolve("binary.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertBad(Cli.run("replay", binary.toString()), "cannot read " + binary + ": not UTF-8 text");
    }

    @Test
    void aTraceOfAnUnknownPropertyIsBadInput() throws IOException {
        String json = Files.readString(Path.of(TRACE)).replace("\"no-free-while-busy\"", "\"no-free-while-bussy\"");
        Path t = Files.writeString(dir.resolve("t.json"), json);
        assertBad(Cli.run("replay", t.toString()), "unknown property 'no-free-while-bussy'; did you mean 'no-free-while-busy'?");
    }

    @Test
    void timeLimitsMustBePositiveAndFit() {
        assertBad(Cli.run("check", "pin-truncate", "--time-limit", "-5s"), "--time-limit must be positive, not '-5s'");
        assertBad(Cli.run("check", "pin-truncate", "--time-limit", "0"), "--time-limit must be positive, not '0'");
        assertBad(Cli.run("check", "pin-truncate", "--time-limit", "9223372036854775807s"), "--time-limit '9223372036854775807s' is too long");
        assertBad(Cli.run("bench", "--scenario", "stress-1", "--time-limit", "-1m"), "--time-limit must be positive");
    }

    @Test
    void aLimitUnderASecondIsReportedInMilliseconds() {
        Cli c = Cli.run("check", "stress", "--design", "mainline", "--time-limit", "5ms");
        assertEquals(Main.INCOMPLETE, c.exit(), c.err());
        assertTrue(c.out().contains("    incomplete: time limit of 5 ms reached"), c.out());
    }

    @Test
    void benchNeedsAWorkerCount() {
        assertBad(Cli.run("bench", "--scenario", "stress-1", "--workers", ","), "--workers needs at least one count");
    }

    @Test
    void jpfHeapSizesAreChecked() {
        assertBad(Cli.run("jpf", "pin-truncate", "--design", "mainline", "--jpf-heap", "banana"), "bad --jpf-heap 'banana'");
        // jpf checks invariants and deadlock, not witnesses, and says so before it looks for JPF.
        assertBad(Cli.run("jpf", "pin-truncate", "--design", "mainline", "--property", "pinned"),
                "unknown property 'pinned' for jpf (it checks the invariants and deadlock: refcount-accounts,");
    }

    @Test
    void noCommandIsBadInputInOneLine() {
        Cli c = Cli.run();
        assertBad(c, "no command given: list, check, compare, render, replay, bench, jpf");
        assertEquals("", c.out());
    }
}
