package dev.vecprop.cli;

import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.ParallelKernels;
import dev.vecprop.spi.Kernels;
import picocli.CommandLine.Option;

/** {@code --threads N}: the threads that train, eval and predict split their batch work over. */
final class ThreadsOption {

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads to split the batch work over, 1 to 4096; the results are the same for any N "
                    + "(default: the number of processors; vecprop info shows it).")
    Integer threads;

    /** The most threads the parallel kernels take. */
    static final int MAX = 4096;

    /** The number asked for, else every processor; a usage error of {@code command} below 1. */
    int count(BaseCommand command) {
        if (threads == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        if (threads < 1) {
            throw command.usage("--threads must be at least 1, not " + threads);
        }
        if (threads > MAX) {
            throw command.usage("--threads must be at most " + MAX + ", not " + threads);
        }
        return threads;
    }

    /** {@code base} split over {@link #count} threads; the caller closes them. */
    ParallelKernels kernels(Kernels base, BaseCommand command) {
        return KernelProviders.parallel(base, count(command));
    }

    /** "Kernels: simd (FloatVector 256 bits, FMA) on 2 threads", with the reason of a default choice that was forced or fell back. */
    static String describe(Kernels kernels, boolean chosenByDefault) {
        String reason = KernelProviders.selection().reason();
        return "Kernels: " + kernels.description()
                + (chosenByDefault && !reason.startsWith("highest") ? " (" + reason + ")" : "");
    }
}
