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

    /**
     * The number asked for, else every processor; a usage error of {@code command} below 1, and a warning on
     * its standard error above the processors this JVM may use.
     */
    int count(BaseCommand command) {
        int processors = Runtime.getRuntime().availableProcessors();
        if (threads == null) {
            return processors;
        }
        if (threads < 1) {
            throw command.usage("--threads must be at least 1, not " + threads);
        }
        if (threads > MAX) {
            throw command.usage("--threads must be at most " + MAX + ", not " + threads);
        }
        if (threads > processors) {
            // Measured on 2 cores: a batch of 128 trained at 222,000 to 241,000 samples/s on 3 threads, at
            // 321,000 to 383,000 on 2 (docs/architecture.md, "The hand-off").
            command.warn("--threads " + threads + " is more than the " + processors + " processors this JVM may "
                    + "use: the extra threads wait for a processor, which is usually slower than --threads "
                    + processors);
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
