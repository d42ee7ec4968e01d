package foliocheck.cli;

import foliocheck.check.Catalog;
import foliocheck.check.FolioModel;
import foliocheck.check.Reports;
import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Result;
import foliocheck.engine.Stats;
import foliocheck.model.Design;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import foliocheck.render.DotTrace;
import foliocheck.render.JsonTrace;
import foliocheck.render.TextTrace;
import foliocheck.render.TraceReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Explore every interleaving of a scenario under each design and report each property.",
        footer = {"", "Examples:",
                "  foliocheck check                 (every scenario under every design)",
                "  foliocheck check pin-truncate --design pre-busy-wait",
                "  foliocheck check pin-kill --design mainline --out traces --format txt,svg",
                "  foliocheck check stress --max-states 1000000 --time-limit 60s",
                "  foliocheck check pud-fault-pin --design mainline --coverage",
                "  foliocheck check request-release \\",
                "      --design-file docs/examples/RequestFoliosFreePut.java",
                "", "collision: the chance that two states shared a 64-bit fingerprint, so that one",
                "was never explored (TLC's estimate n(m-n)/2^64 for n states and m transitions);",
                "'-' when the run stopped early.",
                "", "Progress goes to standard error: on a terminal one line, rewritten every second;",
                "otherwise (a log, a pipe) a line every 30 s of a long check."})
