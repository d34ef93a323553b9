/** An application on vecprop: it needs the core module only; losses and kernels are found at run time. */
module dev.vecprop.examples.app {
    requires dev.vecprop.core;
}
