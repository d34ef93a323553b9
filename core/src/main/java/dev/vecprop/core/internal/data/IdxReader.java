package dev.vecprop.core.internal.data;

import dev.vecprop.core.InvalidFileException;
import dev.vecprop.core.internal.Words;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/), plain or
 * gzip-compressed (recognised by content, not by name).
 *
 * <p>An IDX file is a magic number {@code 00 00 tt dd} (tt the element type: 08 unsigned byte, 09 signed
 * byte, 0B short, 0C int, 0D float, 0E double; dd the number of dimensions), dd big-endian 32-bit sizes, then
 * the elements big-endian in row-major order. The first dimension counts the items (images, labels).
 */
public final class IdxReader {

    /**
     * An IDX array.
     *
     * @param file    where it came from
     * @param type    the element type code (0x08 ... 0x0E)
     * @param dims    the sizes in the header; dims[0] is the number of items
     * @param values  every element of the items kept as a float, row-major
     * @param records the item number (from 1) of each item kept: all of them, unless some were skipped for
     *                values that are not finite
     */
    public record Array(Path file, int type, int[] dims, float[] values, int[] records) {
        /** The number of items the header announces. */
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
     * Reads a whole IDX file, refusing it at an element that is not finite.
     *
     * @throws InvalidFileException for a wrong magic number, an unknown type, sizes that do not match the file's
     *                              length or exceed {@link Limits}, a header or item cut short, bytes after the
     *                              last item, an element that is not finite, or corrupt gzip data
     */
    public static Array read(Path file) throws IOException {
        return read(file, BadValues.refuse());
    }

    /**
     * Reads a whole IDX file; {@code bad} says whether an item with an element that is not finite (only float and
     * double files have them) refuses the file or is skipped.
     *
     * @throws InvalidFileException for a wrong magic number, an unknown type, sizes that do not match the file's
     *                              length or exceed {@link Limits}, a header or item cut short, bytes after the
     *                              last item, or corrupt gzip data
     */
    public static Array read(Path file, BadValues bad) throws IOException {
        return read(file, bad, false);
    }

    /**
     * Reads a whole IDX file as {@link #read(Path, BadValues)} does; when {@code labels}, an integer a float
     * cannot hold exactly (beyond 2^24 in magnitude, as 16777217 is) refuses the file instead of being rounded
     * to its neighbour, which would merge two classes.
     */
    static Array read(Path file, BadValues bad, boolean labels) throws IOException {
        return read(file, bad, labels, false);
    }

    /**
     * Reads a whole IDX file of images as {@link #read(Path, BadValues)} does, refusing at its header a file of
     * one dimension: a labels file's shape, whose labels would each be a sample's only feature.
     */
    static Array readImages(Path file, BadValues bad) throws IOException {
        return read(file, bad, false, true);
    }

