package foliocheck.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.check.Catalog;
import foliocheck.check.UserCode;
import foliocheck.cli.Cli;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Nothing under {@code docs/} may rot. Paths are relative to the repository root, which is
 * Maven's working directory.
 * <ul>
 *   <li>Every {@code .java} file that is not a JUnit test is compiled on its own and loaded
 *   with {@link UserCode#load} as what its top-level class declares: a design (extends a
 *   design class), a scenario ({@code implements Supplier<Scenario>}) or a property set
 *   ({@code implements PropertySet}); it must define exactly one, and its names must not clash
 *   with the built-in ones, and nothing in it may be what JPF does not run ({@code foliocheck
 *   jpf} refuses it).</li>
 *   <li>Every {@code .java} file with {@code @Test} methods is compiled together with the
 *   other (non-test) files of its directory and, under {@code docs/exercises/X/}, with the
 *   reference solutions in {@code docs/exercises/solutions/X/}; each {@code @Test} method is
 *   then run on a fresh instance.</li>
 *   <li>Every fenced {@code console} block of every Markdown page is a transcript, checked by
 *   {@link Transcripts}; the commands of a page run in order (a later one may read what an
 *   earlier one wrote under {@code target/}).</li>
 *   <li>Every fenced {@code java} block names a file under {@code docs/} in its first line and
 *   is an exact excerpt of it.</li>
 *   <li>Every relative link of every Markdown page names a file or directory that exists.</li>
 * </ul>
 */
class DocsTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path DOCS = ROOT.resolve("docs");

    private static List<Path> files(String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(DOCS)) {
            return s.filter(p -> p.toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + p, e);
        }
    }

    private static String rel(Path p) {
        return ROOT.relativize(p).toString();
    }

    static boolean isJUnitTest(String source) {
        return source.contains("@Test");
    }

    // ------------------------------------------------------------------ docs exist

    @Test
    void theDocsArePresent() throws IOException {
        assertTrue(Files.isRegularFile(DOCS.resolve("README.md")), "docs/README.md");
        assertTrue(Files.isRegularFile(DOCS.resolve("tutorial.md")), "docs/tutorial.md");
        assertFalse(files(".md").isEmpty());
        assertFalse(files(".java").isEmpty());
    }

    @Test
    void javaFileNamesAreUniqueSoExamplesCanBeCompiledTogether() throws IOException {
        List<String> seen = new ArrayList<>();
        for (Path p : files(".java")) {
            String name = p.getFileName().toString();
            assertFalse(seen.contains(name), "two files named " + name + " under docs/");
            seen.add(name);
        }
    }

    // ------------------------------------------------------------------ user code

    private static final Pattern DECLARATION = Pattern.compile(
            "public\\s+(?:final\\s+)?class\\s+(\\w+)\\s+(extends\\s+[\\w.]+)?\\s*(implements\\s+[\\w.<>,\\s]+)?\\{");

    /** What the file's top-level class says it is. */
    static UserCode.Kind declaredKind(Path p, String source) {
        String simple = p.getFileName().toString().replace(".java", "");
        Matcher m = DECLARATION.matcher(source);
        while (m.find()) {
            if (!m.group(1).equals(simple)) {
                continue;
            }
            String impl = m.group(3) == null ? "" : m.group(3);
            if (impl.contains("PropertySet")) {
                return UserCode.Kind.PROPERTY;
            }
            if (impl.contains("Supplier<Scenario>")) {
                return UserCode.Kind.SCENARIO;
            }
            if (m.group(2) != null) {
                return UserCode.Kind.DESIGN;
            }
        }
        throw new AssertionError(rel(p) + ": its public class " + simple
                + " neither extends a design nor implements Supplier<Scenario> or PropertySet");
    }

    @TestFactory
    Stream<DynamicTest> everyJavaFileCompilesAndDefinesWhatItDeclares() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : files(".java")) {
            String source = read(p);
            if (isJUnitTest(source)) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(rel(p), () -> {
                UserCode.Kind kind = declaredKind(p, source);
                UserCode.Loaded loaded;
                try {
                    loaded = UserCode.load(List.of(new UserCode.Source(ROOT.relativize(p), kind)));
                    Catalog.with(loaded);
                } catch (UserCode.Bad e) {
                    throw new AssertionError(rel(p) + ":\n" + e.getMessage(), e);
                }
                int n = switch (kind) {
                    case DESIGN -> loaded.designs().size();
                    case SCENARIO -> loaded.scenarios().size();
                    case PROPERTY -> loaded.properties().size();
                    case ANY -> throw new AssertionError();
                };
                assertEquals(1, n, rel(p) + " should define exactly one " + kind.name().toLowerCase(Locale.ROOT));
                assertEquals(1, loaded.designs().size() + loaded.scenarios().size() + loaded.properties().size(),
                        rel(p) + " defines more than it declares");
                // What the docs teach runs under foliocheck jpf too.
                assertNull(foliocheck.jpf.JpfRun.unsafe(loaded), rel(p));
            }));
        }
        return tests.stream();
    }

    // ------------------------------------------------------------------ JUnit examples

    /** The files a test file under docs/ is compiled with: its directory's non-test files and its solutions. */
    static List<Path> companions(Path test) throws IOException {
        List<Path> dirs = new ArrayList<>(List.of(test.getParent()));
        Path exercises = DOCS.resolve("exercises");
        if (test.getParent().getParent().equals(exercises)) {
            Path solutions = exercises.resolve("solutions").resolve(test.getParent().getFileName());
            if (Files.isDirectory(solutions)) {
                dirs.add(solutions);
            }
        }
        List<Path> l = new ArrayList<>();
        for (Path dir : dirs) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(x -> x.toString().endsWith(".java")).sorted().toList()) {
                    if (!isJUnitTest(read(p))) {
                        l.add(p);
                    }
                }
            }
        }
        return l;
    }

    @TestFactory
    Stream<DynamicTest> everyJUnitExampleCompilesAndPasses() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : files(".java")) {
            if (!isJUnitTest(read(p))) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(rel(p), () -> {
                List<Path> sources = new ArrayList<>(companions(p));
                sources.add(p);
                Path out = Files.createTempDirectory("foliocheck-docs");
                try {
                    compile(sources, out);
                    String name = p.getFileName().toString().replace(".java", "");
                    try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()},
                            DocsTest.class.getClassLoader())) {
                        int ran = runTests(loader.loadClass(name), rel(p));
                        assertTrue(ran > 0, rel(p) + " has no @Test methods");
                    }
                } finally {
                    deleteTree(out);
                }
            }));
        }
        return tests.stream();
    }

    static void compile(List<Path> sources, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", out.toString(), "-cp", System.getProperty("java.class.path"),
                    "-proc:none", "-encoding", "UTF-8");
            StringWriter log = new StringWriter();
            boolean ok = javac.getTask(log, fm, diags, options, null,
                    fm.getJavaFileObjectsFromPaths(sources)).call();
            if (!ok) {
                StringBuilder b = new StringBuilder("compiling " + sources.stream().map(DocsTest::rel).toList() + ":\n");
                for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        b.append(d.getSource() == null ? "" : rel(Path.of(d.getSource().toUri())) + ":" + d.getLineNumber() + ": ")
                                .append(d.getMessage(Locale.ROOT)).append('\n');
                    }
                }
                throw new AssertionError(b.append(log).toString());
            }
        }
    }

    /** Runs every {@code @Test} method of {@code c} on a fresh instance; returns how many ran. */
    static int runTests(Class<?> c, String where) throws ReflectiveOperationException {
        List<Method> methods = new ArrayList<>();
        for (Method m : c.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Test.class)) {
                methods.add(m);
            }
        }
        methods.sort(Comparator.comparing(Method::getName));
        for (Method m : methods) {
            assertEquals(0, m.getParameterCount(), where + ": " + m.getName() + " takes parameters; DocsTest cannot run it");
            assertFalse(Modifier.isStatic(m.getModifiers()), where + ": " + m.getName() + " is static");
            var k = c.getDeclaredConstructor();
            k.setAccessible(true);
            Object instance = k.newInstance();
            m.setAccessible(true);
            try {
                m.invoke(instance);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw new AssertionError(where + ": " + m.getName() + " failed: " + cause, cause);
            }
        }
        return methods.size();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ------------------------------------------------------------------ transcripts

    @TestFactory
    Stream<DynamicTest> everyConsoleBlockIsATranscriptThatStillHolds() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : files(".md")) {
            for (Transcripts.Command c : Transcripts.parse(rel(p), read(p))) {
                tests.add(DynamicTest.dynamicTest(c.where() + ": " + c.commandLine(), () -> {
                    String failure = Transcripts.check(c, Transcripts::runInProcess);
                    if (failure != null) {
                        throw new AssertionError(failure);
                    }
                }));
            }
        }
        assertFalse(tests.isEmpty(), "no console blocks under docs/");
        return tests.stream();
    }

    /**
     * With {@code -Ddocs.update=true}: rerun every transcript and rewrite the pages where the
     * output changed only in numbers (state counts, step numbers) or column widths, keeping
     * every {@code ...}; then review the diff, as for golden files. Transcripts whose output
     * changed otherwise are listed, to be redone by hand.
     */
    @Test
    void updateTranscriptsWhenAsked() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("docs.update"), "run with -Ddocs.update=true to rewrite transcripts");
        List<String> byHand = new ArrayList<>();
        for (Path p : files(".md")) {
            List<String> lines = new ArrayList<>(List.of(read(p).split("\n", -1)));
            List<Transcripts.Command> commands = Transcripts.parse(rel(p), String.join("\n", lines));
            List<Transcripts.Command> redo = new ArrayList<>();
            List<List<String>> replacements = new ArrayList<>();
            for (Transcripts.Command cmd : commands) {
                if (Transcripts.check(cmd, Transcripts::runInProcess) == null) {
                    continue;
                }
                Transcripts.Run run = Transcripts.runInProcess(cmd.args());
                List<String> updated = Transcripts.update(cmd.expected(),
                        List.of(run.output().replace("\r\n", "\n").split("\n", -1)));
                if (updated == null) {
                    byHand.add(cmd.where() + ": " + cmd.commandLine());
                    continue;
                }
                if (run.exit() != 0 || cmd.exitShown()) {
                    updated.add("# exit " + run.exit());
                }
                redo.add(cmd);
                replacements.add(updated);
            }
            boolean changed = !redo.isEmpty();
            for (int c = redo.size() - 1; c >= 0; c--) {
                int from = redo.get(c).line();
                int to = redo.get(c).end();
                while (to > from && lines.get(to - 1).isBlank()) {
                    to--;
                }
                for (int i = to - 1; i >= from; i--) {
                    lines.remove(i);
                }
                lines.addAll(from, replacements.get(c));
            }
            if (changed) {
                Files.writeString(p, String.join("\n", lines), StandardCharsets.UTF_8);
            }
        }
        assertEquals(List.of(), byHand, "transcripts whose output changed in more than numbers");
    }

    private static final Pattern EXCERPT = Pattern.compile("// (docs/\\S+\\.java)");

    /**
     * Every {@code java} block of a page is an excerpt: its first line names the file
     * ({@code // docs/examples/X.java}) and the other lines appear in that file, in one run.
     */
    @Test
    void everyJavaBlockIsAnExcerptOfTheFileItNames() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Path p : files(".md")) {
            String[] lines = read(p).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].strip().equals("```java")) {
                    continue;
                }
                int end = i + 1;
                while (end < lines.length && !lines[end].startsWith("```")) {
                    end++;
                }
                List<String> block = List.of(lines).subList(i + 1, end);
                Matcher m = block.isEmpty() ? null : EXCERPT.matcher(block.get(0).strip());
                if (m == null || !m.matches()) {
                    bad.add(rel(p) + ":" + (i + 2) + ": a java block must begin with // docs/.../File.java");
                } else if (!Files.isRegularFile(ROOT.resolve(m.group(1)))) {
                    bad.add(rel(p) + ":" + (i + 2) + ": no such file " + m.group(1));
                } else if (!containsRun(List.of(read(ROOT.resolve(m.group(1))).split("\n", -1)),
                        block.subList(1, block.size()))) {
                    bad.add(rel(p) + ":" + (i + 2) + ": this excerpt is no longer in " + m.group(1));
                }
                i = end;
            }
        }
        assertEquals(List.of(), bad);
    }

    static boolean containsRun(List<String> file, List<String> run) {
        for (int start = 0; start + run.size() <= file.size(); start++) {
            if (file.subList(start, start + run.size()).equals(run)) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyRelativeLinkNamesAFileThatExists() throws IOException {
        List<String> broken = new ArrayList<>();
        List<Path> pages = new ArrayList<>(files(".md"));
        pages.add(ROOT.resolve("README.md"));
        for (Path p : pages) {
            String[] lines = read(p).split("\n", -1);
            boolean fenced = false;
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].startsWith("```")) {
                    fenced = !fenced;
                }
                Matcher m = LINK.matcher(lines[i]);
                while (!fenced && m.find()) {
                    String target = m.group(1);
                    if (target.matches("[a-z]+:.*") || target.startsWith("#")) {
                        continue;
                    }
                    String file = target.replaceAll("#.*", "");
                    if (!Files.exists(p.getParent().resolve(file).normalize())) {
                        broken.add(rel(p) + ":" + (i + 1) + ": " + target);
                    }
                }
            }
        }
        assertEquals(List.of(), broken, "links to files that do not exist");
    }

    // ------------------------------------------------------------------ the checker checks

    @Test
    void aWrongExpectationFailsWithTheFileLineAndADiff() {
        String md = String.join("\n",
                "# A page",
                "",
                "```console",
                "$ ./foliocheck check pin-truncate --design pre-busy-wait",
                "scenario           design                   verdict        states      time  findings",
                "pin-truncate       pre-busy-wait            holds             153     0.01s",
                "...",
                "# exit 0",
                "```",
                "");
        List<Transcripts.Command> cs = Transcripts.parse("snippet.md", md);
        assertEquals(1, cs.size());
        assertEquals("snippet.md:4", cs.get(0).where());
        String failure = Transcripts.check(cs.get(0), Transcripts::runInProcess);
        assertTrue(failure != null, "a wrong expectation passed");
        assertTrue(failure.startsWith("snippet.md:4: ./foliocheck check pin-truncate --design pre-busy-wait"), failure);
        assertTrue(failure.contains("\n- pin-truncate ") && failure.contains(" holds "), failure);
        assertTrue(failure.contains("\n+ pin-truncate ") && failure.contains(" VIOLATED "), failure);
        assertTrue(failure.contains("exit status 1, expected 0"), failure);
    }

    @Test
    void elisionTimingAndTrailingSpaceAreTheOnlyFreedoms() {
        List<String> actual = List.of("a", "b  ", "c 12.34s", "d", "e");
        assertTrue(Transcripts.matches(List.of("a", "...", "e"), Transcripts.normalise(actual)));
        assertTrue(Transcripts.matches(List.of("a", "b", "c 0.00s", "...", "d", "e"), Transcripts.normalise(actual)));
        assertTrue(Transcripts.matches(Transcripts.normalise(List.of("...", "a", "b", "c 9.99s", "d", "e", "...")),
                Transcripts.normalise(actual)));
        assertFalse(Transcripts.matches(List.of("a", "b", "c 0.00s", "d"), Transcripts.normalise(actual)));
        assertFalse(Transcripts.matches(List.of("a", "...", "x"), Transcripts.normalise(actual)));
        assertFalse(Transcripts.matches(List.of("a", " b", "..."), Transcripts.normalise(actual)));
    }

    @Test
    void anUpdateKeepsTheElisionsAndTakesTheNewNumbers() {
        List<String> expected = List.of("scenario  states", "pin-truncate  201  0.01s", "...", ">> 14  xfs_itruncate_extents");
        List<String> actual = List.of("scenario  states", "pin-truncate  1,197  0.03s", "  1  fault", "  2  pin",
                ">> 15  xfs_itruncate_extents", "");
        assertEquals(List.of("scenario  states", "pin-truncate  1,197  0.03s", "...", ">> 15  xfs_itruncate_extents"),
                Transcripts.update(expected, actual));
        assertEquals(null, Transcripts.update(expected, List.of("scenario  states", "pin-truncate  holds  0.03s")));
    }

    @Test
    void onlyFoliocheckCommandsAreAccepted() {
        String md = String.join("\n", "```console", "$ mvn test", "```");
        try {
            Transcripts.parse("other.md", md);
        } catch (AssertionError e) {
            assertTrue(e.getMessage().startsWith("other.md:2:"), e.getMessage());
            return;
        }
        throw new AssertionError("a console block with a non-foliocheck command was accepted");
    }

    /**
     * Fenced {@code console} blocks as transcripts. A line beginning {@code $ ./foliocheck } is a
     * command, split on spaces and run in-process; the lines after it, up to the next {@code $ }
     * line or the end of the block, are its expected stdout followed by its stderr. A line
     * {@code ...} matches any number of lines; a last line {@code # exit N} gives the exit status,
     * which is 0 when it is absent. Only the timing column ({@code 1.23s} becomes {@code 0.00s})
     * and trailing whitespace are normalised.
     */
    static final class Transcripts {
        private Transcripts() { }

        /** One command: {@code line} is its 1-based line; its expected output runs to line {@code end} (exclusive, 0-based). */
        record Command(String file, int line, int end, List<String> args, List<String> expected, int exit,
                       boolean exitShown) {
            String where() {
                return file + ":" + line;
            }

            String commandLine() {
                return "./foliocheck " + String.join(" ", args);
            }
        }

        record Run(int exit, String output) { }

        interface Runner {
            Run run(List<String> args);
        }

        static Run runInProcess(List<String> args) {
            Cli r = Cli.run(args.toArray(new String[0]));
            return new Run(r.exit(), r.out() + r.err());
        }

        private static final String PREFIX = "$ ./foliocheck ";
        private static final Pattern EXIT = Pattern.compile("# exit (\\d+)");

        static List<Command> parse(String file, String markdown) {
            List<Command> commands = new ArrayList<>();
            String[] lines = markdown.split("\n", -1);
            int i = 0;
            while (i < lines.length) {
                if (!lines[i].strip().equals("```console")) {
                    i++;
                    continue;
                }
                int start = i + 1;
                int end = start;
                while (end < lines.length && !lines[end].startsWith("```")) {
                    end++;
                }
                if (end == lines.length) {
                    throw new AssertionError(file + ":" + (i + 1) + ": console block is not closed");
                }
                int cmd = -1;
                for (int j = start; j <= end; j++) {
                    boolean boundary = j == end || lines[j].startsWith("$ ");
                    if (boundary && cmd >= 0) {
                        commands.add(command(file, cmd, j, lines[cmd], List.of(lines).subList(cmd + 1, j)));
                    }
                    if (j < end && lines[j].startsWith("$ ")) {
                        if (!lines[j].startsWith(PREFIX)) {
                            throw new AssertionError(file + ":" + (j + 1) + ": only ./foliocheck commands can be"
                                    + " checked in a console block; use a ```sh block for: " + lines[j]);
                        }
                        cmd = j;
                    } else if (j < end && cmd < 0 && !lines[j].isBlank()) {
                        throw new AssertionError(file + ":" + (j + 1) + ": output before the first command");
                    }
                }
                i = end + 1;
            }
            return commands;
        }

        private static Command command(String file, int index, int end, String line, List<String> output) {
            List<String> args = new ArrayList<>();
            for (String a : line.substring(PREFIX.length()).trim().split(" ")) {
                if (!a.isEmpty()) {
                    args.add(a);
                }
            }
            List<String> expected = new ArrayList<>(output);
            while (!expected.isEmpty() && expected.get(expected.size() - 1).isBlank()) {
                expected.remove(expected.size() - 1);
            }
            int exit = 0;
            boolean shown = false;
            if (!expected.isEmpty()) {
                Matcher m = EXIT.matcher(expected.get(expected.size() - 1).strip());
                if (m.matches()) {
                    exit = Integer.parseInt(m.group(1));
                    shown = true;
                    expected.remove(expected.size() - 1);
                }
            }
            return new Command(file, index + 1, end, List.copyOf(args), normalise(expected), exit, shown);
        }

        private static final Pattern TIME = Pattern.compile("\\d+\\.\\d\\ds");

        static List<String> normalise(List<String> lines) {
            List<String> l = new ArrayList<>();
            for (String s : lines) {
                l.add(TIME.matcher(s).replaceAll("0.00s").stripTrailing());
            }
            while (!l.isEmpty() && l.get(l.size() - 1).isEmpty()) {
                l.remove(l.size() - 1);
            }
            return l;
        }

        /** Whether {@code actual} matches {@code expected}, where a {@code ...} line matches any number of lines. */
        static boolean matches(List<String> expected, List<String> actual) {
            return reach(expected, actual)[expected.size()][actual.size()];
        }

        /** reach[i][j]: the first i expected lines match the first j actual lines. */
        private static boolean[][] reach(List<String> expected, List<String> actual) {
            boolean[][] r = new boolean[expected.size() + 1][actual.size() + 1];
            r[0][0] = true;
            for (int i = 0; i <= expected.size(); i++) {
                for (int j = 0; j <= actual.size(); j++) {
                    if (i == 0) {
                        continue;
                    }
                    String e = expected.get(i - 1);
                    if (e.equals("...")) {
                        r[i][j] = r[i - 1][j] || j > 0 && r[i][j - 1];
                    } else {
                        r[i][j] = j > 0 && r[i - 1][j - 1] && e.equals(actual.get(j - 1));
                    }
                }
            }
            return r;
        }

        /** Runs the command; null when output and exit status are as the transcript says, else why not. */
        static String check(Command c, Runner runner) {
            Run run = runner.run(c.args());
            List<String> actual = normalise(List.of(run.output().replace("\r\n", "\n").split("\n", -1)));
            boolean outputOk = matches(c.expected(), actual);
            if (outputOk && run.exit() == c.exit()) {
                return null;
            }
            StringBuilder b = new StringBuilder(c.where() + ": " + c.commandLine() + "\n");
            if (run.exit() != c.exit()) {
                b.append("exit status ").append(run.exit()).append(", expected ").append(c.exit()).append('\n');
            }
            if (!outputOk) {
                b.append(diff(c.expected(), actual));
            }
            return b.toString();
        }

        private static final Pattern DIGITS = Pattern.compile("[0-9][0-9,.]*");

        /** Equal but for numbers and the width of the space between columns. */
        static boolean similar(String expected, String actual) {
            return DIGITS.matcher(expected).replaceAll("#").replaceAll("\\s+", " ").strip()
                    .equals(DIGITS.matcher(actual).replaceAll("#").replaceAll("\\s+", " ").strip());
        }

        /**
         * The expectation rewritten for new output: each line keeps its place but takes the text
         * of the output line it stands for, where lines correspond when they are equal but for
         * numbers (state counts, step numbers, times) and column widths; {@code ...} lines stay.
         * Null when the output has changed in more than numbers.
         */
        static List<String> update(List<String> expected, List<String> rawActual) {
            List<String> actual = new ArrayList<>();
            for (String a : rawActual) {
                actual.add(a.stripTrailing());
            }
            while (!actual.isEmpty() && actual.get(actual.size() - 1).isEmpty()) {
                actual.remove(actual.size() - 1);
            }
            int n = expected.size();
            int m = actual.size();
            // fits[i][j]: expected lines i.. correspond to actual lines j..
            boolean[][] fits = new boolean[n + 1][m + 1];
            fits[n][m] = true;
            for (int i = n - 1; i >= 0; i--) {
                for (int j = m; j >= 0; j--) {
                    if (expected.get(i).equals("...")) {
                        fits[i][j] = fits[i + 1][j] || j < m && fits[i][j + 1];
                    } else {
                        fits[i][j] = j < m && similar(expected.get(i), actual.get(j)) && fits[i + 1][j + 1];
                    }
                }
            }
            if (!fits[0][0]) {
                return null;
            }
            List<String> out = new ArrayList<>();
            int j = 0;
            boolean skipping = false;
            for (int i = 0; i < n; i++) {
                if (expected.get(i).equals("...")) {
                    out.add("...");
                    skipping = true;
                    continue;
                }
                while (skipping && !(similar(expected.get(i), actual.get(j)) && fits[i + 1][j + 1])) {
                    j++;
                }
                out.add(actual.get(j));
                j++;
                skipping = false;
            }
            return out;
        }

        /**
         * Where the output stops matching: the longest prefix of the expected lines that matches
         * some prefix of the output, then the expected lines left ({@code -}) and the output left
         * ({@code +}).
         */
        static String diff(List<String> expected, List<String> actual) {
            boolean[][] r = reach(expected, actual);
            int bestI = 0;
            int bestJ = 0;
            for (int i = 0; i <= expected.size(); i++) {
                for (int j = 0; j <= actual.size(); j++) {
                    if (r[i][j] && (i > bestI || i == bestI && j > bestJ)) {
                        bestI = i;
                        bestJ = j;
                    }
                }
            }
            StringBuilder b = new StringBuilder();
            b.append("output differs after ").append(bestI).append(" expected line(s) matched ")
                    .append(bestJ).append(" output line(s):\n");
            for (int i = Math.max(0, bestI - 2); i < bestI; i++) {
                b.append("  ").append(expected.get(i)).append('\n');
            }
            for (int i = bestI; i < expected.size(); i++) {
                b.append("- ").append(expected.get(i)).append('\n');
            }
            for (int j = bestJ; j < actual.size(); j++) {
                b.append("+ ").append(actual.get(j)).append('\n');
            }
            return b.toString();
        }
    }
}
