package foliocheck.render;

import guru.nidi.graphviz.attribute.Color;
import guru.nidi.graphviz.attribute.Label;
import guru.nidi.graphviz.attribute.Rank;
import guru.nidi.graphviz.attribute.Shape;
import guru.nidi.graphviz.attribute.Style;
import guru.nidi.graphviz.engine.Format;
import guru.nidi.graphviz.engine.Graphviz;
import guru.nidi.graphviz.engine.GraphvizCmdLineEngine;
import guru.nidi.graphviz.engine.GraphvizEngine;
import guru.nidi.graphviz.engine.GraphvizV8Engine;
import guru.nidi.graphviz.engine.Options;
import guru.nidi.graphviz.engine.Rasterizer;
import guru.nidi.graphviz.model.MutableGraph;
import guru.nidi.graphviz.model.MutableNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static guru.nidi.graphviz.attribute.Attributes.attr;
import static guru.nidi.graphviz.model.Factory.mutGraph;
import static guru.nidi.graphviz.model.Factory.mutNode;
import static guru.nidi.graphviz.model.Factory.to;

/**
 * Renders a trace as a Graphviz drawing: a swimlane per thread, left to right in thread
 * order; one node per step, top to bottom in the order the steps ran, labelled with the
 * step and what it changed; solid edges for program order within a lane, dashed edges
 * where the schedule switches threads; the breaking step in red; a legend with the
 * property, the values that break it and the command that reproduces it.
 *
 * <p>All Graphviz engine handling of foliocheck lives in this class, because graphviz-java
 * keeps its engine choice in global static state.
 */
public final class DotTrace {

    // Lines in the initial-state and legend notes are wrapped to this many characters so the
    // drawing stays about as wide as the lanes.
    private static final int NOTE_WIDTH = 72;
    // Monospace suits kernel identifiers and "1→1025" columns. With J2V8, graphviz-java
    // measures a named font through AWT so that boxes fit the text; a browser without this
    // font substitutes a narrower one, which still fits.
    private static final String FONT = "DejaVu Sans Mono";
    // Changes longer than this wrap inside their node.
    private static final int CHANGE_WIDTH = 48;
    private static final String LANE_FILL = "#f4f4f4";
    private static final String LANE_BORDER = "#c8c8c8";
    private static final String SWITCH_COLOR = "#808080";

    private DotTrace() {
    }

    /** The drawing as DOT text; needs no Graphviz engine, and the same report always gives the same text. */
    public static String dot(TraceReport r) {
        // MutableGraph.toString() serializes without validation or engine; node, attribute and
        // edge order is insertion order (LinkedHashSet/LinkedHashMap), hence deterministic.
        return graph(r, true).toString() + "\n";
    }

    /**
     * The drawing as an image, {@code format} "svg" (UTF-8 text) or "png": drawn by the
     * Graphviz {@code dot} command when it is on PATH, else by the J2V8 engine bundled with
     * graphviz-java, so it works with only Java installed.
     *
     * @throws IllegalArgumentException for another format
     * @throws RenderException when no engine works here or drawing fails; the message says why
     */
    public static byte[] image(TraceReport r, String format) {
        boolean png;
        if (format.equals("svg")) {
            png = false;
        } else if (format.equals("png")) {
            png = true;
        } else {
            throw new IllegalArgumentException("unknown image format \"" + format + "\": expected svg or png");
        }
        return Engines.draw(r, png);
    }

    /** Which engine draws images in this JVM: "dot" or "J2V8" (choosing it on first use). */
    static String engine() {
        return Engines.choose();
    }

