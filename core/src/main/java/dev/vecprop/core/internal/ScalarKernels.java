package dev.vecprop.core.internal;

import dev.vecprop.core.internal.check.KernelChecks;
import dev.vecprop.spi.Kernels;

import static dev.vecprop.core.internal.check.KernelChecks.vector;
import static dev.vecprop.core.internal.check.KernelChecks.vectors;

/**
 * Plain-loop kernels: the reference that every other provider is tested against, and the fallback that
 * always runs. Loops are ordered for unit-stride access (i-k-j for the matrix products) so that the JIT's
 * own vectoriser can help where it is able to, but nothing here is hand-tuned.
 *
 * <p>Arguments are checked once per call as the other providers of this project check them
 * ({@code KernelChecks}): the same exceptions and messages, thrown before
 * anything is written. The loops inside a call use unchecked helpers.
 */
public final class ScalarKernels implements Kernels {

    public static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public String description() {
        return "scalar (plain Java loops)";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        vectors(n, x, xOff, y, yOff);
        return dotUnchecked(n, x, xOff, y, yOff);
    }

    private static float dotUnchecked(int n, float[] x, int xOff, float[] y, int yOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i] * y[yOff + i];
        }
        return s;
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        vectors(n, x, xOff, y, yOff);
        axpyUnchecked(n, alpha, x, xOff, y, yOff);
    }

    private static void axpyUnchecked(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void scal(int n, float alpha, float[] x, int xOff) {
        vector(xOff, n, x);
        for (int i = 0; i < n; i++) {
            x[xOff + i] *= alpha;
        }
    }

    @Override
    public void gemv(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
                     float beta, float[] y, int yOff) {
        KernelChecks.gemv(m, n, a, aOff, lda, x, xOff, y, yOff);
        for (int i = 0; i < m; i++) {
            float s = dotUnchecked(n, a, aOff + i * lda, x, xOff);
            y[yOff + i] = beta == 0f ? alpha * s : alpha * s + beta * y[yOff + i];
        }
    }

    @Override
    public void gemvT(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
                      float beta, float[] y, int yOff) {
        KernelChecks.gemvT(m, n, a, aOff, lda, x, xOff, y, yOff);
        scaleOrClear(n, beta, y, yOff);
        for (int i = 0; i < m; i++) {
            axpyUnchecked(n, alpha * x[xOff + i], a, aOff + i * lda, y, yOff);
        }
    }

    @Override
    public void ger(int m, int n, float alpha, float[] x, int xOff, float[] y, int yOff,
                    float[] a, int aOff, int lda) {
        KernelChecks.gemvT(m, n, a, aOff, lda, x, xOff, y, yOff);
        for (int i = 0; i < m; i++) {
            axpyUnchecked(n, alpha * x[xOff + i], y, yOff, a, aOff + i * lda);
        }
    }

    /** The interface's loop, with the checks of the other matrix operations. */
    @Override
    public void sparseGemvT(int m, int n, float[] a, int aOff, int lda, float[] x, int xOff, float[] y, int yOff) {
        KernelChecks.gemvT(m, n, a, aOff, lda, x, xOff, y, yOff);
        for (int i = 0; i < m; i++) {
            float xi = x[xOff + i];
            if (xi != 0f) {
                axpyUnchecked(n, xi, a, aOff + i * lda, y, yOff);
            }
        }
    }

    /** The interface's loop, with the checks of the other matrix operations. */
    @Override
    public void sparseGer(int m, int n, float alpha, float[] x, int xOff, float[] y, int yOff,
                          float[] a, int aOff, int lda) {
        KernelChecks.gemvT(m, n, a, aOff, lda, x, xOff, y, yOff);
        for (int i = 0; i < m; i++) {
            float xi = x[xOff + i];
            if (xi != 0f) {
                axpyUnchecked(n, alpha * xi, y, yOff, a, aOff + i * lda);
            }
        }
    }

    /** The interface's loop, with the checks of the other matrix operations made before anything is written. */
    @Override
    public void sparseMomentumGer(int m, int n, float mu, float eta, float[] x, int xOff, float[] d, int dOff,
                                  float[] v, int vOff, float[] a, int aOff, int lda) {
        KernelChecks.gemvT(m, n, a, aOff, lda, x, xOff, d, dOff);
        KernelChecks.gemvT(m, n, v, vOff, lda, x, xOff, d, dOff);
        momentumRows(m, n, mu, eta, x, xOff, d, dOff, v, vOff, a, aOff, lda);
    }

    /** The interface's default, with the checks made before anything is written. */
    @Override
    public void sparseMomentumGerGemvT(int m, int n, float mu, float eta, float[] u, int uOff, float[] d, int dOff,
                                       float[] s, float[] c, int sOff, float[] v, int vOff, float[] a, int aOff,
                                       int lda, float[] x, int xOff, float[] y, int yOff) {
        KernelChecks.gemvT(m, n, a, aOff, lda, u, uOff, d, dOff);
        KernelChecks.gemvT(m, n, v, vOff, lda, x, xOff, y, yOff);
        KernelChecks.vectors(m, s, sOff, c, sOff);
        momentumRows(m, n, mu, eta, u, uOff, d, dOff, v, vOff, a, aOff, lda);
        for (int i = 0; i < m; i++) {
            if (u[uOff + i] == 0f && x[xOff + i] != 0f) {
                int r = i * lda;
                axpyUnchecked(n, s[sOff + i], v, vOff + r, a, aOff + r);
                float ci = c[sOff + i];
                for (int j = 0; j < n; j++) {
                    v[vOff + r + j] *= ci;
                }
            }
        }
        for (int i = 0; i < m; i++) {
            float xi = x[xOff + i];
            if (xi != 0f) {
                axpyUnchecked(n, xi, a, aOff + i * lda, y, yOff);
            }
        }
    }

    /** v_i = mu v_i + x[i] d, a_i = a_i - eta v_i for the rows of a nonzero x[i], as scal then two axpy. */
    private static void momentumRows(int m, int n, float mu, float eta, float[] x, int xOff, float[] d, int dOff,
                                     float[] v, int vOff, float[] a, int aOff, int lda) {
        for (int i = 0; i < m; i++) {
            float xi = x[xOff + i];
            if (xi != 0f) {
                int vr = vOff + i * lda;
                for (int j = 0; j < n; j++) {
                    v[vr + j] *= mu;
                }
                axpyUnchecked(n, xi, d, dOff, v, vr);
                axpyUnchecked(n, -eta, v, vr, a, aOff + i * lda);
            }
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        KernelChecks.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (!transB) {
            // sum[:] = sum over p of alpha * A(i,p) * B[p,:], from 0 (unit stride over B's rows), then
            // C[i,:] = beta * C[i,:] + sum: added into C step by step, a product over many steps (a batch's
            // weight step) would round at C's size once a step. Of one step, or into a C cleared (beta 0), the
            // sum goes straight into C, in the same bits.
            boolean apart = k > 1 && beta != 0f;
            float[] sum = apart ? rowScratch(n) : null;
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                float[] into = apart ? sum : c;
                int at = apart ? 0 : ci;
                if (apart) {
                    java.util.Arrays.fill(sum, 0, n, 0f);
                } else {
                    scaleOrClear(n, beta, c, ci);
                }
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    axpyUnchecked(n, alpha * aip, b, bOff + p * ldb, into, at);
                }
                if (apart) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] = c[ci + j] * beta + sum[j];
                    }
                }
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            scaleOrClear(n, beta, c, cOff + i * ldc);
        }
        // C[i,j] += alpha * dot(A(i,:), B[j,:]): B^T's columns are B's rows.
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                if (transA) {
                    for (int p = 0; p < k; p++) {
                        s += a[aOff + p * lda + i] * b[bOff + j * ldb + p];
                    }
                } else {
                    s = dotUnchecked(k, a, aOff + i * lda, b, bOff + j * ldb);
                }
                c[cOff + i * ldc + j] += alpha * s;
            }
        }
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        vectors(n, x, xOff, y, yOff);
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) (1.0 / (1.0 + Math.exp(-x[xOff + i])));
        }
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        vectors(n, x, xOff, y, yOff);
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        vectors(n, x, xOff, y, yOff);
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0f ? v : 0f;
        }
    }

    @Override
    public void softmax(int n, float[] x, int xOff, float[] y, int yOff) {
        vectors(n, x, xOff, y, yOff);
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[xOff + i]);
        }
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[xOff + i] - max);
            y[yOff + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) {
            y[yOff + i] *= inv;
        }
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int yOff, float[] g, int gOff) {
        vectors(n, y, yOff, g, gOff);
        for (int i = 0; i < n; i++) {
            float v = y[yOff + i];
            g[gOff + i] *= v * (1f - v);
        }
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] g, int gOff) {
        vectors(n, y, yOff, g, gOff);
        for (int i = 0; i < n; i++) {
            float v = y[yOff + i];
            g[gOff + i] *= 1f - v * v;
        }
    }

    @Override
    public void reluBackward(int n, float[] y, int yOff, float[] g, int gOff) {
        vectors(n, y, yOff, g, gOff);
        for (int i = 0; i < n; i++) {
            if (!(y[yOff + i] > 0f)) {
                g[gOff + i] = 0f;
            }
        }
    }

    /** Each thread's row of sums for {@link #gemm}, grown to the widest product seen: no allocation after. */
    private static final ThreadLocal<float[][]> ROW = ThreadLocal.withInitial(() -> new float[][]{new float[0]});

    private static float[] rowScratch(int n) {
        float[][] holder = ROW.get();
        if (holder[0].length < n) {
            holder[0] = new float[n];
        }
        return holder[0];
    }

    private static void scaleOrClear(int n, float beta, float[] y, int yOff) {
        if (beta == 0f) {
            java.util.Arrays.fill(y, yOff, yOff + n, 0f);
        } else if (beta != 1f) {
            for (int i = 0; i < n; i++) {
                y[yOff + i] *= beta;
            }
        }
    }
}
