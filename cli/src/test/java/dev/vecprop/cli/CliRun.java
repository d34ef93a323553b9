package dev.vecprop.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the command line: its exit code, its output and the command objects (in this JVM), or its exit
 * code and output (in a JVM of its own, {@link #child}).
 */
record CliRun(int code, String out, String err, CommandLine commandLine) {

    static CliRun run(String... args) {
        return run(false, args);
    }

    static CliRun run(boolean terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // As Main.run builds it: only the subcommand named first.
        CommandLine cl = Main.commandLine(new PrintWriter(out), new PrintWriter(err), terminal,
                args.length > 0 ? args[0] : null);
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString(), cl);
    }

    /**
     * A run in a JVM of its own, started as bin/vecprop starts it, from this JVM's module path, with
     * {@code jvmOptions} before the module (e.g. {@code --add-modules} or {@code -D} properties); it has no
     * command objects.
     */
    static CliRun child(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath == null) {
            throw new IllegalStateException("the tests must run on the module path (jdk.module.path is not set)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-p", modulePath, "-m", "dev.vecprop.cli/dev.vecprop.cli.Main"));
        command.addAll(List.of(args));
        Path err = Files.createTempFile("vecprop-child", ".err");
        try {
            Process child = new ProcessBuilder(command).redirectError(err.toFile()).start();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = child.waitFor();
            return new CliRun(code, out, Files.readString(err), null);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Writes a small classification CSV: 40 rows of two features (0 to 6, 0 to 4) and a class, even or odd. */
    static Path writeEvenOdd(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("a,b,kind\n");
        for (int i = 0; i < 40; i++) {
            sb.append(i % 7).append(',').append(i % 5).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        return Files.writeString(file, sb);
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
