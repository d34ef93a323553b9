package dev.vecprop.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every kernel uses, as compile-time constants for C2 (a species held in anything but a
 * {@code static final} field defeats the intrinsics, JEP 508). Loaded only after
 * {@link SimdKernels#unavailableReason()} has found the incubator module.
 *
 * <p>The width is the hardware's preferred one ({@code FloatVector.SPECIES_PREFERRED}: 256 bits on AVX2,
 * 512 on AVX-512 parts that HotSpot does not cap), or narrower if {@value #BITS_PROPERTY} asks for 128 or
 * 256 (to test other widths; wider than preferred is ignored, as it would be emulated).
 */
final class Lanes {

    /** Forces a narrower vector width, in bits. */
    static final String BITS_PROPERTY = "vecprop.simd.bits";

    static final VectorSpecies<Float> F = species();

    /** Lanes per vector. */
    static final int L = F.length();

    static final int BITS = F.vectorBitSize();

    private Lanes() {
    }

    /** Lane i takes lane i ^ h: neighbours h apart change places ({@code h} a power of two below L). */
    static VectorShuffle<Float> swap(int h) {
        int[] idx = new int[L];
        for (int i = 0; i < L; i++) {
            idx[i] = i ^ h;
        }
        return VectorShuffle.fromValues(F, idx);
    }

    /** The lanes whose index has bit {@code h} set. */
    static VectorMask<Float> bit(int h) {
        return bit(F, h);
    }

    /** The lanes of {@code species} whose index has bit {@code h} set. */
    static VectorMask<Float> bit(VectorSpecies<Float> species, int h) {
        boolean[] m = new boolean[species.length()];
        for (int i = 0; i < m.length; i++) {
            m[i] = (i & h) != 0;
        }
        return VectorMask.fromArray(species, m, 0);
    }

    private static VectorSpecies<Float> species() {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        String forced = System.getProperty(BITS_PROPERTY);
        if (forced == null || forced.isBlank()) {
            return preferred;
        }
        int bits;
        try {
            bits = Integer.parseInt(forced.trim());
        } catch (NumberFormatException e) {
            return preferred;
        }
        if (bits != 128 && bits != 256 && bits != 512 || bits >= preferred.vectorBitSize()) {
            return preferred;
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
    }
}
