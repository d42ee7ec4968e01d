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
public final class Main implements java.util.concurrent.Callable<Integer> {
    static final int HOLDS = 0;
    static final int VIOLATED = 1;
    static final int BAD_INPUT = 2;
    static final int INCOMPLETE = 3;
    static final int INTERNAL = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** No command: bad input, in one line that names the commands. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("foliocheck: no command given: "
                + String.join(", ", spec.commandLine().getSubcommands().keySet()) + " (see foliocheck --help)");
        return BAD_INPUT;
    }

    /** The configured command line (tests call {@code execute} on it with captured output). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("foliocheck: " + message(ex));
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("foliocheck: " + failure(ex));
            return userCodeFailed(ex) ? BAD_INPUT : INTERNAL;
        });
        return cl;
    }

    /** What a command was doing when it failed, for the message: "checking S under D". */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String doing, Throwable cause) {
            super(doing, cause);
        }
    }

    /** {@code action}'s result; what it throws is a {@link Failure} that says it was {@code doing} that. */
    static <T> T doing(String doing, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            throw new Failure(doing, e);
        }
    }

    /**
     * A failure in one line: when a frame of the user's code (a design, scenario or property
     * file) threw, or called what threw, that frame is named and the user's code is blamed
     * (exit 2, bad input); otherwise it is foliocheck's own internal error (exit 4).
     */
    static String failure(Throwable ex) {
        String doing = "";
        Throwable cause = ex;
        if (ex instanceof Failure f) {
            doing = " while " + f.getMessage();
            cause = f.getCause();
        }
        Throwable blamed = innermostUserThrowable(cause);
        Throwable shown = blamed != null ? blamed : cause;
        String what;
        try {
            what = shown.getClass().getName() + (shown.getMessage() == null ? "" : ": " + shown.getMessage());
        } catch (RuntimeException e) {
            what = shown.getClass().getName();
        }
        what = foliocheck.check.UserCode.oneLine(what);
        if (blamed == null) {
            return "internal error" + doing + ": " + what;
        }
        return "your code failed" + doing + ": " + what + foliocheck.check.UserCode.where(blamed);
    }

    /** Whether a frame of user code is on {@code ex}'s stack or its causes'. */
    static boolean userCodeFailed(Throwable ex) {
        return innermostUserThrowable(ex instanceof Failure f ? f.getCause() : ex) != null;
    }

    /** The innermost of {@code ex} and its causes that has a frame of user code on its stack, or null. */
    private static Throwable innermostUserThrowable(Throwable ex) {
        Throwable found = null;
        int depth = 0;
        for (Throwable t = ex; t != null && depth < 100; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (foliocheck.check.UserCode.userFrame(t) != null) {
                found = t;
            }
        }
        return found;
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
