package foliocheck.cli;

import foliocheck.check.Catalog;
import foliocheck.check.UserCode;
import foliocheck.jpf.JpfRun;
import foliocheck.model.Design;
import foliocheck.model.Scenario;
import foliocheck.render.TextTrace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "jpf", mixinStandardHelpOptions = true,
        description = {"Check a scenario under a design with Java PathFinder instead of foliocheck's engine.",
                "JPF runs the same model classes, one Java thread per model thread, every step atomic in one monitor.",
                "JPF's counterexample comes out like a native one."},
        footer = {"", "Examples:",
                "  foliocheck jpf pin-truncate --design pre-busy-wait --jpf-home ~/jpf-core",
                "  foliocheck jpf pin-truncate --design scan-before-unmap \\",
                "      --property no-free-while-busy",
                "  JPF_HOME=~/jpf-core foliocheck jpf request-release \\",
                "      --design request-folios --out traces",
                "  foliocheck jpf fault-kill --design-file docs/examples/HoldDaxLock.java \\",
                "      --design request-folios-dax-lock",
                "", "Install JPF from https://github.com/javapathfinder/jpf-core (branch java-17)",
                "and point --jpf-home or JPF_HOME at the directory holding build/RunJPF.jar",
                "(docs/jpf.md). A pass needs JPF's \"no errors detected\" and at least one end",
                "state (every thread ended).",
                "Exit status: 0 holds, 1 violated, 2 bad input (your code failing under JPF",
                "too) or no JPF, 3 inconclusive, 4 JPF failed."})
