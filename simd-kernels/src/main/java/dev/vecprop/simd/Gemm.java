package dev.vecprop.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = alpha op(A) op(B) + beta C, blocked the way BLIS and GotoBLAS do it (Goto and van de Geijn, "Anatomy
 * of High-Performance Matrix Multiplication", ACM TOMS 34(3), 2008):
 *
 * <ol>
 *   <li>C is scaled by beta once (cleared when beta is 0), so that everything after accumulates.</li>
 *   <li>For each block of {@link #NC} columns and {@link #KC} steps of the inner dimension, op(B) is packed
 *       into micro-panels of {@link #NR} columns, stored step by step ({@code NR} contiguous floats per
 *       step), zero-padded past the last column: the panel that one micro-kernel call streams stays in L1.</li>
 *   <li>For each block of {@link #MC} rows, alpha op(A) is packed into micro-panels of {@link #MR} rows
 *       ({@code MR} contiguous floats per step), zero-padded past the last row; the block stays in L2.</li>
 *   <li>The micro-kernel keeps an MR x NR tile of C in registers (4 x 2 vectors = 8 accumulators, plus two
 *       B vectors and the broadcasts) and per step does 2 loads, 4 broadcasts from memory and 8 fma, then
 *       adds the tile into C. Eight independent accumulators cover the fma latency (4 cycles, 2 per
 *       cycle). Measured on the micro-kernel alone, in L1, on this Zen 3 machine: 4 x 16 reached about
 *       90 GFLOP/s (the fma peak), while 6 x 16 and 4 x 24 (12 accumulators, the textbook choice for 16
 *       registers) fell to about 40: C2's register allocator spills them.</li>
 * </ol>
 *
 * <p>Packing is where transA and transB are absorbed, so one micro-kernel serves all four forms. It costs
 * O(mk + kn) against the O(mnk) of the product. Packing buffers are kept per thread and grow to the
 * largest problem seen, so steady-state calls allocate nothing.
 */
final class Gemm {

    private static final VectorSpecies<Float> F = Lanes.F;
    private static final int L = Lanes.L;

    /** Rows of the register tile. */
    static final int MR = 4;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a packed block: a B micro-panel is KC x NR floats, 16 KiB at 256 bits. */
    static final int KC = 256;
    /** Rows of a packed A block: MC x KC floats, 128 KiB, in the 512 KiB L2. */
    static final int MC = 128;
    /** Columns of a packed B block. */
    static final int NC = 1024;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** One thread's packing space. */
    private static final class Buffers {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] tile = new float[MR * NR];

        float[] a(int size) {
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }

        float[] b(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
        }
    }

    private Gemm() {
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (beta != 1f) {
            for (int i = 0; i < m; i++) {
                VectorKernels.scaleOrClear(n, beta, c, cOff + i * ldc);
            }
        }
        if (k == 0 || alpha == 0f) {
            return;
        }
        Buffers buf = BUFFERS.get();
        int ncMax = Math.min(n, NC);
        int kcMax = Math.min(k, KC);
        int mcMax = Math.min(m, MC);
        float[] bp = buf.b(kcMax * roundUp(ncMax, NR));
        float[] ap = buf.a(kcMax * roundUp(mcMax, MR));
        float[] tile = buf.tile;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, kc, nc, b, bOff, ldb, pc, jc, bp);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, mc, kc, alpha, a, aOff, lda, ic, pc, ap);
                    macroKernel(mc, nc, kc, ap, bp, c, cOff + ic * ldc + jc, ldc, tile);
                }
            }
        }
    }

    private static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }

    /**
     * Packs op(B)[pc:pc+kc, jc:jc+nc] into micro-panels of NR columns: panel q holds, for each step p,
     * NR floats at {@code bp[q * kc * NR + p * NR]}.
     */
    private static void packB(boolean transB, int kc, int nc, float[] b, int bOff, int ldb, int pc, int jc,
                              float[] bp) {
        for (int j0 = 0, q = 0; j0 < nc; j0 += NR, q++) {
            int w = Math.min(NR, nc - j0);
            int base = q * kc * NR;
            if (!transB) {
                int src = bOff + pc * ldb + jc + j0;
                if (w == NR) {
                    for (int p = 0; p < kc; p++, src += ldb) {
                        int dst = base + p * NR;
                        FloatVector.fromArray(F, b, src).intoArray(bp, dst);
                        FloatVector.fromArray(F, b, src + L).intoArray(bp, dst + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += ldb) {
                        int dst = base + p * NR;
                        System.arraycopy(b, src, bp, dst, w);
                        java.util.Arrays.fill(bp, dst + w, dst + NR, 0f);
                    }
                }
            } else {
                // op(B)(p, j) = B[j, p]: each stored row of B is one column of the panel. Four rows are
                // read side by side, so that each step writes four adjacent floats of the panel.
                int cc = 0;
                for (; cc + 4 <= w; cc += 4) {
                    int s0 = bOff + (jc + j0 + cc) * ldb + pc;
                    int s1 = s0 + ldb;
                    int s2 = s1 + ldb;
                    int s3 = s2 + ldb;
                    for (int p = 0; p < kc; p++) {
                        int dst = base + p * NR + cc;
                        bp[dst] = b[s0 + p];
                        bp[dst + 1] = b[s1 + p];
                        bp[dst + 2] = b[s2 + p];
                        bp[dst + 3] = b[s3 + p];
                    }
                }
                for (; cc < w; cc++) {
                    int src = bOff + (jc + j0 + cc) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * NR + cc] = b[src + p];
                    }
                }
                if (w < NR) {
                    for (int p = 0; p < kc; p++) {
                        java.util.Arrays.fill(bp, base + p * NR + w, base + (p + 1) * NR, 0f);
                    }
                }
            }
        }
    }

    /**
     * Packs alpha op(A)[ic:ic+mc, pc:pc+kc] into micro-panels of MR rows: panel q holds, for each step p, MR
     * floats at {@code ap[q * kc * MR + p * MR]}.
     */
    private static void packA(boolean transA, int mc, int kc, float alpha, float[] a, int aOff, int lda, int ic,
                              int pc, float[] ap) {
        for (int i0 = 0, q = 0; i0 < mc; i0 += MR, q++) {
            int h = Math.min(MR, mc - i0);
            int base = q * kc * MR;
            if (!transA && h == MR) {
                // Four rows side by side: each step writes one whole (four-float) step of the panel.
                int s0 = aOff + (ic + i0) * lda + pc;
                int s1 = s0 + lda;
                int s2 = s1 + lda;
                int s3 = s2 + lda;
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * MR;
                    ap[dst] = alpha * a[s0 + p];
                    ap[dst + 1] = alpha * a[s1 + p];
                    ap[dst + 2] = alpha * a[s2 + p];
                    ap[dst + 3] = alpha * a[s3 + p];
                }
            } else if (!transA) {
                for (int r = 0; r < h; r++) {
                    int src = aOff + (ic + i0 + r) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = alpha * a[src + p];
                    }
                }
            } else {
                // op(A)(i, p) = A[p, i]: a panel step is MR contiguous floats of a stored row.
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + ic + i0;
                    int dst = base + p * MR;
                    for (int r = 0; r < h; r++) {
                        ap[dst + r] = alpha * a[src + r];
                    }
                }
            }
            if (h < MR) {
                for (int p = 0; p < kc; p++) {
                    for (int r = h; r < MR; r++) {
                        ap[base + p * MR + r] = 0f;
                    }
                }
            }
        }
    }

    /** C[0:mc, 0:nc] += packed A block times packed B block, tile by tile. */
    private static void macroKernel(int mc, int nc, int kc, float[] ap, float[] bp, float[] c, int cOff, int ldc,
                                    float[] tile) {
        for (int j0 = 0, qb = 0; j0 < nc; j0 += NR, qb++) {
            int w = Math.min(NR, nc - j0);
            int bBase = qb * kc * NR;
            for (int i0 = 0, qa = 0; i0 < mc; i0 += MR, qa++) {
                int h = Math.min(MR, mc - i0);
                int aBase = qa * kc * MR;
                if (h == MR && w == NR) {
                    kernel(kc, ap, aBase, bp, bBase, c, cOff + i0 * ldc + j0, ldc);
                } else {
                    java.util.Arrays.fill(tile, 0f);
                    kernel(kc, ap, aBase, bp, bBase, tile, 0, NR);
                    for (int r = 0; r < h; r++) {
                        int row = cOff + (i0 + r) * ldc + j0;
                        for (int cc = 0; cc < w; cc++) {
                            c[row + cc] += tile[r * NR + cc];
                        }
                    }
                }
            }
        }
    }

    /** The 4 x 2-vector register tile: C[0:4, 0:NR] += sum_p A_panel[p, 0:4]^T B_panel[p, 0:NR]. */
    private static void kernel(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F);
        FloatVector c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F);
        FloatVector c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F);
        FloatVector c31 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR;
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + L);
            FloatVector a0 = FloatVector.broadcast(F, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        // Written out rather than through a helper, which C2 may refuse to inline once the method is
        // large (NodeCountInliningCutoff, seen with a 6-row tile): that would box two vectors per tile.
        int o = cOff;
        c00.add(FloatVector.fromArray(F, c, o)).intoArray(c, o);
        c01.add(FloatVector.fromArray(F, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c10.add(FloatVector.fromArray(F, c, o)).intoArray(c, o);
        c11.add(FloatVector.fromArray(F, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c20.add(FloatVector.fromArray(F, c, o)).intoArray(c, o);
        c21.add(FloatVector.fromArray(F, c, o + L)).intoArray(c, o + L);
        o += ldc;
        c30.add(FloatVector.fromArray(F, c, o)).intoArray(c, o);
        c31.add(FloatVector.fromArray(F, c, o + L)).intoArray(c, o + L);
    }
}
