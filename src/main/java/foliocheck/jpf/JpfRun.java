package foliocheck.jpf;

import foliocheck.check.FolioModel;
import foliocheck.check.Reports;
import foliocheck.check.UserCode;
import foliocheck.engine.Outcome;
import foliocheck.engine.Property;
import foliocheck.engine.Trace;
import foliocheck.model.Design;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import foliocheck.model.StepList;
import foliocheck.properties.Invariants;
import foliocheck.properties.PropertySet;
import foliocheck.render.TraceReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@link JpfHarness} under a Java PathFinder installation in a child JVM and reads
 * JPF's report: its verdict, its statistics and, for a violation, the error path's
 * schedule, which is replayed on the native model to give a foliocheck trace.
 */
public final class JpfRun {
    /** What JPF concluded. */
    public enum Verdict {
        /** No error, and every thread reached its end on some path. */
        HOLDS,
        /** A property is violated (or the model deadlocks). */
        VIOLATED,
        /** JPF reported no error but reached no end state: a thread may have stopped silently. */
        INCONCLUSIVE,
        /** JPF itself failed, or the harness hit something JPF does not run. */
        FAILED,
        /** The user's code (a design, scenario or property set) threw under JPF. */
        USER_CODE_FAILED
    }

    /**
     * @param verdict   JPF's verdict
     * @param property  the violated property (an invariant's name or "deadlock"), or null
     * @param detail    the violation's values, or JPF's failure, or ""
     * @param trace     the error path as a foliocheck trace, or null
     * @param newStates JPF's "new" states
     * @param endStates JPF's end states
     * @param seconds   JPF's elapsed time (whole seconds, as JPF prints it)
     * @param wallMillis wall time of the child JVM
     * @param output    JPF's whole standard output
     */
    public record Result(Verdict verdict, String property, String detail, TraceReport trace, long newStates,
                         long endStates, long seconds, long wallMillis, String output) { }

    /**
     * Options that make JPF print only the error path's output, and schedule threads only
     * at the monitor: every access to shared state in the harness (and in the model code it
     * calls) is inside the one monitor, so breaking at field accesses would only repeat
     * interleavings of whole steps (6,462 JPF states instead of 418 on pin-truncate).
     */
    static final List<String> OPTIONS = List.of("+log.level=severe", "+vm.tree_output=false",
            "+report.console.property_violation=error,output", "+vm.shared.never_break_methods+=,foliocheck.jpf.JpfHarness.*",
            "+report.probe_interval=" + JpfRun.PROBE_SECONDS);

    /**
     * JPF prints its statistics every this many seconds ({@code report.probe_interval}: a
     * request the search answers after its next instruction, which changes nothing it
     * explores), and the report's last statistics are the final ones.
     */
    static final int PROBE_SECONDS = 2;

    private static final Pattern STATES = Pattern.compile(
            "states:\\s+new=(\\d+),visited=(\\d+),backtracked=(\\d+),end=(\\d+)");
    private static final Pattern ELAPSED = Pattern.compile("elapsed time:\\s+(\\d+):(\\d+):(\\d+)");

    private JpfRun() { }

    /** The jar that runs JPF in an installation, or null when {@code home} is not one. */
    public static Path runJar(Path home) {
        Path jar = home.resolve("build").resolve("RunJPF.jar");
        return Files.isRegularFile(jar) ? jar : null;
    }

    /**
     * The properties a JPF run can be limited to under {@code design}: the built-in
     * invariants, the invariants of the user's property sets (not their witnesses: JPF
     * checks paths) and "deadlock".
     */
    public static List<String> checkable(Design design, UserCode.Loaded user) {
        List<String> l = new ArrayList<>();
        for (Property<State> p : Invariants.all(design)) {
            l.add(p.name());
        }
        for (PropertySet set : user.properties()) {
            for (Property<State> p : set.properties(design)) {
                if (p.isAlways()) {
                    l.add(p.name());
                }
            }
        }
        l.add("deadlock");
        return l;
    }

    /**
     * Why the user's classes cannot run under JPF, in one line: the first construct that
     * JPF for Java 17 is known not to run (see {@link JpfSafetyScanner}), what to write
     * instead, and how many more there are; or null when there is none.
     */
    public static String unsafe(UserCode.Loaded user) throws IOException {
        return unsafe(JpfSafetyScanner.scan(user));
    }