final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SCENARIO", description = "scenario name (default: all)")
    String scenario;

    @Option(names = "--design", paramLabel = "D", description = "design to check (repeatable; default: all)")
    List<String> designs = new ArrayList<>();

    @Option(names = "--property", split = ",", paramLabel = "P",
            description = "only report these properties (repeatable, or a comma-separated list)")
    List<String> properties = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "write each counterexample here")
    Path out;

    @Option(names = "--format", split = ",", paramLabel = "F",
            description = "trace formats for --out: txt,dot,svg,png,json (default: txt,dot,json)")
    List<String> formats = new ArrayList<>(List.of("txt", "dot", "json"));


    @CommandLine.Mixin
    LimitOptions limits = new LimitOptions();

    @Option(names = "--workers", paramLabel = "N", description = "search threads for breadth-first search (default 1; results do not depend on it)")
    int workers = 1;

    @Option(names = "--dfs", description = "depth-first search (less memory; traces not shortest)")
    boolean dfs;

    @Option(names = "--symmetry", description = "merge states that differ by a permutation of identical threads")
    boolean symmetry;

    @CommandLine.Mixin
    UserCodeOptions user = new UserCodeOptions();

    @Option(names = "--traces", description = "print every counterexample as text (default when one scenario and one design)")
    boolean traces;

    @Option(names = "--coverage", description = "under each check, how often each step ran and which never did;"
            + " after several scenarios, by design, the steps none of them ran")
    boolean coverage;

    /** The directories this run created for {@link #out}, outermost first; counterexamples written there so far. */
    private List<Path> createdOut = List.of();
    private int written;

    @Override
    public Integer call() {
        try {
            return checkAll();
        } finally {
            if (written == 0) {
                removeCreated(createdOut);
            }
        }
    }

    /**
     * Removes the directories {@link #prepareOut} created, innermost first, each only while
     * it is still empty: a run that wrote nothing leaves no trace of its {@code --out}.
     */
    static void removeCreated(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));   // only if still empty: nothing else was put there
            } catch (IOException e) {
                break;   // not empty: leave it and the directories around it
            }
        }
    }

    private int checkAll() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Scenario> scs;
        List<Design> ds;
        Set<String> props = new LinkedHashSet<>();
        Catalog cat;
        try {
            cat = user.catalog();
            scs = cat.scenarios(scenario);
            ds = cat.designs(designs);
            for (String p : properties) {
                props.add(cat.property(p));
            }
            limits.validate();
            checkFormats(formats);
            if (out == null && spec.commandLine().getParseResult().hasMatchedOption("--format")) {
                throw new IllegalArgumentException("--format needs --out DIR (the formats of the files written there)");
            }
            if (workers < 1 || workers > Checker.MAX_WORKERS) {
                throw new IllegalArgumentException("--workers must be 1 to " + Checker.MAX_WORKERS);
            }
            if (workers > 1 && dfs) {
                throw new IllegalArgumentException("--workers " + workers + " needs breadth-first search (drop --dfs)");
            }
            if (out != null) {
                createdOut = prepareOut(out);
            }
        } catch (Catalog.UnknownName | IllegalArgumentException e) {
            err.println("foliocheck: " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (foliocheck.check.UserCode.Bad e) {
            err.println(UserCodeOptions.message(e));
            return Main.BAD_INPUT;
        }
        boolean printTraces = traces || scs.size() == 1 && ds.size() == 1;
        java.util.EnumMap<Result.Verdict, Integer> tally = new java.util.EnumMap<>(Result.Verdict.class);
        // The header comes with the first row, so that a first check that fails on bad input
        // (user code that throws) leaves nothing on standard output.
        boolean headed = false;
        // Per design, each step's runs summed over the scenarios (for --coverage).
        Map<String, Map<String, Long>> runs = new LinkedHashMap<>();
        boolean allComplete = true;
        for (Scenario sc : scs) {
            for (Design d : ds) {
                String doing = doing(sc, d);
                FolioModel m = Main.doing(doing, () -> cat.model(sc, d));
                Checker<State> c = Main.doing(doing, () -> Checker.of(m)).dfs(dfs).symmetry(symmetry).workers(workers);
                limits.applyTo(c);
                Result<State> r = run(c, sc, d, err);
                List<Outcome<State>> shown = r.outcomes().stream()
                        .filter(x -> props.isEmpty() || props.contains(x.name()) || !cat.isProperty(x.name())).toList();
                Result.Verdict v = verdict(r, shown);
                tally.merge(v, 1, Integer::sum);
                List<String> findings = findings(shown);
                if (shown.stream().anyMatch(x -> x.status() == Outcome.Status.UNREACHED)) {
                    findings = lacking(findings, Main.doing(doing, () -> d.lacks(sc)));
                }
                if (!headed) {
                    o.printf("%-18s %-24s %-10s %10s %9s %9s%n", "scenario", "design", "verdict", "states", "time",
                            "collision");
                    headed = true;
                }
                o.print(row(String.format("%-18s %-24s %-10s %,10d %8.2fs %9s  ", sc.name(), d.name(), word(v),
                        r.stats().states(), r.stats().millis() / 1000.0, collision(r)), findings));
                if (r.stopReason() != null) {
                    o.println("    incomplete: " + r.stopReason());
                }
                if (coverage) {
                    o.print(coverage(r.stats(), r.stopReason() == null));
                    Map<String, Long> sums = runs.computeIfAbsent(d.name(), x -> new LinkedHashMap<>());
                    r.stats().stepCounts().forEach((step, n) -> sums.merge(step, n, Long::sum));
                    allComplete &= r.stopReason() == null;
                }
                for (Outcome<State> x : shown) {
                    if (x.status() != Outcome.Status.VIOLATED) {
                        continue;
                    }
                    TraceReport rep = Main.doing(doing, () -> Reports.of(m, x));
                    if (printTraces) {
                        o.println();
                        o.print(TextTrace.render(rep));
                        o.println();
                    }
                    if (out != null) {
                        // Each check's counterexamples are written as soon as it ends, so a
                        // later failure or interrupt loses none of them.
                        try {
                            write(out, sc.name() + "." + d.name() + "." + x.name(), rep, formats);
                            written++;
                        } catch (IOException | foliocheck.render.RenderException e) {
                            o.flush();
                            err.println("foliocheck: " + e.getMessage());
                            return Main.BAD_INPUT;
                        }
                    }
                }
                o.flush();
            }
        }
        if (out != null) {
            o.println(written == 0 && !createdOut.isEmpty() ? "no counterexample to write: " + out + " not created"
                    : "wrote " + written + " counterexample(s) to " + out);
        }
        if (scs.size() * ds.size() > 1) {
            o.printf("%n%d checks: %d hold, %d violated, %d vacuous (a witness never reached), %d incomplete%n",
                    scs.size() * ds.size(), tally.getOrDefault(Result.Verdict.HOLDS, 0),
                    tally.getOrDefault(Result.Verdict.VIOLATED, 0), tally.getOrDefault(Result.Verdict.VACUOUS, 0),
                    tally.getOrDefault(Result.Verdict.INCOMPLETE, 0));
        }
        if (coverage && scs.size() > 1) {
            o.print(neverRan(runs, allComplete));
        }
        o.flush();
        boolean failed = tally.containsKey(Result.Verdict.VIOLATED) || tally.containsKey(Result.Verdict.VACUOUS);
        return failed ? Main.VIOLATED : tally.containsKey(Result.Verdict.INCOMPLETE) ? Main.INCOMPLETE : Main.HOLDS;
    }

    /** What a failure was doing, for its message ({@link Main#doing}). */
    static String doing(Scenario sc, Design d) {
        return "checking " + sc.name() + " under " + d.name();
    }

    /** Runs one check, its progress on {@code err}; what it throws names the check ({@link Main#doing}). */
    static Result<State> run(Checker<State> c, Scenario sc, Design d, PrintWriter err) {
        ProgressLine progress = new ProgressLine(err, sc.name() + "/" + d.name(), ProgressLine.stderrIsTerminal());
        c.progress(progress);
        try {
            return Main.doing(doing(sc, d), c::run);
        } finally {
            progress.done();
        }
    }

    /** The verdict over the shown outcomes: a violation first, then a witness never reached. */
    static Result.Verdict verdict(Result<State> r, List<Outcome<State>> shown) {
        if (shown.stream().anyMatch(x -> x.status() == Outcome.Status.VIOLATED)) {
            return Result.Verdict.VIOLATED;
        }
        if (shown.stream().anyMatch(x -> x.status() == Outcome.Status.UNREACHED)) {
            return Result.Verdict.VACUOUS;
        }
        return r.verdict() == Result.Verdict.INCOMPLETE ? Result.Verdict.INCOMPLETE : Result.Verdict.HOLDS;
    }

    /**
     * The chance that a fingerprint collision hid a state from an exhaustive run (TLC's
     * estimate, see {@link foliocheck.engine.Stats#collisionProbability()}); "-" when the
     * run stopped early.
     */
    static String collision(Result<State> r) {
        if (r.stopReason() != null) {
            return "-";
        }
        double p = r.stats().collisionProbability();
        return p == 0 ? "0" : String.format(Locale.ROOT, "%.1e", p);
    }

    static String word(Result.Verdict v) {
        return switch (v) {
            case HOLDS -> "holds";
            case VIOLATED -> "VIOLATED";
            case VACUOUS -> "VACUOUS";
            case INCOMPLETE -> "incomplete";
        };
    }

    /** No line of the table is wider (with a head of at most this width): it fits plain-text mail. */
    static final int WIDTH = 100;

    /**
     * A table row: {@code head}, then the findings on lines of their own, indented by four
     * and separated by commas, each line filled up to {@link #WIDTH} columns. Every line
     * ends with a newline.
     */
    static String row(String head, List<String> findings) {
        StringBuilder b = new StringBuilder(head.stripTrailing()).append('\n');
        if (!findings.isEmpty()) {
            for (String line : foliocheck.render.Wrap.items(findings, ",", WIDTH - 4)) {
                b.append("    ").append(line).append('\n');
            }
        }
        return b.toString();
    }

    /**
     * {@code findings} and, where the design lacks something the scenario asks for
     * ({@link Design#lacks}), a last item that says what: the reason a witness went unreached.
     */
    static List<String> lacking(List<String> findings, List<String> lacks) {
        if (lacks.isEmpty()) {
            return findings;
        }
        List<String> l = new ArrayList<>(findings);
        l.add("the design has " + String.join("; ", lacks));
        return l;
    }

    static List<String> findings(List<Outcome<State>> shown) {
        List<String> l = new ArrayList<>();
        for (Outcome<State> x : shown) {
            if (x.status() == Outcome.Status.VIOLATED) {
                l.add(x.name() + " (" + x.trace().steps().size() + " steps)");
            } else if (x.status() == Outcome.Status.UNREACHED) {
                l.add("never " + x.name() + ": " + x.doc());
            }
        }
        return l;
    }

    /**
     * The step coverage of one check, indented under its row: how many of the steps the
     * scenario's programs can take under the design ran, the ones that never did, then each
     * step's count in the programs' order. Counts are transitions of this search, so the
     * reductions lower them; a step that ran without them runs with them too (a deferred step
     * stays enabled, and a thread's symmetric twin takes it), so "never" does not depend on them.
     */
    static String coverage(Stats st, boolean complete) {
        Map<String, Long> counts = st.stepCounts();
        List<String> never = st.uncovered();
        StringBuilder b = new StringBuilder();
        b.append(String.format("    coverage: %d of %d steps ran", counts.size() - never.size(), counts.size()));
        if (!never.isEmpty()) {
            b.append("; never: ").append(String.join(", ", never));
        }
        if (!complete) {
            b.append(" (so far: the search stopped early)");
        }
        b.append('\n');
        int width = 1;
        for (long n : counts.values()) {
            width = Math.max(width, String.format("%,d", n).length());
        }
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            b.append(String.format("      %" + width + "s  %s%n", String.format("%,d", e.getValue()), e.getKey()));
        }
        return b.toString();
    }

    /**
     * For a check of several scenarios: by design, the steps that ran in none of them. A
     * design's change on a path no scenario takes is checked by none.
     */
    static String neverRan(Map<String, Map<String, Long>> runs, boolean complete) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Map<String, Long>> d : runs.entrySet()) {
            List<String> never = Stats.uncovered(d.getValue());
            if (!never.isEmpty()) {
                b.append(String.format("  %-24s %s%n", d.getKey(), String.join(", ", never)));
            }
        }
        String so = complete ? "" : " (so far: a search stopped early)";
        return b.length() == 0 ? String.format("%nEvery design ran each of its steps in some scenario%s.%n", so)
                : String.format("%nSteps no scenario ran%s:%n", so) + b;
    }

    /** Refuses a trace format other than txt, dot, svg, png and json. */
    static void checkFormats(List<String> formats) {
        for (String f : formats) {
            if (!List.of("txt", "dot", "svg", "png", "json").contains(f)) {
                throw new IllegalArgumentException("unknown format '" + f + "' (txt, dot, svg, png, json)");
            }
        }
    }

    /** A --time-limit: a positive whole number of ms, s (the default), m or h. */
    static Duration parseDuration(String s) {
        Duration d = parsedDuration(s);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("--time-limit must be positive, not '" + s + "'");
        }
        try {
            d.toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("--time-limit '" + s + "' is too long");
        }
        return d;
    }

    private static Duration parsedDuration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("bad --time-limit '" + s + "' (examples: 90s, 5m, 1h)");
        }
    }

    /**
     * Makes sure counterexamples can be written to {@code dir}, creating it if need be; the
     * directories it created, outermost first.
     */
    static List<Path> prepareOut(Path dir) {
        if (dir.toString().isBlank()) {
            throw new IllegalArgumentException("--out needs a directory name (use --out . for this directory)");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file, not a directory");
        }
        List<Path> created = new ArrayList<>();
        for (Path d = dir.toAbsolutePath().normalize(); d != null && !Files.exists(d); d = d.getParent()) {
            created.add(0, d);
        }
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("output directory " + dir + " is not writable");
        }
        return created;
    }

    /**
     * Writes every format of one report, all or none ({@link OutputFile#writeAll}): every
     * format is rendered, then written to a temporary file, before any is moved into place.
     */
    static void write(Path dir, String base, TraceReport r, List<String> formats) throws IOException {
        List<Path> files = new ArrayList<>();
        List<byte[]> rendered = new ArrayList<>();
        for (String f : formats) {
            files.add(dir.resolve(base + "." + f));
            rendered.add(switch (f) {
                case "txt" -> TextTrace.render(r).getBytes(StandardCharsets.UTF_8);
                case "dot" -> DotTrace.dot(r).getBytes(StandardCharsets.UTF_8);
                case "json" -> JsonTrace.write(r).getBytes(StandardCharsets.UTF_8);
                default -> DotTrace.image(r, f);
            });
        }
        OutputFile.writeAll(files, rendered);
    }
}