    /** The graph; {@code font} false leaves Graphviz's default font (see {@link Engines#draw}). */
    static MutableGraph graph(TraceReport r, boolean font) {
        List<TraceReport.Row> rows = r.rows();
        int n = r.threads().size();
        String verdict = r.isViolation() ? "violated" : "reached";

        MutableGraph g = mutGraph("trace").setDirected(true);
        // newrank lets rank=same hold nodes of different clusters: it keeps the lane headers
        // on one row, in thread order.
        g.graphAttrs().add(Rank.dir(Rank.RankDir.TOP_TO_BOTTOM).newRank(),
                attr("nodesep", 0.3), attr("ranksep", 0.25),
                Label.html(bold(escape(r.property() + " " + verdict + " in design " + r.design()
                        + ", scenario " + r.scenario()))).locate(Label.Location.TOP));
        if (font) {
            g.graphAttrs().add(attr("fontname", FONT));
            g.nodeAttrs().add(attr("fontname", FONT));
        }
        // One attribute per call: mixing attribute types in one varargs call is an unchecked warning.
        g.nodeAttrs().add(Shape.RECTANGLE);
        g.nodeAttrs().add(Style.combine(Style.ROUNDED, Style.FILLED));
        g.nodeAttrs().add(Color.WHITE.fill());
        g.nodeAttrs().add(attr("fontsize", 11));
        g.nodeAttrs().add(attr("margin", "0.15,0.06"));
        g.linkAttrs().add(attr("arrowsize", 0.6));

        MutableNode initial = mutNode("initial").add(Shape.NOTE, Style.FILLED, Color.rgb("#fffbe6").fill(),
                Label.html(lines(bold("initial state"), wrapped(r.initial(), NOTE_WIDTH))));
        g.add(initial);

        List<MutableGraph> lanes = new ArrayList<>();
        // Subgraphs directed like the root, else graphviz-java adds "dir" attributes to them.
        MutableGraph headers = mutGraph("headers").setDirected(true)
                .graphAttrs().add(Rank.inSubgraph(Rank.RankType.SAME));
        for (int t = 0; t < n; t++) {
            MutableGraph lane = mutGraph("lane" + t).setDirected(true).setCluster(true).graphAttrs().add(
                    Label.html(bold(escape(r.threads().get(t)))), Style.combine(Style.ROUNDED, Style.FILLED),
                    Color.rgb(LANE_FILL).fill(), Color.rgb(LANE_BORDER));
            // An invisible header at the top of each lane: all headers share a rank and are
            // chained left to right, which fixes the lane order.
            lane.add(mutNode(header(t)).add(Style.INVIS, Shape.POINT, attr("width", 0.01)));
            lanes.add(lane);
            headers.add(mutNode(header(t)));
        }
        for (int i = 0; i < rows.size(); i++) {
            TraceReport.Row row = rows.get(i);
            MutableNode node = mutNode(step(i)).add(attr("group", "lane" + row.thread()),
                    Label.html(lines(bold(escape("#" + (i + 1) + " " + row.label())),
                            wrapped(row.changes(), CHANGE_WIDTH))));
            if (row.marked()) {
                String line = r.isViolation() ? "#d00000" : "#007a00";
                String fill = r.isViolation() ? "#ffd6d6" : "#d6f5d6";
                node.add(Color.rgb(line), Color.rgb(fill).fill(), attr("penwidth", 2.5),
                        Style.combine(Style.ROUNDED, Style.FILLED, Style.BOLD));
            }
            lanes.get(row.thread()).add(node);
        }
        for (MutableGraph lane : lanes) {
            g.add(lane);
        }
        g.add(headers);

        // Edges live in the root graph, so no node is declared a second time in another lane;
        // one source node per name keeps each node's edges together and in order.
        Map<String, MutableNode> edges = new LinkedHashMap<>();
        for (int t = 0; t < n; t++) {
            edge(edges, "initial").addLink(to(mutNode(header(t))).with(Style.INVIS));
            if (t > 0) {
                edge(edges, header(t - 1)).addLink(to(mutNode(header(t))).with(Style.INVIS));
            }
        }
        int[] previous = new int[n];
        Arrays.fill(previous, -1);
        for (int i = 0; i < rows.size(); i++) {
            int t = rows.get(i).thread();
            if (previous[t] < 0) {
                edge(edges, header(t)).addLink(to(mutNode(step(i))).with(Style.INVIS));
            } else {
                // Program order; the heavy weight keeps the lane straight.
                edge(edges, step(previous[t])).addLink(to(mutNode(step(i))).with(attr("weight", 10)));
            }
            if (i > 0 && rows.get(i - 1).thread() != t) {
                // The thread switch; these edges also chain all steps, one rank each, which
                // is what puts the steps in global order top to bottom.
                edge(edges, step(i - 1)).addLink(to(mutNode(step(i))).with(Style.DASHED,
                        Color.rgb(SWITCH_COLOR), attr("weight", 1)));
            }
            previous[t] = i;
        }

        List<String> legend = new ArrayList<>();
        legend.add(bold(escape(verdict + ": " + r.property())));
        legend.addAll(wrapped(r.doc().isEmpty() ? List.of() : List.of(r.doc()), NOTE_WIDTH));
        legend.addAll(wrapped(r.detail().isEmpty() ? List.of() : List.of(r.detail()), NOTE_WIDTH));
        legend.add("<i>" + escape("reproduce:") + "</i>");
        legend.addAll(wrapped(List.of(r.command()), NOTE_WIDTH));
        MutableNode legendNode = mutNode("legend").add(Shape.NOTE, Style.FILLED, Color.rgb("#fffbe6").fill(),
                Label.html(lines(legend)));
        g.add(legendNode);
        String last = rows.isEmpty() ? header(n - 1) : step(rows.size() - 1);
        edge(edges, last).addLink(to(mutNode("legend")).with(Style.INVIS));
        for (MutableNode edge : edges.values()) {
            g.add(edge);
        }
        return g;
    }