    /**
     * {@link #unsafe(UserCode.Loaded)} for a run of {@code scenario} under {@code design}:
     * only the user's classes that run can load are scanned (the design's and the
     * scenario's, when they are the user's, every property set's, and what those use).
     */
    public static String unsafe(UserCode.Loaded user, Scenario scenario, Design design) throws IOException {
        List<String> roots = new ArrayList<>();
        if (user.supplierOf(scenario) != null) {
            roots.add(user.supplierOf(scenario));
        }
        if (user.loaded(design)) {
            roots.add(design.getClass().getName());
        }
        user.properties().forEach(set -> roots.add(set.getClass().getName()));
        return unsafe(JpfSafetyScanner.scan(user, roots));
    }

    private static String unsafe(List<JpfSafetyScanner.Offence> found) {
        if (found.isEmpty()) {
            return null;
        }
        JpfSafetyScanner.Offence o = found.get(0);
        return o.className() + ": " + o.construct() + ", which JPF for Java 17 does not run correctly (instead: "
                + o.hint() + ")" + (found.size() == 1 ? "" : "; " + (found.size() - 1) + " more") + "; see docs/jpf.md";
    }

    /**
     * Checks {@code scenario} under {@code design} with JPF, only the properties in
     * {@code only} (empty: every one; see {@link #checkable}). Leaving "deadlock" out also
     * takes JPF's own deadlock check off. Either may be one of {@code user}'s, whose
     * property sets are checked too: JPF's JVM then loads the user's classes, those
     * compiled in memory from a directory of class files written for the run and deleted
     * after it.
     */
    public static Result run(Path jpfHome, Scenario scenario, Design design, UserCode.Loaded user, Duration timeout,
                             String maxHeap, List<String> only) throws IOException, InterruptedException {
        return run(jpfHome, scenario, design, user, timeout, maxHeap, only, states -> { });
    }

