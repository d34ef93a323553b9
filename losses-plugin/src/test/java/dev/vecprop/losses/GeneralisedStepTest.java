package dev.vecprop.losses;

import dev.vecprop.core.DenseLayer;
import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import dev.vecprop.spi.LossFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The derivation as the engine generalises it (docs/derivation.md): biases, mini-batches whose gradient is
 * the mean over the rows, and momentum, over two steps so that the second uses the velocity the first left.
 * Every weight and bias after the steps must equal an independent computation in double:
 * <pre>
 *   g = (1/R) sum_r delta_r x_r^T,  g_b = (1/R) sum_r delta_r
 *   v <- mu v + g,  w <- w - eta v      (mu = 0: w <- w - eta g)
 * </pre>
 * on a 5-input network whose first layer is stored unit by unit (4 units) or input by input (33 units, which
 * also skips the zero inputs), with softmax cross-entropy (the fused delta y - t) and with mse on sigmoid
 * outputs (the generic delta), on the scalar kernels. (The SIMD kernels are held to the scalar ones by their
 * parity tests and the CLI's tests, where they run; this module's tests have no incubator module.)
 */
class GeneralisedStepTest {

    private static final int IN = 5;
    private static final int OUT = 3;
    private static final double ETA = 0.5;

    @ParameterizedTest(name = "hidden {0}, batch {1}, momentum {2}, {3}, {4}")
    @CsvSource({
            "4, 3, 0.9, softmax-cross-entropy, scalar",
            "33, 3, 0.9, softmax-cross-entropy, scalar",
            "4, 3, 0.9, mse, scalar",
            "33, 3, 0.9, mse, scalar",
            "4, 1, 0.0, softmax-cross-entropy, scalar",
            "33, 1, 0.0, softmax-cross-entropy, scalar",
            "4, 3, 0.0, mse, scalar",
            "33, 1, 0.9, mse, scalar",
    })
    void twoStepsMatchTheClosedFormInDouble(int hidden, int rows, double mu, String lossName, String kernels) {
        boolean softmax = lossName.equals("softmax-cross-entropy");
        LossFunction loss = softmax ? new SoftmaxCrossEntropy() : new MeanSquaredError();
        Activation outAct = softmax ? Activation.SOFTMAX : Activation.SIGMOID;
        SplittableRandom random = new SplittableRandom(hidden * 31L + rows);

        // Parameters rounded to float first, so that the reference starts where the engine does.
        double[][] w1 = randomMatrix(random, hidden, IN);
        double[] b1 = randomVector(random, hidden);
        double[][] w2 = randomMatrix(random, OUT, hidden);
        double[] b2 = randomVector(random, OUT);
        double[][][] x = new double[2][rows][IN];
        double[][][] t = new double[2][rows][OUT];
        for (int s = 0; s < 2; s++) {
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < IN; i++) {
                    // About a third of the inputs zero, as in images.
                    x[s][r][i] = random.nextInt(3) == 0 ? 0 : (float) (random.nextDouble() * 2 - 1);
                }
                if (softmax) {
                    t[s][r][random.nextInt(OUT)] = 1;
                } else {
                    for (int k = 0; k < OUT; k++) {
                        t[s][r][k] = (float) random.nextDouble();
                    }
                }
            }
        }

        Kernels k = KernelProviders.named(kernels);
        FeedForwardNetwork net = FeedForwardNetwork.builder(IN)
                .layer(hidden, Activation.SIGMOID)
                .layer(OUT, outAct)
                .kernels(k)
                .build();
        DenseLayer first = (DenseLayer) net.layers().get(0);
        DenseLayer second = (DenseLayer) net.layers().get(1);
        assertEquals(hidden >= DenseLayer.Layout.MIN_UNITS_BY_INPUT ? DenseLayer.Layout.BY_INPUT
                : DenseLayer.Layout.BY_UNIT, first.layout());
        first.setParameters(flat(w1, b1));
        second.setParameters(flat(w2, b2));
        Trainer trainer = new Trainer(net, loss, TrainingOptions.defaults().withLearningRate((float) ETA)
                .withMomentum((float) mu).withBatchSize(rows).withShuffle(false));

        double[][] v1 = new double[hidden][IN];
        double[] vb1 = new double[hidden];
        double[][] v2 = new double[OUT][hidden];
        double[] vb2 = new double[OUT];
        double[][] w1Start = copy(w1);
        for (int s = 0; s < 2; s++) {
            trainer.step(flat(x[s]), flat(t[s]), rows);

            double[][] g1 = new double[hidden][IN];
            double[] gb1 = new double[hidden];
            double[][] g2 = new double[OUT][hidden];
            double[] gb2 = new double[OUT];
            for (int r = 0; r < rows; r++) {
                double[] xr = x[s][r];
                double[] o = new double[hidden];
                for (int j = 0; j < hidden; j++) {
                    double a = b1[j];
                    for (int i = 0; i < IN; i++) {
                        a += w1[j][i] * xr[i];
                    }
                    o[j] = 1 / (1 + Math.exp(-a));
                }
                double[] y = new double[OUT];
                double sum = 0;
                for (int kk = 0; kk < OUT; kk++) {
                    double a = b2[kk];
                    for (int j = 0; j < hidden; j++) {
                        a += w2[kk][j] * o[j];
                    }
                    y[kk] = softmax ? Math.exp(a) : 1 / (1 + Math.exp(-a));
                    sum += y[kk];
                }
                double[] dk = new double[OUT];
                for (int kk = 0; kk < OUT; kk++) {
                    if (softmax) {
                        y[kk] /= sum;
                        dk[kk] = y[kk] - t[s][r][kk];
                    } else {
                        // mse = (1/2) sum (y - t)^2 per sample: its delta through the sigmoid
                        dk[kk] = (y[kk] - t[s][r][kk]) * y[kk] * (1 - y[kk]);
                    }
                }
                for (int j = 0; j < hidden; j++) {
                    double back = 0;
                    for (int kk = 0; kk < OUT; kk++) {
                        back += dk[kk] * w2[kk][j];
                    }
                    double dj = o[j] * (1 - o[j]) * back;
                    for (int i = 0; i < IN; i++) {
                        g1[j][i] += dj * xr[i] / rows;
                    }
                    gb1[j] += dj / rows;
                }
                for (int kk = 0; kk < OUT; kk++) {
                    for (int j = 0; j < hidden; j++) {
                        g2[kk][j] += dk[kk] * o[j] / rows;
                    }
                    gb2[kk] += dk[kk] / rows;
                }
            }
            apply(w1, b1, v1, vb1, g1, gb1, mu);
            apply(w2, b2, v2, vb2, g2, gb2, mu);
        }

        for (int j = 0; j < hidden; j++) {
            for (int i = 0; i < IN; i++) {
                assertClose(w1[j][i], first.weight(j, i), "first layer w_ji j=" + j + " i=" + i);
            }
            assertClose(b1[j], first.bias(j), "first layer b_j j=" + j);
        }
        for (int kk = 0; kk < OUT; kk++) {
            for (int j = 0; j < hidden; j++) {
                assertClose(w2[kk][j], second.weight(kk, j), "second layer w_kj k=" + kk + " j=" + j);
            }
            assertClose(b2[kk], second.bias(kk), "second layer b_k k=" + kk);
        }
        // The steps moved the first layer's weights well beyond the tolerance (else the check proves little).
        double moved = 0;
        for (int j = 0; j < hidden; j++) {
            for (int i = 0; i < IN; i++) {
                moved = Math.max(moved, Math.abs(w1[j][i] - w1Start[j][i]));
            }
        }
        assertTrue(moved > 1e-3, "the first layer barely moved: " + moved);
    }

    /** One update, in place: with momentum v <- mu v + g, w <- w - eta v; without, w <- w - eta g. */
    private static void apply(double[][] w, double[] b, double[][] v, double[] vb, double[][] g, double[] gb, double mu) {
        for (int r = 0; r < w.length; r++) {
            for (int c = 0; c < w[r].length; c++) {
                v[r][c] = mu * v[r][c] + g[r][c];
                w[r][c] -= ETA * v[r][c];
            }
            vb[r] = mu * vb[r] + gb[r];
            b[r] -= ETA * vb[r];
        }
    }

    private static void assertClose(double expected, float actual, String what) {
        assertEquals(expected, actual, 2e-6 + 1e-5 * Math.abs(expected), what);
    }

    private static double[][] randomMatrix(SplittableRandom random, int rows, int cols) {
        double[][] m = new double[rows][];
        for (int r = 0; r < rows; r++) {
            m[r] = randomVector(random, cols);
        }
        return m;
    }

    private static double[] randomVector(SplittableRandom random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() - 0.5);
        }
        return v;
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
            c[r] = m[r].clone();
        }
        return c;
    }

    /** Rows one after the other, then the extra values (biases), as floats. */
    private static float[] flat(double[][] m, double... extra) {
        int n = 0;
        for (double[] row : m) {
            n += row.length;
        }
        float[] f = new float[n + extra.length];
        int at = 0;
        for (double[] row : m) {
            for (double d : row) {
                f[at++] = (float) d;
            }
        }
        for (double d : extra) {
            f[at++] = (float) d;
        }
        return f;
    }
}
