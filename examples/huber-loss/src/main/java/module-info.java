/** A Huber loss for vecprop, as a plugin: it provides the service and depends on core's SPI alone. */
module dev.vecprop.examples.huber {
    requires dev.vecprop.core;

    provides dev.vecprop.spi.LossFunction with dev.vecprop.examples.huber.HuberLoss;
}