    /**
     * {@link #run(Path, Scenario, Design, UserCode.Loaded, Duration, String, List)}, telling
     * {@code progress} JPF's count of new states each time JPF prints its statistics
     * (every {@link #PROBE_SECONDS} seconds or so), from a thread of its own.
     */
    public static Result run(Path jpfHome, Scenario scenario, Design design, UserCode.Loaded user, Duration timeout,
                             String maxHeap, List<String> only, LongConsumer progress)
            throws IOException, InterruptedException {
        Path jar = runJar(jpfHome);
        if (jar == null) {
            throw new IOException(jpfHome + " is not a JPF installation (no build/RunJPF.jar)");
        }
        Path classes = user.isEmpty() ? null : Files.createTempDirectory("foliocheck-jpf-");
        try {
            List<String> classPath = new ArrayList<>(UserCode.ownClasses());
            if (classes != null) {
                user.writeClassPath(classes).forEach(p -> classPath.add(p.toString()));
            }
            for (String p : classPath) {
                String bad = unsplittable(p);
                if (bad != null) {
                    throw new IOException(bad);
                }
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx" + maxHeap);
            cmd.add("-jar");
            cmd.add(jar.toString());
            cmd.add("+classpath=" + String.join(",", classPath));
            cmd.addAll(OPTIONS);
            if (!only.isEmpty() && !only.contains("deadlock")) {
                cmd.add("+search.properties=gov.nasa.jpf.vm.NoUncaughtExceptionsProperty");
            }
            cmd.add(JpfHarness.class.getName());
            String supplier = user.supplierOf(scenario);
            cmd.add(supplier != null ? JpfHarness.CLASS + supplier : scenario.name());
            cmd.add(user.loaded(design) ? JpfHarness.CLASS + design.getClass().getName() : design.name());
            List<String> sets = new ArrayList<>();
            user.properties().forEach(set -> sets.add(set.getClass().getName()));
            if (!only.isEmpty() || !sets.isEmpty()) {
                cmd.add(only.isEmpty() ? JpfHarness.EVERY : String.join(",", only));
            }
            if (!sets.isEmpty()) {
                cmd.add(String.join(",", sets));
            }
            return run(cmd, timeout, new FolioModel(scenario, design, user.properties(), user.options()),
                    reproduce(scenario, design, only) + user.options(), user::defines, classes, progress);
        } finally {
            if (classes != null) {
                deleteTree(classes);
            }
        }
    }

    /**
     * Why {@code path} cannot go on JPF's class path, or null: JPF splits its
     * {@code +classpath} at ',', ';' and, except on Windows, ':' ({@code Config.pathSplit}).
     */
    public static String unsplittable(String path) {
        String at = java.io.File.pathSeparatorChar == ';' ? ",;" : ",;:";
        for (char c : at.toCharArray()) {
            if (path.indexOf(c) >= 0) {
                return path + ": JPF splits its class path at '" + c + "', so it cannot hold this path";
            }
        }
        return null;
    }

    /** Runs JPF's command line {@code cmd} and reads its report. */
    private static Result run(List<String> cmd, Duration timeout, FolioModel model, String reproduce,
                              Predicate<String> userClass, Path classes, LongConsumer progress)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // JPF's JVM ends with foliocheck's, even when foliocheck is stopped (Ctrl-C, kill),
        // and the user's classes written for it go with it.
        Thread reaper = new Thread(() -> {
            p.destroyForcibly();
            if (classes != null) {
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                deleteTree(classes);
            }
        }, "jpf-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            return await(p, timeout, start, model, reproduce, userClass, progress);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs
            }
        }
    }

    /** Deletes {@code dir} and what it holds, as far as it can: what is left is only a temporary directory. */
    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // left behind in the temporary directory; the run's result stands
        }
    }

    /** The command line that runs this check again. */
    static String reproduce(Scenario scenario, Design design, List<String> only) {
        StringBuilder b = new StringBuilder("./foliocheck jpf " + scenario.name() + " --design " + design.name());
        for (String p : only) {
            b.append(" --property ").append(p);
        }
        return b.toString();
    }

    private static Result await(Process p, Duration timeout, long start, FolioModel model, String reproduce,
                                Predicate<String> userClass, LongConsumer progress)
            throws IOException, InterruptedException {
        p.getOutputStream().close();
        StringBuilder text = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (text) {
                        text.append(line).append('\n');
                    }
                    Matcher m = STATES.matcher(line);
                    if (m.find()) {
                        try {
                            progress.accept(Long.parseLong(m.group(1)));
                        } catch (RuntimeException e) {
                            // a failing progress display must not stop JPF's output being read
                        }
                    }
                }
            } catch (IOException e) {
                synchronized (text) {
                    text.append("foliocheck: cannot read JPF's output: ").append(e).append('\n');
                }
            }
        }, "jpf-output");
        reader.start();
        boolean ended;
        try {
            ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // no progress after the caller has gone on: JPF ends, and with it its output
            p.destroyForcibly();
            reader.join(10_000);
            throw e;
        }
        if (!ended) {
            p.destroyForcibly();
            reader.join();
            long[] last = lastStatistics(text);   // as far as JPF's last statistics tell
            return new Result(Verdict.INCONCLUSIVE, null, "JPF did not finish within " + foliocheck.engine.Checker.limitText(timeout),
                    null, last[0], last[1], timeout.toSeconds(), (System.nanoTime() - start) / 1_000_000, text.toString());
        }
        reader.join();
        long wall = (System.nanoTime() - start) / 1_000_000;
        return read(text.toString(), model, wall, reproduce, userClass);
    }

    /**
     * The new and end states of the last statistics in JPF's output {@code text} (0 and 0
     * if none): the final ones, those before are progress ({@link #PROBE_SECONDS}).
     */
    private static long[] lastStatistics(CharSequence text) {
        long[] last = new long[2];
        for (Matcher m = STATES.matcher(text); m.find(); ) {
            last[0] = Long.parseLong(m.group(1));
            last[1] = Long.parseLong(m.group(4));
        }
        return last;
    }

    /** Reads JPF's report of a check of every property of built-in code (package-private for tests on recorded output). */
    static Result read(String output, FolioModel model, long wallMillis) {
        return read(output, model, wallMillis, reproduce(model.scenario(), model.design(), List.of()), name -> false);
    }

    /**
     * Reads JPF's report; its trace's reproduce line is {@code reproduce}. An uncaught
     * exception with a frame of a class {@code userClass} accepts on its stack is the
     * user's code failing, as under {@code check}: {@link Verdict#USER_CODE_FAILED}, its
     * detail the exception and the innermost such frame.
     */
    static Result read(String output, FolioModel model, long wallMillis, String reproduce,
                       Predicate<String> userClass) {
        long[] last = lastStatistics(output);
        long newStates = last[0];
        long end = last[1];
        long seconds = 0;
        Matcher e = ELAPSED.matcher(output);
        while (e.find()) {
            seconds = Long.parseLong(e.group(1)) * 3600 + Long.parseLong(e.group(2)) * 60 + Long.parseLong(e.group(3));
        }
        if (!output.contains("====================================================== results")) {
            return new Result(Verdict.FAILED, null, lastLines(output, 8), null, newStates, end, seconds, wallMillis,
                    output);
        }
        if (output.contains("no errors detected")) {
            Verdict v = end > 0 ? Verdict.HOLDS : Verdict.INCONCLUSIVE;
            String why = end > 0 ? "" : "JPF reached no end state: a thread may have stopped on a construct JPF does not run";
            return new Result(v, null, why, null, newStates, end, seconds, wallMillis, output);
        }
        List<String> lines = output.lines().toList();
        int at = lines.indexOf("====================================================== error 1");
        String kind = at >= 0 && at + 1 < lines.size() ? lines.get(at + 1).trim() : "";
        String message = at >= 0 && at + 2 < lines.size() ? lines.get(at + 2).trim() : "";
        String property;
        String detail;
        String prefix = "java.lang.AssertionError: " + JpfHarness.VIOLATION;
        if (kind.endsWith("NotDeadlockedProperty")) {
            property = "deadlock";
            detail = "";
        } else if (message.startsWith(prefix)) {
            // A property's name has no colon; JPF's line is trimmed, so an empty detail loses its ": ".
            String rest = message.substring(prefix.length());
            int colon = rest.indexOf(':');
            property = colon < 0 ? rest : rest.substring(0, colon);
            detail = colon < 0 ? "" : rest.substring(colon + 1).strip();
        } else {
            String frame = userFrame(lines, at + 3, userClass);
            if (frame != null) {
                return new Result(Verdict.USER_CODE_FAILED, null, message + ", in " + frame, null, newStates, end,
                        seconds, wallMillis, output);
            }
            return new Result(Verdict.FAILED, null, kind + ": " + message, null, newStates, end, seconds, wallMillis,
                    output);
        }
        TraceReport trace = replay(model, schedule(lines), property, detail, reproduce);
        return new Result(Verdict.VIOLATED, property, detail, trace, newStates, end, seconds, wallMillis, output);
    }

    /**
     * The first frame ({@code Class.method(File.java:7)}) of a class {@code userClass}
     * accepts in the stack trace starting at line {@code from} of JPF's error section, or null.
     */
    private static String userFrame(List<String> lines, int from, Predicate<String> userClass) {
        for (int i = Math.max(0, from); i < lines.size(); i++) {
            String l = lines.get(i).trim();
            if (!l.startsWith("at ")) {
                break;
            }
            String frame = l.substring(3);
            int paren = frame.indexOf('(');
            int dot = frame.lastIndexOf('.', paren < 0 ? frame.length() : paren);
            if (dot > 0 && userClass.test(frame.substring(0, dot))) {
                return frame;
            }
        }
        return null;
    }

    /** The (thread, choice, label) steps printed in JPF's "output #1" section. */
    static List<String[]> schedule(List<String> lines) {
        List<String[]> steps = new ArrayList<>();
        int at = lines.indexOf("====================================================== output #1");
        for (int i = at + 1; at >= 0 && i < lines.size() && !lines.get(i).startsWith("======"); i++) {
            String l = lines.get(i);
            if (l.startsWith(JpfHarness.STEP + " ")) {
                steps.add(l.split(" ", 4));
            }
        }
        return steps;
    }

    /** Re-runs the schedule on the native model and renders it like a native counterexample. */
    static TraceReport replay(FolioModel m, List<String[]> schedule, String property, String detail,
                              String reproduce) {
        State s = m.initialStates().get(0);
        State initial = s;
        List<Trace.Step<State>> steps = new ArrayList<>();
        for (String[] step : schedule) {
            int thread = Integer.parseInt(step[1]);
            int k = Integer.parseInt(step[2]);
            StepList offered = m.offered(s);
            int index = offered.indexOf(thread, k);
            if (index < 0 || !offered.label(index).equals(step[3])) {
                throw new IllegalStateException("JPF's schedule does not replay on the model at step "
                        + (steps.size() + 1) + ": thread " + thread + " choice " + k + " " + step[3]);
            }
            s = offered.state(index);
            steps.add(new Trace.Step<>(thread, offered.label(index), index, s));
        }
        String doc = "";
        for (var p : m.properties()) {
            if (p.name().equals(property)) {
                doc = p.doc();
            }
        }
        if (property.equals("deadlock")) {
            doc = "some thread is blocked, no thread can move, and not every thread has finished";
            StringBuilder why = new StringBuilder();
            for (int t = 0; t < m.threadNames().size(); t++) {
                if (!m.finished(s, t)) {
                    why.append(why.length() == 0 ? "" : "; ").append(m.threadNames().get(t)).append(": ")
                            .append(m.blockedReason(s, t));
                }
            }
            detail = why.toString();
        }
        Trace<State> trace = new Trace<>(initial, 0, List.copyOf(steps));
        TraceReport r = Reports.of(m, new Outcome<>(property, doc, Outcome.Status.VIOLATED, detail, trace));
        return new TraceReport(r.scenario(), r.design(), r.kind(), r.property(), r.doc(), r.detail(), r.threads(),
                r.initial(), r.rows(), reproduce);
    }

    private static String lastLines(String s, int n) {
        List<String> l = s.lines().filter(x -> !x.isBlank()).toList();
        return String.join(" | ", l.subList(Math.max(0, l.size() - n), l.size()));
    }
}
