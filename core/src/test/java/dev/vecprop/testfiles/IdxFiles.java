package dev.vecprop.testfiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files for tests. */
public final class IdxFiles {

    private IdxFiles() {
    }

    /** The bytes of an IDX file of unsigned bytes with these sizes. */
    public static byte[] ubyte(int[] dims, int[] values) {
        ByteBuffer b = header(0x08, dims, values.length);
        for (int v : values) {
            b.put((byte) v);
        }
        return b.array();
    }

    /** The bytes of an IDX file of big-endian floats with these sizes. */
    public static byte[] floats(int[] dims, float[] values) {
        ByteBuffer b = header(0x0D, dims, 4 * values.length);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** The bytes of an IDX file of big-endian doubles with these sizes. */
    public static byte[] doubles(int[] dims, double[] values) {
        ByteBuffer b = header(0x0E, dims, 8 * values.length);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    /** The bytes of an IDX file of big-endian shorts with these sizes. */
    public static byte[] shorts(int[] dims, int[] values) {
        ByteBuffer b = header(0x0B, dims, 2 * values.length);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    /** The bytes of an IDX file of big-endian 32-bit integers with these sizes. */
    public static byte[] ints(int[] dims, int[] values) {
        ByteBuffer b = header(0x0C, dims, 4 * values.length);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    private static ByteBuffer header(int type, int[] dims, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + dataBytes);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b;
    }

    public static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    public static Path write(Path file, byte[] bytes) throws IOException {
        return Files.write(file, bytes);
    }
}
