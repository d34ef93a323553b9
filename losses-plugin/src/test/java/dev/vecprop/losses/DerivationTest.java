package dev.vecprop.losses;

import dev.vecprop.core.DenseLayer;
import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The classic derivation, step by step: a network of 3 inputs, 4 sigmoid hidden units and 2 outputs (1 for
 * the binary case), no biases, hand-set weights. After one per-sample gradient-descent step every weight must
 * equal the closed-form update, computed here independently in double (docs/derivation.md, equations
 * (1)-(9)):
 * <pre>
 *   a_j = sum_i w_ji x_i,  o_j = h(a_j),  a_k = sum_j w_kj o_j,  y_k = output activation(a_k)
 *   delta_k: (y_k - t_k) y_k (1 - y_k) for mse on sigmoid; y - t for bce on one sigmoid; y_k - t_k for softmax
 *   delta_j = o_j (1 - o_j) sum_k delta_k w_kj          (w_kj before the update)
 *   w_kj <- w_kj - eta delta_k o_j,   w_ji <- w_ji - eta delta_j x_i
 * </pre>
 */
class DerivationTest {

    private static final double[] X = {0.5, -1.0, 2.0};
    private static final double[][] W_HIDDEN = {   // w_ji, j = hidden unit, i = input
            {0.1, -0.2, 0.3},
            {-0.4, 0.5, -0.6},
            {0.7, 0.8, -0.9},
            {0.25, -0.35, 0.45},
    };
    private static final double[][] W_OUT_TWO = {  // w_kj
            {0.3, -0.1, 0.6, -0.5},
            {-0.7, 0.2, 0.4, 0.9},
    };
    private static final double[][] W_OUT_ONE = {{0.3, -0.1, 0.6, -0.5}}; // w_1j
    private static final double ETA = 0.5;

    @Test
    void mseOnSigmoidOutputs() {
        double[] t = {1, 0};
        check(new MeanSquaredError(), Activation.SIGMOID, W_OUT_TWO, t, (y, tt) -> {
            double[] d = new double[y.length];
            for (int k = 0; k < y.length; k++) {
                d[k] = (y[k] - tt[k]) * y[k] * (1 - y[k]);
            }
            return d;
        });
    }

    @Test
    void binaryCrossEntropyOnOneSigmoidOutput() {
        double[] t = {1};
        check(new BinaryCrossEntropy(), Activation.SIGMOID, W_OUT_ONE, t, (y, tt) -> new double[]{y[0] - tt[0]});
    }

    @Test
    void softmaxCrossEntropyOnSoftmaxOutputs() {
        double[] t = {0, 1};
        check(new SoftmaxCrossEntropy(), Activation.SOFTMAX, W_OUT_TWO, t, (y, tt) -> {
            double[] d = new double[y.length];
            for (int k = 0; k < y.length; k++) {
                d[k] = y[k] - tt[k];
            }
            return d;
        });
    }

    interface OutputDelta {
        double[] of(double[] y, double[] t);
    }

    private static void check(LossFunction loss, Activation outAct, double[][] wOut, double[] t, OutputDelta outputDelta) {
        int nIn = X.length;
        int nHidden = W_HIDDEN.length;
        int nOut = wOut.length;

        // The closed form, in double.
        double[] o = new double[nHidden];
        for (int j = 0; j < nHidden; j++) {
            double a = 0;
            for (int i = 0; i < nIn; i++) {
                a += W_HIDDEN[j][i] * X[i];
            }
            o[j] = 1 / (1 + Math.exp(-a));
        }
        double[] ak = new double[nOut];
        for (int k = 0; k < nOut; k++) {
            for (int j = 0; j < nHidden; j++) {
                ak[k] += wOut[k][j] * o[j];
            }
        }
        double[] y = new double[nOut];
        if (outAct == Activation.SOFTMAX) {
            double sum = 0;
            for (int k = 0; k < nOut; k++) {
                sum += Math.exp(ak[k]);
            }
            for (int k = 0; k < nOut; k++) {
                y[k] = Math.exp(ak[k]) / sum;
            }
        } else {
            for (int k = 0; k < nOut; k++) {
                y[k] = 1 / (1 + Math.exp(-ak[k]));
            }
        }
        double[] deltaK = outputDelta.of(y, t);
        double[] deltaJ = new double[nHidden];
        for (int j = 0; j < nHidden; j++) {
            double back = 0;
            for (int k = 0; k < nOut; k++) {
                back += deltaK[k] * wOut[k][j];  // the weights before the update
            }
            deltaJ[j] = o[j] * (1 - o[j]) * back;
        }
        double[][] expectedOut = new double[nOut][nHidden];
        for (int k = 0; k < nOut; k++) {
            for (int j = 0; j < nHidden; j++) {
                expectedOut[k][j] = wOut[k][j] - ETA * deltaK[k] * o[j];
            }
        }
        double[][] expectedHidden = new double[nHidden][nIn];
        for (int j = 0; j < nHidden; j++) {
            for (int i = 0; i < nIn; i++) {
                expectedHidden[j][i] = W_HIDDEN[j][i] - ETA * deltaJ[j] * X[i];
            }
        }

        // The engine: same network, one step.
        FeedForwardNetwork net = FeedForwardNetwork.builder(nIn)
                .layer(nHidden, Activation.SIGMOID)
                .layer(nOut, outAct)
                .biases(false)
                .kernels(KernelProviders.scalar())
                .build();
        net.layers().get(0).setParameters(flat(W_HIDDEN));
        net.layers().get(1).setParameters(flat(wOut));
        TrainingOptions options = TrainingOptions.defaults().withLearningRate((float) ETA).withBatchSize(1).withShuffle(false);
        new Trainer(net, loss, options).step(toFloat(X), toFloat(t), 1);

        DenseLayer hidden = (DenseLayer) net.layers().get(0);
        DenseLayer out = (DenseLayer) net.layers().get(1);
        for (int k = 0; k < nOut; k++) {
            for (int j = 0; j < nHidden; j++) {
                assertClose(expectedOut[k][j], out.weight(k, j), "w_kj k=" + k + " j=" + j);
            }
        }
        for (int j = 0; j < nHidden; j++) {
            for (int i = 0; i < nIn; i++) {
                assertClose(expectedHidden[j][i], hidden.weight(j, i), "w_ji j=" + j + " i=" + i);
            }
        }
        // The step must have moved every weight (otherwise the comparison above proves little).
        for (int k = 0; k < nOut; k++) {
            for (int j = 0; j < nHidden; j++) {
                if (Math.abs(expectedOut[k][j] - wOut[k][j]) < 1e-4) {
                    throw new AssertionError("hand-set case too weak: w_kj k=" + k + " j=" + j + " barely moves");
                }
            }
        }
    }

    private static void assertClose(double expected, float actual, String what) {
        assertEquals(expected, actual, 1e-5 * Math.abs(expected), what);
    }

    private static float[] flat(double[][] w) {
        float[] f = new float[w.length * w[0].length];
        for (int r = 0; r < w.length; r++) {
            for (int c = 0; c < w[r].length; c++) {
                f[r * w[r].length + c] = (float) w[r][c];
            }
        }
        return f;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
