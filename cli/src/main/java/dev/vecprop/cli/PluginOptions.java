package dev.vecprop.cli;

import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.internal.OneLine;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where loss plugin jars are looked for, beside the module path: the folders of {@code --plugin-path}, then
 * those of the environment variable {@value #ENVIRONMENT} (separated like PATH), then the {@code plugins}
 * folder of the installation (the folder that holds {@code bin/vecprop}), when it exists.
 */
final class PluginOptions {

    /** The environment variable with default plugin folders. */
    static final String ENVIRONMENT = "VECPROP_PLUGIN_PATH";
    /** The system property, set by bin/vecprop, naming the installation folder. */
    static final String HOME_PROPERTY = "vecprop.home";

    /** The environment the command reads; tests replace it. */
    static Map<String, String> environment = System.getenv();

    @Option(names = "--plugin-path", paramLabel = "DIR", split = ",", converter = PathOptions.ListEntry.class,
            description = "Also load loss plugins from the jars in these folders (modular or plain jars), "
                    + "separated by commas; the folders of $" + ENVIRONMENT + " (separated by colons, as in PATH) and "
                    + "the installation's plugins/ folder are searched too.")
    List<Path> folders;

    /**
     * The losses found, the plugin folders' included; a jar that cannot be loaded is reported on {@code err}
     * and skipped.
     */
    LossRegistry registry(CommandLine cmd, PrintWriter err) {
        return registry(cmd, err, null);
    }

    /**
     * As {@link #registry(CommandLine, PrintWriter)}, but without a warning that is the very refusal of the loss
     * {@code requested} (several plugins claiming its name): the command that asks for it reports that once.
     */
    LossRegistry registry(CommandLine cmd, PrintWriter err, String requested) {
        LossRegistry registry = load(cmd);
        warn(cmd, err, registry, requested);
        return registry;
    }

    /**
     * The losses found, the plugin folders' included, without reporting the registry's problems: for a command
     * that knows which loss it needs only later, and then calls {@link #warn}.
     */
    LossRegistry load(CommandLine cmd) {
        List<Path> all = allFolders();
        LossRegistry registry;
        try {
            registry = all.isEmpty() ? LossRegistry.system() : LossRegistry.withPlugins(all);
        } catch (IllegalArgumentException e) {
            // The folder is named exactly (another folder's name may contain it): "plugin folder F cannot ...".
            boolean option = folders != null && folders.stream()
                    .anyMatch(f -> e.getMessage().startsWith("plugin folder " + f + " cannot be read"));
            String source = option ? "--plugin-path" : "$" + ENVIRONMENT;
            // The other list's separator, given in this one: the folder named is two run together, said so.
            String message = e.getMessage();
            int end = message.indexOf(" cannot be read");
            String folder = message.startsWith("plugin folder ") && end > 0 ? message.substring(14, end) : "";
            String hint = option && folder.contains(":") ? " (--plugin-path separates folders by commas)"
                    : !option && folder.contains(",") ? " ($" + ENVIRONMENT + " separates folders by colons, as PATH does)"
                    : "";
            throw new CommandLine.ParameterException(cmd, source + ": " + e.getMessage() + hint);
        }
        return registry;
    }

    /** Every folder whose jars are loaded: --plugin-path's, the environment's, the installation's plugins/. */
    List<Path> allFolders() {
        List<Path> all = new ArrayList<>();
        if (folders != null) {
            all.addAll(folders);
        }
        String fromEnvironment = environment.get(ENVIRONMENT);
        if (fromEnvironment != null) {
            for (String folder : fromEnvironment.split(File.pathSeparator)) {
                if (!folder.isBlank()) {
                    all.add(Path.of(folder));
                }
            }
        }
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && Files.isDirectory(Path.of(home, "plugins"))) {
            all.add(Path.of(home, "plugins"));
        }
        return all;
    }

    /**
     * Reports the registry's problems on {@code err} as warnings, but for the refusal of the loss
     * {@code requested} (several plugins claiming its name), which the command that asks for it reports once.
     */
    void warn(CommandLine cmd, PrintWriter err, LossRegistry registry, String requested) {
        report(cmd, err, registry, requested, "warning: ");
    }

    /** As {@link #warn}, each problem said after {@code kind} ("warning: ", or "" for a failure). */
    void report(CommandLine cmd, PrintWriter err, LossRegistry registry, String requested, String kind) {
        String refusal = null;
        if (requested != null) {
            try {
                registry.get(requested);
            } catch (IllegalArgumentException e) {
                refusal = e.getMessage();
            }
        }
        for (String problem : registry.problems()) {
            if (!problem.equals(refusal)) {
                err.println("vecprop " + cmd.getCommandName() + ": " + kind + OneLine.of(problem));
            }
        }
        err.flush();
    }
}
