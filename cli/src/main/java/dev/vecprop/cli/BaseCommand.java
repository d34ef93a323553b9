package dev.vecprop.cli;

import dev.vecprop.core.Checkpoint;
import dev.vecprop.core.internal.OneLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** What every command has: {@code --verbose}, {@code --help}, and its output streams. */
@CommandLine.Command(mixinStandardHelpOptions = true, versionProvider = VecpropCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true)
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", description = "Print the stack trace of a failure.")
    boolean verbose;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints {@code message} on standard error as one warning line of this command, at once. */
    void warn(String message) {
        err().println("vecprop " + spec.commandLine().getCommandName() + ": warning: " + OneLine.of(message));
        err().flush();
    }

    /** {@link #warn}s {@code message} unless it is {@code null}: nothing to warn of. */
    void warnIf(String message) {
        if (message != null) {
            warn(message);
        }
    }

    /** A usage error (exit code 2) with this message. */
    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * Refuses writing output {@code out} (option {@code outName}) onto a file that another option names: an
     * input, which writing would destroy, or the other output. {@code others} alternates option names and
     * paths; null paths are skipped, as is the output's own name.
     */
    void checkNoClash(String outName, Path out, Object... others) throws IOException {
        for (int i = 0; i < others.length; i += 2) {
            String name = (String) others[i];
            Path other = (Path) others[i + 1];
            if (!outName.equals(name) && sameFile(out, other)) {
                throw usage(outName + " and " + name + " name the same file, " + out
                        + "; writing it would destroy what the other holds");
            }
        }
    }

    /**
     * Refuses an output named {@code *.jar} in one of the plugin {@code folders}: a jar there is loaded as a
     * loss plugin, so writing one would replace a plugin, or plant a file that is not one.
     */
    void checkNotAPluginJar(String outName, Path out, List<Path> folders) throws IOException {
        Path parent = out.toAbsolutePath().normalize().getParent();
        if (parent == null || !out.getFileName().toString().endsWith(".jar")) {   // as LossRegistry lists them
            return;
        }
        for (Path folder : folders) {
            if (Files.isDirectory(folder) && sameFile(parent, folder)) {
                throw usage(outName + " " + out + " is a .jar in the plugin folder " + folder
                        + ", whose jars are loaded as loss plugins; choose another name or folder");
            }
        }
    }

    /**
     * Refuses an output with the name of a checkpoint's own file ({@code state.vpc}, {@code model-E.vpm}, the
     * lock file) in a folder that holds a checkpoint or a training's lock: the training that owns the folder
     * replaces or deletes such files, and a file put there in its place would stop it from being resumed.
     */
    void checkNotACheckpointFile(String outName, Path out) throws IOException {
        Path file;
        try {
            file = dev.vecprop.core.internal.AtomicFiles.replaced(out);
        } catch (IOException e) {
            return; // a link that cannot be followed: the write names it
        }
        Path parent = file.getParent();
        String name = file.getFileName().toString();
        if (parent != null && ownedByCheckpoint(name)
                && (Files.exists(parent.resolve(Checkpoint.STATE_FILE)) || Files.exists(parent.resolve(FolderLock.NAME)))) {
            throw usage(outName + " " + out + " is a file of the checkpoint folder " + parent + ", which its training "
                    + "replaces or deletes; choose another name or folder");
        }
    }

    /** Whether a training's checkpoint folder replaces or deletes a file of this name: its own files and its lock. */
    static boolean ownedByCheckpoint(String fileName) {
        return Checkpoint.owns(fileName) || fileName.equals(FolderLock.NAME);
    }

    static boolean sameFile(Path a, Path b) throws IOException {
        return a != null && b != null && (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())
                || Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b));
    }

    /**
     * Prints {@code e}'s stack trace on standard error when {@code --verbose} was given: for a failure a command
     * reports in its own words (a loss plugin's, say) rather than by throwing it.
     */
    void traceIfVerbose(Throwable e) {
        if (e != null && Main.verbose(spec.commandLine())) {
            PrintWriter err = err();
            e.printStackTrace(err);
            err.flush();
        }
    }

    VecpropCommand root() {
        return (VecpropCommand) spec.root().userObject();
    }
}
