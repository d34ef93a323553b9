package dev.vecprop.simd;

import dev.vecprop.core.internal.check.KernelChecks;
import dev.vecprop.spi.Kernels;

import java.util.List;
import java.util.Map;

/**
 * The compute kernels on the Java Vector API ({@code jdk.incubator.vector}).
 *
 * <p>This class is what {@link java.util.ServiceLoader} instantiates, also in a JVM started without the
 * incubator module, so neither it nor its constructor may touch a vector class: without the module every
 * such class fails to load ({@code NoClassDefFoundError}). {@link #unavailableReason()} checks the module
 * graph and the JIT first; only then does it load {@link Lanes}, which holds the species. The operations
 * forward to {@link VectorKernels} and {@link Gemm}, which the JVM loads on their first call, after the
 * engine has asked {@link #unavailableReason()}.
 *
 * <p>Shapes are checked once per call against the arrays (an out-of-range offset throws
 * {@link IndexOutOfBoundsException} before anything is written), never per element, with the scalar
 * kernels' checks ({@code KernelChecks}), so that a bad call fails alike on either.
 */
public final class SimdKernels implements Kernels {

    /** The incubator module whose presence decides everything. */
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** Lucene's ordering of checks (module, JIT, vector width), computed once per JVM. */
    private static final class Availability {
        static final String REASON = check();
    }

    /** Public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public SimdKernels() {
    }

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public String description() {
        String why = unavailableReason();
        if (why != null) {
            return "simd (unavailable: " + why + ")";
        }
        return "simd (FloatVector " + Lanes.BITS + " bits, FMA)";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String unavailableReason() {
        return Availability.REASON;
    }

    private static String check() {
        try {
            if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
                return VECTOR_MODULE + " is not in the module graph; start java with --add-modules " + VECTOR_MODULE;
            }
            Module self = SimdKernels.class.getModule();
            Module vector = ModuleLayer.boot().findModule(VECTOR_MODULE).get();
            if (!self.canRead(vector)) {
                return self.getName() + " cannot read " + VECTOR_MODULE + "; start java with --add-modules " + VECTOR_MODULE;
            }
            String jit = compilerReason(System.getProperty("java.vm.info", ""),
                    System.getProperty("java.vm.name", ""), VmFlags.read());
            if (jit != null) {
                return jit;
            }
            if (Lanes.BITS < 128) {
                return "vectors of " + Lanes.BITS + " bits are too narrow to pay off (at least 128 are needed)";
            }
            return null;
        } catch (LinkageError | RuntimeException e) {
            return "the Vector API failed to initialise: " + e;
        }
    }

    /**
     * Why C2 will not compile the vector kernels, or {@code null} when it will. Only C2 compiles the Vector
     * API into vector instructions; in the interpreter and C1 every operation allocates an object and runs
     * far slower than scalar loops (JDK-8262096).
     *
     * <p>The VM flags decide where they can be read: {@code java.vm.info} says "mixed mode" for
     * {@code -XX:TieredStopAtLevel=2} or {@code 3} and for {@code -XX:-UseCompiler}, although C2 is off.
     * Without them (no {@code jdk.management} in the module graph) {@code java.vm.info} is all there is.
     *
     * @param vmInfo the property {@code java.vm.info}
     * @param vmName the property {@code java.vm.name}
     * @param flags  the values of {@link VmFlags#NAMES} that this VM has, or {@code null} when the flags
     *               could not be read
     * @return the reason in one line, naming the flag, or {@code null}
     */
    static String compilerReason(String vmInfo, String vmName, Map<String, String> flags) {
        if (vmInfo.contains("interpreted mode")) {
            return "the JIT compiler is off (-Xint), so vector code would run interpreted";
        }
        if (flags != null) {
            if ("false".equals(flags.get("UseCompiler"))) {
                return "the JIT compiler is off (-XX:-UseCompiler), so vector code would run interpreted";
            }
            if ("quick-only".equals(flags.get("CompilationMode"))) {
                return "the C2 compiler is off (-XX:CompilationMode=quick-only), and C1 does not compile vector code";
            }
            // Without tiered compilation a server VM compiles with C2 alone, whatever TieredStopAtLevel says.
            String level = flags.get("TieredStopAtLevel");
            if ("true".equals(flags.get("TieredCompilation")) && level != null && !level.equals("4")) {
                return level.equals("0")
                        ? "the JIT compiler is off (-XX:TieredStopAtLevel=0), so vector code would run interpreted"
                        : "the C2 compiler is off (-XX:TieredStopAtLevel=" + level + "), and C1 does not compile vector code";
            }
        }
        if (vmInfo.contains("emulated-client")) {
            return "the C2 compiler is off (-XX:TieredStopAtLevel below 4, or client emulation), and C1 does not"
                    + " compile vector code";
        }
        if (vmName.contains("Client VM") || vmName.contains("Minimal VM") || vmName.contains("Zero VM")) {
            return "this JVM (" + vmName + ") has no C2 compiler, which alone compiles vector code";
        }
        return null;
    }

    /** The JIT's flags ({@link dev.vecprop.core.internal.VmFlags}). */
    static final class VmFlags {
        /** The flags {@link #compilerReason} looks at. */
        static final List<String> NAMES =
                List.of("UseCompiler", "CompilationMode", "TieredCompilation", "TieredStopAtLevel");

        private VmFlags() {
        }

