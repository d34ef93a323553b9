/**
 * The vecprop command line: a thin layer over {@code dev.vecprop.core} that parses options, reads data (CSV,
 * IDX), calls the library and reports. Losses and kernels are found at run time through core.
 */
module dev.vecprop.cli {
    requires dev.vecprop.core;
    requires info.picocli;
    // bench asks the JIT whether it is still compiling before it measures.
    requires java.management;

    // picocli reads and sets the annotated fields of the commands by reflection.
    opens dev.vecprop.cli to info.picocli;
}
