package dev.vecprop.core.internal;

import java.util.List;
import java.util.Map;

/**
 * Where the data of a float array meets a 64-byte cache line, for storing a matrix from a line boundary.
 *
 * <p>With 512-bit vectors a load that straddles two lines costs the first-level cache two accesses; a
 * level-2 kernel over rows that start on a line ran 1.5 to 1.6 times as fast on an AVX-512 Xeon
 * (docs/benchmarks.md, "Issue 3's level-2 bars on shared operands"). Java places an array where its
 * allocator leaves it, so in general nothing is known; but a JVM started with
 * {@code -XX:ObjectAlignmentInBytes=64} (the user's choice: it costs memory, docs/architecture.md, "Weights on
 * cache lines") puts every object on a line, and an array's first element then lies a header's length past
 * it, which the VM's flags tell.
 */
public final class Alignment {

    private Alignment() {
    }

    /**
     * Floats from index 0 of any float array to the first element that starts a 64-byte line: 12 with this
     * JDK's usual 16-byte array header, 13 with compact object headers; 0 when objects are not aligned to 64
     * bytes or the VM's flags cannot be read (without {@code jdk.management}).
     */
    public static final int FLOAT_OFFSET = floatOffset(
            VmFlags.read(List.of("ObjectAlignmentInBytes", "UseCompactObjectHeaders", "UseCompressedClassPointers")));

    private static int floatOffset(Map<String, String> flags) {
        if (flags == null || !flags.containsKey("ObjectAlignmentInBytes")
                || Long.parseLong(flags.get("ObjectAlignmentInBytes")) % 64 != 0) {
            return 0;
        }
        int header;
        if (Boolean.parseBoolean(flags.get("UseCompactObjectHeaders"))) {
            header = 12;
        } else if (Boolean.parseBoolean(flags.get("UseCompressedClassPointers"))) {
            header = 16;
        } else {
            return 0;
        }
        return (64 - header) / Float.BYTES;
    }
}
