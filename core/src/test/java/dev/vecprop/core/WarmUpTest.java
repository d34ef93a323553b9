package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import dev.vecprop.spi.LossFunction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The warm-up trains in the background, leaves the real training untouched, and ends quietly. */
class WarmUpTest {

    // Batches of 32 through 100-96-5: the first layer's products (32 x 100 x 96) are split over two threads.
    private static final int[] SIZES = {100, 96, 5};
    private static final TrainingOptions OPTIONS = TrainingOptions.defaults().withBatchSize(32).withLearningRate(0.5f)
            .withMomentum(0.5f).withEpochs(2).withSeed(3);

    private static FeedForwardNetwork network(Kernels k) {
        return FeedForwardNetwork.builder(SIZES[0]).layer(SIZES[1], Activation.SIGMOID).layer(SIZES[2], Activation.SIGMOID)
                .seed(11).kernels(k).build();
    }

    private static List<float[]> train(Kernels k) {
        FeedForwardNetwork net = network(k);
        Dataset data = WarmUp.randomData(SIZES[0], SIZES[2], 200, 99);
        new Trainer(net, TrainerTest.SQUARED, OPTIONS).fit(data, data, null);
        List<float[]> p = new ArrayList<>();
        for (Layer l : net.layers()) {
            p.add(l.parameters());
        }
        return p;
    }

    @Test
    void aTrainingAfterAWarmUpOnTheSameKernelsIsBitForBitTheSame() {
        try (ParallelKernels two = KernelProviders.parallel(KernelProviders.scalar(), 2)) {
            for (Kernels k : List.of(KernelProviders.scalar(), two)) {
                List<float[]> cold = train(k);
                try (WarmUp w = WarmUp.start(network(k), TrainerTest.SQUARED, OPTIONS)) {
                    awaitProgress(w, 300);
                }
                List<float[]> warm = train(k);
                for (int l = 0; l < cold.size(); l++) {
                    assertArrayEquals(cold.get(l), warm.get(l), k.name() + ": layer " + l + " differs after a warm-up");
                }
            }
        }
    }

    @Test
    void aTrainingDuringAWarmUpOnSharedParallelKernelsIsTheSame() {
        try (ParallelKernels two = KernelProviders.parallel(KernelProviders.scalar(), 2)) {
            List<float[]> alone = train(two);
            List<float[]> beside;
            try (WarmUp w = WarmUp.start(network(two), TrainerTest.SQUARED, OPTIONS)) {
                awaitProgress(w, 10);
                beside = train(two);
                assertNull(w.failure());
            }
            for (int l = 0; l < alone.size(); l++) {
                assertArrayEquals(alone.get(l), beside.get(l), "layer " + l + " differs when trained beside a warm-up");
            }
        }
    }

    @Test
    void closeStopsTheBackgroundThreadAndCanBeRepeated() {
        WarmUp w = WarmUp.start(network(KernelProviders.scalar()), TrainerTest.SQUARED, OPTIONS);
        awaitProgress(w, 5);
        w.close();
        long after = w.progress();
        w.close();
        assertEquals(after, w.progress(), "the warm-up went on after close()");
        assertNull(w.failure());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("vecprop-warm-up")),
                "the warm-up thread is still alive");
    }

    @Test
    void aLossThatRefusesTheRandomTargetsEndsTheWarmUpQuietly() {
        LossFunction picky = new LossFunction() {
            public String name() {
                return "picky";
            }

            public double value(double[] y, double[] t) {
                return TrainerTest.SQUARED.value(y, t);
            }

            public void gradient(double[] y, double[] t, double[] g) {
                TrainerTest.SQUARED.gradient(y, t, g);
            }

            public String invalidTarget(double[] t) {
                return "no target is good enough";
            }
        };
        WarmUp w = WarmUp.start(network(KernelProviders.scalar()), picky, OPTIONS);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (w.failure() == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        w.close();
        assertNotNull(w.failure(), "the loss refused every target, but the warm-up did not end");
        assertEquals(0, w.progress());
    }

    @Test
    void theRandomDataIsHalfZeroAndHasOneHotTargets() {
        Dataset d = WarmUp.randomData(50, 4, 400, 1);
        assertEquals(400, d.size());
        assertTrue(d.isClassification(), "one-hot targets make a classification data set");
        float[] x = new float[50];
        int zeros = 0;
        for (int r = 0; r < d.size(); r++) {
            d.copyFeatures(r, x, 0);
            for (float v : x) {
                assertTrue(v >= 0 && v < 1, "feature " + v);
                zeros += v == 0 ? 1 : 0;
            }
        }
        assertEquals(0.5, zeros / (50.0 * 400), 0.02, "share of zero features");
        Dataset single = WarmUp.randomData(3, 1, 100, 1);
        float[] t = new float[1];
        for (int r = 0; r < single.size(); r++) {
            single.copyTargets(r, t, 0);
            assertTrue(t[0] == 0 || t[0] == 1, "target " + t[0]);
        }
    }

    private static void awaitProgress(WarmUp w, long reports) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (w.progress() < reports) {
            if (w.failure() != null) {
                fail("the warm-up failed", w.failure());
            }
            if (System.nanoTime() > deadline) {
                fail("the warm-up made " + w.progress() + " progress reports in 60 s, " + reports + " expected");
            }
            Thread.onSpinWait();
        }
    }
}
