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
     * The name that selects this provider.
     *
     * @return a short lower-case name, such as {@code scalar} or {@code simd}
     */
    String name();

    /**
     * One line for people: the name and what it runs on.
     *
     * @return for example "simd (FloatVector 256 bits, FMA)"
     */
    String description();

    /**
     * The rank of this provider when the engine picks one by itself: higher wins.
     *
     * @return the priority; the scalar provider has 0
     */
    int priority();

    /**
     * Why this provider cannot run in this JVM (for example, an incubator module that was not added). Called
     * before any other method; must not fail.
     *
     * @return the reason in one line, or {@code null} when the provider can run
     */
    default String unavailableReason() {
        return null;
    }

    /**
     * The dot product sum_i x[i] * y[i].
     *
     * @param n    number of elements
     * @param x    first vector
     * @param xOff offset of x's first element
     * @param y    second vector
     * @param yOff offset of y's first element
     * @return the sum
     */
    float dot(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * y[i] = alpha * x[i] + y[i].
     *
     * @param n     number of elements
     * @param alpha scale of x
     * @param x     the vector added
     * @param xOff  offset of x's first element
     * @param y     the vector updated
     * @param yOff  offset of y's first element
     */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /**
     * x[i] = alpha * x[i].
     *
     * @param n     number of elements
     * @param alpha the scale
     * @param x     the vector scaled in place
     * @param xOff  offset of x's first element
     */
    void scal(int n, float alpha, float[] x, int xOff);

    /**
     * y = alpha * A x + beta * y.
     *
     * @param m     rows of A, elements of y
     * @param n     columns of A, elements of x
     * @param alpha scale of the product
     * @param a     the matrix A, row-major
     * @param aOff  offset of A(0, 0)
     * @param lda   leading dimension of A (at least n)
     * @param x     the vector multiplied
     * @param xOff  offset of x's first element
     * @param beta  scale of y's old value (0: y is overwritten unread)
     * @param y     the result
     * @param yOff  offset of y's first element
     */
    void gemv(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
              float beta, float[] y, int yOff);

    /**
     * y = alpha * A^T x + beta * y.
     *
     * @param m     rows of A, elements of x
     * @param n     columns of A, elements of y
     * @param alpha scale of the product
     * @param a     the matrix A, row-major
     * @param aOff  offset of A(0, 0)
     * @param lda   leading dimension of A (at least n)
     * @param x     the vector multiplied
     * @param xOff  offset of x's first element
     * @param beta  scale of y's old value (0: y is overwritten unread)
     * @param y     the result
     * @param yOff  offset of y's first element
     */
    void gemvT(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
               float beta, float[] y, int yOff);

    /**
     * Rank-1 update A = alpha * x y^T + A.
     *
     * @param m     rows of A, elements of x
     * @param n     columns of A, elements of y
     * @param alpha scale of the outer product
     * @param x     the column vector
     * @param xOff  offset of x's first element
     * @param y     the row vector
     * @param yOff  offset of y's first element
     * @param a     the matrix A, row-major, updated in place
     * @param aOff  offset of A(0, 0)
     * @param lda   leading dimension of A (at least n)
     */
    void ger(int m, int n, float alpha, float[] x, int xOff, float[] y, int yOff, float[] a, int aOff, int lda);

    /**
     * y = y + A^T x over the nonzero elements of x only: y[j] += x[i] * A(i, j) for every i with
     * x[i] != 0, rows taken in ascending i. Rows whose x[i] is zero (or -0) are not read at all, so they
     * cost nothing and their values, even non-finite ones, do not matter. This is the forward pass of a
     * layer stored input by input (a row of A per input), where zero inputs are common (image pixels,
     * one-hot features).
     *
     * <p>The default adds row by row with {@link #axpy}.
     *
     * @param m    rows of A, elements of x
     * @param n    columns of A, elements of y
     * @param a    the matrix A, row-major
     * @param aOff offset of A(0, 0)
     * @param lda  leading dimension of A (at least n)
     * @param x    the vector multiplied, usually with many zeros
     * @param xOff offset of x's first element
     * @param y    the result, added to (not overwritten)
     * @param yOff offset of y's first element
     */
    default void sparseGemvT(int m, int n, float[] a, int aOff, int lda, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < m; i++) {
            float xi = x[xOff + i];
            if (xi != 0f) {
                axpy(n, xi, a, aOff + i * lda, y, yOff);
            }
        }
    }

    /**
     * Rank-1 update A = alpha * x y^T + A over the nonzero elements of x only: row i of A gets
     * (alpha * x[i]) * y added for every i with x[i] != 0; the other rows are neither read nor written.
     * Per element this is the arithmetic of {@link #ger}, so the rows that are updated get the values
     * {@code ger} gives them.
     *
     * @param m     rows of A, elements of x
     * @param n     columns of A, elements of y
     * @param alpha scale of the outer product
     * @param x     the column vector, usually with many zeros
     * @param xOff  offset of x's first element
     * @param y     the row vector
     * @param yOff  offset of y's first element
     * @param a     the matrix A, row-major, updated in place
     * @param aOff  offset of A(0, 0)
     * @param lda   leading dimension of A (at least n)
     */
    default void sparseGer(int m, int n, float alpha, float[] x, int xOff, float[] y, int yOff,
                           float[] a, int aOff, int lda) {
        for (int i = 0; i < m; i++) {
            float xi = x[xOff + i];
            if (xi != 0f) {
                axpy(n, alpha * xi, y, yOff, a, aOff + i * lda);
            }
        }
    }

    /**
     * The momentum step of the rows of A whose x[i] is not zero: v_i = mu v_i + x[i] d, then
     * a_i = a_i - eta v_i, where a_i and v_i are row i of A and of V, stored alike. Rows of a zero x[i] are
     * not touched. This is the per-sample step with momentum of a first layer stored input by input, whose
     * rows of zero inputs are stepped later, all at once.
     *
     * <p>The default makes, for each such row, {@link #scal} of v_i by mu, {@link #axpy} of x[i] d into it,
     * and {@link #axpy} of -eta v_i into a_i.
     *
     * @param m    rows of A and V, elements of x
     * @param n    columns of A and V, elements of d
     * @param mu   the momentum
     * @param eta  the learning rate
     * @param x    the column vector, usually with many zeros
     * @param xOff offset of x's first element
     * @param d    the row vector
     * @param dOff offset of d's first element
     * @param v    the velocities V, row-major, updated in place; must not overlap A, x or d
     * @param vOff offset of V(0, 0)
     * @param a    the matrix A, row-major, updated in place
     * @param aOff offset of A(0, 0)
     * @param lda  leading dimension of A and of V (at least n)
     */
    default void sparseMomentumGer(int m, int n, float mu, float eta, float[] x, int xOff, float[] d, int dOff,
                                   float[] v, int vOff, float[] a, int aOff, int lda) {
        for (int i = 0; i < m; i++) {
            float xi = x[xOff + i];
            if (xi != 0f) {
                int r = i * lda;
                scal(n, mu, v, vOff + r);
                axpy(n, xi, d, dOff, v, vOff + r);
                axpy(n, -eta, v, vOff + r, a, aOff + r);
            }
        }
    }

    /**
     * {@link #sparseMomentumGer} on the rows of a nonzero u[i], a catch-up of the rows of a zero u[i] and a
     * nonzero x[i] (a_i = a_i + s[i] v_i, then v_i = c[i] v_i), then {@link #sparseGemvT} of x with the updated
     * A. This is the per-sample step with momentum of a first layer stored input by input, carried into the
     * next sample's forward pass: the rows that sample needs and the step left behind are brought up to date
     * (s[i] = -eta (mu + ... + mu^k) and c[i] = mu^k for a row k steps behind), so kernels may make all of it
     * in one pass over the rows either needs.
     *
     * <p>The default makes the step, then for each row to catch up {@link #axpy} of s[i] v_i into a_i and
     * {@link #scal} of v_i by c[i], then the sums.
     *
     * @param m    rows of A and V, elements of u, s, c and x
     * @param n    columns of A and V, elements of d and y
     * @param mu   the step's momentum
     * @param eta  the step's learning rate
     * @param u    the step's column vector, usually with many zeros
     * @param uOff offset of u's first element
     * @param d    the step's row vector
     * @param dOff offset of d's first element
     * @param s    the catch-ups' scales of v_i into a_i, read where u[i] is zero and x[i] is not
     * @param c    the catch-ups' decays of v_i, read where s is
     * @param sOff offset of the first element of s and of c
     * @param v    the velocities V, row-major, updated in place; must not overlap A or the vectors
     * @param vOff offset of V(0, 0)
     * @param a    the matrix A, row-major, updated in place
     * @param aOff offset of A(0, 0)
     * @param lda  leading dimension of A and of V (at least n)
     * @param x    the vector multiplied with the updated A, usually with many zeros
     * @param xOff offset of x's first element
     * @param y    the result, added to (not overwritten); must not overlap A, V or d
     * @param yOff offset of y's first element
     */
    default void sparseMomentumGerGemvT(int m, int n, float mu, float eta, float[] u, int uOff, float[] d,
                                        int dOff, float[] s, float[] c, int sOff, float[] v, int vOff,
                                        float[] a, int aOff, int lda, float[] x, int xOff, float[] y, int yOff) {
        sparseMomentumGer(m, n, mu, eta, u, uOff, d, dOff, v, vOff, a, aOff, lda);
        for (int i = 0; i < m; i++) {
            if (u[uOff + i] == 0f && x[xOff + i] != 0f) {
                int r = i * lda;
                axpy(n, s[sOff + i], v, vOff + r, a, aOff + r);
                scal(n, c[sOff + i], v, vOff + r);
            }
        }
        sparseGemvT(m, n, a, aOff, lda, x, xOff, y, yOff);
    }

    /**
     * {@link #sparseGer} then {@link #sparseGemvT} with the updated matrix: row i of A gets (alpha * u[i]) * d
     * added for every i with u[i] != 0, then y gets x[i] * A(i, :) added for every i with x[i] != 0. The
     * results are those two calls' bit for bit; kernels may compute both in one pass over the rows, reading
     * each row that either needs once. This is the per-sample step of a first layer stored input by input
     * when the update of one sample is carried into the forward pass of the next.
     *
     * <p>The default makes the two calls.
     *
     * @param m     rows of A, elements of u and x
     * @param n     columns of A, elements of d and y
     * @param alpha scale of the outer product
     * @param u     the update's column vector, usually with many zeros
     * @param uOff  offset of u's first element
     * @param d     the update's row vector
     * @param dOff  offset of d's first element
     * @param a     the matrix A, row-major, updated in place
     * @param aOff  offset of A(0, 0)
     * @param lda   leading dimension of A (at least n)
     * @param x     the vector multiplied with the updated A, usually with many zeros
     * @param xOff  offset of x's first element
     * @param y     the result, added to (not overwritten); must not overlap A or d
     * @param yOff  offset of y's first element
     */
    default void sparseGerGemvT(int m, int n, float alpha, float[] u, int uOff, float[] d, int dOff,
                                float[] a, int aOff, int lda, float[] x, int xOff, float[] y, int yOff) {
        sparseGer(m, n, alpha, u, uOff, d, dOff, a, aOff, lda);
        sparseGemvT(m, n, a, aOff, lda, x, xOff, y, yOff);
    }

    /**
     * C = alpha * op(A) op(B) + beta * C, where op(X) is X or X^T. The leading dimensions are those of the
     * matrices as stored: A is stored m x k (lda &gt;= k) or, transposed, k x m (lda &gt;= m); likewise B.
     *
     * @param transA whether op(A) is A^T
     * @param transB whether op(B) is B^T
     * @param m      rows of op(A) and C
     * @param n      columns of op(B) and C
     * @param k      columns of op(A), rows of op(B)
     * @param alpha  scale of the product
     * @param a      the matrix A, row-major
     * @param aOff   offset of A(0, 0)
     * @param lda    leading dimension of A as stored
     * @param b      the matrix B, row-major
     * @param bOff   offset of B(0, 0)
     * @param ldb    leading dimension of B as stored
     * @param beta   scale of C's old value (0: C is overwritten unread)
     * @param c      the result C, row-major
     * @param cOff   offset of C(0, 0)
     * @param ldc    leading dimension of C (at least n)
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /**
     * The depth of the blocks along k in which {@link #gemm} sums a product of inner dimension {@code k}, or 0
     * when it does not sum in such blocks (the default). A result d &gt; 0 promises, for every call of inner
     * dimension {@code k} with alpha not 0: the steps are taken in blocks of d, [0, d), [d, 2d) and so on, the
     * last one ending at k; the products alpha op(A)(i, p) op(B)(p, j) of a block are summed into a value s
     * from zero, whatever C holds; and each element c of C becomes fma(c, beta, s) (s alone when beta is 0)
     * after the first block and c + s after each later one, in order. A call of inner dimension at most d is
     * one such block. So a product equals a chain of one-block calls, the first with beta and the others with
     * beta 1, and the sums of a block may be computed apart (beta 0) and added afterwards with the same bits:
     * the trainer splits a batch's first product along k that way over threads.
     *
     * @param k the inner dimension of a product, at least 1
     * @return the depth of its blocks, in 1 to k, or 0
     */
    default int gemmBlockDepth(int k) {
        return 0;
    }

    /**
     * y[i] = 1 / (1 + e^-x[i]).
     *
     * @param n    number of elements
     * @param x    the inputs
     * @param xOff offset of x's first element
     * @param y    the outputs; may be x at the same offset
     * @param yOff offset of y's first element
     */
    void sigmoid(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * y[i] = tanh(x[i]).
     *
     * @param n    number of elements
     * @param x    the inputs
     * @param xOff offset of x's first element
     * @param y    the outputs; may be x at the same offset
     * @param yOff offset of y's first element
     */
    void tanh(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * y[i] = max(0, x[i]).
     *
     * @param n    number of elements
     * @param x    the inputs
     * @param xOff offset of x's first element
     * @param y    the outputs; may be x at the same offset
     * @param yOff offset of y's first element
     */
    void relu(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * Softmax of one row: y[i] = e^(x[i] - max x) / sum_j e^(x[j] - max x).
     *
     * @param n    number of elements of the row
     * @param x    the inputs (logits)
     * @param xOff offset of the row's first element
     * @param y    the outputs; may be x at the same offset
     * @param yOff offset of y's first element
     */
    void softmax(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * g[i] = g[i] * y[i] * (1 - y[i]): the sigmoid derivative taken from the outputs.
     *
     * @param n    number of elements
     * @param y    the sigmoid's outputs
     * @param yOff offset of y's first element
     * @param g    the gradient, multiplied in place
     * @param gOff offset of g's first element
     */
    void sigmoidBackward(int n, float[] y, int yOff, float[] g, int gOff);

    /**
     * g[i] = g[i] * (1 - y[i]^2): the tanh derivative taken from the outputs.
     *
     * @param n    number of elements
     * @param y    the tanh's outputs
     * @param yOff offset of y's first element
     * @param g    the gradient, multiplied in place
     * @param gOff offset of g's first element
     */
    void tanhBackward(int n, float[] y, int yOff, float[] g, int gOff);

    /**
     * g[i] = y[i] &gt; 0 ? g[i] : 0: the relu derivative taken from the outputs.
     *
     * @param n    number of elements
     * @param y    the relu's outputs
     * @param yOff offset of y's first element
     * @param g    the gradient, zeroed in place where the unit was off
     * @param gOff offset of g's first element
     */
    void reluBackward(int n, float[] y, int yOff, float[] g, int gOff);
}
