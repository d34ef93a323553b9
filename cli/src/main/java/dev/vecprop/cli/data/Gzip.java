package dev.vecprop.cli.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Recognises gzip by its magic number, 1F 8B, whatever the file is called. */
final class Gzip {

    private Gzip() {
    }

    /** {@code in} decompressed when it is gzip, else {@code in} buffered; either way positioned at its start. */
    static InputStream maybeDecompress(InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
        b.mark(2);
        int b0 = b.read();
        int b1 = b.read();
        b.reset();
        if (b0 == 0x1F && b1 == 0x8B) {
            return new GZIPInputStream(b, 1 << 16);
        }
        return b;
    }
}
