package dev.vecprop.simd;

import dev.vecprop.core.Dataset;
import dev.vecprop.core.DenseLayer;
import dev.vecprop.core.EpochReport;
import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.Layer;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import dev.vecprop.spi.LossFunction;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Training on the SIMD kernels learns what training on the scalar kernels learns. */
class TrainingTest {

    /** The real plugin, found the way the engine finds it. */
    private static final LossFunction SOFTMAX_CE = LossRegistry.system().get("softmax-cross-entropy");

    static Kernels simd;

    @BeforeAll
    static void simdIsActive() {
        simd = new SimdKernels();
        assertNull(simd.unavailableReason(), "the SIMD kernels must run in this test JVM");
    }

    static FeedForwardNetwork network(Kernels k, int in, int hidden, int out, Activation h) {
        return FeedForwardNetwork.builder(in).layer(hidden, h).layer(out, Activation.SOFTMAX).seed(7).kernels(k).build();
    }

    /**
     * One step from identical weights gives weights that agree to float rounding. The step moves the
     * weights by far more than the tolerance (checked), so an update that went wrong cannot hide in it.
     * Tolerance: 1e-6 absolute on weights of size about 0.1 to 1 (2 to 15 ulp): the gradients differ
     * by summation order only (relative 1e-5 of their terms at most, ParityTest), times the learning rate.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 32})
    void oneStepGivesTheSameWeights(int batch) {
        for (Activation h : new Activation[]{Activation.SIGMOID, Activation.TANH, Activation.RELU}) {
            FeedForwardNetwork a = network(KernelProviders.scalar(), 70, 33, 10, h);
            FeedForwardNetwork b = network(simd, 70, 33, 10, h);
            TrainingOptions options = TrainingOptions.defaults().withBatchSize(batch).withLearningRate(0.5f);
            SplittableRandom r = new SplittableRandom(batch);
            float[] x = new float[batch * 70];
            float[] t = new float[batch * 10];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble();
            }
            for (int s = 0; s < batch; s++) {
                t[s * 10 + r.nextInt(10)] = 1f;
            }
            List<float[]> before = a.layers().stream().map(Layer::parameters).toList();
            double lossA = new Trainer(a, SOFTMAX_CE, options).step(x, t, batch);
            double lossB = new Trainer(b, SOFTMAX_CE, options).step(x, t, batch);
            assertEquals(lossA, lossB, 1e-5 * Math.abs(lossA), "loss before the step, " + h);
            double moved = 0;
            for (int l = 0; l < a.layers().size(); l++) {
                float[] pa = a.layers().get(l).parameters();
                float[] pb = b.layers().get(l).parameters();
                float[] p0 = before.get(l);
                for (int i = 0; i < pa.length; i++) {
                    moved = Math.max(moved, Math.abs(pa[i] - p0[i]));
                    if (Math.abs(pa[i] - pb[i]) > 1e-6) {
                        fail(h + ", batch " + batch + ", layer " + (l + 1) + ", parameter " + i + ": simd " + pb[i]
                                + ", scalar " + pa[i]);
                    }
                }
            }
            assertTrue(moved > 1e-3, "the step should move some weight by more than 1e-3, moved " + moved);
        }
    }

    /** The same accuracy bound on digits (64-32-10, sigmoid/softmax), per-sample and in batches of 16. */
    @Test
    void digitsReachTheSameAccuracy() {
        Dataset.Split split = Digits.load().split(0.8, 3);
        for (int batch : new int[]{1, 16}) {
            double[] acc = new double[2];
            Kernels[] kernels = {KernelProviders.scalar(), simd};
            for (int i = 0; i < 2; i++) {
                FeedForwardNetwork net = network(kernels[i], 64, 32, 10, Activation.SIGMOID);
                TrainingOptions options = TrainingOptions.defaults().withBatchSize(batch)
                        .withLearningRate(batch == 1 ? 0.1f : 0.5f).withEpochs(8).withSeed(5);
                List<EpochReport> reports = new Trainer(net, SOFTMAX_CE, options)
                        .fit(split.train(), split.test(), null);
                acc[i] = reports.getLast().test().accuracy();
            }
            assertTrue(acc[0] > 0.9, "scalar, batch " + batch + ": test accuracy " + acc[0]);
            assertTrue(acc[1] > 0.9, "simd, batch " + batch + ": test accuracy " + acc[1]);
            assertEquals(acc[0], acc[1], 0.02, "test accuracy of scalar and simd, batch " + batch);
        }
    }

    /** The same accuracy bound on iris (4-8-3, tanh/softmax, per-sample SGD with momentum). */
    @Test
    void irisReachesTheSameAccuracy() {
        Dataset.Split split = Digits.iris().split(0.7, 5);
        double[] acc = new double[2];
        Kernels[] kernels = {KernelProviders.scalar(), simd};
        for (int i = 0; i < 2; i++) {
            FeedForwardNetwork net = network(kernels[i], 4, 8, 3, Activation.TANH);
            TrainingOptions options = TrainingOptions.defaults().withLearningRate(0.05f).withMomentum(0.5f)
                    .withEpochs(60).withSeed(5);
            List<EpochReport> reports = new Trainer(net, SOFTMAX_CE, options)
                    .fit(split.train(), split.test(), null);
            acc[i] = reports.getLast().test().accuracy();
        }
        assertTrue(acc[0] > 0.9, "scalar: test accuracy " + acc[0]);
        assertTrue(acc[1] > 0.9, "simd: test accuracy " + acc[1]);
        assertEquals(acc[0], acc[1], 0.05, "test accuracy of scalar and simd");
    }

    @Test
    void aLayerOnSimdComputesWhatItComputesOnScalar() {
        DenseLayer layer = new DenseLayer(129, 17, Activation.TANH, true).initialise(new SplittableRandom(3));
        float[] x = new float[5 * 129];
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        float[] a1 = new float[5 * 17];
        float[] y1 = new float[5 * 17];
        float[] a2 = new float[5 * 17];
        float[] y2 = new float[5 * 17];
        layer.forward(KernelProviders.scalar(), x, 5, a1, y1);
        layer.forward(simd, x, 5, a2, y2);
        for (int i = 0; i < y1.length; i++) {
            assertEquals(y1[i], y2[i], 1e-6, "output " + i);
        }
    }
}
