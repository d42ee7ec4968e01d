package foliocheck.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code foliocheck} command: exit 0 holds, 1 violated, 2 bad input, 3 incomplete, 4 internal error. */
@Command(name = "foliocheck", mixinStandardHelpOptions = true, version = "foliocheck 0.1",
        description = "Exhaustive model checker for Linux folio refcount rules of ZONE_DEVICE and FS DAX pages.",
        subcommands = {ListCommand.class, CheckCommand.class, CompareCommand.class, RenderCommand.class,
                ReplayCommand.class, BenchCommand.class, JpfCommand.class},
        footer = {"", "Examples:", "  foliocheck list", "  foliocheck check",
                "  foliocheck check pin-truncate --design pre-busy-wait --out traces",
                "  foliocheck compare pin-kill --markdown",
                "  foliocheck check stress-3 --workers 2",
                "  foliocheck bench --scenario stress",
                "", "Exit status: 0 holds, 1 violated (or a witness unreached), 2 bad input, 3 incomplete, 4 internal error."})
public final class Main implements Runnable {
    static final int HOLDS = 0;
    static final int VIOLATED = 1;
    static final int BAD_INPUT = 2;
    static final int INCOMPLETE = 3;
    static final int INTERNAL = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line (tests call {@code execute} on it with captured output). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("foliocheck: " + message(ex));
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("foliocheck: internal error: " + ex);
            return INTERNAL;
        });
        return cl;
    }

    /** A command-line error in one line, with the closest option or command when one is near. */
    static String message(CommandLine.ParameterException ex) {
        String m = ex.getMessage();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            m += "; did you mean '" + u.getSuggestions().get(0) + "'?";
        }
        return m + " (see " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)";
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
