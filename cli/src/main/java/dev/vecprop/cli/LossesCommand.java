package dev.vecprop.cli;

import dev.vecprop.core.LossPluginException;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.internal.OneLine;
import dev.vecprop.core.internal.PluginFaults;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code vecprop losses}: the loss plugins found on the module path and class path. */
@Command(name = "losses", description = "List every loss plugin found: its name, whether it has a fused delta "
        + "(and with which output activation), and the module or jar it comes from.")
final class LossesCommand extends BaseCommand {

    @picocli.CommandLine.Mixin
    PluginOptions plugins = new PluginOptions();

    @Override
    public Integer call() {
        // Its problems are failures here, not warnings: losses is how a plugin folder is checked.
        LossRegistry registry = plugins.load(spec.commandLine());
        PrintWriter err = err();
        plugins.report(spec.commandLine(), err, registry, null, "");
        List<LossFunction> losses = registry.all();
        PrintWriter out = out();
        if (losses.isEmpty()) {
            out.println("no loss plugins found (is the dev.vecprop.losses module on the module path?)");
            out.flush();
            return Main.FAILED;
        }
        int w = Math.max(4, losses.stream().mapToInt(l -> registry.nameOf(l).length()).max().orElse(4));
        out.printf("%-" + w + "s  %-18s  %s%n", "name", "fused delta", "from");
        List<String> failures = new ArrayList<>();
        for (LossFunction l : losses) {
            String fused;
            try {
                Activation a = PluginFaults.call(l, "fusedActivation", l::fusedActivation);
                fused = a == null ? "no" : "yes, with " + a;
            } catch (LossPluginException e) {
                // One faulty plugin is listed with its failure; the plugins after it are still listed.
                fused = "? (failed)";
                failures.add(OneLine.of(e.getMessage()));
            }
            out.printf("%-" + w + "s  %-18s  %s%n", registry.nameOf(l), fused, LossRegistry.origin(l));
        }
        out.flush();
        for (String f : failures) {
            err.println("vecprop losses: " + f);
        }
        err.flush();
        return failures.isEmpty() && registry.problems().isEmpty() ? 0 : Main.FAILED;
    }
}
