package dev.vecprop.cli.data;

import dev.vecprop.core.InvalidFileException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/), plain or
 * gzip-compressed (recognised by content, not by name).
 *
 * <p>An IDX file is a magic number {@code 00 00 tt dd} (tt the element type: 08 unsigned byte, 09 signed
 * byte, 0B short, 0C int, 0D float, 0E double; dd the number of dimensions), dd big-endian 32-bit sizes, then
 * the elements big-endian in row-major order. The first dimension counts the items (images, labels).
 */
public final class IdxReader {

    /** The largest number of values held in one array. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    /**
     * An IDX array.
     *
     * @param file   where it came from
     * @param type   the element type code (0x08 ... 0x0E)
     * @param dims   the sizes; dims[0] is the number of items
     * @param values every element as a float, row-major
     */
    public record Array(Path file, int type, int[] dims, float[] values) {
        public int items() {
            return dims[0];
        }

        /** Elements per item: the product of the sizes after the first (1 for a vector of labels). */
        public int itemSize() {
            int n = 1;
            for (int i = 1; i < dims.length; i++) {
                n *= dims[i];
            }
            return n;
        }

        public boolean isIntegerType() {
            return type <= 0x0C;
        }
    }

    private IdxReader() {
    }

    /**
     * Reads a whole IDX file.
     *
     * @throws InvalidFileException for a wrong magic number, an unknown type, a header or item cut short,
     *                              bytes after the last item, or corrupt gzip data
     */
    public static Array read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            try {
                InputStream in = Gzip.maybeDecompress(raw);
                return read(new DataInputStream(in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16)), file);
            } catch (ZipException e) {
                throw new InvalidFileException(file, null, "the gzip data is corrupt (" + e.getMessage() + ")");
            } catch (EOFException e) {
                // Only a gzip stream cut short gets here: plain reads below check their lengths.
                throw new InvalidFileException(file, null, "the gzip data ends early; the file is truncated");
            }
        }
    }

    private static Array read(DataInputStream in, Path file) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4 || magic[0] != 0 || magic[1] != 0) {
            throw new InvalidFileException(file, null, "not an IDX file: it starts with " + hex(magic)
                    + ", not with two zero bytes");
        }
        int type = magic[2] & 0xFF;
        int size = elementBytes(type);
        if (size == 0) {
            throw new InvalidFileException(file, "header", String.format("unknown IDX element type 0x%02X "
                    + "(known: 08, 09, 0B, 0C, 0D, 0E)", type));
        }
        int rank = magic[3] & 0xFF;
        if (rank == 0) {
            throw new InvalidFileException(file, "header", "the IDX header gives 0 dimensions");
        }
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new InvalidFileException(file, "header", "the file ends inside the header (" + rank
                    + " dimensions need " + (4 + 4 * rank) + " bytes); it is truncated");
        }
        ByteBuffer db = ByteBuffer.wrap(dimBytes);
        int[] dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = db.getInt();
            if (dims[i] <= 0) {
                throw new InvalidFileException(file, "header", "dimension " + (i + 1) + " has size "
                        + Integer.toUnsignedLong(dims[i]) + "; sizes must be from 1 to " + Integer.MAX_VALUE);
            }
            total *= dims[i];
            if (total > MAX_VALUES) {
                throw new InvalidFileException(file, "header", "the array has more than " + MAX_VALUES
                        + " elements, more than this reader holds");
            }
        }
        int items = dims[0];
        int itemSize = (int) (total / items);
        float[] values = new float[(int) total];
        byte[] buf = new byte[itemSize * size];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        for (int item = 0; item < items; item++) {
            int got;
            try {
                got = in.readNBytes(buf, 0, buf.length);
            } catch (EOFException e) {
                got = -1;
            }
            if (got < buf.length) {
                throw new InvalidFileException(file, "item " + (item + 1) + " of " + items,
                        "the file ends early; it is truncated");
            }
            bb.clear();
            int off = item * itemSize;
            for (int j = 0; j < itemSize; j++) {
                values[off + j] = switch (type) {
                    case 0x08 -> buf[j] & 0xFF;
                    case 0x09 -> buf[j];
                    case 0x0B -> bb.getShort(2 * j);
                    case 0x0C -> bb.getInt(4 * j);
                    case 0x0D -> bb.getFloat(4 * j);
                    default -> (float) bb.getDouble(8 * j);
                };
                if (!Float.isFinite(values[off + j])) {
                    throw new InvalidFileException(file, "item " + (item + 1) + " of " + items, "element " + j
                            + " is " + values[off + j] + ", not a finite number");
                }
            }
        }
        if (in.read() >= 0) {
            throw new InvalidFileException(file, "after item " + items, "unexpected bytes after the " + items
                    + " items the header announces");
        }
        return new Array(file, type, dims, values);
    }

    static int elementBytes(int type) {
        return switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> 0;
        };
    }

    private static String hex(byte[] b) {
        if (b.length == 0) {
            return "nothing (the file is empty)";
        }
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(sb.isEmpty() ? "" : " ").append(String.format("%02X", x & 0xFF));
        }
        return sb.toString();
    }
}
