package dev.vecprop.benchmarks;

import dev.ludovic.netlib.blas.BLAS;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.ParallelKernels;
import dev.vecprop.core.internal.Alignment;
import dev.vecprop.spi.Kernels;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Two ways of doing one operation, timed in alternation call by call, for the ratios that the issues' bars
 * are about (SIMD against VectorBLAS or scalar, two threads against one).
 *
 * <p>Why: this machine's speed changes from one minute to the next (docs/benchmarks.md, "What the machine
 * gives"), and separate JMH benchmarks run minutes apart, so a ratio of two of them carries that change.
 * Here each benchmark call runs both ways once, in alternating order, timing each with
 * {@link System#nanoTime()}; the two sums go to JMH as secondary results per iteration
 * ({@code firstNanos}, {@code secondNanos}), so both sides of every iteration's ratio saw the same
 * second of the machine. {@code benchmarks/report.py} prints, per pair, the ratio second / first (how many
 * times faster the first way is) over all iterations of all forks: the median and the range.
 *
 * <p>{@code pair} is {@code operation:shape:first:second}. Besides {@code simd}, {@code scalar} and
 * {@code vectorblas}, ger's way may be {@code pass}: not ger, but one pass of the SIMD kernels' {@code scal}
 * over its matrix, reading and writing every element once, which every ger does too
 * ({@code ger:128x784:pass:scalar}: how many times faster than the scalar ger a bare load-and-store pass over
 * the matrix runs). A level-2 shape may end in {@code @line}: the
 * matrix then starts on a 64-byte cache line, as {@code DenseLayer} stores its weights when the JVM aligns
 * objects to 64 bytes, which such a pair needs (run with {@code -jvmArgsAppend "--add-modules=jdk.incubator.vector
 * -XX:ObjectAlignmentInBytes=64"}); without it the matrix lies wherever the allocator put the array. The
 * level-2 shapes and the mapping to
 * VectorBLAS are those of {@link Level2Bench}; {@code gemm} is {@link ThreadsBench}'s 512^3 NN; {@code step}
 * is a training step ({@link Step}, as in {@link ThreadsBench}) at the given batch, the two ways training separate
 * copies of one network (so, unlike the other pairs, each way's weights may push the other's out of the
 * caches between calls). With threads, the workers park between calls (the other way runs meanwhile), so
 * the two-thread side pays a wake-up per call that steady training mostly does not.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class PairedBench {

    @Param({
            "gemv:128x784:simd:vectorblas", "gemv:784x128:simd:vectorblas",
            "gemvT:128x784:simd:vectorblas", "gemvT:784x128:simd:vectorblas",
            "ger:128x784:simd:scalar", "ger:128x784:simd:vectorblas",
            "gemm:512:2threads:1thread", "step:128:2threads:1thread", "step:32:2threads:1thread"})
    public String pair;

    private Runnable first;
    private Runnable second;
    private ParallelKernels parallel;

    // The operands, shared by the two ways: two copies of a 392 KiB matrix would not both fit in the
    // 512 KiB L2, and each way would find the other's in it, which slows most the way that is fastest.
    private float[] a;
    /** Where the level-2 matrix starts in {@link #a}: 0, or the first float on a line for an {@code @line} shape. */
    private int offset;
    private float[] b;
    private float[] xn;
    private float[] xm;
    /** Each way's result (y of gemv and gemvT, C of gemm), compared once before timing. */
    private float[] firstOut;
    private float[] secondOut;

    /** The time each way took in this iteration, summed over its calls. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Clock {
        public long firstNanos;
        public long secondNanos;
        long calls;

        @Setup(Level.Iteration)
        public void reset() {
            firstNanos = 0;
            secondNanos = 0;
        }
    }

    @Setup(Level.Trial)
    public void setup() {
        String[] p = pair.split(":");
        String op = p[0];
        if (op.equals("gemm")) {
            int n = Integer.parseInt(p[1]);
            a = Impl.random(1, n * n);
            b = Impl.random(2, n * n);
            firstOut = new float[n * n];
            secondOut = new float[n * n];
        } else if (!op.equals("step")) {
            String[] s = p[1].split("@")[0].split("x");
            int m = Integer.parseInt(s[0]);
            int n = Integer.parseInt(s[1]);
            if (p[1].endsWith("@line")) {
                offset = Alignment.FLOAT_OFFSET;
                if (offset == 0) {
                    throw new IllegalStateException(pair + " needs objects aligned to 64 bytes: "
                            + "-jvmArgsAppend \"--add-modules=jdk.incubator.vector -XX:ObjectAlignmentInBytes=64\"");
                }
            }
            a = Impl.random(1, offset + m * n);
            xn = Impl.random(2, n);
            xm = Impl.random(3, m);
            firstOut = new float[op.equals("gemvT") ? n : m];
            secondOut = new float[firstOut.length];
        }
        first = way(op, p[1], p[2], firstOut);
        second = way(op, p[1], p[3], secondOut);
        if (op.equals("gemv") || op.equals("gemvT") || op.equals("gemm")) {
            // A wrong kernel is not fast: both ways must agree before either is timed.
            first.run();
            second.run();
            Impl.check(pair, secondOut, firstOut, firstOut.length);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (parallel != null) {
            parallel.close();
        }
    }

    @Benchmark
    public void pair(Clock clock) {
        boolean firstGoesFirst = (clock.calls++ & 1) == 0;
        Runnable a = firstGoesFirst ? first : second;
        Runnable b = firstGoesFirst ? second : first;
        long t0 = System.nanoTime();
        a.run();
        long t1 = System.nanoTime();
        b.run();
        long t2 = System.nanoTime();
        clock.firstNanos += firstGoesFirst ? t1 - t0 : t2 - t1;
        clock.secondNanos += firstGoesFirst ? t2 - t1 : t1 - t0;
    }

    /**
     * One way of doing {@code op} at {@code shape}, on the shared operands (each way writes its own result
     * vector; ger adds a tiny multiple to the shared matrix, as {@link Level2Bench} does). A training step
     * trains a network of its own, so there the two ways do not share their weights.
     */
    private Runnable way(String op, String shape, String how, float[] out) {
        return switch (op) {
            case "gemv", "gemvT", "ger" -> level2(op, shape, how, out);
            case "gemm" -> gemm(Integer.parseInt(shape), threads(how), out);
            case "step" -> step(Integer.parseInt(shape), threads(how));
            default -> throw new IllegalArgumentException("unknown operation " + op + " in " + pair);
        };
    }

    private Runnable level2(String op, String shape, String how, float[] y) {
        String[] s = shape.split("@")[0].split("x");
        int m = Integer.parseInt(s[0]);
        int n = Integer.parseInt(s[1]);
        int o = offset;
        float[] a = this.a;
        float[] xn = this.xn;
        float[] xm = this.xm;
        if (how.equals("vectorblas")) {
            BLAS blas = Impl.vectorBlas();
            return switch (op) {
                case "gemv" -> () -> blas.sgemv("T", n, m, 1f, a, o, n, xn, 0, 1, 0f, y, 0, 1);
                case "gemvT" -> () -> blas.sgemv("N", n, m, 1f, a, o, n, xm, 0, 1, 0f, y, 0, 1);
                default -> () -> blas.sger(n, m, 1e-9f, xn, 0, 1, xm, 0, 1, a, o, n);
            };
        }
        if (how.equals("pass")) {
            // What any ger must do: read and write every element of A once. The SIMD kernels' scal over the
            // matrix (one load, multiply and store per element), by a factor that keeps the elements normal
            // (never subnormal) for longer than any run.
            if (!op.equals("ger")) {
                throw new IllegalArgumentException("the way pass is ger's, not " + op + "'s, in " + pair);
            }
            Kernels simd = Impl.kernels("simd");
            return () -> simd.scal(m * n, 1f - 0x1p-24f, a, o);
        }
        Kernels k = Impl.kernels(how);
        return switch (op) {
            case "gemv" -> () -> k.gemv(m, n, 1f, a, o, n, xn, 0, 0f, y, 0);
            case "gemvT" -> () -> k.gemvT(m, n, 1f, a, o, n, xm, 0, 0f, y, 0);
            default -> () -> k.ger(m, n, 1e-9f, xm, 0, xn, 0, a, o, n);
        };
    }

    private static int threads(String how) {
        return switch (how) {
            case "1thread" -> 1;
            case "2threads" -> 2;
            default -> throw new IllegalArgumentException("expected 1thread or 2threads, not " + how);
        };
    }

    /** The SIMD kernels on that many threads; one pool per trial. */
    private Kernels simd(int threads) {
        Kernels simd = Impl.kernels("simd");
        if (threads == 1) {
            return simd;
        }
        parallel = KernelProviders.parallel(simd, threads);
        return parallel;
    }

    private Runnable gemm(int n, int threads, float[] c) {
        Kernels k = simd(threads);
        float[] a = this.a;
        float[] b = this.b;
        return () -> k.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
    }

    private Runnable step(int batch, int threads) {
        Step step = new Step(simd(threads), batch);
        return step::run;
    }
}
