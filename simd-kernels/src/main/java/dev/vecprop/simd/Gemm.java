package dev.vecprop.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = alpha op(A) op(B) + beta C, blocked the way BLIS and GotoBLAS do it (Goto and van de Geijn, "Anatomy
 * of High-Performance Matrix Multiplication", ACM TOMS 34(3), 2008):
 *
 * <ol>
 *   <li>For each block of {@link #NC} columns and {@link #KC} steps of the inner dimension, op(B) is packed
 *       into micro-panels of {@link #NR} columns, stored step by step ({@code NR} contiguous floats per
 *       step), zero-padded past the last column: the panel that one micro-kernel call streams stays in L1.</li>
 *   <li>For each block of {@link #MC} rows, alpha op(A) is packed into micro-panels of {@link #MR} rows
 *       ({@code MR} contiguous floats per step), zero-padded past the last row; the block stays in L2.</li>
 *   <li>The micro-kernel keeps an MR x NR tile of C in registers (4 x 2 vectors = 8 accumulators, plus two
 *       B vectors and the broadcasts) and per step does 2 loads, 4 broadcasts from memory and 8 fma, then
 *       applies the tile to C: with beta on the first block along k (C not read when beta is 0), adding on
 *       the later ones, so C is never swept separately to scale it. Eight independent accumulators cover
 *       the fma latency (4 cycles, 2 per cycle). Measured on the micro-kernel alone, in L1, on this Zen 3
 *       machine: 4 x 16 reached about 90 GFLOP/s (the fma peak), while 6 x 16 and 4 x 24 (12 accumulators,
 *       the textbook choice for 16 registers) fell to about 40: C2's register allocator spills them.
 *       At 16 lanes (AVX-512, 32 vector registers) the tile has 8 rows ({@link #kernel8}: 16 accumulators,
 *       2 loads, 8 broadcasts and 16 fma per step), and a packed step of A is 8 floats. On a Xeon, against
 *       4 rows, the two builds alternated (GemmBench, -f 1 -wi 3 -i 4, twice): 512^3 19 to 25% less time
 *       in NN, 14 to 21% in NT, 19 to 23% in TN; 128 x 784 x 128 NN 1 to 5%, NT 13 to 20%, TN 20 to 22%;
 *       the batch-128 training step 13 to 15% (TrainingStepBench).</li>
 * </ol>
 *
 * <p>Packing is where transA and transB are absorbed, so one micro-kernel serves all four forms. It costs
 * O(mk + kn) against the O(mnk) of the product. The transposing packers (A not transposed: MR rows
 * interleaved step by step; B transposed: NR rows turned into columns) transpose 8 x 8 blocks in
 * registers with shuffles and blends of 256-bit vectors; the copying ones move whole vectors (of MR
 * lanes for transposed A) and walk eight source rows at a time across all panels, so that every source
 * line is read once, front to back. Packing buffers are kept per thread and grow to the largest problem
 * seen, so steady-state calls allocate nothing.
 *
 * <p><b>The same bits however C is split.</b> Every element of C gets the same arithmetic wherever it lies
 * and whatever m, n and the offsets are: alpha times the element of A (rounded, in packing); per block of
 * steps along k (ceil(k / KC) blocks of equal depth, rounded up, from 0: they depend on k only), a chain of fma over the steps in order,
 * from zero; then c * beta + sum as one fma for the first block (the sum alone when beta is 0) and
 * c * 1 + sum (exactly c + sum) for the others. Edge tiles run the same micro-kernel into a scratch tile
 * and apply it with the scalar {@link Math#fma}, which rounds like the vector one. So computing C by row
 * blocks, column blocks or both, split anywhere, gives bit-identical results to one call
 * ({@code GemmSplitTest}).
 *
 * <p><b>Measurements</b> (from CPU-time probes that are not part of the repository, so indicative;
 * docs/benchmarks.md has the JMH figures and their commands. Zen 3, 2 vCPUs shared with other work; single
 * thread; thread CPU time, each
 * variant called in turn with the one it is compared to, so that both see the same load; GFLOP/s = 2mnk /
 * time). On a quiet core the micro-kernel alone runs at 92-93 GFLOP/s in L1 (fma peak about 95), and
 * the whole gemm at 512^3 at 75-82 (NN, NT, TN; best calls and quiet medians), 128 x 784 x 128
 * (m x k x n) NN at about 72, the TN weight gradient 128 x 128 x 784 at about 77, 128^3 at about 76.
 * When the host is busy everything, the micro-kernel in L1 included, drops by up to half (thread CPU
 * time, so this is contention for the core and its caches, not waiting), which is where readings of
 * 32-38 at 512^3 came from: compare variants only side by side. The scalar-packing version before this
 * one reached about the same at 512^3 NN and NT on a quiet core; side by side, this one is 7-12% faster
 * where packing weighs most (NT at 128 x 784 x 128 and 128^3, TN at 512^3), and within the noise
 * (5%) elsewhere. What the gemm loses against the micro-kernel is mostly packing (3% at 512^3, 15-20%
 * at k = 784 with both operands transposed, NT) and the second pass over C along k. Packing, ns per element of a 256 x 128 block from a 784-wide source, old
 * scalar code against this: transposed B 0.57 against 0.32, interleaved A rows 0.48 against 0.24,
 * transposed A 1.37 against 0.28 (it walked a column of A per panel), copied B 0.14 both. On a Xeon with
 * AVX-512 (16 lanes), where the packers had copied element by element because their transposes were
 * written for 8 lanes, doing them with 256-bit vectors cut 128 x 784 x 128 NT (a batch of 128's forward
 * pass) from 291 and 293 µs to 239 and 212, and NN from 239 and 255 to 204 and 231; 512^3 and TN, whose
 * packing was vectorised already, stayed within the noise (GemmBench, the two builds alternated).
 *
 * <p>Tried and dropped: A packed as plain rows (a scaled copy instead of the interleave) with the
 * micro-kernel broadcasting from four row streams, 3-9% slower everywhere, the extra addressing costing
 * more than the cheaper packing saved; a 5 x 16 tile, 36 GFLOP/s in L1 (spilled); an 8 x 8 tile (one
 * B vector, eight broadcasts), 0.82-0.90 of 4 x 16; the k loop unrolled by hand by 2, 0.88-0.95
 * (C2 unrolls it already); KC 192, 7-10% slower at 512^3; MC 64 or 256, NC 256, KC 320 with MC 96,
 * all within the noise (3%) of KC 256, MC 128, NC 1024.
 */
final class Gemm {

    private static final VectorSpecies<Float> F = Lanes.F;
    private static final int L = Lanes.L;
    /** Rows of the register tile: 8 at 16 lanes (32 vector registers), else 4. */
    static final int MR = L >= 16 ? 8 : 4;
    /** One step of a packed A micro-panel: MR lanes. */
    private static final VectorSpecies<Float> FA =
            MR == 8 ? FloatVector.SPECIES_256 : FloatVector.SPECIES_128;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;
    /** Greatest depth of a packed block: a B micro-panel is KC x NR floats, 16 KiB at 256 bits. */
    static final int KC = 256;
    /** Rows of a packed A block: MC x KC floats, 128 KiB, in the 512 KiB L2. */
    static final int MC = 128;
    /** Columns of a packed B block. */
    static final int NC = 1024;

    /*
     * The in-register transposes of the packers work on 8 x 8 blocks with 256-bit vectors whatever the
     * kernels' width: the packed layout is plain floats, so at 16 lanes they serve as well (a panel step of
     * A, MR floats, is half a 16-lane vector). Below 8 lanes (128-bit hardware, or -Dvecprop.simd.bits=128)
     * the packers copy element by element.
     * Stage s (1, 2, 4) exchanges, between rows r and r + s, the lanes whose bit s differs from the row's:
     * lo = lo.blend(hi shifted up by s lanes, UP_s); hi = (lo shifted down by s lanes).blend(hi, UP_s).
     */
    private static final boolean T8 = L >= 8;
    /** Eight lanes: the transposes' width. */
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    private static final VectorShuffle<Float> UP1 = T8 ? shiftUp(1) : null;
    private static final VectorShuffle<Float> UP2 = T8 ? shiftUp(2) : null;
    private static final VectorShuffle<Float> UP4 = T8 ? shiftUp(4) : null;
    private static final VectorShuffle<Float> DN1 = T8 ? shiftDown(1) : null;
    private static final VectorShuffle<Float> DN2 = T8 ? shiftDown(2) : null;
    private static final VectorShuffle<Float> DN4 = T8 ? shiftDown(4) : null;
    private static final VectorMask<Float> M1 = T8 ? bit(1) : null;
    private static final VectorMask<Float> M2 = T8 ? bit(2) : null;
    private static final VectorMask<Float> M4 = T8 ? bit(4) : null;

    /** Lane c takes lane c - s where bit s of c is set (the other lanes are not used). */
    private static VectorShuffle<Float> shiftUp(int s) {
        int[] idx = new int[8];
        for (int c = 0; c < 8; c++) {
            idx[c] = (c & s) != 0 ? c - s : c;
        }
        return VectorShuffle.fromArray(F8, idx, 0);
    }

    /** Lane c takes lane c + s where bit s of c is clear. */
    private static VectorShuffle<Float> shiftDown(int s) {
        int[] idx = new int[8];
        for (int c = 0; c < 8; c++) {
            idx[c] = (c & s) == 0 ? c + s : c;
        }
        return VectorShuffle.fromArray(F8, idx, 0);
    }

    private static VectorMask<Float> bit(int s) {
        return Lanes.bit(F8, s);
    }

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
        if (k == 0 || alpha == 0f) {
            if (beta != 1f) {
                for (int i = 0; i < m; i++) {
                    VectorKernels.scaleOrClear(n, beta, c, cOff + i * ldc);
                }
            }
            return;
        }
        int kcStep = blockDepth(k);
        Buffers buf = BUFFERS.get();
        int ncMax = Math.min(n, NC);
        int mcMax = Math.min(m, MC);
        float[] bp = buf.b(kcStep * roundUp(ncMax, NR));
        float[] ap = buf.a(kcStep * roundUp(mcMax, MR));
        float[] tile = buf.tile;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kcStep) {
                int kc = Math.min(kcStep, k - pc);
                // The first block along k applies beta; the later ones add (beta 1).
                float bk = pc == 0 ? beta : 1f;
                if (transB) {
                    packBT(kc, nc, b, bOff + jc * ldb + pc, ldb, bp);
                } else {
                    packBN(kc, nc, b, bOff + pc * ldb + jc, ldb, bp);
                }
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    if (transA) {
                        packAT(mc, kc, alpha, a, aOff + pc * lda + ic, lda, ap);
                    } else {
                        packAN(mc, kc, alpha, a, aOff + ic * lda + pc, lda, ap);
                    }
                    macroKernel(mc, nc, kc, ap, bp, bk, c, cOff + ic * ldc + jc, ldc, tile);
                }
            }
        }
    }

    /**
     * The depth of the blocks along k of a product of inner dimension k (at least 1): blocks of equal depth, at
     * most {@link #KC}, from k alone, the last one no deeper than the others. A short last block would cost a
     * pass over C for little work, and anything that depended on m or n would change the rounding. A product
     * of inner dimension at most KC is one block.
     */
    static int blockDepth(int k) {
        int kBlocks = (k + KC - 1) / KC;
        return (k + kBlocks - 1) / kBlocks;
    }

    private static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }

    /**
     * Packs B[0:kc, 0:nc] (row-major from {@code src}) into micro-panels of NR columns: panel q holds, for
     * each step p, NR floats at {@code bp[q * kc * NR + p * NR]}, zero-padded past column nc. Eight rows
     * at a time across all panels, so that each row is read front to back while its lines are in L1.
     */
    private static void packBN(int kc, int nc, float[] b, int src, int ldb, float[] bp) {
        int full = nc / NR * NR;
        for (int p0 = 0; p0 < kc; p0 += 8) {
            int pe = Math.min(p0 + 8, kc);
            int q = 0;
            int j0 = 0;
            for (; j0 < full; j0 += NR, q++) {
                int dst = q * kc * NR + p0 * NR;
                int s = src + p0 * ldb + j0;
                for (int p = p0; p < pe; p++, s += ldb, dst += NR) {
                    FloatVector.fromArray(F, b, s).intoArray(bp, dst);
                    FloatVector.fromArray(F, b, s + L).intoArray(bp, dst + L);
                }
            }
            if (j0 < nc) {
                int w = nc - j0;
                int dst = q * kc * NR + p0 * NR;
                int s = src + p0 * ldb + j0;
                for (int p = p0; p < pe; p++, s += ldb, dst += NR) {
                    System.arraycopy(b, s, bp, dst, w);
                    java.util.Arrays.fill(bp, dst + w, dst + NR, 0f);
                }
            }
        }
    }

    /**
     * Packs op(B)[0:kc, 0:nc] = B^T, where B is stored nc x kc from {@code src}, into the same micro-panels
     * as {@link #packBN}. Each stored row of B is one column of a panel: with 256-bit vectors, 8 x 8 blocks
     * are transposed in registers (three stages of shuffle and blend); otherwise, and at the edges, element
     * by element.
     */
    private static void packBT(int kc, int nc, float[] b, int src, int ldb, float[] bp) {
        int kc8 = T8 ? kc & ~7 : 0;
        for (int j0 = 0, q = 0; j0 < nc; j0 += NR, q++) {
            int w = Math.min(NR, nc - j0);
            int base = q * kc * NR;
            int cc = 0;
            if (T8) {
                for (; cc + 8 <= w; cc += 8) {
                    int s = src + (j0 + cc) * ldb;
                    for (int p = 0; p < kc8; p += 8) {
                        transpose8(1f, b, s + p, ldb, bp, base + p * NR + cc, NR);
                    }
                }
            }
            for (int col = 0; col < w; col++) {
                int s = src + (j0 + col) * ldb;
                for (int p = col < cc ? kc8 : 0; p < kc; p++) {
                    bp[base + p * NR + col] = b[s + p];
                }
            }
            if (w < NR) {
                for (int p = 0; p < kc; p++) {
                    java.util.Arrays.fill(bp, base + p * NR + w, base + (p + 1) * NR, 0f);
                }
            }
        }
    }

    /**
     * dst[t * ldd + r] = alpha src[r * lds + t] for r, t in [0, 8): an 8 x 8 transpose in registers (B is
     * packed with alpha 1, which changes no value). Stage s
     * swaps the s x s off-diagonal blocks of every 2s x 2s block; after s = 1, 2, 4 every element has
     * moved to its transposed place.
     */
    private static void transpose8(float alpha, float[] src, int s, int lds, float[] dst, int d, int ldd) {
        FloatVector r0 = FloatVector.fromArray(F8, src, s).mul(alpha);
        FloatVector r1 = FloatVector.fromArray(F8, src, s + lds).mul(alpha);
        FloatVector r2 = FloatVector.fromArray(F8, src, s + 2 * lds).mul(alpha);
        FloatVector r3 = FloatVector.fromArray(F8, src, s + 3 * lds).mul(alpha);
        FloatVector r4 = FloatVector.fromArray(F8, src, s + 4 * lds).mul(alpha);
        FloatVector r5 = FloatVector.fromArray(F8, src, s + 5 * lds).mul(alpha);
        FloatVector r6 = FloatVector.fromArray(F8, src, s + 6 * lds).mul(alpha);
        FloatVector r7 = FloatVector.fromArray(F8, src, s + 7 * lds).mul(alpha);
        FloatVector t0 = r0.blend(r1.rearrange(UP1), M1);
        FloatVector t1 = r0.rearrange(DN1).blend(r1, M1);
        FloatVector t2 = r2.blend(r3.rearrange(UP1), M1);
        FloatVector t3 = r2.rearrange(DN1).blend(r3, M1);
        FloatVector t4 = r4.blend(r5.rearrange(UP1), M1);
        FloatVector t5 = r4.rearrange(DN1).blend(r5, M1);
        FloatVector t6 = r6.blend(r7.rearrange(UP1), M1);
        FloatVector t7 = r6.rearrange(DN1).blend(r7, M1);
        r0 = t0.blend(t2.rearrange(UP2), M2);
        r2 = t0.rearrange(DN2).blend(t2, M2);
        r1 = t1.blend(t3.rearrange(UP2), M2);
        r3 = t1.rearrange(DN2).blend(t3, M2);
        r4 = t4.blend(t6.rearrange(UP2), M2);
        r6 = t4.rearrange(DN2).blend(t6, M2);
        r5 = t5.blend(t7.rearrange(UP2), M2);
        r7 = t5.rearrange(DN2).blend(t7, M2);
        r0.blend(r4.rearrange(UP4), M4).intoArray(dst, d);
        r0.rearrange(DN4).blend(r4, M4).intoArray(dst, d + 4 * ldd);
        r1.blend(r5.rearrange(UP4), M4).intoArray(dst, d + ldd);
        r1.rearrange(DN4).blend(r5, M4).intoArray(dst, d + 5 * ldd);
        r2.blend(r6.rearrange(UP4), M4).intoArray(dst, d + 2 * ldd);
        r2.rearrange(DN4).blend(r6, M4).intoArray(dst, d + 6 * ldd);
        r3.blend(r7.rearrange(UP4), M4).intoArray(dst, d + 3 * ldd);
        r3.rearrange(DN4).blend(r7, M4).intoArray(dst, d + 7 * ldd);
    }

    /**
     * Packs alpha A[0:mc, 0:kc] (row-major from {@code src}) into micro-panels of MR rows: panel q holds,
     * for each step p, MR floats at {@code ap[q * kc * MR + p * MR]}, zero-padded past row mc. With 256-bit
     * vectors, four rows by eight steps are interleaved in registers: the first two transpose stages leave
     * step r in the low half of vector r and step r + 4 in its high half, and a third pairs the halves up.
     * Eight rows (MR at 16 lanes) by eight steps are one 8 x 8 transpose.
     */
    private static void packAN(int mc, int kc, float alpha, float[] a, int src, int lda, float[] ap) {
        int kc8 = T8 ? kc & ~7 : 0;
        FloatVector va = T8 ? FloatVector.broadcast(F8, alpha) : null;
        for (int i0 = 0, q = 0; i0 < mc; i0 += MR, q++) {
            int h = Math.min(MR, mc - i0);
            int base = q * kc * MR;
            int s0 = src + i0 * lda;
            int p = 0;
            if (h == MR && MR == 8) {
                for (; p < kc8; p += 8) {
                    transpose8(alpha, a, s0 + p, lda, ap, base + p * MR, MR);
                }
                for (; p < kc; p++) {
                    int d = base + p * MR;
                    for (int r = 0; r < MR; r++) {
                        ap[d + r] = alpha * a[s0 + r * lda + p];
                    }
                }
            } else if (h == MR) {
                int s1 = s0 + lda;
                int s2 = s1 + lda;
                int s3 = s2 + lda;
                for (; p < kc8; p += 8) {
                    FloatVector r0 = FloatVector.fromArray(F8, a, s0 + p).mul(va);
                    FloatVector r1 = FloatVector.fromArray(F8, a, s1 + p).mul(va);
                    FloatVector r2 = FloatVector.fromArray(F8, a, s2 + p).mul(va);
                    FloatVector r3 = FloatVector.fromArray(F8, a, s3 + p).mul(va);
                    FloatVector t0 = r0.blend(r1.rearrange(UP1), M1);
                    FloatVector t1 = r0.rearrange(DN1).blend(r1, M1);
                    FloatVector t2 = r2.blend(r3.rearrange(UP1), M1);
                    FloatVector t3 = r2.rearrange(DN1).blend(r3, M1);
                    r0 = t0.blend(t2.rearrange(UP2), M2);
                    r2 = t0.rearrange(DN2).blend(t2, M2);
                    r1 = t1.blend(t3.rearrange(UP2), M2);
                    r3 = t1.rearrange(DN2).blend(t3, M2);
                    int d = base + p * MR;
                    r0.blend(r1.rearrange(UP4), M4).intoArray(ap, d);
                    r2.blend(r3.rearrange(UP4), M4).intoArray(ap, d + 8);
                    r0.rearrange(DN4).blend(r1, M4).intoArray(ap, d + 16);
                    r2.rearrange(DN4).blend(r3, M4).intoArray(ap, d + 24);
                }
                for (; p < kc; p++) {
                    int d = base + p * MR;
                    ap[d] = alpha * a[s0 + p];
                    ap[d + 1] = alpha * a[s1 + p];
                    ap[d + 2] = alpha * a[s2 + p];
                    ap[d + 3] = alpha * a[s3 + p];
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    int s = s0 + r * lda;
                    for (p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = r < h ? alpha * a[s + p] : 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs alpha op(A)[0:mc, 0:kc] = alpha A^T, where A is stored kc x mc from {@code src}, into the same
     * micro-panels as {@link #packAN}: a panel step is four contiguous floats of a stored row. Eight rows
     * at a time across all panels, so that each row is read front to back.
     */
    private static void packAT(int mc, int kc, float alpha, float[] a, int src, int lda, float[] ap) {
        int full = mc / MR * MR;
        FloatVector va = FloatVector.broadcast(FA, alpha);
        for (int p0 = 0; p0 < kc; p0 += 8) {
            int pe = Math.min(p0 + 8, kc);
            int q = 0;
            int i0 = 0;
            for (; i0 < full; i0 += MR, q++) {
                int dst = q * kc * MR + p0 * MR;
                int s = src + p0 * lda + i0;
                for (int p = p0; p < pe; p++, s += lda, dst += MR) {
                    FloatVector.fromArray(FA, a, s).mul(va).intoArray(ap, dst);
                }
            }
            if (i0 < mc) {
                int h = mc - i0;
                int dst = q * kc * MR + p0 * MR;
                int s = src + p0 * lda + i0;
                for (int p = p0; p < pe; p++, s += lda, dst += MR) {
                    for (int r = 0; r < MR; r++) {
                        ap[dst + r] = r < h ? alpha * a[s + r] : 0f;
                    }
                }
            }
        }
    }

    /**
     * C[0:mc, 0:nc] = packed A block times packed B block + beta C, tile by tile. Edge tiles are computed
     * whole into a scratch tile (the packed operands are zero-padded) and then applied to C element by
     * element with the same operation as the vector path, so that every element of C gets the same
     * arithmetic wherever it falls.
     */
    private static void macroKernel(int mc, int nc, int kc, float[] ap, float[] bp, float beta, float[] c,
                                    int cOff, int ldc, float[] tile) {
        for (int j0 = 0, qb = 0; j0 < nc; j0 += NR, qb++) {
            int w = Math.min(NR, nc - j0);
            int bBase = qb * kc * NR;
            for (int i0 = 0, qa = 0; i0 < mc; i0 += MR, qa++) {
                int h = Math.min(MR, mc - i0);
                int aBase = qa * kc * MR;
                // A whole tile goes straight into C; an edge tile into the scratch tile, applied below.
                boolean whole = h == MR && w == NR;
                float[] dst = whole ? c : tile;
                int dOff = whole ? cOff + i0 * ldc + j0 : 0;
                int ldd = whole ? ldc : NR;
                float bt = whole ? beta : 0f;
                if (MR == 8) {
                    kernel8(kc, ap, aBase, bp, bBase, bt, dst, dOff, ldd);
                } else {
                    kernel(kc, ap, aBase, bp, bBase, bt, dst, dOff, ldd);
                }
                if (!whole) {
                    for (int r = 0; r < h; r++) {
                        int row = cOff + (i0 + r) * ldc + j0;
                        for (int cc = 0; cc < w; cc++) {
                            float t = tile[r * NR + cc];
                            c[row + cc] = beta == 0f ? t : Math.fma(c[row + cc], beta, t);
                        }
                    }
                }
            }
        }
    }

    /**
     * The 4 x 2-vector register tile: C[0:4, 0:NR] = sum_p A_panel[p, 0:4]^T B_panel[p, 0:NR] + beta C,
     * where beta 0 means C is not read. Per element: a chain of fma over the steps from zero, then one fma
     * with C (c * beta + sum; with beta 1 that is exactly c + sum).
     */
    private static void kernel(int kc, float[] ap, int aOff, float[] bp, int bOff, float beta, float[] c,
                               int cOff, int ldc) {
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
            FloatVector a0 = FloatVector.broadcast(F, ap[ai]);
            c00 = a0.fma(b0, c00);
            FloatVector a1 = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            FloatVector a2 = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            FloatVector a3 = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + L);
            c01 = a0.fma(b1, c01);
            c11 = a1.fma(b1, c11);
            c21 = a2.fma(b1, c21);
            c31 = a3.fma(b1, c31);
        }
        // Written out rather than through a helper, which C2 may refuse to inline once the method is
        // large (NodeCountInliningCutoff, seen with a 6-row tile): that would box two vectors per tile.
        int o = cOff;
        if (beta == 0f) {
            c00.intoArray(c, o);
            c01.intoArray(c, o + L);
            o += ldc;
            c10.intoArray(c, o);
            c11.intoArray(c, o + L);
            o += ldc;
            c20.intoArray(c, o);
            c21.intoArray(c, o + L);
            o += ldc;
            c30.intoArray(c, o);
            c31.intoArray(c, o + L);
        } else {
            FloatVector vb = FloatVector.broadcast(F, beta);
            FloatVector.fromArray(F, c, o).fma(vb, c00).intoArray(c, o);
            FloatVector.fromArray(F, c, o + L).fma(vb, c01).intoArray(c, o + L);
            o += ldc;
            FloatVector.fromArray(F, c, o).fma(vb, c10).intoArray(c, o);
            FloatVector.fromArray(F, c, o + L).fma(vb, c11).intoArray(c, o + L);
            o += ldc;
            FloatVector.fromArray(F, c, o).fma(vb, c20).intoArray(c, o);
            FloatVector.fromArray(F, c, o + L).fma(vb, c21).intoArray(c, o + L);
            o += ldc;
            FloatVector.fromArray(F, c, o).fma(vb, c30).intoArray(c, o);
            FloatVector.fromArray(F, c, o + L).fma(vb, c31).intoArray(c, o + L);
        }
    }

    /** {@link #kernel} with eight rows: sixteen accumulators, for 16 lanes and 32 vector registers. */
    private static void kernel8(int kc, float[] ap, int aOff, float[] bp, int bOff, float beta, float[] c,
                                int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F);
        FloatVector c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F);
        FloatVector c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F);
        FloatVector c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F);
        FloatVector c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F);
        FloatVector c51 = FloatVector.zero(F);
        FloatVector c60 = FloatVector.zero(F);
        FloatVector c61 = FloatVector.zero(F);
        FloatVector c70 = FloatVector.zero(F);
        FloatVector c71 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * 8;
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
            FloatVector a4 = FloatVector.broadcast(F, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(F, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(F, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(F, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        int o = cOff;
        if (beta == 0f) {
            c00.intoArray(c, o);
            c01.intoArray(c, o + L);
            o += ldc;
            c10.intoArray(c, o);
            c11.intoArray(c, o + L);
            o += ldc;
            c20.intoArray(c, o);
            c21.intoArray(c, o + L);
            o += ldc;
            c30.intoArray(c, o);
            c31.intoArray(c, o + L);
            o += ldc;
            c40.intoArray(c, o);
            c41.intoArray(c, o + L);
            o += ldc;
            c50.intoArray(c, o);
            c51.intoArray(c, o + L);
            o += ldc;
            c60.intoArray(c, o);
            c61.intoArray(c, o + L);
            o += ldc;
            c70.intoArray(c, o);
            c71.intoArray(c, o + L);
        } else {
            FloatVector vb = FloatVector.broadcast(F, beta);
            FloatVector.fromArray(F, c, o).fma(vb, c00).intoArray(c, o);
            FloatVector.fromArray(F, c, o + L).fma(vb, c01).intoArray(c, o + L);
            o += ldc;
            FloatVector.fromArray(F, c, o).fma(vb, c10).intoArray(c, o);
            FloatVector.fromArray(F, c, o + L).fma(vb, c11).intoArray(c, o + L);
            o += ldc;
            FloatVector.fromArray(F, c, o).fma(vb, c20).intoArray(c, o);
            FloatVector.fromArray(F, c, o + L).fma(vb, c21).intoArray(c, o + L);
            o += ldc;
            FloatVector.fromArray(F, c, o).fma(vb, c30).intoArray(c, o);
            FloatVector.fromArray(F, c, o + L).fma(vb, c31).intoArray(c, o + L);
            o += ldc;
            FloatVector.fromArray(F, c, o).fma(vb, c40).intoArray(c, o);
            FloatVector.fromArray(F, c, o + L).fma(vb, c41).intoArray(c, o + L);
            o += ldc;
            FloatVector.fromArray(F, c, o).fma(vb, c50).intoArray(c, o);
            FloatVector.fromArray(F, c, o + L).fma(vb, c51).intoArray(c, o + L);
            o += ldc;
            FloatVector.fromArray(F, c, o).fma(vb, c60).intoArray(c, o);
            FloatVector.fromArray(F, c, o + L).fma(vb, c61).intoArray(c, o + L);
            o += ldc;
            FloatVector.fromArray(F, c, o).fma(vb, c70).intoArray(c, o);
            FloatVector.fromArray(F, c, o + L).fma(vb, c71).intoArray(c, o + L);
        }
    }
}
