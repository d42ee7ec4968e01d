package foliocheck.cli;

import foliocheck.render.DotTrace;
import foliocheck.render.JsonTrace;
import foliocheck.render.TextTrace;
import foliocheck.render.TraceFormatException;
import foliocheck.render.TraceReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render a saved JSON trace as text, DOT, SVG or PNG (or JSON again).",
        footer = {"", "Examples:",
                "  foliocheck render trace.json --format txt",
                "  foliocheck render trace.json --format svg --output trace.svg",
                "  foliocheck render \\",
                "      counterexamples/pin-truncate.pre-busy-wait.no-free-while-busy.json \\",
                "      --format txt"})
final class RenderCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "TRACE.json")
    Path trace;

    @Option(names = "--format", required = true, paramLabel = "F", description = "txt, dot, svg, png or json")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write here instead of standard output")
    Path output;

    @Override
    public Integer call() {
        TraceReport r;
        try {
            r = ReplayCommand.load(trace);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("foliocheck: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        byte[] bytes;
        switch (format) {
            case "txt" -> bytes = TextTrace.render(r).getBytes(StandardCharsets.UTF_8);
            case "dot" -> bytes = DotTrace.dot(r).getBytes(StandardCharsets.UTF_8);
            case "json" -> bytes = JsonTrace.write(r).getBytes(StandardCharsets.UTF_8);
            case "svg", "png" -> {
                if (format.equals("png") && output == null) {
                    spec.commandLine().getErr().println("foliocheck: --format png needs --output FILE");
                    return Main.BAD_INPUT;
                }
                bytes = DotTrace.image(r, format);
            }
            default -> {
                spec.commandLine().getErr().println("foliocheck: unknown format '" + format + "' (txt, dot, svg, png, json)");
                return Main.BAD_INPUT;
            }
        }
        try {
            if (output == null) {
                spec.commandLine().getOut().print(new String(bytes, StandardCharsets.UTF_8));
                spec.commandLine().getOut().flush();
            } else {
                OutputFile.write(output, bytes);
            }
        } catch (IOException e) {
            spec.commandLine().getErr().println("foliocheck: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        return Main.HOLDS;
    }

}
