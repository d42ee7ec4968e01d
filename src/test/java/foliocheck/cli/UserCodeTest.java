package foliocheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User designs, scenarios and properties from source files and class directories. */
class UserCodeTest {
    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, List.of(lines));
        return p;
    }

    /**
     * A scenario file: class {@code cls} supplying scenario {@code name} over one PTE folio,
     * its threads and witnesses given as the Java of {@code List.of}'s arguments.
     */
    private Path scenarioFile(String cls, String name, String doc, String threads, String witnesses) throws IOException {
        return scenarioFile(cls, name, doc, threads, "Level.PTE", witnesses);
    }

    /** {@link #scenarioFile(String, String, String, String, String)} over the blocks {@code folios}. */
    private Path scenarioFile(String cls, String name, String doc, String threads, String folios, String witnesses)
            throws IOException {
        return write(cls + ".java",
                "import foliocheck.model.*;",
                "import java.util.List;",
                "import java.util.function.Supplier;",
                "public class " + cls + " implements Supplier<Scenario> {",
                "    public Scenario get() {",
                "        return new Scenario(\"" + name + "\", \"" + doc + "\",",
                "                List.of(" + threads + "),",
                "                List.of(" + folios + "), List.of(" + witnesses + "));",
                "    }",
                "}");
    }

    /** Mainline with the busy test of pre-busy-wait: truncate frees a pinned block. */
    private Path noWait() throws IOException {
        return write("NoWait.java",
                "import foliocheck.model.Mainline;",
                "public class NoWait extends Mainline {",
                "    @Override public String name() { return \"no-wait\"; }",
                "    @Override public String doc() { return \"truncate never waits\"; }",
                "    @Override public boolean truncateWaits() { return false; }",
                "}");
    }

    @Test
    void aDesignFileIsCompiledAndCheckedLikeABuiltInOne() throws IOException {
        Path f = noWait();
        Cli r = Cli.run("check", "pin-truncate", "--design-file", f.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("no-wait"), r.out());
        assertTrue(r.out().contains("no-free-while-busy"), r.out());
        assertTrue(unwrapped(r.out()).contains("reproduce: ./foliocheck check pin-truncate --design-file " + f
                + " --design no-wait"), r.out());
        Cli mainline = Cli.run("check", "pin-truncate", "--design-file", f.toString(), "--design", "mainline");
        assertEquals(0, mainline.exit(), mainline.out());
    }

    @Test
    void compileErrorsComeBackAsTheCompilersMessagesWithExit2() throws IOException {
        Path f = write("Oops.java",
                "public class Oops extends foliocheck.model.Mainline {",
                "    @Override public String name() { return 42; }",
                "}");
        Cli r = Cli.run("check", "pin-truncate", "--design-file", f.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("foliocheck: " + f + ":2: error: incompatible types"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aFileWithoutADesignIsBadInput() throws IOException {
        Path f = write("Nothing.java", "public class Nothing { }");
        Cli r = Cli.run("check", "--design-file", f.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("defines no design"), r.err());
        Cli missing = Cli.run("check", "--design-file", dir.resolve("Missing.java").toString());
        assertEquals(2, missing.exit());
        assertEquals("foliocheck: no such file: " + dir.resolve("Missing.java") + System.lineSeparator(), missing.err());
    }

    @Test
    void aDesignNamedLikeABuiltInOneIsRefused() throws IOException {
        Path f = write("Clash.java",
                "public class Clash extends foliocheck.model.Mainline { }");
        Cli r = Cli.run("check", "pin-truncate", "--design-file", f.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("two designs are named 'mainline'"), r.err());
    }

    @Test
    void anUnbindThatShutsDownAFilesystemWithoutAShutdownIsRefused() throws IOException {
        // ext2 has no shutdown operation: an unbind that notified it would have no step to name.
        Path f = write("Ext2Notified.java",
                "public class Ext2Notified extends foliocheck.model.designs.MainlineExt2 {",
                "    @Override public String name() { return \"ext2-notified\"; }",
                "    @Override public boolean preRemoveNotify() { return true; }",
                "}");
        Cli r = Cli.run("check", "pin-kill", "--design-file", f.toString());
        assertEquals(2, r.exit());
        assertEquals("foliocheck: " + f + ": design 'ext2-notified' has its unbind shut EXT2 down, which has no"
                + " shutdown operation (preRemoveNotify, failureNotify or markDeadStep)" + System.lineSeparator(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aScenarioMixingDeviceDaxAndFsDaxThreadsIsRefused() throws IOException {
        Path f = scenarioFile("Mixed", "mixed", "an FS DAX truncate under a device-dax unbind",
                "new Fault(\"fault\", 0, 0, Level.PTE, false), new Truncate(false), PgmapKill.deviceDaxUnbind()", "");
        Cli r = Cli.run("check", "--scenario-file", f.toString(), "--design", "mainline");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("foliocheck: " + f + ": scenario 'mixed' mixes device-dax threads"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aScenarioWhoseFileBBothSharesAndAllocatesIsRefused() throws IOException {
        assertRefused(scenarioFile("ShareAndAllocate", "share-and-allocate", "file B reflinked and allocating",
                "new Fault(\"fault\", 0, 0, Level.PTE, false), Fault.ofFileB(\"fault-b\", 0, 0, Level.PTE),"
                        + " new Truncate(false), new Reallocate()", ""),
                "scenario 'share-and-allocate' has both a fault of a block file B shares with file A (Fault.ofFileB)"
                        + " and file B's allocator (Reallocate): the model's file B is one or the other");
        assertRefused(scenarioFile("ShareAndFree", "share-and-free", "file B reflinked, a witness of a freed block",
                "new Fault(\"fault\", 0, 0, Level.PTE, false), Fault.ofFileB(\"fault-b\", 0, 0, Level.PTE),"
                        + " new Truncate(false)", "\"block-freed\""),
                "scenario 'share-and-free' names witness 'block-freed' and a block file B shares with file A"
                        + " (Fault.ofFileB): the shared block passing to file B would reach it; 'unshared' is that witness");
    }

    @Test
    void reflinksTheModelCannotRunAreRefused() throws IOException {
        assertRefused(write("NoSuchBlock.java", "import foliocheck.model.*;", "import java.util.List;",
                "public class NoSuchBlock implements java.util.function.Supplier<Scenario> {",
                "    public Scenario get() {",
                "        return new Scenario(\"no-such-block\", \"a reflink of block 1 of one\",",
                "                List.of(new Fault(\"fault\", 0, 0, Level.PTE, false)), List.of(Level.PTE),",
                "                List.of()).reflinking(1);",
                "    }",
                "}"),
                "scenario 'no-such-block' reflinks block 1, but its blocks are 0 to 0");
        assertRefused(write("PteOnSharedPmd.java", "import foliocheck.model.*;", "import java.util.List;",
                "public class PteOnSharedPmd implements java.util.function.Supplier<Scenario> {",
                "    public Scenario get() {",
                "        return new Scenario(\"pte-on-shared-pmd\", \"PMD and PTE faults of a shared PMD block\",",
                "                List.of(new Fault(\"pmd\", 0, 0, Level.PMD, false), new Fault(\"pte\", 1, 0, Level.PTE, false)),",
                "                List.of(Level.PMD), List.of()).reflinking(0);",
                "    }",
                "}"),
                "scenario 'pte-on-shared-pmd' has a PTE fault (pte) and a PMD fault (pmd) of a PMD block files A and B"
                        + " share: the kernel would replace the PMD entry with a PTE one, which the model does not have");
        assertRefused(write("PteOnSharedPmdB.java", "import foliocheck.model.*;", "import java.util.List;",
                "public class PteOnSharedPmdB implements java.util.function.Supplier<Scenario> {",
                "    public Scenario get() {",
                "        return new Scenario(\"pte-on-shared-pmd-b\", \"file B's PMD and PTE faults of a shared block\",",
                "                List.of(Fault.ofFileB(\"pmd\", 0, 0, Level.PMD), Fault.ofFileB(\"pte\", 1, 0, Level.PTE)),",
                "                List.of(Level.PMD), List.of());",
                "    }",
                "}"),
                "scenario 'pte-on-shared-pmd-b' has a PTE fault (pte) and a PMD fault (pmd) of a PMD block files A and B"
                        + " share: the kernel would replace the PMD entry with a PTE one, which the model does not have");
    }

    @Test
    void aScenarioWithTwoForksIsRefused() throws IOException {
        assertRefused(scenarioFile("TwoForks", "two-forks", "two children of mm A",
                "new Fault(\"fault\", 0, 0, Level.PTE, false), new Fork(0), new Fork(0)", ""),
                "scenario 'two-forks' has more than one Fork thread (the model has one child address space, mm C)");
    }

    @Test
    void threadsThatCannotRunAsWrittenAreRefused() throws IOException {
        String fault = "new Fault(\"fault\", 0, 0, Level.PTE, false), ";
        // class, threads, blocks, why (after "scenario '<class in lower case>' ")
        String[][] cases = {
            {"Block", "new Fault(\"fault\", 0, 7, Level.PTE, false)", "Level.PTE",
                "has a fault (fault) of block 7, but its blocks are 0 to 0"},
            {"Twice", fault + "new Pin(\"pin\", 0, false), new Pin(\"pin\", 0, false)", "Level.PTE",
                "has two threads named 'pin' (traces tell threads apart by name)"},
            {"Nameless", fault + "new Pin(\" \", 0, false)", "Level.PTE", "has a Pin thread without a name"},
            {"Below", "new Fault(\"fault\", -1, 0, Level.PTE, false)", "Level.PTE",
                "has fault at address -1 (addresses are slots 0 and up)"},
            {"PinBelow", fault + "new Pin(\"pin\", -1, false)", "Level.PTE",
                "has pin at address -1 (addresses are slots 0 and up)"},
            {"ForkBelow", fault + "new Fork(-1)", "Level.PTE", "has fork at address -1 (addresses are slots 0 and up)"},
            {"NoSize", "new Fault(\"fault\", 0, 0, null, false)", "Level.PTE",
                "has a fault (fault) without a size (Level.PTE, PMD or PUD)"},
            {"TooBig", "new Fault(\"fault\", 0, 0, Level.PMD, false)", "Level.PTE",
                "has a PMD fault (fault) of block 0, a PTE folio: the kernel falls back to a smaller fault there,"
                    + " which the model does not (a fault is at most its block's size)"},
            {"FsDaxPud", "new Fault(\"fault\", 0, 0, Level.PUD, false)", "Level.PUD",
                "has an FS DAX PUD fault (fault): dax_iomap_fault falls back from PUD faults, so FS DAX maps PTEs"
                    + " and PMDs; a PUD fault is device-dax's (deviceDax true)"},
        };
        for (String[] c : cases) {
            String name = c[0].toLowerCase();
            assertRefused(scenarioFile(c[0], name, "written wrong", c[1], c[2], ""), "scenario '" + name + "' " + c[3]);
        }
    }

    @Test
    void aDesignWithoutADescriptionIsRefused() throws IOException {
        Path undocumented = write("Undocumented.java",
                "public class Undocumented extends foliocheck.model.Mainline {",
                "    @Override public String name() { return \"undocumented\"; }",
                "    @Override public String doc() { return null; }",
                "}");
        Cli r = Cli.run("list", "--design-file", undocumented.toString());
        assertEquals(2, r.exit());
        assertEquals("foliocheck: " + undocumented + ": design 'undocumented' has no description (doc() returned null)"
                + System.lineSeparator(), r.err());
    }

    /** Checking scenario file {@code f} exits 2 with {@code why} as its one line, and prints nothing else. */
    private static void assertRefused(Path f, String why) {
        Cli r = Cli.run("check", "--scenario-file", f.toString(), "--design", "mainline");
        assertEquals(2, r.exit());
        assertEquals("foliocheck: " + f + ": " + why + System.lineSeparator(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aScenarioFileOfTwoIdenticalPinsIsCheckedAndSymmetryMergesThem() throws IOException {
        Path f = scenarioFile("TwoPins", "two-pins", "a fault and two pins of one folio",
                "new Fault(\"fault\", 0, 0, Level.PTE, false), new Pin(\"pin0\", 0, false), new Pin(\"pin1\", 0, false)",
                "\"pinned\"");
        Cli r = Cli.run("check", "--scenario-file", f.toString(), "--design", "mainline");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("two-pins"), r.out());
        Cli sym = Cli.run("check", "--scenario-file", f.toString(), "--design", "mainline", "--symmetry");
        assertEquals(0, sym.exit());
        assertTrue(states(sym.out()) < states(r.out()), sym.out() + r.out());
    }

    @Test
    void aScenarioWithAnUnknownWitnessIsBadInput() throws IOException {
        Path f = scenarioFile("Typo", "typo", "", "new Pin(\"pin\", 0, false)", "\"pined\"");
        Cli r = Cli.run("check", "--scenario-file", f.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown witness 'pined'; did you mean 'pinned'?"), r.err());
    }

    @Test
    void aWitnessNamedTwiceIsBadInput() throws IOException {
        Path f = write("Twice.java",
                "import foliocheck.model.*;",
                "import java.util.List;",
                "public class Twice implements java.util.function.Supplier<Scenario> {",
                "    public Scenario get() {",
                "        return new Scenario(\"twice\", \"\", List.of(new Pin(\"pin\", 0, false)),",
                "                List.of(Level.PTE), List.of(\"pinned\", \"pinned\"));",
                "    }",
                "}");
        Cli r = Cli.run("check", "--scenario-file", f.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals("foliocheck: " + f + ": scenario 'twice' names witness 'pinned' twice\n", r.err());
    }

    /** Names become parts of file names under --out: a scenario named like a path is refused. */
    @Test
    void aScenarioNamedLikeAPathIsBadInput() throws IOException {
        Path f = write("Escape.java",
                "import foliocheck.model.*;",
                "import java.util.List;",
                "public class Escape implements java.util.function.Supplier<Scenario> {",
                "    public Scenario get() {",
                "        return new Scenario(\"../escape\", \"\", List.of(new Pin(\"pin\", 0, false)),",
                "                List.of(Level.PTE), List.of(\"pinned\"));",
                "    }",
                "}");
        Cli r = Cli.run("check", "--scenario-file", f.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, r.exit());
        assertEquals("foliocheck: scenario name must be a word of letters, digits, '.', '-', '_', not '../escape'\n",
                r.err());
    }

    @Test
    void aStaticInitializerThatThrowsIsNamedWithItsCause() throws IOException {
        Path f = write("Static.java",
                "public class Static extends foliocheck.model.Mainline {",
                "    static final int X = Integer.parseInt(\"x\");",
                "    @Override public String name() { return \"static\"; }",
                "}");
        Cli r = Cli.run("list", "--design-file", f.toString());
        assertEquals(2, r.exit());
        assertEquals("foliocheck: " + f + ": initializing Static threw java.lang.NumberFormatException:"
                + " For input string: \"x\", in Static.<clinit>(Static.java:2)\n", r.err());
    }

    @Test
    void aPropertyFileAddsAnInvariant() throws IOException {
        Path f = write("NeverMapped.java",
                "import foliocheck.engine.Property;",
                "import foliocheck.model.*;",
                "import foliocheck.properties.PropertySet;",
                "import java.util.List;",
                "public class NeverMapped implements PropertySet {",
                "    public List<Property<State>> properties(Design d) {",
                "        return List.of(Property.always(\"never-mapped\", \"no page-table entry exists\",",
                "                s -> s.kernel().ptes().isEmpty()));",
                "    }",
                "}");
        Cli r = Cli.run("check", "pin-truncate", "--design", "mainline", "--property-file", f.toString(),
                "--property", "never-mapped");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("never-mapped violated in design mainline"), r.out());
        assertTrue(r.out().contains("vmf_insert_page_mkwrite"), r.out());
    }

    @Test
    void compiledClassesLoadFromADesignPath() throws IOException {
        Path src = noWait();
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), src.toString());
        assertEquals(0, rc);
        Cli r = Cli.run("list", "--design-path", classes.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("no-wait") && r.out().contains("truncate never waits"), r.out());
        Cli c = Cli.run("check", "pin-truncate", "--design-path", classes.toString());
        assertEquals(1, c.exit());
        assertTrue(unwrapped(c.out()).contains("--design-path " + classes), c.out());
    }

    /** A property set whose properties under design {@code legacy} are {@code body}'s. */
    private Path legacyOnly(String name, String body) throws IOException {
        return write(name + ".java",
                "import foliocheck.engine.Property;",
                "import foliocheck.model.*;",
                "import foliocheck.properties.PropertySet;",
                "import java.util.List;",
                "public class " + name + " implements PropertySet {",
                "    public List<Property<State>> properties(Design d) {",
                "        if (!d.name().equals(\"legacy\")) {",
                "            return List.of(Property.always(\"mapped-once\", \"at most one entry\",",
                "                    s -> s.kernel().ptes().size() <= 1));",
                "        }",
                "        " + body,
                "    }",
                "}");
    }

    @Test
    void propertyNamesAreCheckedUnderEveryDesign() throws IOException {
        // Under mainline the set is fine; under legacy it names a built-in invariant, throws,
        // or adds a property of its own, which is then as known as the others.
        Path clash = legacyOnly("Clash", "return List.of(Property.always(\"deadlock\", \"\", s -> true));");
        Cli c = Cli.run("list", "--property-file", clash.toString());
        assertEquals(Main.BAD_INPUT, c.exit(), c.out());
        assertEquals("foliocheck: two properties are named 'deadlock' (Clash, under design legacy)\n", c.err());
        Path throwing = legacyOnly("Throwing", "throw new IllegalStateException(\"not for legacy\");");
        Cli t = Cli.run("check", "pin-truncate", "--design", "mainline", "--property-file", throwing.toString());
        assertEquals(Main.BAD_INPUT, t.exit(), t.out());
        assertEquals("foliocheck: Throwing.properties(legacy) threw java.lang.IllegalStateException: not for legacy\n",
                t.err());
        Path witness = legacyOnly("Witness", "return List.of(Property.always(\"pinned\", \"\", s -> true));");
        Cli w = Cli.run("check", "pin-truncate", "--design", "mainline", "--property-file", witness.toString());
        assertEquals(Main.BAD_INPUT, w.exit(), w.out());
        assertEquals("foliocheck: Witness: 'pinned' is the name of a witness; name the property otherwise\n", w.err());
        Path extra = legacyOnly("Extra", "return List.of(Property.always(\"legacy-only\", \"\", s -> true));");
        Cli e = Cli.run("check", "pin-truncate", "--design", "legacy", "--property-file", extra.toString(),
                "--property", "legacy-only");
        assertEquals(Main.HOLDS, e.exit(), e.out() + e.err());
        Cli l = Cli.run("list", "--property-file", extra.toString());
        assertEquals(0, l.exit(), l.err());
        assertTrue(l.out().contains("mapped-once              at most one entry\n"), l.out());
        assertTrue(l.out().contains("legacy-only               (not under mainline)\n"), l.out());
    }

    @Test
    void twoFilesOfOneNameInTwoPackagesAreTwoDesigns() throws IOException {
        List<String> files = new java.util.ArrayList<>();
        for (String pkg : List.of("a", "b")) {
            Files.createDirectories(dir.resolve(pkg));
            files.add("--design-file");
            files.add(write(pkg + "/Waitless.java",
                    "package " + pkg + ";",
                    "public class Waitless extends foliocheck.model.Mainline {",
                    "    @Override public String name() { return \"waitless-" + pkg + "\"; }",
                    "    @Override public String doc() { return \"the one in package " + pkg + "\"; }",
                    "    @Override public boolean truncateWaits() { return false; }",
                    "}").toString());
        }
        List<String> args = new java.util.ArrayList<>(List.of("list"));
        args.addAll(files);
        Cli c = Cli.run(args.toArray(new String[0]));
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("waitless-a") && c.out().contains("the one in package a"), c.out());
        assertTrue(c.out().contains("waitless-b") && c.out().contains("the one in package b"), c.out());
    }

    @Test
    void aSourceFileCanBuildOnClassesOfADesignPath() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("base"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), noWait().toString());
        assertEquals(0, rc);
        // A source beside the classes, newer and broken: the classes are what counts.
        Path stale = Files.writeString(classes.resolve("NoWait.java"), "public class NoWait { broken }");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        Path f = write("NoWaitEither.java",
                "public class NoWaitEither extends NoWait {",
                "    @Override public String name() { return \"no-wait-either\"; }",
                "    @Override public String doc() { return \"NoWait, from the design path, renamed\"; }",
                "}");
        Cli c = Cli.run("check", "pin-truncate", "--design-path", classes.toString(), "--design-file", f.toString(),
                "--design", "no-wait-either");
        assertEquals(1, c.exit(), c.err());
        assertTrue(c.out().contains("no-wait-either"), c.out());
        assertTrue(unwrapped(c.out()).contains("--design-file " + f + " --design-path " + classes), c.out());
    }

    /**
     * Source files compile in memory, so nothing is left in the temporary directory (they
     * used to compile into a fresh directory there, which deleteOnExit could not remove:
     * it was not empty). Nested classes and a second top-level class of the file load too.
     * The commands run in a JVM of their own whose temporary directory is an empty one of
     * the test's, which must still be empty when it exits.
     */
    @Test
    void sourceFilesLeaveNothingInTheTemporaryDirectory() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path f = write("Nested.java",
                "public class Nested {",
                "    public static class Waitless extends foliocheck.model.Mainline {",
                "        @Override public String name() { return \"waitless\"; }",
                "        @Override public String doc() { return Helper.DOC; }",
                "        @Override public boolean truncateWaits() { return false; }",
                "    }",
                "}",
                "class Helper {",
                "    static final String DOC = \"truncate never \" + \"waits\";",
                "}");
        String check = foliocheckIn(tmp, "check", "pin-truncate", "--design-file", f.toString(), "--design", "waitless");
        assertTrue(check.startsWith("exit 1\n") && check.contains("no-free-while-busy"), check);
        String list = foliocheckIn(tmp, "list", "--design-file", f.toString());
        assertTrue(list.startsWith("exit 0\n") && list.contains("waitless") && list.contains("truncate never waits"), list);
        try (java.util.stream.Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "left in the temporary directory");
        }
    }

    /**
     * A JPF installation that is not JPF: its RunJPF.jar runs the class JPF would run on the
     * plain JVM (one interleaving, whatever the threads do), from the class path JPF would be
     * given, and reports in JPF's words. What it tests is foliocheck's side: the user's
     * classes reach JPF's class path, and the harness builds their design, scenario and
     * property sets there.
     */
    private Path fakeJpf() throws IOException {
        return fakeJpf(false);
    }

    /**
     * {@link #fakeJpf()}, which prints statistics as JPF's progress before it runs anything;
     * a {@code hanging} one then sleeps for a minute instead of running the harness.
     */
    private Path fakeJpf(boolean hanging) throws IOException {
        String name = hanging ? "HangingJpf" : "FakeJpf";
        Path src = write(name + ".java",
                "import java.io.*;",
                "import java.net.*;",
                "import java.nio.file.*;",
                "import java.util.*;",
                "public class " + name + " {",
                "    public static void main(String[] args) throws Exception {",
                "        System.out.println(\"states:             new=7,visited=0,backtracked=0,end=2\");",
                "        if (" + hanging + ") Thread.sleep(60_000);",
                "        List<URL> cp = new ArrayList<>();",
                "        List<String> rest = new ArrayList<>();",
                "        for (String a : args) {",
                "            if (a.startsWith(\"+classpath=\")) {",
                "                for (String p : a.substring(11).split(\",\")) cp.add(Paths.get(p).toUri().toURL());",
                "            } else if (!a.startsWith(\"+\")) {",
                "                rest.add(a);",
                "            }",
                "        }",
                "        ClassLoader l = new URLClassLoader(cp.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());",
                "        Throwable[] failure = new Throwable[1];",
                "        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {",
                "            synchronized (failure) { if (failure[0] == null) failure[0] = e; }",
                "        });",
                "        PrintStream out = System.out;",
                "        ByteArrayOutputStream steps = new ByteArrayOutputStream();",
                "        System.setOut(new PrintStream(steps, true));",
                "        try {",
                "            l.loadClass(rest.get(0)).getMethod(\"main\", String[].class)",
                "                    .invoke(null, (Object) rest.subList(1, rest.size()).toArray(new String[0]));",
                "        } catch (java.lang.reflect.InvocationTargetException e) {",
                "            synchronized (failure) { if (failure[0] == null) failure[0] = e.getCause(); }",
                "        }",
                "        System.setOut(out);",
                "        String bar = \"====================================================== \";",
                "        if (failure[0] != null) {",
                "            System.out.println(bar + \"error 1\");",
                "            System.out.println(\"gov.nasa.jpf.vm.NoUncaughtExceptionsProperty\");",
                "            System.out.println(failure[0].getClass().getName() + \": \" + failure[0].getMessage());",
                "            for (StackTraceElement e : failure[0].getStackTrace()) System.out.println(\"\\tat \" + e);",
                "            System.out.println();",
                "            System.out.println(bar + \"output #1\");",
                "            System.out.print(steps);",
                "        }",
                "        System.out.println(bar + \"results\");",
                "        System.out.println(failure[0] == null ? \"no errors detected\" : \"error #1\");",
                "        System.out.println(\"states:             new=1,visited=0,backtracked=0,end=\"",
                "                + (failure[0] == null ? 1 : 0));",
                "    }",
                "}");
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.toString()));
        Path home = dir.resolve(name);
        Path jar = Files.createDirectories(home.resolve("build")).resolve("RunJPF.jar");
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, name);
        try (java.util.jar.JarOutputStream j = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), m)) {
            j.putNextEntry(new java.util.jar.JarEntry(name + ".class"));
            j.write(Files.readAllBytes(classes.resolve(name + ".class")));
            j.closeEntry();
        }
        return home;
    }

    /** A design file: mainline by another name. */
    private Path renamed() throws IOException {
        return write("Renamed.java",
                "import foliocheck.model.Mainline;",
                "public class Renamed extends Mainline {",
                "    @Override public String name() { return \"renamed\"; }",
                "    @Override public String doc() { return \"mainline by another name\"; }",
                "}");
    }

    /** A design file JPF cannot run: {@code Joined} (design "joined") calls {@code String.join}. */
    private Path joined() throws IOException {
        return write("Joined.java",
                "import foliocheck.model.Mainline;",
                "public class Joined extends Mainline {",
                "    @Override public String name() { return \"joined\"; }",
                "    @Override public String doc() { return String.join(\" \", \"mainline\", \"joined\"); }",
                "}");
    }

    /**
     * A property file of class {@code cls} whose properties are the Java of {@code List.of}'s
     * arguments, given as lines; the first is line 7 of the file.
     */
    private Path propertyFile(String cls, String... properties) throws IOException {
        return write(cls + ".java",
                "import foliocheck.engine.Property;",
                "import foliocheck.model.*;",
                "import foliocheck.properties.PropertySet;",
                "import java.util.List;",
                "public class " + cls + " implements PropertySet {",
                "    public List<Property<State>> properties(Design d) {",
                "        return List.of(" + String.join("\n", properties) + ");",
                "    }",
                "}");
    }

    @Test
    void jpfRunsTheUsersDesignScenarioAndPropertiesFromClassesItWritesAndDeletes() throws Exception {
        Path home = fakeJpf();
        Path design = renamed();
        Path scenario = scenarioFile("TwoPins", "two-pins", "a fault and two pins of one folio",
                "new Fault(\"fault\", 0, 0, Level.PTE, false), new Pin(\"pin0\", 0, false), new Pin(\"pin1\", 0, false)",
                "\"pinned\"");
        // Violated in the initial state, so on every schedule.
        Path property = propertyFile("NoThreads", "Property.always(\"no-threads\", \"the scenario has no threads\","
                + " s -> s.threads().isEmpty())");
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = jpfClassDirs(tmp);
        String[] common = {"jpf", "two-pins", "--scenario-file", scenario.toString(), "--design-file", design.toString(),
            "--design", "renamed", "--jpf-home", home.toString()};

        Cli holds = Cli.run(common);
        assertEquals(Main.HOLDS, holds.exit(), holds.out() + holds.err());
        assertTrue(holds.out().startsWith("jpf two-pins under renamed: HOLDS; JPF: 1 new states, 1 end states"),
                holds.out());
        // Each statistics line JPF prints is progress; the last are the final statistics.
        List<Long> progress = new java.util.ArrayList<>();
        foliocheck.model.Scenario pinTruncate = foliocheck.check.Catalog.builtIn().scenario("pin-truncate");
        foliocheck.model.Design mainline = foliocheck.check.Catalog.builtIn().design("mainline");
        foliocheck.jpf.JpfRun.Result r = foliocheck.jpf.JpfRun.run(home, pinTruncate, mainline,
                foliocheck.check.UserCode.Loaded.NONE, java.time.Duration.ofMinutes(1), "1g", List.of(), progress::add);
        assertEquals(List.of(7L, 1L), progress);
        assertEquals(1, r.newStates());
        // A run stopped at its time limit says how far JPF's last statistics got.
        foliocheck.jpf.JpfRun.Result stopped = foliocheck.jpf.JpfRun.run(fakeJpf(true), pinTruncate, mainline,
                foliocheck.check.UserCode.Loaded.NONE, java.time.Duration.ofSeconds(2), "1g", List.of());
        assertEquals(foliocheck.jpf.JpfRun.Verdict.INCONCLUSIVE, stopped.verdict());
        assertEquals(7, stopped.newStates());
        assertEquals(2, stopped.endStates());

        Cli violated = Cli.run(concat(common, "--property-file", property.toString()));
        assertEquals(Main.VIOLATED, violated.exit(), violated.out() + violated.err());
        assertTrue(violated.out().contains("no-threads violated in design renamed, scenario two-pins"), violated.out());
        assertTrue(unwrapped(violated.out()).contains("reproduce: ./foliocheck jpf two-pins --design renamed"
                + " --design-file " + design + " --scenario-file " + scenario + " --property-file " + property),
                violated.out());
        Cli named = Cli.run(concat(common, "--property-file", property.toString(), "--property", "no-threads"));
        assertEquals(Main.VIOLATED, named.exit(), named.out() + named.err());
        Cli others = Cli.run(concat(common, "--property-file", property.toString(), "--property", "deadlock"));
        assertEquals(Main.HOLDS, others.exit(), others.out() + others.err());
        assertEquals(before, jpfClassDirs(tmp), "class directories left in " + tmp);
    }

    @Test
    void jpfReplaysTheStepsOfAUserScenarioIntoATrace() throws Exception {
        // One thread, so one schedule: the fault maps the page, and then the property fails.
        Path scenario = scenarioFile("OneFault", "one-fault", "a fault alone",
                "new Fault(\"fault\", 0, 0, Level.PTE, false)", "");
        Path property = propertyFile("NeverMapped", "Property.always(\"never-mapped\", \"no page-table entry\","
                + " s -> s.kernel().ptes().isEmpty())");
        Cli c = Cli.run("jpf", "one-fault", "--scenario-file", scenario.toString(), "--design", "mainline",
                "--property-file", property.toString(), "--jpf-home", fakeJpf().toString());
        assertEquals(Main.VIOLATED, c.exit(), c.out() + c.err());
        String out = c.out();
        assertTrue(out.contains("never-mapped violated in design mainline, scenario one-fault"), out);
        assertTrue(out.contains("filemap_invalidate_lock_shared") && out.contains("grab_mapping_entry"), out);
        assertTrue(out.contains(">> ") && out.indexOf(">> ") > out.indexOf("vmf_insert_page_mkwrite") - 12
                && out.lastIndexOf("vmf_insert_page_mkwrite") > out.indexOf(">> "), out);
    }

    @Test
    void jpfChecksOnlyInvariantsAndTakesAPropertyNamedAllForItself() throws Exception {
        Path home = fakeJpf();
        // "all" holds and no-threads fails at once; a witness never reached is not an invariant.
        Path set = propertyFile("Mixed", "Property.always(\"all\", \"true\", s -> true),"
                + " Property.always(\"no-threads\", \"none\", s -> s.threads().isEmpty()),"
                + " Property.sometimes(\"never\", \"never reached\", s -> false)");
        String[] common = {"jpf", "pin-truncate", "--design", "mainline", "--property-file", set.toString(),
            "--jpf-home", home.toString()};
        Cli all = Cli.run(concat(common, "--property", "all"));
        assertEquals(Main.HOLDS, all.exit(), all.out() + all.err());
        Cli witness = Cli.run(concat(common, "--property", "all,deadlock,refcount-accounts"));
        assertEquals(Main.HOLDS, witness.exit(), witness.out() + witness.err());
        Cli never = Cli.run(concat(common, "--property", "never"));
        assertEquals(Main.BAD_INPUT, never.exit());
        assertTrue(never.err().startsWith("foliocheck: unknown property 'never' for jpf"), never.err());
        // The native check finds the witness unreached; under JPF it is not asserted as an invariant.
        Path onlyWitness = propertyFile("OnlyWitness", "Property.sometimes(\"never\", \"never reached\", s -> false)");
        Cli w = Cli.run("jpf", "pin-truncate", "--design", "mainline", "--property-file", onlyWitness.toString(),
                "--jpf-home", home.toString());
        assertEquals(Main.HOLDS, w.exit(), w.out() + w.err());
    }

    @Test
    void userCodeThatThrowsUnderJpfIsBlamedAsUnderCheck() throws Exception {
        Path boom = propertyFile("Boom", "Property.always(\"boom\", \"throws\", s -> {",
                "            throw new IllegalStateException(\"boom\");",
                "        })");
        Cli c = Cli.run("jpf", "pin-truncate", "--design", "mainline", "--property-file", boom.toString(),
                "--jpf-home", fakeJpf().toString());
        assertEquals(Main.BAD_INPUT, c.exit(), c.out() + c.err());
        assertEquals("foliocheck: your code failed under JPF: java.lang.IllegalStateException: boom,"
                + " in Boom.lambda$properties$0(Boom.java:8)\n", c.err());
        Cli check = Cli.run("check", "pin-truncate", "--design", "mainline", "--property-file", boom.toString());
        assertEquals(Main.BAD_INPUT, check.exit());
        assertTrue(check.err().endsWith("java.lang.IllegalStateException: boom, in Boom.lambda$properties$0(Boom.java:8)\n"),
                check.err());
    }

    @Test
    void aDesignPathJpfCannotSplitIsRefused() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("a,b"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), renamed().toString()));
        Cli c = Cli.run("jpf", "pin-truncate", "--design-path", classes.toString(), "--design", "renamed",
                "--jpf-home", fakeJpf().toString());
        assertEquals(Main.BAD_INPUT, c.exit(), c.out() + c.err());
        assertEquals("foliocheck: --design-path " + classes.toAbsolutePath()
                + ": JPF splits its class path at ',', so it cannot hold this path\n", c.err());
    }

    @Test
    void jpfRefusesUserCodeThatJpfDoesNotRunBeforeRunningIt() throws Exception {
        Path home = fakeJpf();
        Path joined = joined();
        Cli c = Cli.run("jpf", "pin-truncate", "--design-file", joined.toString(), "--design", "joined",
                "--jpf-home", home.toString());
        assertEquals(Main.BAD_INPUT, c.exit(), c.out() + c.err());
        assertEquals("foliocheck: Joined: call to java/lang/String.join, which JPF for Java 17 does not run correctly"
                + " (instead: concatenate in a loop with +); see docs/jpf.md\n", c.err());
        assertEquals("", c.out());
        // Classes from a jar on the design path, in name order, with a record the design uses:
        // its three generated methods too. Joined, in the jar but not used, is not counted.
        Path classes = Files.createDirectories(dir.resolve("unsafe-classes"));
        Path pointed = write("Pointed.java",
                "import foliocheck.model.Mainline;",
                "public class Pointed extends Mainline {",
                "    record Point(int x, int y) { }",
                "    @Override public String name() { return \"pointed\"; }",
                "    @Override public String doc() { return String.join(\" \", \"at\", new Point(1, 2).toString()); }",
                "}");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), joined.toString(), pointed.toString()));
        Path jar = dir.resolve("unsafe.jar");
        try (java.util.jar.JarOutputStream j = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            for (String n : List.of("Joined.class", "Pointed.class", "Pointed$Point.class")) {
                j.putNextEntry(new java.util.jar.JarEntry(n));
                j.write(Files.readAllBytes(classes.resolve(n)));
                j.closeEntry();
            }
        }
        Cli fromJar = Cli.run("jpf", "pin-truncate", "--design-path", jar.toString(), "--design", "pointed",
                "--jpf-home", home.toString());
        assertEquals(Main.BAD_INPUT, fromJar.exit(), fromJar.out() + fromJar.err());
        assertTrue(fromJar.err().startsWith("foliocheck: Pointed$Point: invokedynamic toString bootstrapped by"
                + " java/lang/runtime/ObjectMethods.bootstrap") &&
                fromJar.err().endsWith("; 3 more; see docs/jpf.md\n"), fromJar.err());
        // check itself runs it: only JPF cannot.
        assertEquals(0, Cli.run("check", "pin-truncate", "--design-file", joined.toString(), "--design", "joined")
                .exit());
    }

    @Test
    void jpfScansOnlyTheUserClassesItsRunCanLoad() throws Exception {
        Path home = fakeJpf();
        Path joined = joined();
        // Loaded but never run: a built-in design's run does not load it.
        Cli builtIn = jpfUnder(home, "mainline", joined);
        assertEquals(Main.HOLDS, builtIn.exit(), builtIn.out() + builtIn.err());
        // A design whose helper class, in the same file, JPF cannot run.
        Path helped = write("Helped.java",
                "import foliocheck.model.Mainline;",
                "public class Helped extends Mainline {",
                "    @Override public String name() { return \"helped\"; }",
                "    @Override public String doc() { return Words.of(\"mainline\", \"helped\"); }",
                "}",
                "class Words {",
                "    static String of(String a, String b) { return String.join(\" \", a, b); }",
                "}");
        Cli viaHelper = jpfUnder(home, "helped", helped, joined);
        assertEquals(Main.BAD_INPUT, viaHelper.exit(), viaHelper.out() + viaHelper.err());
        assertEquals("foliocheck: Words: call to java/lang/String.join, which JPF for Java 17 does not run correctly"
                + " (instead: concatenate in a loop with +); see docs/jpf.md\n", viaHelper.err());
        // A class named only inside another name: the array class [[LCells; loads Cells.
        Path grid = write("Grid.java",
                "import foliocheck.model.Mainline;",
                "public class Grid extends Mainline {",
                "    @Override public String name() { return \"grid\"; }",
                "    @Override public String doc() { return \"cells: \" + new Cells[2][3].length; }",
                "}",
                "class Cells {",
                "    static String of(String a, String b) { return String.join(\" \", a, b); }",
                "}");
        Cli viaArray = jpfUnder(home, "grid", grid);
        assertEquals(Main.BAD_INPUT, viaArray.exit(), viaArray.out() + viaArray.err());
        assertTrue(viaArray.err().startsWith("foliocheck: Cells: call to java/lang/String.join"), viaArray.err());
        // A string that names a class is followed too, whatever reads it.
        Path named = write("Named.java",
                "import foliocheck.model.Mainline;",
                "public class Named extends Mainline {",
                "    @Override public String name() { return \"named\"; }",
                "    @Override public String doc() { return \"Joined\"; }",
                "}");
        Cli viaString = jpfUnder(home, "named", named, joined);
        assertEquals(Main.BAD_INPUT, viaString.exit(), viaString.out() + viaString.err());
        assertTrue(viaString.err().startsWith("foliocheck: Joined: call to java/lang/String.join"), viaString.err());
        // Every property set runs, whatever the design; a chosen scenario of the user's runs.
        Path joiner = propertyFile("Joiner", "Property.always(\"joiner\", \"joins\", s -> !String.join(\",\", \"a\").isEmpty())");
        Cli viaProperties = Cli.run("jpf", "pin-truncate", "--design", "mainline", "--property-file", joiner.toString(),
                "--jpf-home", home.toString());
        assertEquals(Main.BAD_INPUT, viaProperties.exit(), viaProperties.out() + viaProperties.err());
        assertTrue(viaProperties.err().startsWith("foliocheck: Joiner: call to java/lang/String.join"),
                viaProperties.err());
        Path joinedPins = scenarioFile("JoinedPins", "joined-pins", "a pin named by String.join",
                "new Pin(String.join(\"\", \"pin\", \"0\"), 0, false)", "");
        Cli viaScenario = Cli.run("jpf", "joined-pins", "--design", "mainline", "--scenario-file", joinedPins.toString(),
                "--jpf-home", home.toString());
        assertEquals(Main.BAD_INPUT, viaScenario.exit(), viaScenario.out() + viaScenario.err());
        assertTrue(viaScenario.err().startsWith("foliocheck: JoinedPins: call to java/lang/String.join"),
                viaScenario.err());
        Cli otherScenario = Cli.run("jpf", "pin-truncate", "--design", "mainline", "--scenario-file",
                joinedPins.toString(), "--jpf-home", home.toString());
        assertEquals(Main.HOLDS, otherScenario.exit(), otherScenario.out() + otherScenario.err());
    }

    @Test
    void jpfReadsEveryUserClassPastWaysToLoadOneByName() throws Exception {
        Path home = fakeJpf();
        Path joined = joined();
        // A class loaded by a name made at run time could be any: then every class is scanned.
        String[] bodies = {
            "return Class.forName(name().getClass().getName()).getSimpleName();",
            "return (String) Class.class.getMethod(\"getName\").invoke(String.class);",
            "return java.lang.invoke.MethodHandles.lookup().toString();",
            "return java.util.ResourceBundle.getBundle(\"none\").toString();",
            "return String.valueOf(new java.io.ObjectInputStream(java.io.InputStream.nullInputStream()).readObject());",
        };
        for (int i = 0; i < bodies.length; i++) {
            Path loads = write("Loads" + i + ".java",
                    "import foliocheck.model.Mainline;",
                    "public class Loads" + i + " extends Mainline {",
                    "    @Override public String name() { return \"loads-" + i + "\"; }",
                    "    @Override public String doc() {",
                    "        try {",
                    "            if (name().isEmpty()) {   // never: loading a class by name is enough to say",
                    "                " + bodies[i],
                    "            }",
                    "            return \"mainline\";",
                    "        } catch (Exception e) {",
                    "            throw new IllegalStateException(e);",
                    "        }",
                    "    }",
                    "}");
            Cli c = jpfUnder(home, "loads-" + i, loads, joined);
            assertEquals(Main.BAD_INPUT, c.exit(), bodies[i] + ": " + c.out() + c.err());
            assertTrue(c.err().startsWith("foliocheck: Joined: call to java/lang/String.join"), bodies[i] + ": " + c.err());
            if (i == 0) {
                Cli alone = jpfUnder(home, "loads-0", loads);
                assertEquals(Main.HOLDS, alone.exit(), alone.out() + alone.err());
            }
        }
        // A service provider file on the design path lets the JDK load what it names.
        Path classes = Files.createDirectories(dir.resolve("service-classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), joined.toString(), renamed().toString()));
        for (boolean services : new boolean[] {false, true}) {
            Path jar = dir.resolve("services-" + services + ".jar");
            try (java.util.jar.JarOutputStream j = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
                for (String n : List.of("Joined.class", "Renamed.class")) {
                    j.putNextEntry(new java.util.jar.JarEntry(n));
                    j.write(Files.readAllBytes(classes.resolve(n)));
                    j.closeEntry();
                }
                if (services) {
                    j.putNextEntry(new java.util.jar.JarEntry("META-INF/services/java.lang.Runnable"));
                    j.write("Joined\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    j.closeEntry();
                }
            }
            Cli c = Cli.run("jpf", "pin-truncate", "--design-path", jar.toString(), "--design", "renamed",
                    "--jpf-home", home.toString());
            assertEquals(services ? Main.BAD_INPUT : Main.HOLDS, c.exit(), c.out() + c.err());
        }
    }

    /** {@code jpf pin-truncate --design design} with each of {@code files} as a design file, on the JPF at {@code home}. */
    private static Cli jpfUnder(Path home, String design, Path... files) {
        List<String> args = new java.util.ArrayList<>(List.of("jpf", "pin-truncate", "--design", design));
        for (Path f : files) {
            args.add("--design-file");
            args.add(f.toString());
        }
        args.add("--jpf-home");
        args.add(home.toString());
        return Cli.run(args.toArray(String[]::new));
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** The directories JPF runs of user code write their classes to, in {@code tmp}. */
    private static List<Path> jpfClassDirs(Path tmp) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("foliocheck-jpf-")).sorted().toList();
        }
    }

    /** "exit N", a newline, then the output of foliocheck run in a JVM of its own whose java.io.tmpdir is {@code tmp}. */
    private static String foliocheckIn(Path tmp, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                "foliocheck.cli.Main"));
        cmd.addAll(List.of(args));
        Path log = tmp.resolveSibling("child.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("foliocheck " + args[0] + " did not end within 120 s");
        }
        return "exit " + p.exitValue() + "\n" + Files.readString(log);
    }

    /** The text with the trace renderer's line continuations (" \\" + newline + indent) joined. */
    private static String unwrapped(String out) {
        return out.replaceAll(" \\\\\\R\\s*", " ");
    }

    private static long states(String out) {
        for (String line : out.split("\n")) {
            if (line.contains("two-pins")) {
                return Long.parseLong(line.trim().split("\\s+")[3].replace(",", ""));
            }
        }
        throw new AssertionError(out);
    }
}
