package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** One trained network, many threads predicting at once: every answer equals the single-threaded one. */
class ConcurrentPredictionTest {

    @Test
    void eightThreadsOfTenThousandPredictionsEqualTheSingleThreadedOnes() throws Exception {
        FeedForwardNetwork net = FeedForwardNetwork.builder(16).layer(32, Activation.TANH).layer(5, Activation.SOFTMAX)
                .seed(8).build();
        int samples = 500;
        float[][] x = new float[samples][16];
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < 16; i++) {
                x[s][i] = (float) Math.sin(s * 16 + i);
            }
        }
        float[][] expected = new float[samples][];
        for (int s = 0; s < samples; s++) {
            expected[s] = net.predict(x[s]);
        }
        int threads = 8, perThread = 10_000;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * 61;
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (int p = 0; p < perThread; p++) {
                        int s = (offset + p * 7) % samples;
                        if (p % 10 == 0) {
                            // batch predictions interleaved with single ones
                            float[] y = new float[3 * 5];
                            float[] in = new float[3 * 16];
                            for (int r = 0; r < 3; r++) {
                                System.arraycopy(x[(s + r) % samples], 0, in, r * 16, 16);
                            }
                            net.predict(in, 3, y);
                            for (int r = 0; r < 3; r++) {
                                float[] row = java.util.Arrays.copyOfRange(y, r * 5, r * 5 + 5);
                                assertArrayEquals(expected[(s + r) % samples], row, "sample " + ((s + r) % samples));
                            }
                        } else {
                            assertArrayEquals(expected[s], net.predict(x[s]), "sample " + s);
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get();
            }
            assertEquals(threads * perThread, total);
        }
    }
}
