package dev.vecprop.core;

import dev.vecprop.spi.LossFunction;

/**
 * A loss plugin broke its contract: it threw, or returned a value or gradient that is not finite for finite
 * outputs and targets. The message names the plugin and where it was loaded from.
 */
public final class LossPluginException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String lossName;

    public LossPluginException(LossFunction loss, String what, Throwable cause) {
        super("loss plugin '" + loss.name() + "' (" + LossRegistry.origin(loss) + ") " + what, cause);
        this.lossName = loss.name();
    }

    /** The name of the loss at fault. */
    public String lossName() {
        return lossName;
    }
}