final class JpfCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", description = "scenario: built-in, or loaded with --scenario-file")
    String scenario;

    @Option(names = "--design", paramLabel = "D", required = true,
            description = "design: built-in, or loaded with --design-file")
    String design;

    @CommandLine.Mixin
    UserCodeOptions user = new UserCodeOptions();

    @Option(names = "--jpf-home", paramLabel = "DIR", description = "JPF installation (default: $JPF_HOME)")
    Path jpfHome;

    @Option(names = "--out", paramLabel = "DIR", description = "write the counterexample here")
    Path out;

    @Option(names = "--format", split = ",", paramLabel = "F",
            description = "formats for --out: txt,dot,svg,png,json (default: txt,dot,json)")
    List<String> formats = new ArrayList<>(List.of("txt", "dot", "json"));

    @Option(names = "--property", split = ",", paramLabel = "P",
            description = "check only these properties: invariants, built-in or loaded with --property-file,"
                    + " and deadlock (default: every one; JPF stops at the first violation it meets)")
    List<String> properties = new ArrayList<>();

    @Option(names = "--time-limit", paramLabel = "T", description = "stop JPF after T (default: 30m)")
    String timeLimit = "30m";

    @Option(names = "--jpf-heap", paramLabel = "SIZE", description = "JPF's maximum heap (default: 2g)")
    String heap = "2g";

    /** The directories {@link #out} needed created, removed again unless the counterexample was written there. */
    private List<Path> createdOut = List.of();
    private boolean wrote;

    @Override
    public Integer call() {
        try {
            return checkWithJpf();
        } finally {
            if (!wrote) {
                CheckCommand.removeCreated(createdOut);
            }
        }
    }

    private int checkWithJpf() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario sc;
        Design d;
        Path home;
        Duration limit;
        UserCode.Loaded loaded;
        try {
            Catalog cat = user.catalog();
            loaded = cat.user();
            sc = cat.scenario(scenario);
            d = cat.design(design);
            limit = CheckCommand.parseDuration(timeLimit);
            properties = checkedProperties(properties, d, loaded);
            if (!heap.matches("[1-9][0-9]*[mMgG]")) {
                throw new IllegalArgumentException("bad --jpf-heap '" + heap + "' (examples: 2g, 4096m)");
            }
            if (out == null && spec.commandLine().getParseResult().hasMatchedOption("--format")) {
                throw new IllegalArgumentException("--format needs --out DIR (the formats of the files written there)");
            }
            String env = System.getenv("JPF_HOME");
            home = jpfHome != null ? jpfHome : env == null || env.isBlank() ? null : Path.of(env);
            if (home == null) {
                throw new IllegalArgumentException("no JPF installation: pass --jpf-home DIR or set JPF_HOME to the "
                        + "jpf-core directory that holds build/RunJPF.jar (https://github.com/javapathfinder/jpf-core)");
            }
            if (JpfRun.runJar(home) == null) {
                throw new IllegalArgumentException(home + " is not a JPF installation: no build/RunJPF.jar there");
            }
            for (Path p : loaded.classPath()) {
                String bad = JpfRun.unsplittable(p.toAbsolutePath().toString());
                if (bad != null) {
                    throw new IllegalArgumentException("--design-path " + bad);
                }
            }
            String unsafe = JpfRun.unsafe(loaded, sc, d);
            if (unsafe != null) {
                throw new IllegalArgumentException(unsafe);
            }
            CheckCommand.checkFormats(formats);
            if (out != null) {
                createdOut = CheckCommand.prepareOut(out);
            }
        } catch (Catalog.UnknownName | IllegalArgumentException e) {
            err.println("foliocheck: " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (UserCode.Bad e) {
            err.println(UserCodeOptions.message(e));
            return Main.BAD_INPUT;
        } catch (IOException e) {
            err.println("foliocheck: cannot read your classes: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        JpfRun.Result r;
        ProgressLine progress = new ProgressLine(err, "jpf " + sc.name() + "/" + d.name(), ProgressLine.stderrIsTerminal());
        long started = System.nanoTime();
        try {
            r = JpfRun.run(home, sc, d, loaded, limit, heap, properties, states -> {
                long millis = (System.nanoTime() - started) / 1_000_000;
                progress.show(String.format(java.util.Locale.ROOT, "jpf %s/%s: %,d JPF states, %ds", sc.name(),
                        d.name(), states, millis / 1000), millis);
            });
        } catch (IOException e) {
            err.println("foliocheck: cannot run JPF: " + e.getMessage());
            return Main.INTERNAL;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.INTERNAL;
        } finally {
            progress.done();
        }
        o.printf("jpf %s under %s: %s%s; JPF: %,d new states, %,d end states, %d s (wall %.1f s)%n", sc.name(),
                d.name(), r.verdict(), r.property() == null ? "" : " " + r.property(), r.newStates(), r.endStates(),
                r.seconds(), r.wallMillis() / 1000.0);
        switch (r.verdict()) {
            case HOLDS -> {
                o.println(properties.isEmpty() ? "no errors detected: every invariant holds on every interleaving JPF explored"
                        : "no errors detected: " + String.join(", ", properties) + (properties.size() == 1 ? " holds" : " hold")
                        + " on every interleaving JPF explored");
                return Main.HOLDS;
            }
            case INCONCLUSIVE -> {
                o.println("inconclusive: " + r.detail());
                return Main.INCOMPLETE;
            }
            case FAILED -> {
                err.println("foliocheck: JPF failed: " + r.detail());
                return Main.INTERNAL;
            }
            case USER_CODE_FAILED -> {
                err.println("foliocheck: your code failed under JPF: " + UserCode.oneLine(r.detail()));
                return Main.BAD_INPUT;
            }
            default -> { }
        }
        o.println();
        o.print(TextTrace.render(r.trace()));
        if (out != null) {
            try {
                CheckCommand.write(out, sc.name() + "." + d.name() + "." + r.property() + ".jpf", r.trace(), formats);
                wrote = true;
                o.println("wrote the counterexample to " + out);
            } catch (IOException | foliocheck.render.RenderException e) {
                err.println("foliocheck: " + e.getMessage());
                return Main.BAD_INPUT;
            }
        }
        o.flush();
        return Main.VIOLATED;
    }

    /**
     * {@code names} without repeats, each an invariant of {@code d} (built-in or of the
     * user's property sets) or "deadlock": witnesses are not checked under JPF.
     */
    static List<String> checkedProperties(List<String> names, Design d, UserCode.Loaded user) {
        List<String> known = JpfRun.checkable(d, user);
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (!known.contains(n)) {
                throw new IllegalArgumentException("unknown property '" + n + "' for jpf" + Catalog.suggestion(n, known)
                        + " (it checks the invariants and deadlock: " + String.join(", ", known) + ")");
            }
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }
}
