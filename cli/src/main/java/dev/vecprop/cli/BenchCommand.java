package dev.vecprop.cli;

import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import dev.vecprop.spi.LossFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/**
 * {@code vecprop bench}: a quick benchmark without JMH, every available kernels provider side by side. For
 * numbers to publish use the JMH benchmarks; this one is for "is SIMD on, and how much does it give here".
 */
@Command(name = "bench", description = {
        "A quick benchmark of every available kernels provider side by side, with the ratio to scalar: "
                + "GFLOP/s of the main kernels (dot, gemv, gemm) and training throughput in samples/s "
                + "at batch 1 and batch 64 on a 784-128-10 network.",
        "Each provider's results are checked against the scalar ones first."})
final class BenchCommand extends BaseCommand {

    static final int DOT_N = 1024;
    static final int GEMV_N = 256;
    static final int GEMM_N = 128;
    static final int[] NET = {784, 128, 10};
    static final int LARGE_BATCH = 64;

    @Option(names = "--millis", paramLabel = "MS", defaultValue = "500",
            description = "Measuring time per benchmark and provider, after a warm-up of twice as long and "
                    + "then until the rate is steady (default: ${DEFAULT-VALUE}).")
    int millis;

    /** Keeps results alive so that the JIT cannot drop the work. */
    private double sink;

    /** One row of the table: what was measured and its unit. */
    private record Row(String name, String unit) {
    }

    @Override
    public Integer call() {
        if (millis < 1) {
            throw usage("--millis must be at least 1");
        }
        PrintWriter out = out();
        List<Kernels> providers = new ArrayList<>();
        for (Kernels k : KernelProviders.all()) {
            String why = k.unavailableReason();
            if (why == null) {
                providers.add(k);
            } else {
                out.printf("%s: unavailable (%s); not measured%n", k.name(), why);
            }
        }
        SplittableRandom random = new SplittableRandom(1);
        float[] a = randoms(random, GEMM_N * GEMM_N);
        float[] b = randoms(random, GEMM_N * GEMM_N);
        float[] v = randoms(random, Math.max(DOT_N, GEMV_N * GEMV_N));
        float[] w = randoms(random, Math.max(DOT_N, GEMV_N * GEMV_N));
        Kernels scalar = providers.getFirst();
        for (Kernels k : providers.subList(1, providers.size())) {
            String wrong = check(scalar, k, a, b, v, w);
            if (wrong != null) {
                out.flush();
                throw new IllegalStateException("kernels " + k.name() + " disagree with scalar: " + wrong);
            }
        }
        List<Row> rows = List.of(
                new Row("dot n=" + DOT_N, "GFLOP/s"),
                new Row("gemv " + GEMV_N + "x" + GEMV_N, "GFLOP/s"),
                new Row("gemm " + GEMM_N + "x" + GEMM_N + "x" + GEMM_N, "GFLOP/s"),
                new Row("train " + NET[0] + "-" + NET[1] + "-" + NET[2] + " batch 1", "samples/s"),
                new Row("train " + NET[0] + "-" + NET[1] + "-" + NET[2] + " batch " + LARGE_BATCH, "samples/s"));
        out.printf("%-30s %-10s", "benchmark", "unit");
        for (Kernels k : providers) {
            out.printf(" %10s", k.name());
        }
        for (Kernels k : providers.subList(1, providers.size())) {
            out.printf(" %12s", k.name() + "/" + scalar.name());
        }
        out.println();
        out.flush();
        LossFunction loss = LossRegistry.system().get("softmax-cross-entropy");
        for (int r = 0; r < rows.size(); r++) {
            out.printf("%-30s %-10s", rows.get(r).name(), rows.get(r).unit());
            out.flush();
            double[] result = new double[providers.size()];
            for (int p = 0; p < providers.size(); p++) {
                result[p] = measure(r, providers.get(p), a, b, v, w, loss);
                out.printf(" %10s", format(result[p]));
                out.flush();
            }
            for (int p = 1; p < providers.size(); p++) {
                out.printf(" %11.2fx", result[p] / result[0]);
            }
            out.println();
            out.flush();
        }
        out.printf("kernels checked against %s before measuring; %d ms per measurement%n", scalar.name(), millis);
        out.flush();
        return sink == 42.4242 ? 3 : 0;
    }

    private double measure(int row, Kernels k, float[] a, float[] b, float[] v, float[] w, LossFunction loss) {
        return switch (row) {
            case 0 -> rate(() -> sink += k.dot(DOT_N, v, 0, w, 0), 2.0 * DOT_N) / 1e9;
            case 1 -> {
                float[] y = new float[GEMV_N];
                yield rate(() -> {
                    k.gemv(GEMV_N, GEMV_N, 1f, v, 0, GEMV_N, w, 0, 0f, y, 0);
                    sink += y[1];
                }, 2.0 * GEMV_N * GEMV_N) / 1e9;
            }
            case 2 -> {
                float[] c = new float[GEMM_N * GEMM_N];
                yield rate(() -> {
                    k.gemm(false, false, GEMM_N, GEMM_N, GEMM_N, 1f, a, 0, GEMM_N, b, 0, GEMM_N, 0f, c, 0, GEMM_N);
                    sink += c[7];
                }, 2.0 * GEMM_N * GEMM_N * GEMM_N) / 1e9;
            }
            default -> trainingRate(k, loss, row == 3 ? 1 : LARGE_BATCH);
        };
    }

