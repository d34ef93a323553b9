package dev.vecprop.core.internal.data;

import dev.vecprop.core.InvalidFileException;
import dev.vecprop.testfiles.IdxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files built to exhaust memory, and seeded mutations of real files: each is read into consistent samples or
 * refused with one {@link InvalidFileException}, quickly, never another exception.
 */
class HostileInputTest {

    private static final Path IRIS = Path.of("../data/iris.csv");

    @TempDir
    Path dir;

    @Test
    void idxHeaderClaiming2To31ImagesIsRefusedBeforeAllocating() throws IOException {
        Path f = dir.resolve("huge.idx");
        Files.write(f, ByteBuffer.allocate(12).put(new byte[]{0, 0, 8, 2}).putInt(1 << 31 >>> 0).putInt(1).array());
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> IdxReader.read(f));
        assertEquals(f + ": header: dimension 1 has size 2147483648; sizes must be from 1 to 2147483647", e.getMessage());

        // The largest legal count, 60000 28x28 images announced by a header alone: the file's length refuses it.
        Files.write(f, ByteBuffer.allocate(16).put(new byte[]{0, 0, 8, 3}).putInt(60000).putInt(28).putInt(28).array());
        e = assertThrows(InvalidFileException.class, () -> IdxReader.read(f));
        assertEquals(f + ": item 1 of 60000: the file ends early; it is truncated (the header announces 60000 x 28 x 28 "
                + "elements of 1 byte, 47040016 bytes in all; the file has 16)", e.getMessage());

