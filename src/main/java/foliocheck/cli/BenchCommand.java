package foliocheck.cli;

import foliocheck.check.Catalog;
import foliocheck.check.FolioModel;
import foliocheck.engine.Checker;
import foliocheck.engine.RecordedGraph;
import foliocheck.engine.Result;
import foliocheck.engine.Stats;
import foliocheck.model.Design;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the checker's speed and memory, with one worker and with every core.",
                "It reports states, transitions, time, states/s, peak heap and bytes a",
                "visited state, and what each reduction saves."},
        footer = {"", "Examples:",
                "  foliocheck bench                   (stress-1 to stress-4: ~5 min on 2 cores)",
                "  foliocheck bench --scenario stress --workers 1,2",
                "  foliocheck bench --breakdown       (where one worker's time goes on stress,",
                "                                     the engine's own part too)",
                "  FOLIOCHECK_JAVA_OPTS=-Xmx512m foliocheck bench --scenario stress-4",
                "                                     (ends at the memory limit, never OOM)",
                "", "Times are wall-clock search times after warm-up runs (stress-1, stress x6),",
                "the median of up to five runs (until each worker count has taken 3 s), one of",
                "each worker count in turn, traces not counted; min-max is the fastest and the",
                "slowest of those runs."})
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", split = ",", paramLabel = "S",
            description = "scenarios to measure (default: stress-1,stress,stress-3,stress-4)")
    List<String> scenarios = new ArrayList<>(List.of("stress-1", "stress", "stress-3", "stress-4"));

    @Option(names = "--design", paramLabel = "D", description = "design (default: mainline)")
    String design = "mainline";

    @Option(names = "--workers", split = ",", paramLabel = "N",
            description = "worker counts to compare (default: 1 and the number of cores)")
    List<Integer> workers;

    @Option(names = "--no-reductions", description = "skip the table of what each reduction saves")
    boolean noReductions;

    @Option(names = "--breakdown",
            description = "instead of the tables: one worker's time without the properties, with every level"
                    + " of the frontier kept as objects, with both, and with the state graph replayed by a model that only"
                    + " looks its steps up, to show where the time goes (default scenario: stress)")
    boolean breakdown;

    @Option(names = "--time-limit", paramLabel = "T", description = "limit for each run (default: 10m)")
    String timeLimit = "10m";

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        List<Scenario> scs = new ArrayList<>();
        Design d;
        java.time.Duration limit;
        try {
            for (String s : scenarios) {
                scs.add(Catalog.builtIn().scenario(s));
            }
            d = Catalog.builtIn().design(design);
            limit = CheckCommand.parseDuration(timeLimit);
            if (breakdown && workers != null) {
                throw new IllegalArgumentException("--breakdown measures one worker: leave out --workers");
            }
            if (workers == null) {
                int cores = Runtime.getRuntime().availableProcessors();
                workers = breakdown || cores == 1 ? List.of(1) : List.of(1, cores);
            }
            if (workers.isEmpty()) {
                throw new IllegalArgumentException("--workers needs at least one count (e.g. --workers 1,2)");
            }
            for (int w : workers) {
                if (w < 1 || w > Checker.MAX_WORKERS) {
                    throw new IllegalArgumentException("--workers must be 1 to " + Checker.MAX_WORKERS);
                }
            }
        } catch (Catalog.UnknownName | IllegalArgumentException e) {
            spec.commandLine().getErr().println("foliocheck: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        Runtime rt = Runtime.getRuntime();
        List<String> gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).toList();
        // The VM options decide much of the speed (the launcher's collector and card marking).
        List<String> vmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:") || a.startsWith("-Xm")).toList();
        o.printf("machine: %d cores, max heap %,d MB, %s %s, %s, collectors %s, VM options %s%n",
                rt.availableProcessors(), rt.maxMemory() >> 20, System.getProperty("java.vm.name"),
                System.getProperty("java.version"), System.getProperty("os.arch"), gcs,
                vmOptions.isEmpty() ? "none" : String.join(" ", vmOptions));
        o.println("design: " + d.name() + "; breadth-first, local-step reduction on, symmetry off");
        o.flush();
        if (breakdown && !spec.commandLine().getParseResult().hasMatchedOption("--scenario")) {
            scs = List.of(foliocheck.FolioCheck.scenario("stress"));
        }
        // Warm-up: the JIT settles after some five million states, on each worker count's code paths.
        spec.commandLine().getErr().println("foliocheck: warming up (stress-1, then stress six times, on each worker count)...");
        for (String warm : List.of("stress-1", "stress", "stress", "stress", "stress", "stress", "stress")) {
            for (int w : workers) {
                Checker.of(new FolioModel(foliocheck.FolioCheck.scenario(warm), d)).workers(w).fewestSwitches(false).run();
            }
        }
        if (breakdown) {
            int exit = breakdown(o, scs, d, limit);
            o.flush();
            return exit;
        }
        o.printf("%n%-10s %7s %4s %12s %13s %8s %13s %11s %9s %8s %9s  %s%n", "scenario", "workers", "runs", "states",
                "transitions", "time", "min-max", "states/s", "peak heap", "B/state", "speed-up", "verdict");
        int worst = Main.HOLDS;
        for (Scenario sc : scs) {
            List<Supplier<Checker<State>>> makers = new ArrayList<>();
            for (int w : workers) {
                makers.add(() -> Checker.of(new FolioModel(sc, d)).workers(w).timeLimit(limit).fewestSwitches(false));
            }
            List<List<Run>> runs = rounds(makers);
            long oneWorkerMillis = -1;
            for (int i = 0; i < workers.size(); i++) {
                int w = workers.get(i);
                List<Run> mine = runs.get(i);
                Run r = mine.get(mine.size() / 2);
                Stats st = r.result.stats();
                if (i == 0) {
                    oneWorkerMillis = st.millis();
                }
                String speedup = i == 0 || st.millis() == 0 ? "" : String.format(Locale.ROOT, "%.2fx",
                        (double) oneWorkerMillis / st.millis());
                o.printf(Locale.ROOT, "%-10s %7d %4d %,12d %,13d %7.2fs %13s %,11d %,6d MB %8.1f %9s  %s%n", sc.name(), w,
                        mine.size(), st.states(), st.transitions(), st.millis() / 1000.0, spread(mine), st.statesPerSecond(),
                        r.peakHeap >> 20, (double) st.visitedBytes() / Math.max(1, st.states()), speedup,
                        verdict(r.result));
                if (r.result.stopReason() != null) {
                    o.println("           incomplete: " + r.result.stopReason());
                    worst = Main.INCOMPLETE;
                }
            }
            o.flush();
        }
        o.println();
        o.println("B/state: fingerprint table and parent links only (full states live only in the frontier).");
        o.println("collision: TLC's estimate n(m-n)/2^64 that two distinct states shared a fingerprint.");
        if (!noReductions) {
            reductions(o, d, limit);
        }
        o.flush();
        return worst;
    }

    /**
     * One worker's time on each scenario as checked, without the properties (no state is
     * tested; steps that break a property themselves still count), with every level of the
     * frontier kept as objects (as checked, the states found from a level of at least
     * {@link Checker#PACK_FROM} states are packed into words), and with both: what packing
     * saves, and what is left without properties (the model's steps, the fingerprints and
     * the search). Last, the scenario's state graph recorded and replayed by a model that
     * only looks its steps up ({@link RecordedGraph}): the same states and transitions,
     * what the engine costs on its own.
     */
    private int breakdown(PrintWriter o, List<Scenario> scs, Design d, java.time.Duration limit) {
        int worst = Main.HOLDS;
        o.printf("%n%-10s %-6s %-9s %-10s %4s %12s %8s %13s %11s %8s%n", "scenario", "model", "frontier", "properties",
                "runs", "states", "time", "min-max", "states/s", "vs first");
        for (Scenario sc : scs) {
            List<Supplier<Checker<?>>> makers = new ArrayList<>();
            for (Variant v : VARIANTS) {
                makers.add(() -> {
                    FolioModel m = new FolioModel(sc, d);
                    return Checker.of(v.dropProperties() ? m.withoutProperties() : m)
                            .packFrom(v.objects() ? Checker.NEVER_PACK : Checker.PACK_FROM).timeLimit(limit).fewestSwitches(false);
                });
            }
            int most = (int) Math.min(MAX_RECORDED, Runtime.getRuntime().maxMemory() / RECORDING_BYTES);
            RecordedGraph recorded;
            String notRecorded;
            try {
                recorded = RecordedGraph.record(new FolioModel(sc, d), most);
                notRecorded = String.format(Locale.ROOT, "more than %,d states for this heap", most);
            } catch (OutOfMemoryError e) {
                recorded = null;
                notRecorded = "out of memory while recording";
            }
            RecordedGraph graph = recorded;
            if (graph != null) {
                makers.add(() -> Checker.of(graph).timeLimit(limit).fewestSwitches(false));
            }
            for (Supplier<Checker<?>> m : makers) {
                m.get().run();   // the variants' own code paths warm up too
            }
            List<List<Run>> runs = rounds(makers);
            long first = -1;
            for (int i = 0; i < runs.size(); i++) {
                List<Run> mine = runs.get(i);
                Result<?> median = mine.get(mine.size() / 2).result;
                Stats st = median.stats();
                first = i == 0 ? st.millis() : first;
                String vs = i == 0 || first == 0 ? "" : String.format(Locale.ROOT, "%+.0f%%",
                        100.0 * (st.millis() - first) / first);
                boolean replay = i == VARIANTS.size();
                Variant v = replay ? new Variant(true, true) : VARIANTS.get(i);
                o.printf(Locale.ROOT, "%-10s %-6s %-9s %-10s %4d %,12d %7.2fs %13s %,11d %8s%n", sc.name(),
                        replay ? "replay" : "folio", v.objects() ? "objects" : "default",
                        v.dropProperties() ? "none" : "checked", mine.size(),
                        st.states(), st.millis() / 1000.0, spread(mine), st.statesPerSecond(), vs);
                if (median.stopReason() != null) {
                    o.println("           incomplete: " + median.stopReason());
                    worst = Main.INCOMPLETE;
                }
            }
            if (graph == null) {
                o.printf(Locale.ROOT, "%-10s replay: not recorded (%s)%n", sc.name(), notRecorded);
            }
            o.flush();
        }
        o.println();
        o.printf(Locale.ROOT, "frontier: states waiting to be expanded; default packs the states found from a level of at least%n"
                + "%,d into words (StateCodec) and keeps the others as objects; objects keeps every state as an object.%n",
                Checker.PACK_FROM);
        o.println("replay: the scenario's state graph, recorded, then searched again through a model that only looks");
        o.println("its steps up (the same states, transitions and fingerprints): what the engine costs on its own;");
        o.println("its frontier is kept as objects (it has no codec).");
        return worst;
    }

    /** The most states {@link #breakdown} records for its replay row. */
    private static final int MAX_RECORDED = 2_000_000;
    /**
     * Heap a recorded state may take while recording (the model's state objects until
     * expanded, the map by fingerprint, the arrays): {@code stress}'s peak was some 0.6 KB.
     */
    private static final long RECORDING_BYTES = 2048;

    /** What {@link #breakdown} changes, in the order of its rows: the first, nothing. */
    private record Variant(boolean objects, boolean dropProperties) { }

    private static final List<Variant> VARIANTS = List.of(new Variant(false, false), new Variant(false, true),
            new Variant(true, false), new Variant(true, true));

    /**
     * Runs of each checker, in rounds that take every one in turn (a machine whose speed
     * drifts, a shared virtual machine, then slows each alike), until each has taken
     * {@link #MIN_MILLIS} or {@link #MAX_RUNS} rounds have run; each one's runs fastest first.
     */
    private static List<List<Run>> rounds(List<? extends Supplier<? extends Checker<?>>> makers) {
        List<List<Run>> runs = new ArrayList<>();
        long[] total = new long[makers.size()];
        for (int i = 0; i < makers.size(); i++) {
            runs.add(new ArrayList<>());
        }
        int rounds = 0;
        do {
            for (int i = 0; i < makers.size(); i++) {
                Run r = measure(makers.get(i).get());
                runs.get(i).add(r);
                total[i] += r.result.stats().millis();
            }
            rounds++;
        } while (rounds < MAX_RUNS && java.util.Arrays.stream(total).min().orElse(0) < MIN_MILLIS);
        for (List<Run> l : runs) {
            l.sort(java.util.Comparator.comparingLong(x -> x.result.stats().millis()));
        }
        return runs;
    }

    /** "fastest-slowest" of runs sorted fastest first; "" for one run. */
    private static String spread(List<Run> sorted) {
        return sorted.size() == 1 ? "" : String.format(Locale.ROOT, "%.2f-%.2fs",
                sorted.get(0).result.stats().millis() / 1000.0,
                sorted.get(sorted.size() - 1).result.stats().millis() / 1000.0);
    }

    /** States with and without each reduction, on stress (local steps) and stress-3 (two identical pins). */
    private void reductions(PrintWriter o, Design d, java.time.Duration limit) {
        o.printf("%n%-10s %-28s %12s %10s  %s%n", "scenario", "reductions", "states", "time", "verdict");
        for (String name : List.of("stress", "stress-3")) {
            Scenario sc = foliocheck.FolioCheck.scenario(name);
            for (boolean local : new boolean[] {false, true}) {
                for (boolean sym : new boolean[] {false, true}) {
                    Result<State> r = Checker.of(new FolioModel(sc, d)).localReduction(local).symmetry(sym)
                            .workers(workers.get(workers.size() - 1)).timeLimit(limit).fewestSwitches(false).run();
                    String which = (local ? "local steps" : "none") + (sym ? " + symmetry" : "");
                    o.printf(Locale.ROOT, "%-10s %-28s %,12d %9.2fs  %s%n", name, sym && !local ? "symmetry" : which,
                            r.stats().states(), r.stats().millis() / 1000.0, verdict(r));
                    o.flush();
                }
            }
        }
        o.println("Every row's verdict and violated properties must agree; ReductionsTest pins that.");
    }

    private static String verdict(Result<?> r) {
        StringBuilder b = new StringBuilder(r.verdict().toString());
        r.outcomes().stream().filter(x -> x.status() == foliocheck.engine.Outcome.Status.VIOLATED)
                .forEach(x -> b.append(' ').append(x.name()));
        if (r.stopReason() == null) {
            b.append(String.format(Locale.ROOT, ", collision %.1e", r.stats().collisionProbability()));
        }
        return b.toString();
    }

    /** A measurement repeats rounds until each worker count has taken {@link #MIN_MILLIS} or {@link #MAX_RUNS} runs, and reports the medians. */
    private static final int MAX_RUNS = 5;
    private static final long MIN_MILLIS = 3_000;

    private record Run(Result<?> result, long peakHeap) { }

    private static Run measure(Checker<?> c) {
        List<MemoryPoolMXBean> heap = new ArrayList<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                heap.add(p);
            }
        }
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        Result<?> r = c.run();
        long peak = 0;
        for (MemoryPoolMXBean p : heap) {
            peak += p.getPeakUsage().getUsed();
        }
        return new Run(r, peak);
    }
}