    private static Array read(Path file, BadValues bad, boolean labels, boolean images) throws IOException {
        InputStream raw = DataFiles.open(file);
        long fileBytes;
        try {
            fileBytes = Files.size(file);
        } catch (IOException | RuntimeException | Error e) {
            try {
                raw.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return read(raw, file, fileBytes, () -> gzipTrailerSize(file, fileBytes), bad, labels, images);
    }

    /** The size a gzip trailer states, read only for gzip data. */
    @FunctionalInterface
    private interface Trailer {
        long size() throws IOException;
    }

    /**
     * Reads IDX data held in memory (a stream's) as {@link #read(Path, BadValues, boolean)} reads a file,
     * {@code name} standing for the file; {@code images} as {@link #readImages} reads them.
     */
    static Array read(byte[] content, Path name, BadValues bad, boolean labels, boolean images) throws IOException {
        return read(new java.io.ByteArrayInputStream(content), name, content.length, () -> content.length < 18 ? -1
                : Integer.toUnsignedLong(ByteBuffer.wrap(content, content.length - 4, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()), bad, labels, images);
    }

    /**
     * Reads the IDX data of {@code raw}, {@code fileBytes} long as stored, whose last four bytes read as a gzip
     * trailer's size are what {@code trailer} gives (-1 when too short to have one), asked only when the data is
     * gzip; closes {@code raw}.
     */
    private static Array read(InputStream raw, Path file, long fileBytes, Trailer trailer, BadValues bad,
                              boolean labels, boolean images) throws IOException {
        try (raw; InputStream in = Gzip.maybeDecompress(raw, file)) {
            // The real length is known for a plain file only; gzip data is read within the limits.
            boolean gzip = Gzip.isGzip(in);
            long length = gzip ? -1 : fileBytes;
            long gzipSize = gzip ? trailer.size() : -1;
            try {
                return read(new DataInputStream(gzip ? new BufferedInputStream(in, 1 << 16) : in),
                        file, length, gzipSize, fileBytes, bad, labels, images);
            } catch (InvalidFileException e) {
                // Damaged gzip data may show first as a bad item; the damage is the better report.
                throw Gzip.explain(in, e);
            }
        }
    }

    /**
     * Reads the array from {@code in}, whose length in bytes is {@code length}, or -1 when unknown (gzip);
     * {@code gzipSize} is the uncompressed size modulo 2^32 that a gzip file's trailer states (-1 if none), and
     * {@code fileBytes} the size of the file as stored.
     */
    private static Array read(DataInputStream in, Path file, long length, long gzipSize, long fileBytes, BadValues bad,
                              boolean labels, boolean images) throws IOException {
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
        if (images && rank == 1) {
            throw new InvalidFileException(file, "header", "images have at least two dimensions (items, then each "
                    + "item's); this file has one, as a labels file has (is it the labels?)");
        }
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new InvalidFileException(file, "header", "the file ends inside the header (" + rank
                    + (rank == 1 ? " dimension needs " : " dimensions need ") + (4 + 4 * rank) + " bytes); it is truncated");
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
            if (total > Limits.MAX_VALUES) {
                throw new InvalidFileException(file, "header", "the header announces more than " + Limits.MAX_VALUES
                        + " elements (" + describe(dims, i + 1) + "), more than one data set holds");
            }
        }
        int items = dims[0];
        int itemSize = (int) (total / items);
        long itemBytes = (long) itemSize * size;
        long headerBytes = 4L + 4L * rank;
        if (length >= 0) {
            // A plain file: its length must be exactly what the header announces, checked before allocating.
            long expected = headerBytes + total * size;
            if (length < expected) {
                long whole = (length - headerBytes) / itemBytes;
                throw new InvalidFileException(file, "item " + (whole + 1) + " of " + items, "the file ends early; "
                        + "it is truncated (the header announces " + describe(dims, rank) + " elements of "
                        + Words.count(size, "byte") + ", " + expected + " bytes in all; the file has " + length + ")");
            }
            if (length > expected) {
                throw new InvalidFileException(file, "after item " + items, "unexpected bytes after the " + items
                        + " items the header announces (" + (length - expected) + (length - expected == 1 ? " byte" : " bytes")
                        + " more than the "
                        + expected + " it announces)");
            }
        }
        // A plain file's values are allocated at once, its length being checked. Gzip data's are too when the
        // gzip trailer states the size the header implies and deflate could produce that much from the file
        // (at most 1032 bytes per stored byte); otherwise they grow as they come, so that a header's claim
        // alone never allocates. Growing copies the values, which for a large data set costs a multiple of
        // its size in memory at the moment of the copy.
        long expectedBytes = headerBytes + total * size;
        boolean trusted = length >= 0
                || (gzipSize == (expectedBytes & 0xFFFF_FFFFL) && expectedBytes <= 1032L * fileBytes);
        FloatList values = new FloatList(file, trusted ? (int) total : (int) Math.min(total, 1 << 20), "header");
        int[] records = length >= 0 ? new int[items] : null;
        CsvReader.IntList gzRecords = length >= 0 ? null : new CsvReader.IntList(file);
        int kept = 0;
        // Whole items at a time when they fit in 64 KiB; otherwise one item in blocks.
        int block = (int) Math.min(itemBytes, Math.max(size, (1 << 16) / size * size));
        byte[] buf = new byte[block];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        float[] block32 = new float[block / size];
        for (int item = 0; item < items; item++) {
            String where = "item " + (item + 1) + " of " + items;
            int start = values.size();
            boolean skip = false;
            long left = itemBytes;
            int j = 0;
            while (left > 0) {
                int want = (int) Math.min(left, buf.length);
                int got;
                try {
                    got = in.readNBytes(buf, 0, want);
                } catch (EOFException e) {
                    got = -1;
                } catch (InvalidFileException e) {
                    throw Gzip.placed(e, file, where);
                }
                if (got < want) {
                    throw new InvalidFileException(file, where, "the file ends early; it is truncated");
                }
                left -= want;
                int count = want / size;
                // A loop per element type, not a switch per element: reading a data set of images is mostly this.
                switch (type) {
                    case 0x08 -> {
                        for (int e = 0; e < count; e++) {
                            block32[e] = buf[e] & 0xFF;
                        }
                    }
                    case 0x09 -> {
                        for (int e = 0; e < count; e++) {
                            block32[e] = buf[e];
                        }
                    }
                    case 0x0B -> {
                        for (int e = 0; e < count; e++) {
                            block32[e] = bb.getShort(2 * e);
                        }
                    }
                    case 0x0C -> {
                        for (int e = 0; e < count; e++) {
                            int raw = bb.getInt(4 * e);
                            float f = raw;
                            if (labels && (long) f != raw) {
                                throw new InvalidFileException(file, where, "label " + raw + " cannot be held exactly "
                                        + "in a float (it would become " + (long) f + ", merging with other classes); "
                                        + "integers from -16777216 to 16777216 always can");
                            }
                            block32[e] = f;
                        }
                    }
                    case 0x0D -> {
                        for (int e = 0; e < count; e++) {
                            block32[e] = bb.getFloat(4 * e);
                        }
                    }
                    default -> {
                        for (int e = 0; e < count; e++) {
                            block32[e] = (float) bb.getDouble(8 * e);
                        }
                    }
                }
                // Only float and double elements can be other than finite.
                if ((type == 0x0D || type == 0x0E) && !skip) {
                    for (int e = 0; e < count; e++) {
                        float v = block32[e];
                        if (!Float.isFinite(v)) {
                            double d = type == 0x0E ? bb.getDouble(8 * e) : v;
                            bad.found(file, where, Double.isFinite(d)
                                    ? Text.beyondRange("element " + (j + e) + ", " + d + ",", "float", Float.MAX_VALUE)
                                    : "element " + (j + e) + " is " + v + ", not a finite number", kept);
                            skip = true;
                            break;
                        }
                    }
                }
                j += count;
                values.addAll(block32, count, where);
            }
            if (skip) {
                values.truncate(start);
            } else if (records != null) {
                records[kept++] = item + 1;
            } else {
                gzRecords.add(item + 1, where);
                kept++;
            }
        }
        if (in.read() >= 0) {
            throw new InvalidFileException(file, "after item " + items, "unexpected bytes after the "
                    + Words.count(items, "item") + " the header announces");
        }
        return new Array(file, type, dims, values.toArray(),
                records != null ? java.util.Arrays.copyOf(records, kept) : gzRecords.toArray());
    }

    /**
     * The ISIZE field of a gzip file (the last four bytes, little-endian: the uncompressed size of its last
     * member modulo 2^32), or -1 when the file is too short to have one.
     */
    private static long gzipTrailerSize(Path file, long fileBytes) throws IOException {
        if (fileBytes < 18) {
            return -1;
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
                if (ch.read(b, fileBytes - 4 + b.position()) < 0) {
                    return -1;
                }
            }
            return Integer.toUnsignedLong(b.getInt(0));
        }
    }

    /** "60000 x 28 x 28": the first {@code n} sizes. */
    private static String describe(int[] dims, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : " x ").append(Integer.toUnsignedLong(dims[i]));
        }
        return b.toString();
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