        Files.write(f, ByteBuffer.allocate(12).put(new byte[]{0, 0, 0x0E, 2}).putInt(Integer.MAX_VALUE).putInt(2).array());
        e = assertThrows(InvalidFileException.class, () -> IdxReader.read(f));
        assertEquals(f + ": header: the header announces more than 2147483639 elements (2147483647), more than one "
                + "data set holds", e.getMessage());
    }

    @Test
    void gzipIdxClaimingMoreThanItHoldsIsReadIncrementally() throws IOException {
        // 2^30 doubles (8 GiB as floats) announced, 10 bytes present: the reader must fail on the data, not the heap.
        byte[] header = ByteBuffer.allocate(12 + 10).put(new byte[]{0, 0, 0x0E, 2}).putInt(1 << 20).putInt(1 << 10)
                .array();
        Path f = Files.write(dir.resolve("claims.idx.gz"), IdxFiles.gzip(header));
        InvalidFileException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> assertThrows(InvalidFileException.class, () -> IdxReader.read(f)));
        assertEquals(f + ": item 1 of 1048576: the file ends early; it is truncated", e.getMessage());
    }

    @Test
    void csvLineOf100MegabytesIsRefusedWithoutHoldingIt() {
        long size = 100L << 20;
        Reader endless = new Reader() {
            long left = size;

            @Override
            public int read(char[] cbuf, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(cbuf, off, off + n, '7');
                left -= n;
                return n;
            }

            @Override
            public void close() {
            }
        };
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> CsvReader.read(
                new BufferedReader(endless), Path.of("wide.csv"), CsvReader.Header.AUTO, new CsvReader.LabelColumn(null)));
        assertEquals("wide.csv: line 1: longer than 8388608 characters, the longest line this reader takes",
                e.getMessage());
    }

    @Test
    void gzipCsvLineOf100MegabytesIsRefused() throws IOException {
        Path f = dir.resolve("bomb.csv.gz");
        byte[] block = new byte[1 << 20];
        Arrays.fill(block, (byte) '1');
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("a,b\n".getBytes());
            for (int i = 0; i < 100; i++) {
                out.write(block);
            }
        }
        assertTrue(Files.size(f) < 1 << 20, "the bomb is small: " + Files.size(f));
        InvalidFileException e = assertThrows(InvalidFileException.class,
                () -> DataFiles.readCsv(f, CsvReader.Header.AUTO, new CsvReader.LabelColumn(null)));
        assertEquals(f + ": line 2: longer than 8388608 characters, the longest line this reader takes", e.getMessage());
    }

    @Test
    void csvWithTwoMillionColumnsIsRefused() {
        String line = ",".repeat(Limits.MAX_COLUMNS + 5);
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> CsvReader.read(
                new BufferedReader(new java.io.StringReader(line)), Path.of("w.csv"), CsvReader.Header.NO,
                new CsvReader.FeaturesOnly(null)));
        assertEquals("w.csv: line 1: more than 1048576 columns, the most this reader takes", e.getMessage());
    }

    @Test
    void nonFiniteCsvValuesAreRefusedOrSkippedAndCounted() throws IOException {
        String text = "a,b,kind\n1,2,x\nNaN,2,y\n3,Infinity,z\n4,1e39,y\n5,6,x\n";
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> read(text, BadValues.refuse()));
        assertEquals("f.csv: line 3: column 'a': 'NaN' is not a finite number", e.getMessage());

        BadValues skip = BadValues.skip();
        Samples s = read(text, skip);
        assertEquals(3, skip.skipped());
        assertEquals("line 3: column 'a': 'NaN' is not a finite number", skip.first());
        assertArrayEquals(new int[]{2, 6}, s.records());
        assertArrayEquals(new float[]{1, 2, 5, 6}, s.x());
        assertArrayEquals(new String[]{"x", "x"}, s.labels());

        // Skipping is for values that are not finite; a value that is not a number still refuses the file.
        e = assertThrows(InvalidFileException.class, () -> read("a,b,kind\n1,2,x\nNaN,oops,x\n", BadValues.skip()));
        assertEquals("f.csv: line 3: column 'b': 'oops' is not a number", e.getMessage());
        e = assertThrows(InvalidFileException.class, () -> read("a,b,kind\nNaN,1,x\n", BadValues.skip()));
        assertEquals("f.csv: no data rows after the header (1 skipped for values that are not finite numbers)",
                e.getMessage());
    }

    @Test
    void nonFiniteTargetsAreSkippedWithTheirRow() throws IOException {
        BadValues skip = BadValues.skip();
        Samples s = CsvReader.read(new BufferedReader(new java.io.StringReader("x,y\n1,2\n3,-Infinity\n")),
                Path.of("f.csv"), CsvReader.Header.AUTO, new CsvReader.TargetColumns(java.util.List.of("y")), skip);
        assertEquals(1, skip.skipped());
        assertArrayEquals(new float[]{2}, s.targets());
        assertArrayEquals(new float[]{1}, s.x());
    }

    @Test
    void nonFiniteIdxImagesAreSkippedWithTheirLabels() throws IOException {
        Path images = IdxFiles.write(dir.resolve("i.idx"), IdxFiles.floats(new int[]{3, 2},
                new float[]{1, 2, Float.NaN, 4, 5, Float.NEGATIVE_INFINITY}));
        Path labels = IdxFiles.write(dir.resolve("l.idx"), IdxFiles.ubyte(new int[]{3}, new int[]{7, 8, 9}));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> DataFiles.readIdx(images, labels));
        assertEquals(images + ": item 2 of 3: element 0 is NaN, not a finite number", e.getMessage());

        for (boolean gzip : new boolean[]{false, true}) {
            Path in = gzip ? IdxFiles.write(dir.resolve("i.idx.gz"), IdxFiles.gzip(Files.readAllBytes(images))) : images;
            BadValues skip = BadValues.skip();
            Samples s = DataFiles.readIdx(in, labels, skip);
            assertEquals(2, skip.skipped(), "gzip " + gzip);
            assertArrayEquals(new int[]{1}, s.records());
            assertArrayEquals(new float[]{1, 2}, s.x());
            assertArrayEquals(new String[]{"7"}, s.labels());
        }
    }

    /** 1500 seeded mutations of iris.csv, plain and gzip: each read whole or refused with one line. */
    @Test
    void mutatedCsvFilesAreReadOrRefused() throws IOException {
        byte[] iris = Files.readAllBytes(IRIS);
        Random random = new Random(7);
        Path f = dir.resolve("m.csv");
        int refused = 0;
        for (int i = 0; i < 1500; i++) {
            byte[] m = Mutations.mutate(iris, random);
            boolean gzip = i % 3 == 0;
            Files.write(f, gzip ? IdxFiles.gzip(m) : m);
            CsvReader.Columns columns = i % 2 == 0 ? new CsvReader.LabelColumn("species")
                    : new CsvReader.TargetColumns(java.util.List.of("petal_width"));
            try {
                ReaderChecks.consistent(DataFiles.readCsv(f, CsvReader.Header.AUTO, columns,
                        i % 5 == 0 ? BadValues.skip() : BadValues.refuse()));
            } catch (InvalidFileException e) {
                ReaderChecks.validError(e, f);
                refused++;
            }
        }
        assertTrue(refused > 150 && refused < 1450, refused + " of 1500 refused: the mutations should break some");
    }

    /** 1500 seeded mutations of an MNIST-shaped IDX file and its labels, plain and gzip. */
    @Test
    void mutatedIdxFilesAreReadOrRefused() throws IOException {
        Random random = new Random(11);
        int[] values = random.ints(20 * 4 * 4, 0, 256).toArray();
        byte[] images = IdxFiles.ubyte(new int[]{20, 4, 4}, values);
        byte[] labels = IdxFiles.ubyte(new int[]{20}, random.ints(20, 0, 10).toArray());
        Path fi = dir.resolve("m-images.idx");
        Path fl = dir.resolve("m-labels.idx");
        int refused = 0;
        for (int i = 0; i < 1500; i++) {
            boolean labelsToo = i % 4 == 0;
            byte[] mi = labelsToo ? images : Mutations.mutate(images, random);
            byte[] ml = labelsToo ? Mutations.mutate(labels, random) : labels;
            Files.write(fi, i % 3 == 0 ? IdxFiles.gzip(mi) : mi);
            Files.write(fl, ml);
            try {
                ReaderChecks.consistent(DataFiles.readIdx(fi, fl, i % 5 == 0 ? BadValues.skip() : BadValues.refuse()));
            } catch (InvalidFileException e) {
                ReaderChecks.validError(e, e.file().equals(fl.toString()) ? fl : fi);
                refused++;
            }
        }
        assertTrue(refused > 150, refused + " of 1500 refused: the mutations should break some");
    }

    @Test
    void textThatIsNotUtf8IsRefusedAtItsLine() throws IOException {
        // Latin-1 café and cafè: replaced by U+FFFD, both would read as one class.
        Path latin = Files.write(dir.resolve("latin.csv"), bytes("a,b,label\n1,2,caf\u00E9\n3,4,caf\u00E8\n",
                java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(latin + ": line 2: not UTF-8 text: byte E9 at offset 17 is not valid UTF-8 (save the file as "
                + "UTF-8)", csvError(latin));
        Path utf16 = Files.write(dir.resolve("utf16.csv"), bytes("a,b,label\n1,2,x\n",
                java.nio.charset.StandardCharsets.UTF_16LE, 0xFF, 0xFE));
        assertEquals(utf16 + ": line 1: UTF-16 text (it starts with a UTF-16 byte order mark); vecprop reads UTF-8, so "
                + "save the file as UTF-8", csvError(utf16));
        Path noBom = Files.write(dir.resolve("utf16-nobom.csv"), bytes("a,b,label\n1,2,x\n",
                java.nio.charset.StandardCharsets.UTF_16LE));
        assertEquals(noBom + ": line 1: not text: a NUL character (is the file UTF-16, or binary? vecprop reads UTF-8)",
                csvError(noBom));
        // A model file given as data.
        Path model = Files.write(dir.resolve("m.vpm"), new byte[]{(byte) 0x89, 'V', 'P', 'M', '\r', '\n', 0x1A, '\n'});
        assertEquals(model + ": line 1: not UTF-8 text: byte 89 at offset 0 is not valid UTF-8 (is it a binary file, "
                + "such as a model file?)", csvError(model));
        Path gz = Files.write(dir.resolve("latin.csv.gz"), IdxFiles.gzip(Files.readAllBytes(latin)));
        assertEquals(gz + ": line 2: not UTF-8 text: byte E9 at offset 17 (decompressed) is not valid UTF-8 (save the "
                + "file as UTF-8)", csvError(gz));
    }

    @Test
    void theLineOfABadByteIsExactAcrossBuffers() throws IOException {
        // A header of 11 bytes, then lines of 10 bytes (9 characters): the reader's blocks (64 KiB) end inside
        // lines, and byte 65536 is the second of line 6554's two-byte character.
        StringBuilder b = new StringBuilder("a,b,labels\n");
        for (int i = 0; i < 20_000; i++) {
            b.append(String.format("%d,%d,\u00E9%s\n", i % 10, i % 7, i % 2 == 0 ? "xxx" : "yyy"));
        }
        byte[] good = b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path f = Files.write(dir.resolve("long.csv"), good);
        Samples s = DataFiles.readCsv(f, CsvReader.Header.AUTO, new CsvReader.LabelColumn(null));
        assertEquals(20_000, s.rows());
        assertEquals(java.util.Set.of("\u00E9xxx", "\u00E9yyy"), new java.util.HashSet<>(List.of(s.labels())));
        for (int line : new int[]{2, 6553, 6554, 6555, 7282, 7283, 13107, 20_001}) {
            byte[] bad = good.clone();
            int at = 11 + (line - 2) * 10 + 4; // the first byte of the line's é
            bad[at] = (byte) 0xFF;
            Files.write(f, bad);
            assertEquals(f + ": line " + line + ": not UTF-8 text: byte FF at offset " + at + " is not valid UTF-8 (save "
                    + "the file as UTF-8)", csvError(f), "line " + line);
        }
    }

    @Test
    void aFolderGivenAsAFileIsNamed() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("adir"));
        Path images = IdxFiles.write(dir.resolve("i.idx"), IdxFiles.ubyte(new int[]{2, 1}, new int[]{1, 2}));
        String expected = folder + ": a folder, not a file";
        assertEquals(expected, assertThrows(InvalidFileException.class, () -> DataFiles.detect(folder)).getMessage());
        assertEquals(expected, csvError(folder));
        assertEquals(expected, assertThrows(InvalidFileException.class, () -> IdxReader.read(folder)).getMessage());
        assertEquals(expected, assertThrows(InvalidFileException.class, () -> DataFiles.readIdx(images, folder))
                .getMessage());
    }

    @Test
    void aPipeOrADeviceIsRefusedBeforeItIsOpened() throws Exception {
        // Read twice (the format from the first bytes, then the data), a pipe would lose what the first read
        // took, and a named pipe with no writer would block the open for ever.
        Path fifo = dir.resolve("data.csv");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0 && Files.exists(fifo), "mkfifo is needed");
        Path images = IdxFiles.write(dir.resolve("i.idx"), IdxFiles.ubyte(new int[]{2, 1}, new int[]{1, 2}));
        for (Path p : List.of(fifo, Path.of("/dev/null"))) {
            String expected = p + ": not a regular file (a pipe or a device); vecprop reads a data file more than "
                    + "once, so save the data to a file and name that";
            assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
                assertEquals(expected, assertThrows(InvalidFileException.class, () -> DataFiles.detect(p)).getMessage());
                assertEquals(expected, csvError(p));
                assertEquals(expected, assertThrows(InvalidFileException.class, () -> IdxReader.read(p)).getMessage());
                assertEquals(expected, assertThrows(InvalidFileException.class, () -> DataFiles.readIdx(images, p))
                        .getMessage());
                assertEquals(-1, DataFiles.peekFeatures(p, 1));
            });
        }
    }

    @Test
    void bytesAfterTheGzipDataAreRefused() throws IOException {
        byte[] csv = "a,b,label\n1,2,x\n3,4,y\n".getBytes();
        byte[] gz = IdxFiles.gzip(csv);
        Path f = dir.resolve("t.csv.gz");
        Files.write(f, concat(gz, "trailing junk".getBytes()));
        assertEquals(f + ": byte " + gz.length + ": 13 bytes after the end of the gzip data that do not start another "
                + "gzip member (junk appended to the file?)", csvError(f));
        Files.write(f, concat(gz, new byte[]{1}));
        assertEquals(f + ": byte " + gz.length + ": 1 byte after the end of the gzip data that do not start another "
                + "gzip member (junk appended to the file?)", csvError(f));
        // Zero padding, as tar or dd leave it, is read as gzip and Python read it; a nonzero byte in it is not.
        Files.write(f, concat(gz, new byte[70_000]));
        assertEquals(2, DataFiles.readCsv(f, CsvReader.Header.AUTO, new CsvReader.LabelColumn(null)).rows());
        byte[] padded = concat(gz, new byte[70_000]);
        padded[padded.length - 1] = 7;
        Files.write(f, padded);
        assertEquals(f + ": byte " + gz.length + ": 70000 bytes after the end of the gzip data that do not start another "
                + "gzip member (junk appended to the file?)", csvError(f));
        // What starts like a member but is not one.
        Files.write(f, concat(gz, new byte[]{0x1F, (byte) 0x8B, 'g', 'a', 'r', 'b', 'a', 'g', 'e'}));
        assertEquals(f + ": the gzip data is corrupt (member 2, from byte " + gz.length + ": compression method 103; gzip "
                + "has only 8, deflate)", csvError(f));
        Files.write(f, concat(gz, java.util.Arrays.copyOf(gz, 15)));
        // The second member's first deflate bytes decode to the start of a fourth line before the data runs out.
        assertEquals(f + ": line 4: the gzip data ends early; the file is truncated", csvError(f));
        // Cut in the trailer of a file whose last line is whole.
        Files.write(f, java.util.Arrays.copyOf(gz, gz.length - 4));
        assertEquals(f + ": after line 3: the gzip data ends early; the file is truncated", csvError(f));
        // Cut in the middle of the text: the line it was cut in.
        StringBuilder text = new StringBuilder("a,b,label\n");
        java.util.Random random = new java.util.Random(3);
        for (int r = 0; r < 20_000; r++) {
            text.append(random.nextInt(1000)).append(',').append(random.nextInt(1000)).append(",x\n");
        }
        byte[] whole = IdxFiles.gzip(text.toString().getBytes());
        Files.write(f, java.util.Arrays.copyOf(whole, whole.length / 2));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(f.toString())
                + ": line (\\d+): the gzip data ends early; the file is truncated").matcher(csvError(f));
        assertTrue(m.matches(), csvError(f));
        int line = Integer.parseInt(m.group(1));
        assertTrue(line > 5_000 && line < 15_000, "line " + line);

        // The same for IDX, whose reader stops at the last item it expects.
        byte[] idx = IdxFiles.gzip(IdxFiles.ubyte(new int[]{2, 1}, new int[]{1, 2}));
        Path i = IdxFiles.write(dir.resolve("i.idx.gz"), concat(idx, "junk".getBytes()));
        assertEquals(i + ": byte " + idx.length + ": 4 bytes after the end of the gzip data that do not start another "
                + "gzip member (junk appended to the file?)",
                assertThrows(InvalidFileException.class, () -> IdxReader.read(i)).getMessage());
    }

    @Test
    void concatenatedGzipMembersAreOneStream() throws IOException {
        // What `cat a.gz b.gz` makes, and gzip reads as the two texts one after the other.
        Path f = Files.write(dir.resolve("two.csv.gz"), concat(IdxFiles.gzip("a,b,label\n1,2,x\n3,".getBytes()),
                IdxFiles.gzip("4,y\n".getBytes()), IdxFiles.gzip(new byte[0])));
        Samples s = DataFiles.readCsv(f, CsvReader.Header.AUTO, new CsvReader.LabelColumn(null));
        assertArrayEquals(new float[]{1, 2, 3, 4}, s.x());
        byte[] idx = IdxFiles.ubyte(new int[]{3, 2}, new int[]{1, 2, 3, 4, 5, 6});
        Path i = IdxFiles.write(dir.resolve("two.idx.gz"), concat(IdxFiles.gzip(java.util.Arrays.copyOf(idx, 13)),
                IdxFiles.gzip(java.util.Arrays.copyOfRange(idx, 13, idx.length))));
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, IdxReader.read(i).values());
    }

    @Test
    void gzipHeaderFieldsAreReadAndChecked() throws IOException {
        byte[] deflated = IdxFiles.gzip("a,b\n1,x\n2,y\n".getBytes());
        byte[] body = java.util.Arrays.copyOfRange(deflated, 10, deflated.length); // deflate data and trailer
        // FHCRC | FEXTRA | FNAME | FCOMMENT, as gzip -N and other tools may write them.
        java.io.ByteArrayOutputStream h = new java.io.ByteArrayOutputStream();
        h.write(new byte[]{0x1F, (byte) 0x8B, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3});
        h.write(new byte[]{3, 0, 'x', 'y', 'z'});
        h.write("name.csv\0a comment\0".getBytes());
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(h.toByteArray());
        byte[] header = h.toByteArray();
        Path f = dir.resolve("h.csv.gz");
        Files.write(f, concat(header, new byte[]{(byte) crc.getValue(), (byte) (crc.getValue() >> 8)}, body));
        assertArrayEquals(new float[]{1, 2}, DataFiles.readCsv(f, CsvReader.Header.AUTO, new CsvReader.LabelColumn(null)).x());
        Files.write(f, concat(header, new byte[]{(byte) ~crc.getValue(), (byte) (crc.getValue() >> 8)}, body));
        assertEquals(f + ": the gzip data is corrupt (the header's CRC-16 does not match the header)", csvError(f));
        header[3] |= 0x20;
        Files.write(f, concat(header, body));
        assertEquals(f + ": the gzip data is corrupt (reserved header flags set (0x3E))", csvError(f));
    }

    @Test
    void aDamagedGzipTrailerIsRefused() throws IOException {
        byte[] gz = IdxFiles.gzip("a,b\n1,x\n2,y\n".getBytes());
        Path f = dir.resolve("t.csv.gz");
        byte[] crc = gz.clone();
        crc[gz.length - 8] ^= 1;
        Files.write(f, crc);
        assertEquals(f + ": the gzip data is corrupt (the CRC-32 does not match the data)", csvError(f));
        byte[] size = gz.clone();
        size[gz.length - 4] ^= 1;
        Files.write(f, size);
        assertEquals(f + ": the gzip data is corrupt (the length in the trailer, 13, does not match the data's, 12)",
                csvError(f));
    }

    @Test
    void gzipDamageIsReportedBeforeTheBadRowItCaused() throws IOException {
        // Stored (uncompressed) deflate blocks keep the text as it is, so one changed byte is a known bad row
        // that inflates without complaint; only the CRC-32 at the end says the data is damaged.
        byte[] text = Files.readAllBytes(IRIS);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out) {
            {
                def.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
            }
        }) {
            z.write(text);
        }
        byte[] gz = out.toByteArray();
        String line44 = new String(text).lines().skip(43).findFirst().orElseThrow();
        int at = indexOf(gz, line44.getBytes());
        gz[at + line44.indexOf(',')] = ';';
        Path f = Files.write(dir.resolve("flip.csv.gz"), gz);
        assertEquals(f + ": the gzip data is corrupt (the CRC-32 does not match the data); decompressed, the damage "
                + "showed first at line 44: 4 values; the header has 5", csvError(f));
        // The same text, plain: the row is all there is to report.
        Path plain = Files.write(dir.resolve("flip.csv"), new String(text).replace(line44, line44.replaceFirst(",", ";"))
                .getBytes());
        assertEquals(plain + ": line 44: 4 values; the header has 5", csvError(plain));
        // Junk after sound gzip data does not change the data: the bad row it holds is the report.
        Path junk = Files.write(dir.resolve("junk.csv.gz"), concat(IdxFiles.gzip("a,b,label\n1,2,x\n3,y\n".getBytes()),
                "junk".getBytes()));
        assertEquals(junk + ": line 3: 2 values; the header has 3", csvError(junk));
    }

    /** 1500 seeded mutations of gzip-compressed iris.csv: the decompressor's own checks, not the parser's. */
    @Test
    void mutatedGzipDataIsReadOrRefused() throws IOException {
        byte[] gz = IdxFiles.gzip(Files.readAllBytes(IRIS));
        Random random = new Random(13);
        Path f = dir.resolve("m.csv.gz");
        int refused = 0;
        for (int i = 0; i < 1500; i++) {
            Files.write(f, Mutations.mutate(gz, random));
            try {
                ReaderChecks.consistent(DataFiles.readCsv(f, CsvReader.Header.AUTO, new CsvReader.LabelColumn("species")));
            } catch (InvalidFileException e) {
                ReaderChecks.validError(e, f);
                refused++;
            }
        }
        assertTrue(refused > 1400, refused + " of 1500 refused: nearly every change to gzip data is detected");
    }

    private static String csvError(Path f) {
        return assertThrows(InvalidFileException.class,
                () -> DataFiles.readCsv(f, CsvReader.Header.AUTO, new CsvReader.LabelColumn(null))).getMessage();
    }

    private static byte[] bytes(String text, java.nio.charset.Charset cs, int... prefix) {
        byte[] body = text.getBytes(cs);
        byte[] b = new byte[prefix.length + body.length];
        for (int i = 0; i < prefix.length; i++) {
            b[i] = (byte) prefix[i];
        }
        System.arraycopy(body, 0, b, prefix.length, body.length);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= in.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private static Samples read(String text, BadValues bad) throws IOException {
        return CsvReader.read(new BufferedReader(new java.io.StringReader(text)), Path.of("f.csv"),
                CsvReader.Header.AUTO, new CsvReader.LabelColumn(null), bad);
    }

}
