package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {

    /** A committed file of format version 1; it must keep loading, to the same model, in every later version. */
    static final Path GOLDEN_V1 = Path.of("src/test/resources/dev/vecprop/core/golden-v1.vpm");
    static final Path GOLDEN_V2 = Path.of("src/test/resources/dev/vecprop/core/golden-v2.vpm");
    /** golden-v2.vpm with the label column 1 inserted before the weights, made by a script, not the writer. */
    static final Path GOLDEN_V3 = Path.of("src/test/resources/dev/vecprop/core/golden-v3.vpm");
    /** golden-v3.vpm with the label name "survived" inserted after the label column, made by a script. */
    static final Path GOLDEN_V4 = Path.of("src/test/resources/dev/vecprop/core/golden-v4.vpm");
    static final List<String> GOLDEN_FEATURES = List.of("length", "width", "höhe");

    @TempDir
    Path dir;

    /**
     * The model in the golden file: 3 inputs, 4 tanh units with biases, 2 softmax units without, min-max
     * scaling, classes "no" and "yes"; parameter i of layer l is (i - 5) / 8 + l / 4, exact in float.
     */
    static Model goldenModel() {
        DenseLayer hidden = new DenseLayer(3, 4, Activation.TANH, true);
        DenseLayer output = new DenseLayer(4, 2, Activation.SOFTMAX, false);
        hidden.setParameters(pattern(hidden.parameterCount(), 0));
        output.setParameters(pattern(output.parameterCount(), 1));
        FeedForwardNetwork net = FeedForwardNetwork.of(List.of(hidden, output), KernelProviders.scalar());
        FeatureScaling scaling = FeatureScaling.of(FeatureScaling.Kind.MIN_MAX,
                new float[]{1f, -2f, 0.5f}, new float[]{0.25f, 2f, 1f});
        return Model.classifier(net, "softmax-cross-entropy", scaling, List.of("no", "yes"));
    }

    /** A name longer than a file holds is refused at save, the refusal saying which name; no file is left. */
    @Test
    void aNameLongerThanAFileHoldsIsNamedInTheRefusal() {
        Model golden = goldenModel();
        String longName = "\u00e9".repeat(40_000);
        Model longClass = Model.classifier(golden.network(), "softmax-cross-entropy", golden.scaling(),
                List.of("no", longName));
        Path file = dir.resolve("long.vpm");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(longClass, file));
        assertEquals("class 1's name is 80000 bytes in UTF-8, more than a model file holds (65535)", e.getMessage());
        Model longFeature = golden.withFeatureNames(List.of("a", longName, "c"));
        e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(longFeature, file));
        assertEquals("feature 1's name is 80000 bytes in UTF-8, more than a model file holds (65535)", e.getMessage());
        assertFalse(java.nio.file.Files.exists(file));
    }

    static float[] pattern(int n, int layer) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i - 5) / 8f + layer / 4f;
        }
        return v;
    }

    @Test
    void goldenVersion1FileLoadsToTheModelItWasWrittenFrom() throws IOException {
        Model m = ModelFile.load(GOLDEN_V1, KernelProviders.scalar());
        Model expected = goldenModel();
        assertEquals("softmax-cross-entropy", m.lossName());
        assertTrue(m.isClassifier());
        assertEquals(List.of("no", "yes"), m.outputNames());
        assertEquals(expected.scaling(), m.scaling());
        assertEquals("3-4 tanh-2 softmax", m.network().toString());
        assertTrue(m.network().layers().get(0).hasBias());
        assertFalse(m.network().layers().get(1).hasBias());
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(expected.network().layers().get(l).parameters(), m.network().layers().get(l).parameters());
        }
        float[] x = {1.5f, 0f, 3f};
        assertArrayEquals(expected.predict(x), m.predict(x));
        assertEquals(List.of(), m.featureNames(), "version 1 has no feature names");
    }

    @Test
    void goldenVersion2FileLoadsWithItsFeatureNames() throws IOException {
        Model m = ModelFile.load(GOLDEN_V2, KernelProviders.scalar());
        Model v1 = ModelFile.load(GOLDEN_V1, KernelProviders.scalar());
        assertEquals(GOLDEN_FEATURES, m.featureNames());
        assertEquals(v1.outputNames(), m.outputNames());
        assertEquals(v1.scaling(), m.scaling());
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(v1.network().layers().get(l).parameters(), m.network().layers().get(l).parameters());
        }
    }

    @Test
    void goldenVersion3FileLoadsWithItsLabelColumn() throws IOException {
        Model m = ModelFile.load(GOLDEN_V3, KernelProviders.scalar());
        Model v2 = ModelFile.load(GOLDEN_V2, KernelProviders.scalar());
        assertEquals(java.util.OptionalInt.of(1), m.labelColumn());
        assertEquals(java.util.OptionalInt.empty(), v2.labelColumn(), "version 2 has no label column");
        assertEquals(GOLDEN_FEATURES, m.featureNames());
        assertEquals(v2.scaling(), m.scaling());
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(v2.network().layers().get(l).parameters(), m.network().layers().get(l).parameters());
        }
    }

    @Test
    void goldenVersion4FileLoadsWithItsLabelName() throws IOException {
        Model m = ModelFile.load(GOLDEN_V4, KernelProviders.scalar());
        Model v3 = ModelFile.load(GOLDEN_V3, KernelProviders.scalar());
        assertEquals(java.util.Optional.of("survived"), m.labelName());
        assertEquals(java.util.Optional.empty(), v3.labelName(), "version 3 has no label name");
        assertEquals(java.util.OptionalInt.of(1), m.labelColumn());
        assertEquals(GOLDEN_FEATURES, m.featureNames());
        assertEquals(v3.scaling(), m.scaling());
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(v3.network().layers().get(l).parameters(), m.network().layers().get(l).parameters());
        }
    }

    @Test
    void aLabelNameWithoutALabelColumnIsWrittenAsVersion4AndReadBack() throws IOException {
        Model model = goldenModel().withFeatureNames(GOLDEN_FEATURES).withLabelName("y");
        byte[] bytes = ModelFile.encode(model);
        assertEquals(4, ByteBuffer.wrap(bytes).getShort(8));
        // The label column's four bytes say "not known": 2^32 - 1, before the name's length and bytes.
        int labelColumnAt = bytes.length - 4 - 4 * (4 * 3 + 4 + 2 * 4) - 3 - 4;
        assertEquals(-1, ByteBuffer.wrap(bytes).getInt(labelColumnAt));
        Path file = Files.write(dir.resolve("y.vpm"), bytes);
        Model back = ModelFile.load(file, KernelProviders.scalar());
        assertEquals(java.util.Optional.of("y"), back.labelName());
        assertEquals(java.util.OptionalInt.empty(), back.labelColumn());
        assertEquals(GOLDEN_FEATURES, back.featureNames());
        // Without a label name, the same model is written as before (version 2), which older readers take.
        assertEquals(2, ByteBuffer.wrap(ModelFile.encode(goldenModel().withFeatureNames(GOLDEN_FEATURES))).getShort(8));
    }

    @Test
    void anEmptyLabelNameIsRefusedWhereItStands() throws IOException {
        byte[] v4 = Files.readAllBytes(GOLDEN_V4);
        int at = v4.length - 4 - 4 * (4 * 3 + 4 + 2 * 4) - 2 - "survived".length();
        // The name's length set to 0 and its eight bytes removed.
        ByteBuffer b = ByteBuffer.allocate(v4.length - 8);
        b.put(v4, 0, at).putShort((short) 0).put(v4, at + 2 + 8, v4.length - at - 10);
        b.putInt(10, ByteBuffer.wrap(v4).getInt(10) - 8);
        Path file = Files.write(dir.resolve("empty-name.vpm"), withChecksum(b.array()));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ModelFile.load(file, KernelProviders.scalar()));
        assertEquals(file + ": byte " + at + " (label name): an empty label name", e.getMessage());
    }

    @Test
    void aLabelNameIsAClassifiersOnlyAndNotEmpty() {
        Model regressor = Model.regressor(goldenModel().network(), "mse", null, List.of("a", "b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> regressor.withLabelName("y"));
        assertEquals("a regressor has no label column; its target names are its columns", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> goldenModel().withLabelName(""));
        assertThrows(NullPointerException.class, () -> goldenModel().withLabelName(null));
        // Kept by the other with-methods, as they keep the rest.
        Model m = goldenModel().withLabelName("y").withFeatureNames(GOLDEN_FEATURES).withLabelColumn(2);
        assertEquals(java.util.Optional.of("y"), m.labelName());
    }

    @Test
    void aLabelColumnBeyondTheDataIsRefused() throws IOException {
        byte[] v3 = Files.readAllBytes(GOLDEN_V3);
        int at = v3.length - 4 - 4 * (4 * 3 + 4 + 2 * 4) - 4;
        ByteBuffer.wrap(v3).putInt(at, 4);
        Path file = Files.write(dir.resolve("label4.vpm"), withChecksum(v3));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ModelFile.load(file, KernelProviders.scalar()));
        assertEquals(file + ": byte " + at + " (label column): label column 4; data of 3 features and the label has "
                + "columns 0 to 3", e.getMessage());
    }

    @Test
    void theWriterStillProducesTheGoldenBytes() throws IOException {
        // A model with a label name is written as version 4.
        assertArrayEquals(Files.readAllBytes(GOLDEN_V4), ModelFile.encode(
                goldenModel().withFeatureNames(GOLDEN_FEATURES).withLabelColumn(1).withLabelName("survived")));
        // A model with a label column is written as version 3.
        assertArrayEquals(Files.readAllBytes(GOLDEN_V3),
                ModelFile.encode(goldenModel().withFeatureNames(GOLDEN_FEATURES).withLabelColumn(1)));
        // A change here means the format changed: bump FORMAT_VERSION and keep reading the older versions.
        assertArrayEquals(Files.readAllBytes(GOLDEN_V2), ModelFile.encode(goldenModel().withFeatureNames(GOLDEN_FEATURES)));
        // A model without feature names is written as version 1, which a vecprop older than version 2 reads.
        assertArrayEquals(Files.readAllBytes(GOLDEN_V1), ModelFile.encode(goldenModel()));
    }

    @Test
    void aVersion2FileWithAFeatureNameCountOfZeroLoadsWithoutNames() throws IOException {
        byte[] v1 = Files.readAllBytes(GOLDEN_V1);
        // Version 1's payload with four zero bytes (no feature names) before the weights (24 + 8 floats).
        int weights = v1.length - 4 - 4 * (4 * 3 + 4 + 2 * 4);
        ByteBuffer v2 = ByteBuffer.allocate(v1.length + 4);
        v2.put(v1, 0, weights).putInt(0).put(v1, weights, v1.length - weights);
        v2.putShort(8, (short) 2).putInt(10, ByteBuffer.wrap(v1).getInt(10) + 4);
        Path file = Files.write(dir.resolve("zero.vpm"), withChecksum(v2.array()));
        Model m = ModelFile.load(file, KernelProviders.scalar());
        Model expected = ModelFile.load(GOLDEN_V1, KernelProviders.scalar());
        assertEquals(List.of(), m.featureNames());
        assertEquals(expected.scaling(), m.scaling());
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(expected.network().layers().get(l).parameters(), m.network().layers().get(l).parameters());
        }
    }

    @Test
    void featureNamesMustBeNoneOrOnePerInput() {
        Model m = goldenModel();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.withFeatureNames(List.of("a", "b")));
        assertEquals("the network takes 3 features; 2 feature names were given", e.getMessage());
        assertEquals(List.of(), m.withFeatureNames(List.of()).featureNames());
        assertThrows(NullPointerException.class, () -> m.withFeatureNames(Arrays.asList("a", null, "c")));
    }

    @Test
    void roundTripKeepsEverythingAndPredictsTheSame() throws IOException {
        FeedForwardNetwork net = FeedForwardNetwork.builder(5).layer(7, Activation.SIGMOID).layer(3, Activation.RELU)
                .layer(2, Activation.IDENTITY).biases(true).seed(11).kernels(KernelProviders.scalar()).build();
        float[] x = new float[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i) * 10;
        }
        FeatureScaling s = FeatureScaling.fit(FeatureScaling.Kind.STANDARD, x, 5);
        List<String> features = List.of("a", "b", "", "a", "ünf");
        Model model = Model.regressor(net, "mse", s, List.of("price", "größe")).withFeatureNames(features);
        Path file = dir.resolve("m.vpm");
        ModelFile.save(model, file);
        Model back = ModelFile.load(file, KernelProviders.scalar());
        assertEquals(List.of("price", "größe"), back.outputNames());
        assertEquals(features, back.featureNames());
        assertFalse(back.isClassifier());
        assertEquals(s, back.scaling());
        float[] y1 = new float[16];
        float[] y2 = new float[16];
        model.predict(x, 8, y1);
        back.predict(x, 8, y2);
        assertArrayEquals(y1, y2);
        assertEquals(List.of(file), listDir());
    }

    @Test
    void everyScalingKindRoundTripsWithItsCode() throws IOException {
        float[] x = {0f, 255f, 17f, 3f, 128f, 9f};
        for (FeatureScaling.Kind kind : FeatureScaling.Kind.values()) {
            FeatureScaling s = FeatureScaling.fit(kind, x, 3);
            FeedForwardNetwork net = FeedForwardNetwork.builder(3).layer(2, Activation.SOFTMAX).seed(5)
                    .kernels(KernelProviders.scalar()).build();
            byte[] bytes = ModelFile.encode(Model.classifier(net, "softmax-cross-entropy", s, List.of("a", "b")));
            Path file = dir.resolve(kind.id() + ".vpm");
            Files.write(file, bytes);
            Model back = ModelFile.load(file, KernelProviders.scalar());
            assertEquals(kind, back.scaling().kind());
            assertEquals(s, back.scaling());
            // The scaling code is the byte after the layers: 0 none, 1 min-max, 2 standard, 3 range.
            int code = bytes[ModelFile.HEADER_BYTES + scalingCodeOffset(bytes)];
            assertEquals(CODES.get(kind), code, kind.id());
        }
    }

    /** The scaling codes of docs/model-format.md: a file written with another code would not read back elsewhere. */
    private static final java.util.Map<FeatureScaling.Kind, Integer> CODES = java.util.Map.of(
            FeatureScaling.Kind.NONE, 0, FeatureScaling.Kind.MIN_MAX, 1, FeatureScaling.Kind.STANDARD, 2,
            FeatureScaling.Kind.RANGE, 3);

    /** Offset in the payload of the scaling code of a one-layer model with loss softmax-cross-entropy. */
    private static int scalingCodeOffset(byte[] bytes) {
        // loss (u16 length + 21 bytes), kind (u8), inputs (u32), layer count (u16), units (u32),
        // activation (u16 length + "softmax"), bias (u8).
        return 2 + "softmax-cross-entropy".length() + 1 + 4 + 2 + 4 + 2 + "softmax".length() + 1;
    }

    @Test
    void savingReplacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("m.vpm");
        Files.writeString(file, "old");
        ModelFile.save(goldenModel(), file);
        assertArrayEquals(ModelFile.encode(goldenModel()), Files.readAllBytes(file));
        assertEquals(List.of(file), listDir());
    }

    @Test
    void aFailedSaveLeavesNothingBehind() throws IOException {
        Path target = Files.createDirectory(dir.resolve("taken"));
        Files.writeString(target.resolve("inside"), "x");
        assertThrows(IOException.class, () -> ModelFile.save(goldenModel(), target));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void wrongMagicIsNotAModelFile() throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, "a,b,c\n1,2,3\n");
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ModelFile.load(file));
        assertEquals(file + ": not a vecprop model file (it does not start with the model file magic number)", e.getMessage());
    }

    @Test
    void anEmptyFileIsSaidToBeEmpty() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.vpm"));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ModelFile.load(file));
        assertEquals(file + ": the file is empty, not a model file", e.getMessage());
    }

    @Test
    void aFileCutInsideTheMagicNumberIsTruncatedAndOtherShortTextIsNotAModelFile() throws IOException {
        Path file = dir.resolve("short.vpm");
        Files.write(file, Arrays.copyOf(ModelFile.MAGIC, 5));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ModelFile.load(file));
        assertEquals(file + ": byte 5: the file ends inside the header; it is truncated", e.getMessage());
        Files.writeString(file, "hello");
        e = assertThrows(InvalidFileException.class, () -> ModelFile.load(file));
        assertEquals(file + ": not a vecprop model file (it does not start with the model file magic number)",
                e.getMessage());
    }

    @Test
    void everyTruncationIsReportedAsTruncated() throws IOException {
        byte[] good = ModelFile.encode(goldenModel());
        Path file = dir.resolve("cut.vpm");
        for (int n = 1; n < good.length; n++) {
            Files.write(file, Arrays.copyOf(good, n));
            InvalidFileException e = assertThrows(InvalidFileException.class, () -> ModelFile.load(file));
            assertTrue(e.getMessage().contains("truncated"), n + " bytes: " + e.getMessage());
        }
    }

    @Test
    void everyFlippedByteIsCaught() throws IOException {
        byte[] good = ModelFile.encode(goldenModel());
        Path file = dir.resolve("flipped.vpm");
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            Files.write(file, bad);
            assertThrows(InvalidFileException.class, () -> ModelFile.load(file), "byte " + i);
        }
        byte[] bad = good.clone();
        bad[30] ^= 0x10;
        Files.write(file, bad);
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().startsWith(file + ": byte " + (good.length - 4) + ": checksum mismatch"), e.getMessage());
    }

    @Test
    void aModelIsReadFromAPipe() throws Exception {
        // A pipe has no size (stat gives 0): the length the header announces is what is read.
        byte[] good = ModelFile.encode(goldenModel().withFeatureNames(GOLDEN_FEATURES));
        Model m = ModelFile.load(pipeOf(dir, "model.vpm", good), KernelProviders.scalar());
        assertEquals(GOLDEN_FEATURES, m.featureNames());
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(goldenModel().network().layers().get(l).parameters(),
                    m.network().layers().get(l).parameters());
        }
    }

    @Test
    void aPipeThatEndsEarlyIsTruncatedAndOneThatGoesOnHasUnexpectedBytes() throws Exception {
        byte[] good = ModelFile.encode(goldenModel());
        Path cut = pipeOf(dir, "cut.vpm", Arrays.copyOf(good, 40));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ModelFile.load(cut));
        assertEquals(cut + ": byte 40: the file ends early: the header announces " + good.length + " bytes, the file "
                + "has 40; it is truncated", e.getMessage());
        Path cutInHeader = pipeOf(dir, "header.vpm", Arrays.copyOf(good, 9));
        e = assertThrows(InvalidFileException.class, () -> ModelFile.load(cutInHeader));
        assertEquals(cutInHeader + ": byte 9: the file ends inside the header; it is truncated", e.getMessage());
        Path empty = pipeOf(dir, "empty.vpm", new byte[0]);
        e = assertThrows(InvalidFileException.class, () -> ModelFile.load(empty));
        assertEquals(empty + ": the file is empty, not a model file", e.getMessage());
        Path longer = pipeOf(dir, "long.vpm", Arrays.copyOf(good, good.length + 3));
        e = assertThrows(InvalidFileException.class, () -> ModelFile.load(longer));
        assertEquals(longer + ": byte " + good.length + ": unexpected bytes after the checksum (the file has more than "
                + "the header announces)", e.getMessage());
    }

    /**
     * A named pipe in {@code dir} that a thread of its own writes {@code bytes} into once a reader opens it, then
     * closes; a reader that stops early costs the writer a broken pipe, ignored.
     */
    static Path pipeOf(Path dir, String name, byte[] bytes) throws IOException, InterruptedException {
        Path fifo = dir.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0 && Files.exists(fifo), "mkfifo is needed");
        Thread.ofPlatform().daemon().start(() -> {
            try (var out = Files.newOutputStream(fifo)) {
                out.write(bytes);
            } catch (IOException e) {
                // The reader refused the file before its end.
            }
        });
        return fifo;
    }

    @Test
    void trailingBytesAreRefused() throws IOException {
        byte[] good = ModelFile.encode(goldenModel());
        Path file = dir.resolve("long.vpm");
        Files.write(file, Arrays.copyOf(good, good.length + 3));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains("unexpected bytes after the checksum"), e.getMessage());
    }

    @Test
    void aNewerVersionIsRefusedByNumber() throws IOException {
        byte[] bytes = ModelFile.encode(goldenModel());
        bytes[9] = 5;
        Path file = dir.resolve("v5.vpm");
        Files.write(file, bytes);
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ModelFile.load(file));
        assertEquals(file + ": byte 8: model format version 5 is newer than this vecprop reads (it reads versions 1 "
                + "to 4)", e.getMessage());
        assertTrue(e.newerFormat(), "written by a later version, not damaged");
        bytes[9] = 0;
        Files.write(file, bytes);
        e = assertThrows(InvalidFileException.class, () -> ModelFile.load(file));
        assertEquals(file + ": byte 8: model format version 0 does not exist (it reads versions 1 to 4)", e.getMessage());
        assertFalse(e.newerFormat(), "no version writes 0");
    }

    @Test
    void contentErrorsBehindAValidChecksumNameTheSection() throws IOException {
        byte[] bytes = ModelFile.encode(goldenModel());
        // The first layer's activation name "tanh" becomes "tanx"; the checksum is recomputed.
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("tanh");
        bytes[at + 3] = 'x';
        Path file = dir.resolve("foreign.vpm");
        Files.write(file, withChecksum(bytes));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ModelFile.load(file));
        assertEquals(file + ": byte " + (at - 2) + " (layer 1): unknown activation 'tanx'; known: sigmoid, tanh, relu, identity, softmax",
                e.getMessage());
    }

    @Test
    void aLossNameWithWhiteSpaceAroundItIsRefusedWhereItStands() throws IOException {
        byte[] bytes = ModelFile.encode(goldenModel());
        // "softmax-cross-entropy" becomes " oftmax-cross-entropy", a name no plugin can have; the checksum is
        // recomputed. The string's two-byte length stands before it.
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("softmax-cross-entropy");
        bytes[at] = ' ';
        Path file = dir.resolve("spaced-loss.vpm");
        Files.write(file, withChecksum(bytes));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ModelFile.load(file));
        assertEquals(file + ": byte " + (at - 2) + " (loss name): the loss's name ' oftmax-cross-entropy' has white "
                + "space around it, which no loss plugin's name has", e.getMessage());
    }

    @Test
    void aFeatureNameCountOtherThanNoneOrTheInputsIsRefusedWhereItStands() throws IOException {
        byte[] bytes = Files.readAllBytes(GOLDEN_V2);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int count = text.indexOf("length") - 2 - 4;
        assertEquals(3, ByteBuffer.wrap(bytes).getInt(count));
        ByteBuffer.wrap(bytes).putInt(count, 2);
        Path file = dir.resolve("names.vpm");
        Files.write(file, withChecksum(bytes));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ModelFile.load(file));
        assertEquals(file + ": byte " + count + " (feature names): 2 feature names for 3 inputs; there must be none "
                + "or one per input", e.getMessage());
    }

    @Test
    void onlyDenseLayersCanBeSaved() {
        Layer odd = java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Layer.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "inputSize", "outputSize" -> 2;
                    case "activation" -> Activation.SIGMOID;
                    case "toString" -> "odd";
                    default -> throw new UnsupportedOperationException(method.getName());
                }) instanceof Layer l ? l : null;
        Model m = Model.classifier(FeedForwardNetwork.of(List.of(odd), KernelProviders.scalar()), "mse", null,
                List.of("a", "b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.encode(m));
        assertTrue(e.getMessage().contains("dense layers only"), e.getMessage());
    }

    private static byte[] withChecksum(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }

    private List<Path> listDir() throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
