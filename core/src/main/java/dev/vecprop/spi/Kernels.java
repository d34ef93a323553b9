package dev.vecprop.spi;

/**
 * The compute backend: BLAS-like operations over float arrays, plus the activations and their derivatives.
 *
 * <p>Every matrix is row-major: element (i, j) of a matrix at offset {@code off} with leading dimension
 * {@code ld} is {@code a[off + i * ld + j]}. Offsets and lengths are trusted to be in range of the arrays
 * (implementations may check them once per call, never per element). Arrays passed as different arguments
 * must not overlap unless a method says so. As in BLAS, where {@code beta == 0} the output is overwritten
 * without being read, so whatever it held (even NaN) does not matter.
 *
 * <p>Core ships the scalar implementation (name {@code scalar}), the reference for every test; other
 * modules provide faster ones with {@code provides dev.vecprop.spi.Kernels with ...}. The engine picks the
 * available provider with the highest {@link #priority()} unless told otherwise. An implementation must be
 * stateless (or hold only immutable state) and safe to call from several threads at once.
 */
public interface Kernels {

    /** The name that selects this provider, such as {@code scalar} or {@code simd}. */
    String name();

    /** One line for people: the name and what it runs on, for example "simd (FloatVector 256 bits)". */
    String description();

    /** Higher wins when the engine picks a provider by itself; the scalar provider has 0. */
    int priority();

    /**
     * Why this provider cannot run in this JVM (for example, an incubator module that was not added), or
     * {@code null} when it can. Called before any other method; must not fail.
     */
    default String unavailableReason() {
        return null;
    }

    /** Returns sum_i x[i] * y[i] over n elements. */
    float dot(int n, float[] x, int xOff, float[] y, int yOff);

    /** y[i] = alpha * x[i] + y[i] over n elements. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** x[i] = alpha * x[i] over n elements. */
    void scal(int n, float alpha, float[] x, int xOff);

    /** y = alpha * A x + beta * y, where A is m x n (leading dimension lda), x has n elements, y has m. */
    void gemv(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
              float beta, float[] y, int yOff);

    /** y = alpha * A^T x + beta * y, where A is m x n (leading dimension lda), x has m elements, y has n. */
    void gemvT(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
               float beta, float[] y, int yOff);

    /** Rank-1 update A = alpha * x y^T + A, where A is m x n (leading dimension lda), x has m, y has n. */
    void ger(int m, int n, float alpha, float[] x, int xOff, float[] y, int yOff, float[] a, int aOff, int lda);

    /**
     * C = alpha * op(A) op(B) + beta * C, where op(X) is X or X^T as {@code transA}/{@code transB} say,
     * op(A) is m x k, op(B) is k x n and C is m x n. The leading dimensions are those of the stored
     * matrices: A is stored m x k (lda &gt;= k) or, transposed, k x m (lda &gt;= m); likewise B.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /** y[i] = 1 / (1 + e^-x[i]) over n elements; y may be x (same offset). */
    void sigmoid(int n, float[] x, int xOff, float[] y, int yOff);

    /** y[i] = tanh(x[i]) over n elements; y may be x (same offset). */
    void tanh(int n, float[] x, int xOff, float[] y, int yOff);

    /** y[i] = max(0, x[i]) over n elements; y may be x (same offset). */
    void relu(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * Softmax of one row of n elements, y[i] = e^(x[i] - max x) / sum_j e^(x[j] - max x); y may be x (same
     * offset).
     */
    void softmax(int n, float[] x, int xOff, float[] y, int yOff);

    /** g[i] = g[i] * y[i] * (1 - y[i]): the sigmoid derivative from the outputs y. */
    void sigmoidBackward(int n, float[] y, int yOff, float[] g, int gOff);

    /** g[i] = g[i] * (1 - y[i]^2): the tanh derivative from the outputs y. */
    void tanhBackward(int n, float[] y, int yOff, float[] g, int gOff);

    /** g[i] = y[i] &gt; 0 ? g[i] : 0: the relu derivative from the outputs y. */
    void reluBackward(int n, float[] y, int yOff, float[] g, int gOff);
}
