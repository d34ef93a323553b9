/**
 * The losses of the classic backpropagation derivation, as plugins of {@code dev.vecprop.core}: found by
 * {@link java.util.ServiceLoader}, never named by core.
 */
module dev.vecprop.losses {
    requires dev.vecprop.core;

    provides dev.vecprop.spi.LossFunction with
            dev.vecprop.losses.MeanSquaredError,
            dev.vecprop.losses.BinaryCrossEntropy,
            dev.vecprop.losses.SoftmaxCrossEntropy;
}