    private static MutableNode edge(Map<String, MutableNode> edges, String from) {
        return edges.computeIfAbsent(from, name -> mutNode(name));
    }

    private static String header(int thread) {
        return "lane" + thread + "_top";
    }

    private static String step(int index) {
        return "s" + (index + 1);
    }

    /** HTML-like label lines, each left-aligned. */
    private static String lines(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return lines(all);
    }

    private static String lines(List<String> lines) {
        StringBuilder s = new StringBuilder();
        for (String line : lines) {
            s.append(line).append("<br align=\"left\"/>");
        }
        return s.toString();
    }

    /** Each of {@code lines} word-wrapped to {@code width} and escaped. */
    private static List<String> wrapped(List<String> lines, int width) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            List<String> wrapped = Wrap.words(line, width);
            for (int i = 0; i < wrapped.size(); i++) {
                // Non-breaking spaces: Graphviz collapses a plain leading space.
                out.add((i == 0 ? "" : "&nbsp;&nbsp;&nbsp;&nbsp;") + escape(wrapped.get(i)));
            }
        }
        return out;
    }

    private static String bold(String html) {
        return "<b>" + html + "</b>";
    }

    /** {@code text} made safe inside a Graphviz HTML-like label. */
    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }

    /**
     * graphviz-java's engine: chosen once per JVM, on first use. The {@code dot} command is
     * preferred (native PNG, real font metrics); J2V8 is the fallback that needs nothing
     * installed. Engine failures are only logged by graphviz-java (through slf4j, which is
     * silent here), so this class records them itself to explain a failure.
     */
    private static final class Engines {
        private static String chosen;
        private static String failure;

        private Engines() {
        }

        static synchronized byte[] draw(TraceReport r, boolean png) {
            String engine = choose();
            String format = png ? "png" : "svg";
            try {
                if (png) {
                    return png(Graphviz.fromGraph(graph(r, true)), engine);
                }
                try {
                    return svg(graph(r, true));
                } catch (RuntimeException | Error e) {
                    // J2V8 measures the named font through AWT, which a JVM without fonts or
                    // fontconfig cannot do; Graphviz's built-in default font needs no AWT.
                    if (!engine.equals(J2v8.NAME) || fatal(e)) {
                        throw e;
                    }
                    return svg(graph(r, false));
                }
            } catch (IOException | RuntimeException | Error e) {
                if (fatal(e)) {
                    throw (Error) e;
                }
                // Errors here come from a JVM whose AWT or fonts do not work, needed for PNG.
                String hint = png && e instanceof Error ? " (PNG needs a JVM with working AWT and fonts; svg may"
                        + " still work)" : "";
                throw new RenderException("cannot draw the trace as " + format + " with " + engine + ": "
                        + oneLine(e) + hint, e);
            }
        }

        /** Out of memory or stack: not a rendering problem, let it through. */
        private static boolean fatal(Throwable e) {
            return e instanceof VirtualMachineError && !(e instanceof InternalError);
        }

        private static byte[] svg(MutableGraph graph) {
            return Graphviz.fromGraph(graph).render(Format.SVG).toString().getBytes(StandardCharsets.UTF_8);
        }

        private static byte[] png(Graphviz gv, String engine) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (engine.equals(DotCommand.NAME)) {
                // dot draws PNG itself.
                gv.rasterize(Rasterizer.builtIn("png")).toOutputStream(out);
            } else {
                // J2V8 only gives SVG, which graphviz-java rasterizes with svgSalamander on a
                // headless AWT (graphviz-java sets java.awt.headless unless already set).
                // svgSalamander drops the space before a character reference, and Graphviz
                // writes every '-' as "&#45;": "pin-truncate --design" would come out as
                // "pin-truncate--design". A plain '-' is valid in SVG text.
                gv.postProcessor((result, options, processOptions) ->
                        result.mapString(svg -> svg.replace("&#45;", "-")))
                        .render(Format.PNG).toOutputStream(out);
            }
            return out.toByteArray();
        }

        static synchronized String choose() {
            if (chosen != null) {
                return chosen;
            }
            if (failure != null) {
                throw new RenderException(failure);
            }
            DotCommand dot = new DotCommand();
            List<GraphvizEngine> engines = new ArrayList<>();
            engines.add(dot);
            J2v8 v8 = null;
            String v8Missing = null;
            try {
                v8 = new J2v8(J2v8.extractionDirectory());
                engines.add(v8);
            } catch (RuntimeException e) {
                // graphviz-java ships J2V8 only for some platforms (e.g. not for ARM).
                v8Missing = "not available for " + System.getProperty("os.name") + "/"
                        + System.getProperty("os.arch") + " (" + oneLine(e) + ")";
            }
            // Tries each engine in turn, synchronously, and keeps the first that starts.
            Graphviz.useEngine(engines);
            if (dot.ready) {
                chosen = DotCommand.NAME;
            } else if (v8 != null && v8.ready) {
                chosen = J2v8.NAME;
            } else {
                failure = "cannot draw images: the Graphviz dot command is not usable (" + dot.failure
                        + ") and the J2V8 engine is " + (v8 == null ? v8Missing : "not usable (" + v8.failure
                        + "; it unpacks its native library into " + v8.directory + ", under java.io.tmpdir)")
                        + "; install Graphviz so that dot is on PATH, or use the dot text output";
                throw new RenderException(failure);
            }
            return chosen;
        }

        static String oneLine(Throwable e) {
            StringBuilder s = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
                if (s.indexOf(message) < 0) {
                    s.append(s.length() == 0 ? "" : ": ").append(message);
                }
            }
            return s.toString().replaceAll("\\s+", " ").strip();
        }
    }

    /** The {@code dot} command on PATH, remembering why it could not be used. */
    private static final class DotCommand extends GraphvizCmdLineEngine {
        static final String NAME = "dot";
        volatile boolean ready;
        volatile String failure = "not tried";

        @Override
        protected void doInit() {
            try {
                super.doInit();
                // graphviz-java only looks for the file; a dot without its plugins (say, never
                // configured with "dot -c") fails every render, and then J2V8 should draw.
                execute("digraph { a }", Options.create().format(Format.SVG), Rasterizer.NONE);
                ready = true;
            } catch (RuntimeException e) {
                failure = Engines.oneLine(e);
                throw e;
            }
        }
    }

    /**
     * The J2V8 (embedded V8 JavaScript) engine running viz.js. J2V8 unpacks its native
     * library into a directory given here, or else into {@code user.home}, which must exist
     * and be writable, and which every JVM would share, rewriting the same file. So each JVM
     * gets its own directory under {@code java.io.tmpdir}, deleted when the JVM exits.
     */
    private static final class J2v8 extends GraphvizV8Engine {
        static final String NAME = "J2V8";
        final Path directory;
        volatile boolean ready;
        volatile String failure = "not tried";

        J2v8(Path directory) {
            super(directory.toString());
            this.directory = directory;
        }

        /**
         * Every drawing starts from the memory of a freshly started viz.js module, so that an
         * image depends only on its DOT text. graphviz-java keeps one module, one Graphviz
         * heap, for all drawings in a thread. Graphviz (cgraph's default id discipline) numbers
         * a named subgraph by the address of its interned name and draws clusters in that
         * order, and those addresses depend on what earlier drawings left on the heap, which
         * is not even the same from run to run: Expat, parsing each HTML-like label, salts its
         * hash tables with random bytes (emscripten's /dev/urandom, Math.random here) and so
         * frees their entries in a varying order. The lanes' {@code <g class="cluster">}
         * elements then came out in an order that changed with the images drawn before and
         * between runs of the same command. (Within one drawing the names are interned while
         * the DOT text is read, before any label is parsed.)
         *
         * <p>A new module per drawing would do, but V8 4.6 (J2V8 4.6.0) does not share
         * optimized code between module instances: about 0.1 s to start one and 0.35 s more
         * per drawing. So the module is wrapped to copy its 16 MiB heap (fixed in size: viz.js
         * does not grow memory) right after it started, and that copy is put back before each
         * drawing, in about 2 ms. All of Graphviz's state lives in that heap; the stack is
         * unwound between calls. A module that render.js starts anew after an error is
         * wrapped and copied too.
         *
         * <p>One piece of that state must survive: graphviz-java measures a font through AWT
         * once per JVM and hands its widths to the module only before the first drawing that
         * names it. So the widths are recorded as they are handed over and given again, in the
         * same order, after each restore: every drawing then sees a fresh heap plus the font
         * widths, as the first drawing did.
         */
        private static final String FRESH_HEAP = """
                if (!Viz.foliocheck) {
                  Viz.foliocheck = {fonts: [], setFontWidth: Viz.setFontWidth};
                  (function () {
                    var start = Viz.Module;
                    Viz.Module = function (options) {
                      var module = start(options);
                      Viz.foliocheck.module = module;
                      Viz.foliocheck.heap = new Uint8Array(module.HEAPU8);
                      return module;
                    };
                    Viz.setFontWidth = function (instance, name, widths) {
                      Viz.foliocheck.fonts.push({name: name, widths: widths});
                      Viz.foliocheck.setFontWidth(instance, name, widths);
                    };
                  })();
                  initViz(true);
                }
                (function (fresh) {
                  fresh.module.HEAPU8.set(fresh.heap);
                  fresh.fonts.forEach(function (font) {
                    fresh.setFontWidth(fresh.module, font.name, font.widths);
                  });
                })(Viz.foliocheck);
                """;

        @Override
        protected String jsVizExec(String src, Options options) {
            engine().executeJavascript(FRESH_HEAP);
            return super.jsVizExec(src, options);
        }

        static Path extractionDirectory() {
            return Path.of(System.getProperty("java.io.tmpdir"),
                    "foliocheck-j2v8-" + ProcessHandle.current().pid());
        }

        @Override
        protected void doInit() {
            try {
                Files.createDirectories(directory);
                directory.toFile().deleteOnExit();
                preloadWithoutExecutableStack(directory);
                super.doInit();
                ready = true;
            } catch (IOException e) {
                failure = Engines.oneLine(e);
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                failure = Engines.oneLine(e);
                throw e;
            } finally {
                // Files registered later are deleted first: the library, then the directory.
                // Linux and macOS let a loaded library's file be deleted.
                try (Stream<Path> files = Files.list(directory)) {
                    files.forEach(f -> f.toFile().deleteOnExit());
                } catch (IOException | RuntimeException e) {
                    // nothing to clean up
                }
            }
        }

        /**
         * J2V8 4.6.0's Linux library is marked as needing an executable stack, so loading it
         * makes HotSpot print a two-line "might have disabled stack guard ... execstack -c"
         * warning on the user's terminal. J2V8's own build used to clear that mark
         * (eclipsesource/J2V8#311). So: unpack the library to the very file J2V8 will load,
         * clear the mark as {@code execstack -c} does, and load it first; J2V8 then rewrites
         * the file and calls System.load on the same path, which the JVM answers from the
         * library already loaded by this class loader. If anything here does not apply,
         * J2V8 loads its own copy as before, warning included.
         */
        private static void preloadWithoutExecutableStack(Path directory) {
            String os = System.getProperty("os.name", "");
            String arch = System.getProperty("os.arch", "");
            if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
                return;
            }
            String name = "libj2v8_linux_x86_64.so";
            try (InputStream in = DotTrace.class.getResourceAsStream("/" + name)) {
                ClassLoader ours = DotTrace.class.getClassLoader();
                // The JVM shares a loaded library only within one class loader.
                if (in == null || Class.forName("com.eclipsesource.v8.V8", false, ours).getClassLoader() != ours) {
                    return;
                }
                byte[] library = in.readAllBytes();
                if (clearExecutableStack(library)) {
                    Path file = directory.resolve(name);
                    Files.write(file, library);
                    System.load(file.toAbsolutePath().toString());
                }
            } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
                // J2V8 loads its own copy.
            }
        }

        /** Clears PF_X of the PT_GNU_STACK header of a 64-bit little-endian ELF; false if there is none. */
        static boolean clearExecutableStack(byte[] elf) {
            ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
            if (elf.length < 64 || b.getInt(0) != 0x464c457f || elf[4] != 2 || elf[5] != 1) {
                return false;
            }
            long headers = b.getLong(0x20);
            int size = b.getShort(0x36) & 0xffff;
            int count = b.getShort(0x38) & 0xffff;
            for (int i = 0; i < count; i++) {
                long at = headers + (long) i * size;
                if (at < 0 || at + 8 > elf.length) {
                    return false;
                }
                if (b.getInt((int) at) == 0x6474e551) {
                    b.putInt((int) at + 4, b.getInt((int) at + 4) & ~1);
                    return true;
                }
            }
            return false;
        }
    }
}
