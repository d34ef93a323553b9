package dev.vecprop.core;

import dev.vecprop.core.internal.PluginFaults;
import dev.vecprop.spi.LossFunction;

/**
 * A loss plugin broke its contract: it threw, or returned a value or gradient that is not finite for finite
 * outputs and targets. The message names the plugin and where it was loaded from.
 */
public final class LossPluginException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The name of the loss at fault, kept because the plugin itself is not serializable. */
    private final String lossName;

    /**
     * A fault of {@code loss}, with a message naming it and where it was loaded from.
     *
     * @param loss  the plugin at fault; not {@code null} (its {@link LossFunction#name()} is called)
     * @param what  what went wrong, a phrase that follows the plugin's name, such as "failed: ..."
     * @param cause what the plugin threw, or {@code null} when it returned a bad value instead
     */
    public LossPluginException(LossFunction loss, String what, Throwable cause) {
        this(PluginFaults.nameOf(loss), loss, what, cause);
    }

    private LossPluginException(String name, LossFunction loss, String what, Throwable cause) {
        super("loss plugin '" + name + "' (" + originOf(loss) + ") " + what, cause);
        this.lossName = name;
    }


    private static String originOf(LossFunction loss) {
        try {
            return LossRegistry.origin(loss);
        } catch (RuntimeException e) {
            return "origin unknown";
        }
    }

    /**
     * The name of the loss at fault.
     *
     * @return the plugin's {@link LossFunction#name()} at the time of the fault
     */
    public String lossName() {
        return lossName;
    }
}
