package dev.vecprop.core.internal;

import dev.vecprop.core.LossPluginException;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;

import java.util.function.Supplier;

/**
 * Calls into a loss plugin, so that whatever it throws (an exception, checked ones smuggled past the compiler
 * included, an assertion, a stack overflow) reaches the user as a {@link LossPluginException} naming the
 * plugin, its jar and the method that failed. Only the JVM's own failures (out of memory, an internal error)
 * go through unchanged.
 */
public final class PluginFaults {

    /**
     * What an array the plugin is to write holds before the call: a NaN that no arithmetic yields, so that an
     * element left unwritten is told from one written as NaN.
     */
    private static final long UNWRITTEN = 0x7ff8_0000_dead_0000L;

    private PluginFaults() {
    }

    /** Fills {@code out}, which a plugin is about to write, with the mark {@link #checkWritten} looks for. */
    public static void markUnwritten(double[] out) {
        java.util.Arrays.fill(out, Double.longBitsToDouble(UNWRITTEN));
    }

    /**
     * Refuses {@code out}, marked by {@link #markUnwritten} before {@code loss}'s {@code method} wrote it, when the
     * plugin left an element unwritten: the engine would otherwise go on with whatever the array held.
     *
     * @throws LossPluginException naming the first element left unwritten
     */
    public static void checkWritten(LossFunction loss, String method, double[] out) {
        for (int i = 0; i < out.length; i++) {
            if (Double.doubleToRawLongBits(out[i]) == UNWRITTEN) {
                throw new LossPluginException(loss, "left element " + i + " of its " + method + " unwritten (all "
                        + out.length + " must be written)", null);
            }
        }
    }

    /** What {@code loss}'s {@code method} returns, or its failure as a {@link LossPluginException}. */
    public static <T> T call(LossFunction loss, String method, Supplier<T> call) {
        try {
            return call.get();
        } catch (Throwable e) {
            throw failed(loss, method, e);
        }
    }

    /**
     * The exception to throw for {@code e}, thrown by {@code loss}'s {@code method}: a {@link LossPluginException}
     * as it is, a failure of the JVM itself rethrown, anything else wrapped.
     */
    public static RuntimeException failed(LossFunction loss, String method, Throwable e) {
        if (e instanceof LossPluginException p) {
            return p;
        }
        throwIfJvmFailure(e);
        return new LossPluginException(loss, "failed in " + method + ": " + e, e);
    }

    /** The refusal of the value {@code e}, not finite, that {@code loss}'s {@code method} gave for finite arguments. */
    public static LossPluginException notFiniteValue(LossFunction loss, double e, String method) {
        return new LossPluginException(loss, "returned the value " + e + " from " + method
                + " for finite outputs and targets", null);
    }

    /** The refusal of a gradient, not finite, that {@code loss}'s {@code method} gave for finite arguments. */
    public static LossPluginException notFiniteGradient(LossFunction loss, String method) {
        return new LossPluginException(loss, "returned a gradient that is not finite from " + method
                + " for finite outputs and targets", null);
    }

    /**
     * Throws {@code e} when it is a failure of the JVM itself (out of memory, an internal error), which no
     * plugin's fault explains and nothing should swallow; a stack overflow is the plugin's recursion, not the JVM's.
     */
    public static void throwIfJvmFailure(Throwable e) {
        if (e instanceof VirtualMachineError v && !(v instanceof StackOverflowError)) {
            throw v;
        }
    }

    /**
     * {@code loss}'s {@link LossFunction#incompatibility} of {@code output} with {@code outputs} units, called as
     * {@link #call} does: {@code null} when it accepts the pairing, else its reason, or a sentence saying it gave
     * none when the reason is empty (it still refuses).
     */
    public static String incompatibility(LossFunction loss, Activation output, int outputs) {
        String why = call(loss, "incompatibility", () -> loss.incompatibility(output, outputs));
        return why == null || !why.isBlank() ? why
                : "it refuses them without saying why (its incompatibility returned an empty message)";
    }

    /**
     * {@code loss}'s {@link LossFunction#invalidTarget} of {@code t}, called as {@link #call} does: {@code null}
     * when it accepts the targets, else its reason, or a sentence naming the targets when the reason is empty
     * (it still refuses them).
     */
    public static String invalidTarget(LossFunction loss, double[] t) {
        String why = call(loss, "invalidTarget", () -> loss.invalidTarget(t));
        return why == null || !why.isBlank() ? why
                : "loss " + nameOf(loss) + " refuses the target" + (t.length == 1 ? " " + t[0] : "s " + java.util.Arrays.toString(t))
                + " without saying why (its invalidTarget returned an empty message)";
    }

    /** The loss's name, or its class's where name() fails: for a message that must not fail in its turn. */
    public static String nameOf(LossFunction loss) {
        try {
            return loss.name();
        } catch (Throwable e) {
            throwIfJvmFailure(e);
            return loss.getClass().getName();
        }
    }

    /**
     * {@code loss} with each of its methods called as {@link #call} does, and a value or gradient that is not
     * finite for finite arguments refused as training refuses it: for code that calls a plugin from many places,
     * where the failures of the code around the calls must stay its own.
     */
    public static LossFunction guarded(LossFunction loss) {
        return loss instanceof Guarded ? loss : new Guarded(loss);
    }

    private record Guarded(LossFunction loss) implements LossFunction {
        @Override
        public String name() {
            return call(loss, "name", loss::name);
        }

        @Override
        public double value(double[] y, double[] t) {
            return finiteValue(call(loss, "value", () -> loss.value(y, t)), "value", y, t);
        }

        @Override
        public void gradient(double[] y, double[] t, double[] grad) {
            markUnwritten(grad);
            call(loss, "gradient", () -> {
                loss.gradient(y, t, grad);
                return null;
            });
            checkWritten(loss, "gradient", grad);
            finiteGradient(grad, "gradient", y, t);
        }

        private double finiteValue(double e, String method, double[] y, double[] t) {
            if (!Double.isFinite(e) && finite(y) && finite(t)) {
                throw notFiniteValue(loss, e, method);
            }
            return e;
        }

        private void finiteGradient(double[] g, String method, double[] y, double[] t) {
            if (!finite(g) && finite(y) && finite(t)) {
                throw notFiniteGradient(loss, method);
            }
        }

        private static boolean finite(double[] v) {
            for (double x : v) {
                if (!Double.isFinite(x)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Activation fusedActivation() {
            return call(loss, "fusedActivation", loss::fusedActivation);
        }

        @Override
        public double valueFromLogits(double[] a, double[] t) {
            return finiteValue(call(loss, "valueFromLogits", () -> loss.valueFromLogits(a, t)), "valueFromLogits", a, t);
        }

        @Override
        public void fusedDelta(double[] y, double[] t, double[] delta) {
            markUnwritten(delta);
            call(loss, "fusedDelta", () -> {
                loss.fusedDelta(y, t, delta);
                return null;
            });
            checkWritten(loss, "fusedDelta", delta);
            finiteGradient(delta, "fusedDelta", y, t);
        }

        @Override
        public String incompatibility(Activation output, int outputs) {
            return PluginFaults.incompatibility(loss, output, outputs);
        }

        @Override
        public String invalidTarget(double[] t) {
            return PluginFaults.invalidTarget(loss, t);
        }
    }
}
