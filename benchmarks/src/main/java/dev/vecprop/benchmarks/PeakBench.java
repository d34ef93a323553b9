package dev.vecprop.benchmarks;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What the machine gives at the moment of a run: vector fma in registers only (no memory traffic), on one
 * thread and on two at once. The result is in millions of fma instructions per second, summed over the
 * threads; the secondary result {@code flops} counts their floating-point operations (2 per lane of each
 * fma, at the preferred species' width: 8 lanes at 256 bits, 16 at 512), so flops per microsecond divided
 * by 1,000 is GFLOP/s whatever the vector width.
 *
 * <p>Why it is here: on a virtual machine the two vCPUs may sit on two physical cores or on the two
 * hardware threads of one, and a neighbour may share that core; that changes from minute to minute. Then a
 * single thread can run at the fma peak or at half of it, and a second thread can double the throughput or
 * add nothing. Measured in the same JMH run as the kernels, this says which: a gemm's GFLOP/s reads
 * against {@code oneThread}, and a speed-up on two threads against {@code twoThreads / oneThread}.
 *
 * <p>Twelve independent accumulators cover the fma latency (4 cycles, 2 per cycle on this Zen 3); each
 * multiplies by a number just under 1 and adds a small one, so the values settle and never become
 * subnormal or infinite.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class PeakBench {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int STEPS = 1024;
    /** fma instructions per call: twelve per step. */
    private static final int FMAS = 12 * STEPS;

    /** Floating-point operations done, summed over the threads by JMH and reported per microsecond. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flops;
    }

    public float scale = 0.999f;
    public float shift = 1e-3f;

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(FMAS)
    public float oneThread(Flops f) {
        f.flops += 2L * FMAS * F.length();
        return fmas();
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(FMAS)
    public float twoThreads(Flops f) {
        f.flops += 2L * FMAS * F.length();
        return fmas();
    }

    private float fmas() {
        FloatVector m = FloatVector.broadcast(F, scale);
        FloatVector c = FloatVector.broadcast(F, shift);
        FloatVector a0 = c, a1 = c.add(c), a2 = a1.add(c), a3 = a2.add(c), a4 = a3.add(c), a5 = a4.add(c);
        FloatVector a6 = a5.add(c), a7 = a6.add(c), a8 = a7.add(c), a9 = a8.add(c), a10 = a9.add(c), a11 = a10.add(c);
        for (int i = 0; i < STEPS; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        FloatVector s = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11);
        return s.reduceLanes(VectorOperators.ADD);
    }
}
