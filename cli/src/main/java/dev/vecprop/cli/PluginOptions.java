package dev.vecprop.cli;

import dev.vecprop.core.LossRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code --plugins DIR}: loss plugin jars from folders, beside those on the module path. */
final class PluginOptions {

    @Option(names = "--plugins", paramLabel = "DIR", split = ",",
            description = "Also load loss plugins from the jars in these folders (modular or plain jars).")
    List<Path> folders;

    /**
     * The losses found, the plugin folders' included; a jar that cannot be loaded is reported on {@code err}
     * and skipped.
     */
    LossRegistry registry(CommandLine cmd, PrintWriter err) {
        if (folders == null || folders.isEmpty()) {
            return LossRegistry.system();
        }
        LossRegistry registry;
        try {
            registry = LossRegistry.withPlugins(folders);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--plugins: " + e.getMessage());
        }
        for (String problem : registry.problems()) {
            err.println("vecprop " + cmd.getCommandName() + ": warning: " + problem);
        }
        err.flush();
        return registry;
    }
}
