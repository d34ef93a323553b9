package dev.vecprop.core.internal;

import dev.vecprop.core.LossPluginException;
import dev.vecprop.spi.LossFunction;

import java.util.function.Supplier;

/**
 * Calls into a loss plugin, so that whatever it throws (an exception, an assertion, a stack overflow) reaches
 * the user as a {@link LossPluginException} naming the plugin and its jar, whichever method threw it. Only the
 * JVM's own failures (out of memory, an internal error) go through unchanged.
 */
public final class PluginFaults {

    private PluginFaults() {
    }

    /** What {@code loss}'s {@code method} returns, or its failure as a {@link LossPluginException}. */
    public static <T> T call(LossFunction loss, String method, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException | Error e) {
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
        if (e instanceof VirtualMachineError v && !(v instanceof StackOverflowError)) {
            throw v;
        }
        return new LossPluginException(loss, "failed in " + method + ": " + e, e);
    }
}
