package dev.vecprop.cli;

import dev.vecprop.core.GradientCheck;
import dev.vecprop.core.LossPluginException;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.internal.OneLine;
import dev.vecprop.core.internal.PluginFaults;
import dev.vecprop.core.internal.Words;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vecprop gradcheck}: the engine's backpropagation through a loss against central finite differences,
 * in double precision, on a small random network; for plugin authors above all.
 */
@Command(name = "gradcheck", description = {
        "Check a loss plugin's gradient (and the backpropagation through it) against central finite differences "
                + "in double precision on a small random network, with any output activation the loss accepts.",
        "Without --loss every loss found is checked; without --output every output activation the loss accepts. "
                + "Exits with 1 when any check is above its tolerance."})
final class GradcheckCommand extends BaseCommand {

    /** A check's floor above this (a thousand times {@link GradientCheck#ABSOLUTE_FLOOR}) gets a note. */
    static final double WIDE_FLOOR = 1e-6;

    @Option(names = "--loss", paramLabel = "NAME", description = "The loss to check (default: every loss found).")
    String loss;

    @Option(names = "--output", paramLabel = "ACTIVATION",
            description = "Output activation (default: every one the loss accepts).")
    Activation output;

    @Option(names = "--hidden", paramLabel = "ACTIVATION", defaultValue = "tanh",
            description = "Hidden activation (default: ${DEFAULT-VALUE}; smooth, so no kink is crossed).")
    Activation hidden;

    @Option(names = "--layers", paramLabel = "SIZES", defaultValue = "4,5,3",
            description = "Units per layer, inputs first (default: ${DEFAULT-VALUE}).")
    String layers;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the network, inputs and targets (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--generic", description = "Check the generic path (dE/dy through the activation) even where "
            + "the loss has a fused delta.")
    boolean generic;

    @Mixin
    PluginOptions plugins = new PluginOptions();

