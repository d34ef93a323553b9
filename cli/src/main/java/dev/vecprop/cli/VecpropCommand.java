package dev.vecprop.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The top command; everything happens in its subcommands. */
@Command(name = "vecprop",
        description = {"Multi-layer perceptrons trained by backpropagation.",
                "With no arguments, trains on the embedded digits data set (vecprop train)."},
        footer = {"", "Exit codes: 0 success, 1 failure, 2 usage error, 130 stopped by Ctrl-C, 143 stopped by SIGTERM, "
                + "141 standard output closed by its reader (| head)."})
final class VecpropCommand extends BaseCommand {

    /**
     * The subcommands in the order of the help, by name. Main adds only the one a command line names, when it
     * names one first: picocli builds the model of each from its annotations by reflection, a tenth of a second
     * for all of them at start-up, which every run would pay.
     */
    static final java.util.Map<String, java.util.function.Supplier<Object>> SUBCOMMANDS = subcommands();

    private static java.util.Map<String, java.util.function.Supplier<Object>> subcommands() {
        java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
        m.put("train", TrainCommand::new);
        m.put("eval", EvalCommand::new);
        m.put("predict", PredictCommand::new);
        m.put("bench", BenchCommand::new);
        m.put("losses", LossesCommand::new);
        m.put("gradcheck", GradcheckCommand::new);
        m.put("info", InfoCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Whether standard output is a terminal, for the progress bar. */
    final boolean terminal;

    VecpropCommand(boolean terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        throw usage("missing a command: train, eval, predict, bench, losses, gradcheck or info");
    }

    /** The version of the build, from a resource filtered by Maven. */
    static String version() {
        try (InputStream in = VecpropCommand.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"vecprop " + version() + " (Java " + Runtime.version() + ")"};
        }
    }
}