    /** Samples per second of training steps of {@code batch} samples on random data. */
    private double trainingRate(Kernels k, LossFunction loss, int batch) {
        FeedForwardNetwork net = FeedForwardNetwork.builder(NET[0]).layer(NET[1], Activation.SIGMOID)
                .layer(NET[2], Activation.SOFTMAX).seed(3).kernels(k).build();
        Trainer trainer = new Trainer(net, loss, TrainingOptions.defaults().withBatchSize(batch).withLearningRate(0.01f));
        SplittableRandom random = new SplittableRandom(5);
        float[] x = new float[batch * NET[0]];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        float[] t = new float[batch * NET[2]];
        for (int r = 0; r < batch; r++) {
            t[r * NET[2] + random.nextInt(NET[2])] = 1f;
        }
        return rate(() -> sink += trainer.step(x, t, batch), batch);
    }

    /** Work units per second of {@code op}, each call doing {@code perCall} units. */
    private double rate(Runnable op, double perCall) {
        // Warm-up until the rate is steady: twice the measuring time, then half-length rounds until the JIT
        // compiled nothing in the last one and the last three are within 15% of each other (at most forty).
        // At least a second, then rounds of at least 250 ms, whatever --millis: C2 compiles of the step take
        // hundreds of milliseconds, and rounds shorter than that saw three equal rates, and no finished
        // compilation, while the step was still being compiled (SIMD at 0.07x scalar with --millis 20).
        // Vector code is slow by orders of magnitude until C2 has compiled it, and a kernel that takes
        // milliseconds per call before that reaches C2's invocation thresholds late; the training step is
        // also compiled first for the provider measured before, and deoptimised for the next.
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean watch = jit != null && jit.isCompilationTimeMonitoringSupported();
        timed(op, perCall, Math.max(1000, millis * 2L));
        long roundMillis = Math.max(250, millis / 2);
        double[] last = new double[3];
        for (int round = 0; round < 40; round++) {
            long compiling = watch ? jit.getTotalCompilationTime() : 0;
            last[round % 3] = timed(op, perCall, roundMillis);
            boolean compiled = watch && jit.getTotalCompilationTime() - compiling > Math.max(1, roundMillis / 100);
            double lo = Math.min(last[0], Math.min(last[1], last[2]));
            double hi = Math.max(last[0], Math.max(last[1], last[2]));
            if (round >= 2 && !compiled && hi <= lo * 1.15) {
                break;
            }
        }
        return timed(op, perCall, millis);
    }

    /** Runs {@code op} for about {@code ms} milliseconds (at least once); returns the work units per second. */
    private static double timed(Runnable op, double perCall, long ms) {
        long start = System.nanoTime();
        long end = start + ms * 1_000_000L;
        long calls = 0;
        long now;
        do {
            op.run();
            calls++;
            now = System.nanoTime();
        } while (now < end);
        return calls * perCall / ((now - start) / 1e9);
    }

    /** Where {@code k} differs from {@code scalar} on the benchmarked operations, or null. */
    private static String check(Kernels scalar, Kernels k, float[] a, float[] b, float[] v, float[] w) {
        float d1 = scalar.dot(DOT_N, v, 0, w, 0);
        float d2 = k.dot(DOT_N, v, 0, w, 0);
        if (!close(d1, d2, DOT_N)) {
            return "dot gives " + d2 + ", scalar " + d1;
        }
        float[] y1 = new float[GEMV_N];
        float[] y2 = new float[GEMV_N];
        scalar.gemv(GEMV_N, GEMV_N, 1f, v, 0, GEMV_N, w, 0, 0f, y1, 0);
        k.gemv(GEMV_N, GEMV_N, 1f, v, 0, GEMV_N, w, 0, 0f, y2, 0);
        for (int i = 0; i < GEMV_N; i++) {
            if (!close(y1[i], y2[i], GEMV_N)) {
                return "gemv element " + i + " is " + y2[i] + ", scalar " + y1[i];
            }
        }
        float[] c1 = new float[GEMM_N * GEMM_N];
        float[] c2 = new float[GEMM_N * GEMM_N];
        scalar.gemm(false, false, GEMM_N, GEMM_N, GEMM_N, 1f, a, 0, GEMM_N, b, 0, GEMM_N, 0f, c1, 0, GEMM_N);
        k.gemm(false, false, GEMM_N, GEMM_N, GEMM_N, 1f, a, 0, GEMM_N, b, 0, GEMM_N, 0f, c2, 0, GEMM_N);
        for (int i = 0; i < c1.length; i++) {
            if (!close(c1[i], c2[i], GEMM_N)) {
                return "gemm element " + i + " is " + c2[i] + ", scalar " + c1[i];
            }
        }
        return null;
    }

    /** Sums of n products of values in [-1, 1]: float rounding error grows about with n. */
    private static boolean close(float x, float y, int n) {
        return Math.abs(x - y) <= 1e-6 * n + 1e-5 * Math.abs(x);
    }

    private static float[] randoms(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static String format(double value) {
        return value >= 1000 ? String.format("%.0f", value) : String.format("%.3g", value);
    }
}
