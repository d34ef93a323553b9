package dev.vecprop.cli;

import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.internal.PluginFaults;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/** {@code vecprop losses}: the loss plugins found on the module path and class path. */
@Command(name = "losses", description = "List every loss plugin found: its name, whether it has a fused delta "
        + "(and with which output activation), and the module or jar it comes from.")
final class LossesCommand extends BaseCommand {

    @picocli.CommandLine.Mixin
    PluginOptions plugins = new PluginOptions();

    @Override
    public Integer call() {
        List<LossFunction> losses = plugins.registry(spec.commandLine(), err()).all();
        PrintWriter out = out();
        if (losses.isEmpty()) {
            out.println("no loss plugins found (is the dev.vecprop.losses module on the module path?)");
            out.flush();
            return Main.FAILED;
        }
        int w = Math.max(4, losses.stream().mapToInt(l -> l.name().length()).max().orElse(4));
        out.printf("%-" + w + "s  %-18s  %s%n", "name", "fused delta", "from");
        for (LossFunction l : losses) {
            Activation fused = PluginFaults.call(l, "fusedActivation", l::fusedActivation);
            out.printf("%-" + w + "s  %-18s  %s%n", l.name(), fused == null ? "no" : "yes, with " + fused,
                    LossRegistry.origin(l));
        }
        out.flush();
        return 0;
    }
}
