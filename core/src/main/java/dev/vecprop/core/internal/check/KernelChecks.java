package dev.vecprop.core.internal.check;

import java.util.Objects;

/**
 * The argument checks of the kernels, shared by every provider of this project so that a bad call fails
 * the same way, with the same message, whichever provider runs. Not API: exported only to the SIMD kernels.
 * Each check is O(1), made once per call before anything is written.
 */
public final class KernelChecks {

    private KernelChecks() {
    }

    /**
     * Checks that an r x c row-major matrix with leading dimension ld at offset off lies inside its array.
     * An empty matrix (r or c zero) is accepted whatever its offset and leading dimension.
     *
     * @param name the matrix's name in the message, such as "A"
     * @param r    rows
     * @param c    columns
     * @param x    the array
     * @param off  offset of element (0, 0)
     * @param ld   leading dimension
     * @throws IllegalArgumentException  if r or c is negative, or ld is below c (rows would overlap)
     * @throws IndexOutOfBoundsException if the matrix reaches outside the array
     */
    public static void matrix(String name, int r, int c, float[] x, int off, int ld) {
        if (r < 0 || c < 0) {
            throw new IllegalArgumentException("matrix " + name + " cannot be " + r + " x " + c);
        }
        if (r == 0 || c == 0) {
            return;
        }
        if (ld < c) {
            throw new IllegalArgumentException("matrix " + name + " is " + r + " x " + c
                    + " but its leading dimension is " + ld + " (at least " + c + ")");
        }
        long extent = (long) (r - 1) * ld + c;
        Objects.checkFromIndexSize(off, extent > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) extent, x.length);
    }

    /**
     * Checks the three matrices of a gemm: A stored m x k (or k x m when transposed), B stored k x n (or
     * n x k), C m x n; see {@link #matrix}.
     *
     * @param transA whether A is stored transposed
     * @param transB whether B is stored transposed
     * @param m      rows of op(A) and C
     * @param n      columns of op(B) and C
     * @param k      columns of op(A), rows of op(B)
     * @param a      the array of A
     * @param aOff   offset of A(0, 0)
     * @param lda    leading dimension of A as stored
     * @param b      the array of B
     * @param bOff   offset of B(0, 0)
     * @param ldb    leading dimension of B as stored
     * @param c      the array of C
     * @param cOff   offset of C(0, 0)
     * @param ldc    leading dimension of C
     * @throws IllegalArgumentException  if a dimension is negative or a leading dimension too small
     * @throws IndexOutOfBoundsException if a matrix reaches outside its array
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                            float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        if (transA) {
            matrix("A", k, m, a, aOff, lda);
        } else {
            matrix("A", m, k, a, aOff, lda);
        }
        if (transB) {
            matrix("B", n, k, b, bOff, ldb);
        } else {
            matrix("B", k, n, b, bOff, ldb);
        }
        matrix("C", m, n, c, cOff, ldc);
    }

    /**
     * Checks gemv's operands: A m x n (see {@link #matrix}), x of n elements, y of m, in that order.
     *
     * @param m    rows of A
     * @param n    columns of A
     * @param a    the array of A
     * @param aOff offset of A(0, 0)
     * @param lda  leading dimension of A
     * @param x    the array of x
     * @param xOff offset of x
     * @param y    the array of y
     * @param yOff offset of y
     * @throws IllegalArgumentException  if a dimension is negative or lda is too small
     * @throws IndexOutOfBoundsException if an operand reaches outside its array
     */
    public static void gemv(int m, int n, float[] a, int aOff, int lda, float[] x, int xOff, float[] y, int yOff) {
        matrix("A", m, n, a, aOff, lda);
        vector(xOff, n, x);
        vector(yOff, m, y);
    }

    /**
     * Checks the operands of gemvT, ger, sparseGemvT and sparseGer: A m x n (see {@link #matrix}), x of m
     * elements, y of n, in that order.
     *
     * @param m    rows of A
     * @param n    columns of A
     * @param a    the array of A
     * @param aOff offset of A(0, 0)
     * @param lda  leading dimension of A
     * @param x    the array of x
     * @param xOff offset of x
     * @param y    the array of y
     * @param yOff offset of y
     * @throws IllegalArgumentException  if a dimension is negative or lda is too small
     * @throws IndexOutOfBoundsException if an operand reaches outside its array
     */
    public static void gemvT(int m, int n, float[] a, int aOff, int lda, float[] x, int xOff, float[] y, int yOff) {
        matrix("A", m, n, a, aOff, lda);
        vector(xOff, m, x);
        vector(yOff, n, y);
    }

    /**
     * Checks the two operands of an element-wise operation, n elements each, the first one first.
     *
     * @param n    number of elements
     * @param x    the first array
     * @param xOff offset in it
     * @param y    the second array
     * @param yOff offset in it
     * @throws IndexOutOfBoundsException if n is negative or a range reaches outside its array
     */
    public static void vectors(int n, float[] x, int xOff, float[] y, int yOff) {
        vector(xOff, n, x);
        vector(yOff, n, y);
    }

    /**
     * Checks that n elements from offset off lie inside the array: {@link Objects#checkFromIndexSize}.
     *
     * @param off offset of the first element
     * @param n   number of elements
     * @param x   the array
     * @throws IndexOutOfBoundsException if n is negative or the range reaches outside the array
     */
    public static void vector(int off, int n, float[] x) {
        Objects.checkFromIndexSize(off, n, x.length);
    }
}