        /**
         * The values of {@link #NAMES} that this VM has (a VM built without a compiler lacks its flags).
         *
         * @return the values by name, or {@code null} when {@code jdk.management} is absent or fails
         */
        static Map<String, String> read() {
            return dev.vecprop.core.internal.VmFlags.read(NAMES);
        }
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        KernelChecks.vectors(n, x, xOff, y, yOff);
        return VectorKernels.dot(n, x, xOff, y, yOff);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        KernelChecks.vectors(n, x, xOff, y, yOff);
        VectorKernels.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void scal(int n, float alpha, float[] x, int xOff) {
        KernelChecks.vector(xOff, n, x);
        VectorKernels.scal(n, alpha, x, xOff);
    }

    @Override
    public void gemv(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
                     float beta, float[] y, int yOff) {
        KernelChecks.gemv(m, n, a, aOff, lda, x, xOff, y, yOff);
        VectorKernels.gemv(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    @Override
    public void gemvT(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
                      float beta, float[] y, int yOff) {
        KernelChecks.gemvT(m, n, a, aOff, lda, x, xOff, y, yOff);
        VectorKernels.gemvT(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    @Override
    public void ger(int m, int n, float alpha, float[] x, int xOff, float[] y, int yOff,
                    float[] a, int aOff, int lda) {
        KernelChecks.gemvT(m, n, a, aOff, lda, x, xOff, y, yOff);
        VectorKernels.ger(m, n, alpha, x, xOff, y, yOff, a, aOff, lda);
    }

    @Override
    public void sparseMomentumGer(int m, int n, float mu, float eta, float[] x, int xOff, float[] d, int dOff,
                                  float[] v, int vOff, float[] a, int aOff, int lda) {
        KernelChecks.gemvT(m, n, a, aOff, lda, x, xOff, d, dOff);
        KernelChecks.gemvT(m, n, v, vOff, lda, x, xOff, d, dOff);
        VectorKernels.sparseMomentumGer(m, n, mu, eta, x, xOff, d, dOff, v, vOff, a, aOff, lda);
    }

    @Override
    public void sparseMomentumGerGemvT(int m, int n, float mu, float eta, float[] u, int uOff, float[] d, int dOff,
                                       float[] s, float[] c, int sOff, float[] v, int vOff, float[] a, int aOff,
                                       int lda, float[] x, int xOff, float[] y, int yOff) {
        KernelChecks.gemvT(m, n, a, aOff, lda, u, uOff, d, dOff);
        KernelChecks.gemvT(m, n, v, vOff, lda, x, xOff, y, yOff);
        KernelChecks.vectors(m, s, sOff, c, sOff);
        KernelChecks.vectors(m, u, uOff, x, xOff);
        VectorKernels.sparseMomentumGerGemvT(m, n, mu, eta, u, uOff, d, dOff, s, c, sOff, v, vOff, a, aOff, lda, x,
                xOff, y, yOff);
    }

    @Override
    public void sparseGerGemvT(int m, int n, float alpha, float[] u, int uOff, float[] d, int dOff,
                               float[] a, int aOff, int lda, float[] x, int xOff, float[] y, int yOff) {
        KernelChecks.gemvT(m, n, a, aOff, lda, u, uOff, d, dOff);
        KernelChecks.gemvT(m, n, a, aOff, lda, x, xOff, y, yOff);
        VectorKernels.sparseGerGemvT(m, n, alpha, u, uOff, d, dOff, a, aOff, lda, x, xOff, y, yOff);
    }

    @Override
    public void sparseGemvT(int m, int n, float[] a, int aOff, int lda, float[] x, int xOff, float[] y, int yOff) {
        KernelChecks.gemvT(m, n, a, aOff, lda, x, xOff, y, yOff);
        VectorKernels.sparseGemvT(m, n, a, aOff, lda, x, xOff, y, yOff);
    }

    @Override
    public void sparseGer(int m, int n, float alpha, float[] x, int xOff, float[] y, int yOff,
                          float[] a, int aOff, int lda) {
        KernelChecks.gemvT(m, n, a, aOff, lda, x, xOff, y, yOff);
        VectorKernels.sparseGer(m, n, alpha, x, xOff, y, yOff, a, aOff, lda);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        KernelChecks.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        Gemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The gemm's blocks along k ({@link Gemm}: "The same bits however C is split"). */
    @Override
    public int gemmBlockDepth(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("the inner dimension of a product is at least 1, not " + k);
        }
        return Gemm.blockDepth(k);
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        KernelChecks.vectors(n, x, xOff, y, yOff);
        VectorKernels.sigmoid(n, x, xOff, y, yOff);
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        KernelChecks.vectors(n, x, xOff, y, yOff);
        VectorKernels.tanh(n, x, xOff, y, yOff);
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        KernelChecks.vectors(n, x, xOff, y, yOff);
        VectorKernels.relu(n, x, xOff, y, yOff);
    }

    @Override
    public void softmax(int n, float[] x, int xOff, float[] y, int yOff) {
        KernelChecks.vectors(n, x, xOff, y, yOff);
        VectorKernels.softmax(n, x, xOff, y, yOff);
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int yOff, float[] g, int gOff) {
        KernelChecks.vectors(n, y, yOff, g, gOff);
        VectorKernels.sigmoidBackward(n, y, yOff, g, gOff);
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] g, int gOff) {
        KernelChecks.vectors(n, y, yOff, g, gOff);
        VectorKernels.tanhBackward(n, y, yOff, g, gOff);
    }

    @Override
    public void reluBackward(int n, float[] y, int yOff, float[] g, int gOff) {
        KernelChecks.vectors(n, y, yOff, g, gOff);
        VectorKernels.reluBackward(n, y, yOff, g, gOff);
    }

    @Override
    public String toString() {
        return description();
    }
}