    @Override
    public Integer call() {
        int[] sizes = TrainCommand.parseLayers(layers, this);
        if (hidden == Activation.SOFTMAX && sizes.length > 2) {
            throw usage("softmax is for the output layer only; choose another --hidden activation");
        }
        long parameters = 0;
        for (int l = 1; l < sizes.length && parameters <= MAX_PARAMETERS; l++) {
            parameters += (long) sizes[l - 1] * sizes[l] + sizes[l]; // each term below 2^63, and stops past the limit
        }
        if (parameters > MAX_PARAMETERS) {
            // Each parameter costs two passes of the whole network: this many would take hours, or overflow.
            throw usage("--layers " + layers + " has more than " + MAX_PARAMETERS + " parameters, the most gradcheck "
                    + "takes: it checks each one by central differences");
        }
        LossRegistry registry = plugins.registry(spec.commandLine(), err(), loss);
        List<LossFunction> losses;
        if (loss != null) {
            try {
                losses = List.of(registry.get(loss));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        } else {
            losses = registry.all();
            if (losses.isEmpty()) {
                throw new IllegalStateException("no loss plugins found (is the dev.vecprop.losses module on the module path?)");
            }
        }
        int outputs = sizes[sizes.length - 1];
        // The losses found that take no output this command checks: named under the table.
        List<LossFunction> left = List.of();
        if (output != null) {
            // Refused before anything is printed: a usage error is the command's only output. Without --loss,
            // only the losses that take this output are checked, and it is an error only when none does.
            List<LossFunction> taking = new ArrayList<>();
            List<LossFunction> notTaking = new ArrayList<>();
            for (LossFunction l : losses) {
                (checkable(l, output, outputs) ? taking : notTaking).add(l);
            }
            if (taking.isEmpty()) {
                LossFunction l = losses.getFirst();
                throw usage((losses.size() == 1 ? "loss " + registry.nameOf(l) + " cannot" : "none of the losses found can")
                        + " be used with " + Words.count(outputs, output + " output")
                        + (losses.size() == 1 ? ": " + GradientCheck.incompatibility(l, output, outputs) : ""));
            }
            left = notTaking;
            losses = taking;
        }
        List<Activation> activations = output != null ? List.of(output) : List.of(Activation.values());
        if (losses.stream().noneMatch(l -> activations.stream().anyMatch(a -> checkable(l, a, outputs)))) {
            LossFunction l = losses.getFirst();
            Activation fusedWith = PluginFaults.call(l, "fusedActivation", l::fusedActivation);
            Activation own = fusedWith != null ? fusedWith : Activation.SIGMOID;
            throw usage((losses.size() == 1 ? "loss " + registry.nameOf(l) + " accepts no" : "none of the losses found accepts an")
                    + " output activation with " + Words.count(outputs, "output")
                    + (losses.size() == 1 ? " (with " + own + ": " + GradientCheck.incompatibility(l, own, outputs) + ")" : "")
                    + "; nothing can be checked");
        }
        PrintWriter out = out();
        out.printf("central differences in double precision, step %s; relative error tolerance %s (differences "
                + "below %s, or below %d units in the last place of the loss over the step when more, count as "
                + "agreement); network %s, %s, seed %d%n", GradientCheck.STEP, GradientCheck.TOLERANCE,
                GradientCheck.ABSOLUTE_FLOOR, GradientCheck.ROUNDING_ULPS,
                String.join("-", java.util.Arrays.stream(sizes).mapToObj(Integer::toString).toList()),
                sizes.length > 2 ? hidden + " hidden units" : "no hidden layer", seed);
        int w = Math.max(4, losses.stream().mapToInt(l -> registry.nameOf(l).length()).max().orElse(4));
        out.printf("%-" + w + "s  %-8s  %-7s  %10s  %10s  %10s  %s%n", "loss", "output", "delta", "parameters",
                "max rel", "max abs", "result");
        int failed = 0;
        int checked = 0;
        List<String> worst = new ArrayList<>();
        // The stack traces of the loss failures, printed after the table with --verbose.
        List<Throwable> traces = new ArrayList<>();
        List<String> wide = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (LossFunction l : left) {
            skipped.add(notChecked(registry.nameOf(l), outputs));
        }
        for (LossFunction l : losses) {
            int rows = 0;
            for (Activation a : activations) {
                if (!checkable(l, a, outputs)) {
                    continue;
                }
                rows++;
                GradientCheck.Result r;
                String why;
                try {
                    r = GradientCheck.check(l, hidden, a, sizes, seed, !generic);
                    why = null;
                } catch (LossPluginException e) {
                    traces.add(e);
                    // The loss is the one code here that is not vecprop's: its failure is a failed check. A contract
                    // the loss broke without throwing (a value that is not finite, an element of its gradient left
                    // unwritten) is said as the exception says it.
                    r = null;
                    why = e.getCause() != null ? "the loss threw " + OneLine.of(String.valueOf(e.getCause()))
                            : OneLine.of(e.getMessage());
                } catch (IllegalArgumentException e) {
                    // The loss refuses every target the check can make up: nothing of its gradient can be checked.
                    r = null;
                    why = "cannot be checked: " + OneLine.of(e.getMessage());
                }
                if (r == null) {
                    checked++;
                    failed++;
                    out.printf("%-" + w + "s  %-8s  %-7s  %10s  %10s  %10s  %s%n", registry.nameOf(l), a, "", "", "", "", "FAILED");
                    worst.add(registry.nameOf(l) + " with " + a + " outputs: " + why);
                    continue;
                }
                checked++;
                out.printf("%-" + w + "s  %-8s  %-7s  %10d  %10.2e  %10.2e  %s%n", registry.nameOf(l), a, r.fused() ? "fused" : "generic",
                        r.parameters(), r.maxRelativeError(), r.maxAbsoluteError(), r.passed() ? "passed" : "FAILED");
                if (!r.passed()) {
                    failed++;
                    // The floor this check used, when the loss's rounding raised it above the header's.
                    worst.add(registry.nameOf(l) + " with " + a + " outputs, worst at " + r.worst()
                            + (r.absoluteFloor() > GradientCheck.ABSOLUTE_FLOOR ? String.format(
                            "; differences below %.2e counted as agreement here", r.absoluteFloor()) : ""));
                } else if (r.absoluteFloor() > WIDE_FLOOR) {
                    // A check that passed on a floor a thousand times the header's says so: a loss of a large value
                    // (a constant added) leaves its finite differences that little precision.
                    wide.add(String.format("%s with %s outputs passed with differences below %.2e counted as "
                            + "agreement (the rounding of the loss's value over the step)", registry.nameOf(l), a,
                            r.absoluteFloor()));
                }
            }
            if (rows == 0) {
                skipped.add(notChecked(registry.nameOf(l), outputs));
            }
        }
        for (String s : worst) {
            out.println("failed: " + s);
        }
        out.flush();
        for (Throwable t : traces) {
            traceIfVerbose(t);
        }
        for (String s : wide) {
            out.println("note: " + s);
        }
        for (String s : skipped) {
            out.println("not checked: " + s);
        }
        out.printf("%d of %d checks passed%n", checked - failed, checked);
        out.flush();
        return failed == 0 ? 0 : Main.FAILED;
    }

    /** Why {@code loss} has no row in the table. */
    private String notChecked(String loss, int outputs) {
        return loss + " accepts " + (output != null ? "no " + output + " output layer" : "no output activation")
                + " with " + Words.count(outputs, "unit");
    }

    /** The most parameters a check takes (each is perturbed twice, with a pass of the network each time). */
    static final long MAX_PARAMETERS = 100_000;

    /**
     * Whether {@code loss} with {@code outputs} {@code a} units can be checked: the loss takes it, and the network.
     * A loss whose {@code incompatibility} throws is taken to accept it: its check then fails, naming the failure.
     */
    private static boolean checkable(LossFunction loss, Activation a, int outputs) {
        try {
            return GradientCheck.incompatibility(loss, a, outputs) == null;
        } catch (LossPluginException e) {
            return true;
        }
    }
}
