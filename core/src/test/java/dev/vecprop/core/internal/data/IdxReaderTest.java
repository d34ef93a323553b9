package dev.vecprop.core.internal.data;

import dev.vecprop.core.InvalidFileException;
import dev.vecprop.testfiles.IdxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {

    @TempDir
    Path dir;

    /** Three 2x3 "images": item i, element j is 10 i + j. */
    static final int[] DIMS = {3, 2, 3};
    static final int[] VALUES = {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 255};

    @Test
    void readsPlainUnsignedBytes() throws IOException {
        Path f = IdxFiles.write(dir.resolve("images-idx3-ubyte"), IdxFiles.ubyte(DIMS, VALUES));
        IdxReader.Array a = IdxReader.read(f);
        assertArrayEquals(DIMS, a.dims());
        assertEquals(3, a.items());
        assertEquals(6, a.itemSize());
        assertEquals(255f, a.values()[17], "unsigned bytes above 127 stay positive");
        assertArrayEquals(floats(VALUES), a.values());
    }

    @Test
    void readsGzipRecognisedByContentNotName() throws IOException {
        Path f = IdxFiles.write(dir.resolve("images.bin"), IdxFiles.gzip(IdxFiles.ubyte(DIMS, VALUES)));
        assertArrayEquals(floats(VALUES), IdxReader.read(f).values());
        assertEquals(DataFiles.Format.IDX, DataFiles.detect(f));
    }

    @Test
    void readsShortsAndFloats() throws IOException {
        Path s = IdxFiles.write(dir.resolve("s"), IdxFiles.shorts(new int[]{2, 2}, new int[]{-300, 7, 32767, -1}));
        assertArrayEquals(new float[]{-300, 7, 32767, -1}, IdxReader.read(s).values());
        Path f = IdxFiles.write(dir.resolve("f"), IdxFiles.floats(new int[]{2}, new float[]{0.25f, -3e7f}));
        IdxReader.Array a = IdxReader.read(f);
        assertArrayEquals(new float[]{0.25f, -3e7f}, a.values());
        assertEquals(1, a.itemSize());
    }

    @Test
    void labelsAndImagesMakeSamples() throws IOException {
        Path images = IdxFiles.write(dir.resolve("i"), IdxFiles.gzip(IdxFiles.ubyte(DIMS, VALUES)));
        Path labels = IdxFiles.write(dir.resolve("l"), IdxFiles.ubyte(new int[]{3}, new int[]{7, 0, 7}));
        Samples s = DataFiles.readIdx(images, labels);
        assertEquals(3, s.rows());
        assertEquals(6, s.features());
        assertArrayEquals(new String[]{"7", "0", "7"}, s.labels());
        assertEquals("item 2", s.where(1));
    }

    /**
     * Items larger than the reader's 64 KiB block (read in several blocks, the last one partial), more values
     * than the reader allocates before it trusts a gzip file's stated size (two gzip members: the trailer then
     * gives the second one's size only, so the values grow as they come), and, for floats, items skipped for
     * a value that is not finite, at the start of a block and in a later block of an item.
     */
    @Test
    void largeItemsInBlocksAndGrowingValuesMatchTheFile() throws IOException {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        int items = 17;
        int itemSize = 70_001;
        int[] dims = {items, itemSize};
        int[] ints = new int[items * itemSize];
        float[] floats = new float[ints.length];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = random.nextInt(-40_000, 40_000);
            floats[i] = (float) random.nextDouble(-1e6, 1e6);
        }
        int[] bytes = new int[ints.length];
        for (int i = 0; i < ints.length; i++) {
            bytes[i] = ints[i] & 0xFF;
        }
        assertArrayEquals(floats(bytes), IdxReader.read(twoMembers("u", IdxFiles.ubyte(dims, bytes))).values());
        int[] shorts = new int[ints.length];
        for (int i = 0; i < ints.length; i++) {
            shorts[i] = (short) ints[i];
        }
        assertArrayEquals(floats(shorts), IdxReader.read(twoMembers("s", IdxFiles.shorts(dims, shorts))).values());
        assertArrayEquals(floats(ints), IdxReader.read(twoMembers("i", IdxFiles.ints(dims, ints))).values());
        assertArrayEquals(floats, IdxReader.read(twoMembers("f", IdxFiles.floats(dims, floats))).values());

        // Item 3 (index 2) has a NaN as its first element, item 9 (index 8) an infinity in its third block.
        float[] bad = floats.clone();
        bad[2 * itemSize] = Float.NaN;
        bad[8 * itemSize + 40_000] = Float.NEGATIVE_INFINITY;
        BadValues skip = BadValues.skip();
        IdxReader.Array a = IdxReader.read(twoMembers("bad", IdxFiles.floats(dims, bad)), skip);
        assertEquals(2, skip.skipped());
        int[] kept = {1, 2, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17};
        assertArrayEquals(kept, a.records());
        float[] expected = new float[kept.length * itemSize];
        for (int r = 0; r < kept.length; r++) {
            System.arraycopy(floats, (kept[r] - 1) * itemSize, expected, r * itemSize, itemSize);
        }
        assertArrayEquals(expected, a.values());
        InvalidFileException e = assertThrows(InvalidFileException.class,
                () -> IdxReader.read(twoMembers("refused", IdxFiles.floats(dims, bad))));
        assertEquals("item 3 of 17", e.record());
        assertEquals("element 0 is NaN, not a finite number", e.problem());
    }

    @Test
    void aDoubleBeyondAFloatsRangeIsNamedAsSuchAndAnInfinityAsNotFinite() throws IOException {
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> IdxReader.read(IdxFiles.write(
                dir.resolve("large.idx"), IdxFiles.doubles(new int[]{2, 2}, new double[]{0.5, 1, -2, -1e39}))));
        assertEquals("item 2 of 2", e.record());
        assertEquals("element 1, -1.0E39, is beyond a float's range (a magnitude of at most 3.4028235E38)", e.problem());
        e = assertThrows(InvalidFileException.class, () -> IdxReader.read(IdxFiles.write(dir.resolve("inf.idx"),
                IdxFiles.doubles(new int[]{1, 2}, new double[]{Double.POSITIVE_INFINITY, 0}))));
        assertEquals("element 0 is Infinity, not a finite number", e.problem());
    }

    /** {@code bytes} as a gzip file of two members, split in the middle. */
    private Path twoMembers(String name, byte[] bytes) throws IOException {
        int half = bytes.length / 2;
        byte[] first = IdxFiles.gzip(Arrays.copyOfRange(bytes, 0, half));
        byte[] second = IdxFiles.gzip(Arrays.copyOfRange(bytes, half, bytes.length));
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return IdxFiles.write(dir.resolve(name), both);
    }

    @Test
    void truncatedInTheItemsNamesTheItem() throws IOException {
        byte[] good = IdxFiles.ubyte(DIMS, VALUES);
        Path f = IdxFiles.write(dir.resolve("cut"), Arrays.copyOf(good, good.length - 7));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> IdxReader.read(f));
        assertEquals(f + ": item 2 of 3: the file ends early; it is truncated (the header announces 3 x 2 x 3 elements "
                + "of 1 byte, 34 bytes in all; the file has 27)", e.getMessage());
    }

    @Test
    void truncatedGzipIsReportedAsTruncated() throws IOException {
        byte[] big = IdxFiles.ubyte(new int[]{100, 50}, new java.util.Random(1).ints(5000, 0, 256).toArray());
        byte[] gz = IdxFiles.gzip(big);
        Path f = IdxFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> IdxReader.read(f));
        assertEquals(f.toString(), e.file());
        assertEquals("the gzip data ends early; the file is truncated", e.problem());
        // The item the data ran out in: random bytes barely compress, so about half the 100 items are whole.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("item (\\d+) of 100").matcher(e.record());
        assertTrue(m.matches(), e.getMessage());
        int item = Integer.parseInt(m.group(1));
        assertTrue(item > 35 && item < 55, e.getMessage());
    }

    @Test
    void truncatedInTheHeader() throws IOException {
        Path f = IdxFiles.write(dir.resolve("h"), Arrays.copyOf(IdxFiles.ubyte(DIMS, VALUES), 9));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> IdxReader.read(f));
        assertEquals(f + ": header: the file ends inside the header (3 dimensions need 16 bytes); it is truncated",
                e.getMessage());
    }

    @Test
    void wrongMagicNumber() throws IOException {
        byte[] bad = IdxFiles.ubyte(DIMS, VALUES);
        bad[0] = 0x12;
        bad[1] = 0x34;
        Path f = IdxFiles.write(dir.resolve("train-images-idx3-ubyte"), bad);
        assertEquals(DataFiles.Format.IDX, DataFiles.detect(f), "the name says IDX");
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> IdxReader.read(f));
        assertEquals(f + ": not an IDX file: it starts with 12 34 08 03, not with two zero bytes", e.getMessage());
    }

    @Test
    void unknownElementType() throws IOException {
        byte[] bad = IdxFiles.ubyte(DIMS, VALUES);
        bad[2] = 0x0A;
        Path f = IdxFiles.write(dir.resolve("t"), bad);
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> IdxReader.read(f));
        assertEquals(f + ": header: unknown IDX element type 0x0A (known: 08, 09, 0B, 0C, 0D, 0E)", e.getMessage());
    }

    @Test
    void bytesAfterTheLastItem() throws IOException {
        byte[] good = IdxFiles.ubyte(DIMS, VALUES);
        Path f = IdxFiles.write(dir.resolve("long"), Arrays.copyOf(good, good.length + 1));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> IdxReader.read(f));
        assertEquals(f + ": after item 3: unexpected bytes after the 3 items the header announces (1 byte more than "
                + "the 34 it announces)", e.getMessage());
    }

    @Test
    void labelsMustMatchTheImages() throws IOException {
        Path images = IdxFiles.write(dir.resolve("i"), IdxFiles.ubyte(DIMS, VALUES));
        Path labels = IdxFiles.write(dir.resolve("l"), IdxFiles.ubyte(new int[]{2}, new int[]{1, 2}));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> DataFiles.readIdx(images, labels));
        assertEquals(labels + ": header: 2 labels, but " + images + " has 3 images", e.getMessage());
        InvalidFileException swapped = assertThrows(InvalidFileException.class, () -> DataFiles.readIdx(images, images));
        assertEquals(images + ": header: a labels file has one value per item; this one has 6 (is it an images file?)",
                swapped.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        Path f = IdxFiles.write(dir.resolve("e.idx"), new byte[0]);
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> IdxReader.read(f));
        assertEquals(f + ": not an IDX file: it starts with nothing (the file is empty), not with two zero bytes",
                e.getMessage());
    }

    @Test
    void labelsAFloatCannotHoldExactlyAreRefused() throws IOException {
        Path images = IdxFiles.write(dir.resolve("i"), IdxFiles.ubyte(DIMS, VALUES));
        // 16777216 and 16777217 are the same float: read as floats, they would be one class.
        Path merging = IdxFiles.write(dir.resolve("l"), IdxFiles.ints(new int[]{3}, new int[]{16777216, 16777217, 0}));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> DataFiles.readIdx(images, merging));
        assertEquals(merging + ": item 2 of 3: label 16777217 cannot be held exactly in a float (it would become "
                + "16777216, merging with other classes); integers from -16777216 to 16777216 always can", e.getMessage());
        Path max = IdxFiles.write(dir.resolve("max"), IdxFiles.ints(new int[]{3}, new int[]{0, 1, Integer.MAX_VALUE}));
        e = assertThrows(InvalidFileException.class, () -> DataFiles.readIdx(images, max));
        assertEquals(max + ": item 3 of 3: label 2147483647 cannot be held exactly in a float (it would become "
                + "2147483648, merging with other classes); integers from -16777216 to 16777216 always can", e.getMessage());
        // Beyond 2^24 but exact, and the extremes of the exact range.
        Path exact = IdxFiles.write(dir.resolve("ok"), IdxFiles.ints(new int[]{3}, new int[]{16777218, -16777216, 1 << 30}));
        assertArrayEquals(new String[]{"16777218", "-16777216", "1073741824"}, DataFiles.readIdx(images, exact).labels());
        // Images are features, floats anyway: large integers there are rounded, not refused.
        Path wide = IdxFiles.write(dir.resolve("w"), IdxFiles.ints(new int[]{1, 1}, new int[]{16777217}));
        assertArrayEquals(new float[]{16777216f}, IdxReader.read(wide).values());
    }

    @Test
    void samplesKnowTheFileTheirLabelsCameFrom() throws IOException {
        Path images = IdxFiles.write(dir.resolve("i"), IdxFiles.ubyte(DIMS, VALUES));
        Path labels = IdxFiles.write(dir.resolve("l"), IdxFiles.ubyte(new int[]{3}, new int[]{7, 0, 7}));
        Samples s = DataFiles.readIdx(images, labels);
        assertEquals(images, s.source());
        assertEquals(labels, s.labelSource());
        assertEquals(labels + ": item 3: bad", s.labelError(2, "bad").getMessage());
        assertEquals(labels + ": item 3: bad", s.subset(new int[]{2}).labelError(0, "bad").getMessage());
    }

    private static float[] floats(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return f;
    }
}
