/** The vecprop command line: a thin layer over {@code dev.vecprop.core}. */
module dev.vecprop.cli {
    requires dev.vecprop.core;
}
