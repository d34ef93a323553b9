package dev.vecprop.core.internal;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;

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
    public static final int FLOAT_OFFSET = Flags.floatOffset();

    /**
     * Reads the flags through {@code jdk.management}, which this module requires only statically: a separate
     * class, so that nothing of that module is loaded unless it is in the module graph.
     */
    private static final class Flags {
        private Flags() {
        }

        static int floatOffset() {
            if (ModuleLayer.boot().findModule("jdk.management").isEmpty()) {
                return 0;
            }
            try {
                HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
                if (bean == null || Long.parseLong(bean.getVMOption("ObjectAlignmentInBytes").getValue()) % 64 != 0) {
                    return 0;
                }
                int header;
                if (on(bean, "UseCompactObjectHeaders")) {
                    header = 12;
                } else if (on(bean, "UseCompressedClassPointers")) {
                    header = 16;
                } else {
                    return 0;
                }
                return (64 - header) / Float.BYTES;
            } catch (LinkageError | RuntimeException e) {
                return 0;
            }
        }

        private static boolean on(HotSpotDiagnosticMXBean bean, String flag) {
            try {
                return Boolean.parseBoolean(bean.getVMOption(flag).getValue());
            } catch (IllegalArgumentException e) {
                // Not a flag of this VM.
                return false;
            }
        }
    }
}
