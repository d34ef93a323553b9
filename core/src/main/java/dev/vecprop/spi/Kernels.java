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

    /**
     * The name that selects this provider, such as {@code scalar} or {@code simd}.
     *
     * @return the provider's name: lower case, no spaces, unique among providers; never {@code null}
     */
    String name();

    /**
     * One line for people: the name and what it runs on, for example "simd (FloatVector 256 bits)".
     *
     * @return a single line of text without a line break; never {@code null}
     */
    String description();

    /**
     * Higher wins when the engine picks a provider by itself; the scalar provider has 0.
     *
     * @return the rank of this provider among the available ones; any int, compared only with other providers'
     */
    int priority();

    /**
     * Why this provider cannot run in this JVM (for example, an incubator module that was not added), or
     * {@code null} when it can. Called before any other method; must not fail.
     *
     * @return a message for people saying what is missing, or {@code null} when the provider can run
     */
    default String unavailableReason() {
        return null;
    }

    /**
     * Returns sum_i x[i] * y[i] over n elements.
     *
     * @param n    number of elements, at least 0 (0 gives 0)
     * @param x    first vector, read at {@code x[xOff .. xOff + n - 1]}
     * @param xOff index of x's first element
     * @param y    second vector, read at {@code y[yOff .. yOff + n - 1]}
     * @param yOff index of y's first element
     * @return the dot product, accumulated in float in an order the provider chooses (so the last bits may
     *         differ between providers)
     */
    float dot(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * y[i] = alpha * x[i] + y[i] over n elements.
     *
     * @param n     number of elements, at least 0
     * @param alpha scale applied to x
     * @param x     vector added, read at {@code x[xOff .. xOff + n - 1]}
     * @param xOff  index of x's first element
     * @param y     vector updated in place at {@code y[yOff .. yOff + n - 1]}
     * @param yOff  index of y's first element
     */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /**
     * x[i] = alpha * x[i] over n elements.
     *
     * @param n     number of elements, at least 0
     * @param alpha scale factor
     * @param x     vector scaled in place at {@code x[xOff .. xOff + n - 1]}
     * @param xOff  index of x's first element
     */
    void scal(int n, float alpha, float[] x, int xOff);

    /**
     * y = alpha * A x + beta * y, where A is m x n (leading dimension lda), x has n elements, y has m.
     *
     * @param m     rows of A, the length of y
     * @param n     columns of A, the length of x
     * @param alpha scale of the product A x
     * @param a     matrix A, row-major, element (i, j) at {@code a[aOff + i * lda + j]}
     * @param aOff  index of A's element (0, 0)
     * @param lda   distance between A's rows, at least n
     * @param x     input vector of n elements from {@code xOff}; must not overlap y
     * @param xOff  index of x's first element
     * @param beta  scale of y's old contents; 0 overwrites y without reading it
     * @param y     output vector of m elements from {@code yOff}
     * @param yOff  index of y's first element
     */
    void gemv(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
              float beta, float[] y, int yOff);

    /**
     * y = alpha * A^T x + beta * y, where A is m x n (leading dimension lda), x has m elements, y has n.
     *
     * @param m     rows of A, the length of x
     * @param n     columns of A, the length of y
     * @param alpha scale of the product A^T x
     * @param a     matrix A (not transposed in memory), row-major, element (i, j) at {@code a[aOff + i * lda + j]}
     * @param aOff  index of A's element (0, 0)
     * @param lda   distance between A's rows, at least n
     * @param x     input vector of m elements from {@code xOff}; must not overlap y
     * @param xOff  index of x's first element
     * @param beta  scale of y's old contents; 0 overwrites y without reading it
     * @param y     output vector of n elements from {@code yOff}
     * @param yOff  index of y's first element
     */
    void gemvT(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
               float beta, float[] y, int yOff);

    /**
     * Rank-1 update A = alpha * x y^T + A, where A is m x n (leading dimension lda), x has m, y has n.
     *
     * @param m     rows of A, the length of x
     * @param n     columns of A, the length of y
     * @param alpha scale of the outer product
     * @param x     column vector of m elements from {@code xOff}; must not overlap A
     * @param xOff  index of x's first element
     * @param y     row vector of n elements from {@code yOff}; must not overlap A
     * @param yOff  index of y's first element
     * @param a     matrix A, updated in place, row-major, element (i, j) at {@code a[aOff + i * lda + j]}
     * @param aOff  index of A's element (0, 0)
     * @param lda   distance between A's rows, at least n
     */
    void ger(int m, int n, float alpha, float[] x, int xOff, float[] y, int yOff, float[] a, int aOff, int lda);

    /**
     * C = alpha * op(A) op(B) + beta * C, where op(X) is X or X^T as {@code transA}/{@code transB} say,
     * op(A) is m x k, op(B) is k x n and C is m x n. The leading dimensions are those of the stored
     * matrices: A is stored m x k (lda &gt;= k) or, transposed, k x m (lda &gt;= m); likewise B.
     *
     * @param transA whether op(A) is A^T, that is whether A is stored k x m
     * @param transB whether op(B) is B^T, that is whether B is stored n x k
     * @param m      rows of op(A) and of C
     * @param n      columns of op(B) and of C
     * @param k      columns of op(A), rows of op(B): the length of each inner product; 0 makes the product 0
     * @param alpha  scale of the product op(A) op(B)
     * @param a      matrix A as stored, row-major from {@code aOff}; must not overlap C
     * @param aOff   index of A's stored element (0, 0)
     * @param lda    distance between A's stored rows: at least k, or at least m when {@code transA}
     * @param b      matrix B as stored, row-major from {@code bOff}; must not overlap C
     * @param bOff   index of B's stored element (0, 0)
     * @param ldb    distance between B's stored rows: at least n, or at least k when {@code transB}
     * @param beta   scale of C's old contents; 0 overwrites C without reading it
     * @param c      output matrix C, m x n, row-major from {@code cOff}
     * @param cOff   index of C's element (0, 0)
     * @param ldc    distance between C's rows, at least n
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /**
     * y[i] = 1 / (1 + e^-x[i]) over n elements; y may be x (same offset).
     *
     * @param n    number of elements, at least 0
     * @param x    pre-activations, read at {@code x[xOff .. xOff + n - 1]}
     * @param xOff index of x's first element
     * @param y    receives the outputs at {@code y[yOff .. yOff + n - 1]}; may be x only with {@code yOff == xOff}
     * @param yOff index of y's first element
     */
    void sigmoid(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * y[i] = tanh(x[i]) over n elements; y may be x (same offset).
     *
     * @param n    number of elements, at least 0
     * @param x    pre-activations, read at {@code x[xOff .. xOff + n - 1]}
     * @param xOff index of x's first element
     * @param y    receives the outputs at {@code y[yOff .. yOff + n - 1]}; may be x only with {@code yOff == xOff}
     * @param yOff index of y's first element
     */
    void tanh(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * y[i] = max(0, x[i]) over n elements; y may be x (same offset).
     *
     * @param n    number of elements, at least 0
     * @param x    pre-activations, read at {@code x[xOff .. xOff + n - 1]}
     * @param xOff index of x's first element
     * @param y    receives the outputs at {@code y[yOff .. yOff + n - 1]}; may be x only with {@code yOff == xOff}
     * @param yOff index of y's first element
     */
    void relu(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * Softmax of one row of n elements, y[i] = e^(x[i] - max x) / sum_j e^(x[j] - max x); y may be x (same
     * offset).
     *
     * @param n    number of elements in the row, at least 1
     * @param x    pre-activations (logits), read at {@code x[xOff .. xOff + n - 1]}
     * @param xOff index of x's first element
     * @param y    receives the probabilities, non-negative and summing to 1 up to rounding, at
     *             {@code y[yOff .. yOff + n - 1]}; may be x only with {@code yOff == xOff}
     * @param yOff index of y's first element
     */
    void softmax(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * g[i] = g[i] * y[i] * (1 - y[i]): the sigmoid derivative from the outputs y.
     *
     * @param n    number of elements, at least 0
     * @param y    the activation's outputs from the forward pass, read at {@code y[yOff .. yOff + n - 1]}
     * @param yOff index of y's first element
     * @param g    on entry dE/dy, on return dE/da, at {@code g[gOff .. gOff + n - 1]}; must not overlap y
     * @param gOff index of g's first element
     */
    void sigmoidBackward(int n, float[] y, int yOff, float[] g, int gOff);

    /**
     * g[i] = g[i] * (1 - y[i]^2): the tanh derivative from the outputs y.
     *
     * @param n    number of elements, at least 0
     * @param y    the activation's outputs from the forward pass, read at {@code y[yOff .. yOff + n - 1]}
     * @param yOff index of y's first element
     * @param g    on entry dE/dy, on return dE/da, at {@code g[gOff .. gOff + n - 1]}; must not overlap y
     * @param gOff index of g's first element
     */
    void tanhBackward(int n, float[] y, int yOff, float[] g, int gOff);

    /**
     * g[i] = y[i] &gt; 0 ? g[i] : 0: the relu derivative from the outputs y.
     *
     * @param n    number of elements, at least 0
     * @param y    the activation's outputs from the forward pass, read at {@code y[yOff .. yOff + n - 1]}
     * @param yOff index of y's first element
     * @param g    on entry dE/dy, on return dE/da, at {@code g[gOff .. gOff + n - 1]}; must not overlap y
     * @param gOff index of g's first element
     */
    void reluBackward(int n, float[] y, int yOff, float[] g, int gOff);
}
