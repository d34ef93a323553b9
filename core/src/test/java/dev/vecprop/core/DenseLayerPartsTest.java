package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A plain step in parts ({@link DenseLayer#updatePart}, which a batch split by rows runs on every thread at
 * once): its parts, taken in any order, give bit for bit the weights and biases of {@link DenseLayer#update},
 * for either layout, shapes cut by rows and by columns and too small to cut, and any number of parts; and the
 * product blocks it rests on ({@link ParallelKernels#gemmPart}) tile the product as a split call does.
 */
class DenseLayerPartsTest {

    private static final Kernels SCALAR = KernelProviders.scalar();

    @Test
    void aStepInPartsIsTheWholeStep() {
        // 37 x 19 is cut by rows or columns as the layout makes the product; 3 x 5 has too few rows and
        // columns for several parts, and 200 x 64 makes many parts of both.
        int[][] shapes = {{37, 19}, {19, 37}, {3, 5}, {200, 64}};
        SplittableRandom order = new SplittableRandom(3);
        for (int[] shape : shapes) {
            for (DenseLayer.Layout layout : DenseLayer.Layout.values()) {
                for (boolean bias : new boolean[]{false, true}) {
                    for (int parts : new int[]{1, 2, 3, 7}) {
                        String what = shape[0] + " -> " + shape[1] + ", " + layout + ", bias " + bias + ", "
                                + parts + " parts";
                        compare(shape[0], shape[1], layout, bias, parts, order, what);
                    }
                }
            }
        }
    }

    private static void compare(int in, int out, DenseLayer.Layout layout, boolean bias, int parts,
                                SplittableRandom order, String what) {
        DenseLayer whole = new DenseLayer(in, out, Activation.SIGMOID, bias, layout)
                .initialise(new SplittableRandom(5));
        DenseLayer inParts = new DenseLayer(in, out, Activation.SIGMOID, bias, layout)
                .initialise(new SplittableRandom(5));
        int rows = 6;
        SplittableRandom r = new SplittableRandom(in * 31L + out);
        float[] x = ParallelKernelsTest.random(r, rows * in);
        float[] delta = ParallelKernelsTest.random(r, rows * out);
        float[] before = whole.parameters();
        List<Integer> partOrder = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            partOrder.add(p);
        }
        for (int step = 0; step < 2; step++) {
            whole.backward(SCALAR, x, delta, rows, null);
            whole.update(SCALAR, 0.3f, 0f);
            inParts.backward(SCALAR, x, delta, rows, null);
            Collections.shuffle(partOrder, new java.util.Random(order.nextLong()));
            for (int p : partOrder) {
                inParts.updatePart(SCALAR, 0.3f, p, parts, parts - 1);
            }
            inParts.updateDone();
            ParallelKernelsTest.assertBitwise(whole.parameters(), inParts.parameters(), what + ", step " + step);
        }
        assertFalse(java.util.Arrays.equals(before, whole.parameters()), what + ": the steps changed nothing");
    }

    @Test
    void aStepInPartsNeedsABackwardPassOfSeveralRows() {
        DenseLayer layer = new DenseLayer(8, 4, Activation.SIGMOID, true).initialise(new SplittableRandom(1));
        assertThrows(IllegalStateException.class, () -> layer.updatePart(SCALAR, 0.1f, 0, 2, 0));
        assertThrows(IllegalStateException.class, layer::updateDone);
        layer.backward(SCALAR, new float[8], new float[4], 1, null);
        // One row takes the per-sample path (ger), which a product in parts would not match.
        assertThrows(IllegalStateException.class, () -> layer.updatePart(SCALAR, 0.1f, 0, 2, 0));
        layer.update(SCALAR, 0.1f, 0f);
        assertThrows(IllegalStateException.class, layer::updateDone);
    }

    @Test
    void productBlocksTileTheProductAsASplitCallDoes() {
        int[][] shapes = {{130, 70, 50}, {10, 300, 64}, {129, 131, 17}, {5, 1000, 40}, {3, 7, 9}};
        SplittableRandom r = new SplittableRandom(17);
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (boolean transA : new boolean[]{false, true}) {
                for (boolean transB : new boolean[]{false, true}) {
                    float[] a = ParallelKernelsTest.random(r, m * k);
                    float[] b = ParallelKernelsTest.random(r, k * n);
                    float[] c0 = ParallelKernelsTest.random(r, m * n);
                    int lda = transA ? m : k;
                    int ldb = transB ? k : n;
                    for (int parts : new int[]{1, 2, 3, 5, 64}) {
                        float[] split = c0.clone();
                        try (ParallelKernels par = ParallelKernelsTest.splitting(SCALAR, parts)) {
                            par.gemm(transA, transB, m, n, k, 0.7f, a, 0, lda, b, 0, ldb, 0.5f, split, 0, n);
                        }
                        float[] blocks = c0.clone();
                        for (int p = parts - 1; p >= 0; p--) {
                            ParallelKernels.gemmPart(SCALAR, p, parts, transA, transB, m, n, k, 0.7f, a, 0, lda,
                                    b, 0, ldb, 0.5f, blocks, 0, n);
                        }
                        ParallelKernelsTest.assertBitwise(split, blocks, m + "x" + n + "x" + k + ", transA "
                                + transA + ", transB " + transB + ", " + parts + " parts");
                    }
                }
            }
        }
    }
}
