package dev.vecprop.core;

import dev.vecprop.core.DenseLayer.Layout;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The input-by-input layout is invisible from outside (same parameters, weights and files) and trains as the
 * unit-by-unit layout does, up to float rounding, per sample (skipping zero inputs) and in mini-batches.
 */
class DenseLayerLayoutTest {

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    static final int IN = 50;
    static final int HIDDEN = 40;
    static final int OUT = 6;

    /** Inputs with about 60% zeros, like image pixels. */
    static float[] zeroHeavyInputs(long seed, int rows) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * IN];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble() < 0.6 ? 0f : (float) r.nextDouble();
        }
        return x;
    }

    static float[] targets(long seed, int rows) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] t = new float[rows * OUT];
        for (int s = 0; s < rows; s++) {
            t[s * OUT + r.nextInt(OUT)] = 1f;
        }
        return t;
    }

    /** A 50-40-6 sigmoid network whose first layer has the given layout, with the weights of seed 3. */
    static FeedForwardNetwork network(Layout first, Kernels k) {
        FeedForwardNetwork seeded = FeedForwardNetwork.builder(IN).layer(HIDDEN, Activation.SIGMOID)
                .layer(OUT, Activation.SIGMOID).seed(3).kernels(k).build();
        DenseLayer l1 = new DenseLayer(IN, HIDDEN, Activation.SIGMOID, true, first);
        l1.setParameters(seeded.layers().get(0).parameters());
        return FeedForwardNetwork.of(List.of(l1, seeded.layers().get(1)), k);
    }

    static Trainer trainer(Network net, int batch, float momentum) {
        return new Trainer(net, TrainerTest.SQUARED, TrainingOptions.defaults().withBatchSize(batch)
                .withLearningRate(0.5f).withMomentum(momentum));
    }

    static float[] slice(float[] a, int row, int width, int rows) {
        return java.util.Arrays.copyOfRange(a, row * width, (row + rows) * width);
    }

    static void assertClose(float[] want, float[] got, double tol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(want[i] - got[i]) <= tol)) {
                fail(what + ": element " + i + " is " + got[i] + ", expected " + want[i] + " within " + tol);
            }
        }
    }

    @Test
    void theLibraryStoresWideFirstLayersInputByInput() throws Exception {
        assertEquals(Layout.BY_INPUT, Layout.choose(true, 128));
        assertEquals(Layout.BY_INPUT, Layout.choose(true, 32));
        assertEquals(Layout.BY_UNIT, Layout.choose(true, 31));
        assertEquals(Layout.BY_UNIT, Layout.choose(false, 128));
        assertEquals(Layout.BY_UNIT, new DenseLayer(784, 128, Activation.SIGMOID, true).layout());
        FeedForwardNetwork net = FeedForwardNetwork.builder(IN).layer(HIDDEN, Activation.SIGMOID).layer(HIDDEN, Activation.TANH)
                .layer(OUT, Activation.SIGMOID).kernels(KernelProviders.scalar()).build();
        assertEquals(Layout.BY_INPUT, ((DenseLayer) net.layers().get(0)).layout());
        assertEquals(Layout.BY_UNIT, ((DenseLayer) net.layers().get(1)).layout());
        assertEquals(Layout.BY_UNIT, ((DenseLayer) net.layers().get(2)).layout());
        java.nio.file.Path file = dir.resolve("net.vpm");
        ModelFile.save(Model.regressor(net, "squared", null, List.of("a", "b", "c", "d", "e", "f")), file);
        Model loaded = ModelFile.load(file, KernelProviders.scalar());
        assertEquals(Layout.BY_INPUT, ((DenseLayer) loaded.network().layers().get(0)).layout());
        assertEquals(Layout.BY_UNIT, ((DenseLayer) loaded.network().layers().get(1)).layout());
        for (int l = 0; l < 3; l++) {
            assertArrayEquals(net.layers().get(l).parameters(), loaded.network().layers().get(l).parameters());
        }
    }

    @Test
    void bothLayoutsShowTheSameParametersAndWeights() {
        DenseLayer byUnit = new DenseLayer(7, 33, Activation.TANH, true, Layout.BY_UNIT).initialise(new SplittableRandom(9));
        DenseLayer byInput = new DenseLayer(7, 33, Activation.TANH, true, Layout.BY_INPUT).initialise(new SplittableRandom(9));
        assertArrayEquals(byUnit.parameters(), byInput.parameters());
        float[] p = new float[byInput.parameterCount()];
        for (int i = 0; i < p.length; i++) {
            p[i] = i * 0.25f - 3f;
        }
        byInput.setParameters(p);
        assertArrayEquals(p, byInput.parameters());
        for (int j = 0; j < 33; j++) {
            for (int i = 0; i < 7; i++) {
                assertEquals(p[j * 7 + i], byInput.weight(j, i), "w_" + j + "," + i);
            }
            assertEquals(p[7 * 33 + j], byInput.bias(j));
        }
    }

    @Test
    void perSampleTrainingAgreesWithTheUnitByUnitLayout() {
        FeedForwardNetwork a = network(Layout.BY_UNIT, KernelProviders.scalar());
        FeedForwardNetwork b = network(Layout.BY_INPUT, KernelProviders.scalar());
        Trainer ta = trainer(a, 1, 0f);
        Trainer tb = trainer(b, 1, 0f);
        float[] x = zeroHeavyInputs(1, 300);
        float[] t = targets(2, 300);
        float[] before = a.layers().get(0).parameters();
        for (int s = 0; s < 300; s++) {
            double la = ta.step(slice(x, s, IN, 1), slice(t, s, OUT, 1), 1);
            double lb = tb.step(slice(x, s, IN, 1), slice(t, s, OUT, 1), 1);
            assertEquals(la, lb, 1e-5 * Math.max(1, la), "loss of sample " + s);
        }
        for (int l = 0; l < 2; l++) {
            assertClose(a.layers().get(l).parameters(), b.layers().get(l).parameters(), 1e-5, "layer " + (l + 1));
        }
        float[] after = b.layers().get(0).parameters();
        double moved = 0;
        for (int i = 0; i < after.length; i++) {
            moved = Math.max(moved, Math.abs(after[i] - before[i]));
        }
        assertTrue(moved > 1e-2, "training should move the first layer, moved " + moved);
    }

    @Test
    void miniBatchesAndMomentumAgreeWithTheUnitByUnitLayout() {
        FeedForwardNetwork a = network(Layout.BY_UNIT, KernelProviders.scalar());
        FeedForwardNetwork b = network(Layout.BY_INPUT, KernelProviders.scalar());
        Trainer ta = trainer(a, 4, 0.9f);
        Trainer tb = trainer(b, 4, 0.9f);
        float[] x = zeroHeavyInputs(3, 80);
        float[] t = targets(4, 80);
        for (int s = 0; s < 80; s += 4) {
            ta.step(slice(x, s, IN, 4), slice(t, s, OUT, 4), 4);
            tb.step(slice(x, s, IN, 4), slice(t, s, OUT, 4), 4);
        }
        for (int l = 0; l < 2; l++) {
            assertClose(a.layers().get(l).parameters(), b.layers().get(l).parameters(), 1e-5, "layer " + (l + 1));
            assertClose(a.layers().get(l).optimizerState(), b.layers().get(l).optimizerState(), 1e-5,
                    "velocity of layer " + (l + 1));
        }
        float[][] ga = ta.gradients(slice(x, 0, IN, 4), slice(t, 0, OUT, 4), 4);
        float[][] gb = tb.gradients(slice(x, 0, IN, 4), slice(t, 0, OUT, 4), 4);
        assertClose(ga[0], gb[0], 1e-6, "gradient of layer 1");
        float[] y1 = new float[4 * OUT];
        float[] y2 = new float[4 * OUT];
        a.predict(x, 4, y1);
        b.predict(x, 4, y2);
        assertClose(y1, y2, 1e-6, "batch prediction");
    }

    @Test
    void parametersRightAfterAStepIncludeItsUpdate() {
        FeedForwardNetwork a = network(Layout.BY_UNIT, KernelProviders.scalar());
        FeedForwardNetwork b = network(Layout.BY_INPUT, KernelProviders.scalar());
        float[] x = zeroHeavyInputs(7, 1);
        float[] t = targets(8, 1);
        float[] before = b.layers().get(0).parameters();
        trainer(a, 1, 0f).step(x, t, 1);
        trainer(b, 1, 0f).step(x, t, 1);
        float[] want = a.layers().get(0).parameters();
        float[] got = b.layers().get(0).parameters();
        assertClose(want, got, 1e-7, "first layer right after one step");
        int changed = 0;
        for (int i = 0; i < before.length; i++) {
            changed += before[i] != got[i] ? 1 : 0;
        }
        assertTrue(changed > 100, "the step must have changed the weights, changed " + changed);
        // only the rows of nonzero inputs move
        DenseLayer l1 = (DenseLayer) b.layers().get(0);
        for (int i = 0; i < IN; i++) {
            if (x[i] == 0f) {
                for (int j = 0; j < HIDDEN; j++) {
                    assertEquals(before[j * IN + i], l1.weight(j, i), "weight from zero input " + i);
                }
            }
        }
    }

    /** After per-sample steps, eight threads predicting at once (zero-skipping single rows) see the trained weights. */
    @Test
    void threadsPredictingAfterAStepAllSeeItsUpdate() throws Exception {
        for (int round = 0; round < 20; round++) {
            FeedForwardNetwork shared = network(Layout.BY_INPUT, KernelProviders.scalar());
            FeedForwardNetwork alone = network(Layout.BY_INPUT, KernelProviders.scalar());
            float[] x0 = zeroHeavyInputs(12 + round, 1);
            float[] t0 = targets(13 + round, 1);
            trainer(shared, 1, 0f).step(x0, t0, 1);
            trainer(alone, 1, 0f).step(x0, t0, 1);
            int samples = 16;
            float[] x = zeroHeavyInputs(14 + round, samples);
            float[][] want = new float[samples][];
            for (int s = 0; s < samples; s++) {
                want[s] = alone.predict(slice(x, s, IN, 1));
            }
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<?>> done = new ArrayList<>();
                for (int th = 0; th < 8; th++) {
                    int first = th;
                    done.add(pool.submit(() -> {
                        for (int p = 0; p < 50; p++) {
                            int s = (first + p) % samples;
                            assertArrayEquals(want[s], shared.predict(slice(x, s, IN, 1)), "sample " + s);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
            assertArrayEquals(alone.layers().get(0).parameters(), shared.layers().get(0).parameters(), "round " + round);
        }
    }

    @Test
    void aModelFileDoesNotDependOnTheLayout() throws Exception {
        FeedForwardNetwork a = network(Layout.BY_UNIT, KernelProviders.scalar());
        FeedForwardNetwork b = network(Layout.BY_INPUT, KernelProviders.scalar());
        assertArrayEquals(ModelFile.encode(Model.classifier(a, "squared", null, List.of("a", "b", "c", "d", "e", "f"))),
                ModelFile.encode(Model.classifier(b, "squared", null, List.of("a", "b", "c", "d", "e", "f"))));
    }
}
