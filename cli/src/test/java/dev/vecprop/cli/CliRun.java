package dev.vecprop.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command line: its exit code, its output and the command objects. */
record CliRun(int code, String out, String err, CommandLine commandLine) {

    static CliRun run(String... args) {
        return run(false, args);
    }

    static CliRun run(boolean terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(new PrintWriter(out), new PrintWriter(err), terminal);
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString(), cl);
    }

    /** The command object of subcommand {@code name}, as picocli filled it in. */
    <T> T command(String name, Class<T> type) {
        return type.cast(commandLine.getSubcommands().get(name).getCommand());
    }

    /** For assertion messages. */
    String both() {
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
}
