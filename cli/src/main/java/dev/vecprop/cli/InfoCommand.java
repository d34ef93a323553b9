package dev.vecprop.cli;

import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.internal.OneLine;
import dev.vecprop.core.internal.Words;
import dev.vecprop.spi.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;

/** {@code vecprop info}: the JDK, the kernels and what they run on, the threads. */
@Command(name = "info", description = "Show the JDK, the compute kernels found (the chosen one, and why any other "
        + "is not used), the vector species, the threads and the losses.")
final class InfoCommand extends BaseCommand {

    @Mixin
    PluginOptions plugins = new PluginOptions();

    @Override
    public Integer call() {
        // The plugin folders first: a usage error there must be the command's only output.
        java.util.List<String> losses = plugins.registry(spec.commandLine(), err()).names();
        PrintWriter out = out();
        Runtime.Version v = Runtime.version();
        out.printf("vecprop %s%n", VecpropCommand.version());
        out.printf("JDK: %s (%s), %s%n", v, System.getProperty("java.vendor", "unknown vendor"),
                System.getProperty("java.home"));
        out.printf("OS: %s %s on %s%n", System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"));
        boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        out.printf("Vector API: module jdk.incubator.vector %s%n", vectorModule
                ? "is present" : "is not in the module graph (add it with --add-modules jdk.incubator.vector)");
        // A forced provider that cannot be had is reported with the providers there are, so that the user sees
        // what is there; the exit code is then train's for it (a usage error), so that a script can tell.
        String inUse = null;
        String refused = null;
        try {
            KernelProviders.Selection selection = KernelProviders.selection();
            out.println(selection.describe());
            inUse = selection.kernels().name();
        } catch (IllegalArgumentException e) {
            refused = OneLine.of(e.getMessage()) + " (-D" + KernelProviders.PROPERTY + ")";
            out.println("Kernels: none in use: " + refused);
        }
        for (Kernels k : KernelProviders.all()) {
            String why = k.unavailableReason();
            out.printf("  %-8s %s%s%n", k.name(), why == null ? k.description() : "unavailable: " + why,
                    k.name().equals(inUse) ? "  [in use]" : "");
        }
        int processors = Runtime.getRuntime().availableProcessors();
        out.printf("Threads: train, eval and predict split batch work over %s by default (--threads N; "
                + "the results do not depend on N); %s available%n",
                Words.count(processors, "thread"), Words.count(processors, "processor"));
        out.printf("Memory: at most %d MiB of heap%n", Runtime.getRuntime().maxMemory() >> 20);
        out.printf("Losses: %s%n", String.join(", ", losses));
        out.flush();
        if (refused != null) {
            err().println("vecprop info: " + refused);
            return 2;
        }
        return 0;
    }
}
