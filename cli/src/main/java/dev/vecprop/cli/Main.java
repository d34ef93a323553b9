package dev.vecprop.cli;

import dev.vecprop.core.FeatureScaling;
import dev.vecprop.core.InvalidFileException;
import dev.vecprop.core.LossPluginException;
import dev.vecprop.core.TrainingDivergedException;
import dev.vecprop.core.internal.OneLine;
import dev.vecprop.spi.Activation;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Locale;

/**
 * The {@code vecprop} command. With no arguments it runs {@code vecprop train}: the embedded digits data set,
 * a 64-32-10 network, twenty epochs, a table of the epochs.
 *
 * <p>Exit codes: 0 success; 1 a failure (a file that cannot be read, bad data, training that diverged, a
 * gradient check above tolerance, standard output that cannot be written); 2 a usage error (an unknown option, a
 * bad option value); 141 standard output closed by its reader (a broken pipe), printing nothing. Every failure is
 * one line on standard error, without a stack trace unless {@code --verbose} was given.
 */
public final class Main {

    /** Exit code of a failure other than a usage error. */
    static final int FAILED = 1;
    /** Exit code of a usage error, as picocli and most Unix tools use it. */
    static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        java.io.Console console = System.console();
        boolean terminal = console != null && console.isTerminal();
        Charset cs = console != null ? console.charset() : Charset.defaultCharset();
        Stdout stdout = new Stdout();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(stdout, cs), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true);
        int code = run(args, out, err, terminal);
        out.flush();
        if (stdout.failure != null && code == 0) {
            // A PrintWriter keeps going after a failed write; what was printed (predictions, an evaluation)
            // did not arrive, so the command did not succeed. A reader that stopped reading (head) is not
            // an error to report, as for the shell's own tools.
            String reason = stdout.failure.getMessage();
            if (stdoutIsAPipe() || reason != null && reason.toLowerCase(Locale.ROOT).contains("broken pipe")) {
                code = BROKEN_PIPE;
            } else {
                err.println("vecprop: cannot write to standard output: " + (reason != null ? reason : stdout.failure));
                code = FAILED;
            }
        }
        err.flush();
        System.exit(code);
    }

    /**
     * Whether standard output is a pipe (Linux's /proc tells; elsewhere false): a write to a pipe fails only when
     * its reader has gone, whatever language the system words the error in.
     */
    private static boolean stdoutIsAPipe() {
        try {
            return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/1")).toString()
                    .startsWith("pipe:");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** The exit code of a process killed by SIGPIPE, which a shell reports for a writer whose reader left. */
    static final int BROKEN_PIPE = 141;

    /** Standard output without {@link System#out}'s swallowing of errors: the first failure is kept. */
    private static final class Stdout extends java.io.FilterOutputStream {
        IOException failure;

        Stdout() {
            super(new java.io.FileOutputStream(java.io.FileDescriptor.out));
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }
    }

    /**
     * Runs the command line in this JVM: for {@link #main} and for tests.
     *
     * @param terminal whether {@code out} is a terminal (then training draws a progress bar)
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, boolean terminal) {
        String[] command = args.length == 0 ? new String[]{"train"} : args;
        CommandLine cl = commandLine(out, err, terminal, command[0]);
        try {
            return cl.execute(command);
        } catch (Error e) {
            // picocli hands only exceptions to the failure handler; an error (out of memory, a stack overflow in a
            // plugin's code that no call site caught) would end the JVM with a stack trace.
            out.flush();
            err.println("vecprop: " + OneLine.of(message(e)));
            if (java.util.Arrays.asList(args).contains("--verbose")) {
                e.printStackTrace(err);
            }
            err.flush();
            return FAILED;
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean terminal) {
        return commandLine(out, err, terminal, null);
    }

    /**
     * The command line, with only the subcommand {@code first} when it names one but help (a run of it needs no
     * other), else with all of them (for the help, and the list in a usage error).
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean terminal, String first) {
        // Numbers are printed the same in every locale (a decimal point, no grouping): the tables are read by
        // scripts, and an accuracy printed as 0,8700 could not be given back to --stop-at. The command line
        // owns its JVM, so the default is set for all of it.
        Locale.setDefault(Locale.ROOT);
        CommandLine cl = new CommandLine(new VecpropCommand(terminal));
        VecpropCommand.SUBCOMMANDS.forEach((name, make) -> {
            // help names another subcommand, or lists them all.
            if (first == null || !VecpropCommand.SUBCOMMANDS.containsKey(first) || first.equals("help")
                    || first.equals(name)) {
                cl.addSubcommand(name, make.get());
            }
        });
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler(Main::failure);
        // predict shares the data options of train and eval, but takes no labels: say what its --label does.
        if (cl.getSubcommands().containsKey("predict")) {
            CommandLine.Model.CommandSpec predict = cl.getSubcommands().get("predict").getCommandSpec();
            replaceOption(predict, "--labels", b -> b.hidden(true));
            replaceOption(predict, "--label", b -> b.description("CSV: a column to drop before predicting (a label "
                    + "the data happens to have), by header name or 0-based index (a name in the header first). "
                    + "Default: none is dropped."));
        }
        cl.registerConverter(Activation.class, s -> convert(() -> Activation.named(s)));
        cl.registerConverter(FeatureScaling.Kind.class, s -> convert(() -> FeatureScaling.Kind.named(s)));
        cl.registerConverter(java.nio.file.Path.class, PathOptions::path);
        return cl;
    }

    private static void replaceOption(CommandLine.Model.CommandSpec spec, String name,
                                      java.util.function.UnaryOperator<CommandLine.Model.OptionSpec.Builder> change) {
        CommandLine.Model.OptionSpec old = spec.findOption(name);
        spec.remove(old);
        spec.addOption(change.apply(CommandLine.Model.OptionSpec.builder(old)).build());
    }

    /** An {@link IllegalArgumentException}'s message as picocli's conversion error, so it reads as a usage error. */
    private static <T> T convert(java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = e.getMessage();
        // Arguments that are no option's, also when picocli reports a missing required option first (predict
        // m.vpm data.csv: "Missing required option: '--model=FILE'", when --model was given without its name).
        List<String> unmatched = e instanceof CommandLine.UnmatchedArgumentException u ? u.getUnmatched()
                : e instanceof CommandLine.MissingParameterException && cmd.getParseResult() != null
                ? cmd.getParseResult().unmatched() : List.of();
        java.util.regex.Matcher helpFor = java.util.regex.Pattern.compile("Unknown subcommand '(.*)'\\.").matcher(message);
        if (helpFor.matches()) {
            // picocli's help command: "vecprop help nope".
            unmatched = List.of(helpFor.group(1));
            cmd = cmd.getParent() != null ? cmd.getParent() : cmd;
        }
        if (!unmatched.isEmpty() && !unmatched.getFirst().startsWith("-")) {
            // picocli's "Unmatched argument at index 0: 'nope'" says neither what was expected nor what to do.
            String arg = unmatched.getFirst();
            message = cmd.getCommandName().equals("vecprop")
                    ? "unknown command '" + arg + "'; the commands are "
                    + String.join(", ", cmd.getSubcommands().keySet().stream().filter(c -> !c.equals("help")).toList())
                    + " (and help)"
                    : "unexpected argument '" + arg + "'" + (cmd.getCommandSpec().findOption("--data") != null
                    ? ": every input is given with its option, e.g. --data FILE" : "; this command takes options only");
        }
        if (e instanceof CommandLine.MissingParameterException m && message.startsWith("Missing required option")
                && !m.getMissing().isEmpty() && m.getMissing().stream().allMatch(a -> a instanceof CommandLine.Model.OptionSpec)) {
            // picocli's "Missing required option: '--model=FILE'", in the words of the command's own "missing --data
            // FILE".
            message = "missing " + String.join(", ", m.getMissing().stream().map(a -> (CommandLine.Model.OptionSpec) a)
                    .map(o -> o.longestName() + " " + o.paramLabel()).toList());
        }
        if (e instanceof CommandLine.OverwrittenOptionException o
                && o.getOverwritten() instanceof CommandLine.Model.OptionSpec option && option.negatable()) {
            // picocli names the option "specified only once" also when it was given once and its negation once.
            String name = option.longestName();
            message = "give " + name + " or " + name.replaceFirst("^--", "--no-") + " once, not both or either twice";
        }
        message = OneLine.of(message);
        err.println(cmd.getCommandName().equals("vecprop") ? "vecprop: " + message + " (see vecprop --help)"
                : "vecprop " + cmd.getCommandName() + ": " + message + " (see vecprop " + cmd.getCommandName() + " --help)");
        if (verbose(cmd)) {
            e.printStackTrace(err);
        }
        err.flush();
        return USAGE;
    }

    private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        err.println("vecprop " + cmd.getCommandName() + ": " + OneLine.of(message(e)));
        if (verbose(cmd)) {
            e.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    /** Whether --verbose was given to this command or to one above it ({@code vecprop --verbose train ...}). */
    static boolean verbose(CommandLine cmd) {
        for (CommandLine c = cmd; c != null; c = c.getParent()) {
            if (c.getCommand() instanceof BaseCommand b && b.verbose) {
                return true;
            }
        }
        return false;
    }

    /**
     * A failure in words: the file and record for file problems, the engine's message otherwise; the callers
     * escape it into one line ({@link OneLine}), since a file name may hold a line break.
     */
    static String message(Throwable e) {
        if (e instanceof UncheckedIOException u) {
            e = u.getCause();
        }
        return switch (e) {
            case InvalidFileException f -> f.getMessage();
            case NoSuchFileException f -> f.getFile() + ": no such file"
                    + (f.getOtherFile() != null ? " (" + f.getOtherFile() + ")" : "");
            case AccessDeniedException f -> f.getFile() + ": permission denied"
                    + (f.getReason() != null ? " (" + f.getReason() + ")" : "");
            case NotDirectoryException f -> f.getFile() + ": not a folder";
            case FileAlreadyExistsException f -> f.getFile() + ": already exists";
            case FileSystemException f -> f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
            case IOException io -> io.getMessage() != null ? io.getMessage() : io.toString();
            case TrainingDivergedException d -> d.getMessage();
            case LossPluginException p -> p.getMessage();
            case IllegalArgumentException a -> a.getMessage();
            case IllegalStateException s -> s.getMessage();
            case OutOfMemoryError m -> "out of memory; give the JVM more with VECPROP_JAVA_OPTS=-Xmx8g";
            default -> "internal error: " + e + " (run with --verbose for the stack trace)";
        };
    }
}
