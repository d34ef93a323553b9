package dev.vecprop.core;

import dev.vecprop.core.internal.AtomicFiles;
import dev.vecprop.core.internal.Words;

import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Saves and loads {@link Model}s in the vecprop model file format, version {@value #FORMAT_VERSION}
 * (docs/model-format.md): a magic number, the format version, the payload's length, the payload (loss name,
 * layers and activations, feature scaling, output names, feature names, label column and name, weights) and a
 * CRC-32 of everything before it. Version 1 files, which have no feature names, version 2 files, which have no
 * label column, and version 3 files, which have no label name, are read too.
 *
 * <p>Saving writes a temporary file beside the target and moves it into place, so a crash or a full disk
 * leaves either the old file or the new one, never half a model. Loading checks, in this order, the magic
 * number, the version, the length, the checksum and then the content, and reports the first problem as an
 * {@link InvalidFileException} that names the file, the byte offset (but for an empty file or a wrong magic number)
 * and what is wrong.
 */
public final class ModelFile {

    /**
     * The newest format version, which this class reads with every older one. It writes the oldest version
     * that holds the model, so that an older vecprop reads what it can: version 1 for a model without feature
     * names or label column, 2 for one with feature names only, 3 for one with a label column, 4 for one with
     * a label name.
     */
    public static final int FORMAT_VERSION = 4;

    /**
     * The first eight bytes, after PNG's: a non-ASCII first byte (so no text file matches), the letters VPM,
     * then CR LF, Ctrl-Z and LF, which a transfer in text mode would alter.
     */
    static final byte[] MAGIC = {(byte) 0x89, 'V', 'P', 'M', '\r', '\n', 0x1A, '\n'};

    /** The label column of a version 4 file whose label's column is not known: 2^32 - 1. */
    private static final int NO_LABEL_COLUMN = -1;

    /** Magic, version (u16) and payload length (u32). */
    static final int HEADER_BYTES = MAGIC.length + 2 + 4;

    private static final int CHECKSUM_BYTES = 4;

    /** The longest string (a name) a model file holds, in bytes of UTF-8. */
    public static final int MAX_STRING_BYTES = 0xFFFF;

    /** Activation codes are written by name; these are the scaling kinds' codes. */
    private static final FeatureScaling.Kind[] SCALING_CODES = {
            FeatureScaling.Kind.NONE, FeatureScaling.Kind.MIN_MAX, FeatureScaling.Kind.STANDARD, FeatureScaling.Kind.RANGE};

    private ModelFile() {
    }

    /**
     * Writes {@code model} to {@code path} atomically (a temporary file in the same folder, then a move that
     * replaces any existing file).
     *
     * @param model the model to save; only read
     * @param path  the model file; its folder must exist, and a file already there is replaced
     * @throws IllegalArgumentException if the network has a layer other than {@link DenseLayer} or more than
     *                                  65535 layers, or a name (of the loss, an activation, an output, a
     *                                  feature or the label column) is longer than 65535 bytes in UTF-8, or a
     *                                  parameter is NaN or infinite (a file {@link #load} would refuse); then
     *                                  nothing is written
     * @throws IOException              if the file cannot be written; then nothing is left behind
     */
    public static void save(Model model, Path path) throws IOException {
        byte[] bytes = encode(model);
        AtomicFiles.write(path, out -> out.write(bytes));
    }

    /**
     * Loads a model onto the default kernels ({@link KernelProviders#best()}).
     *
     * @param path the model file, as written by {@link #save(Model, Path)}; or a pipe or a device, read once to
     *             its end (opening a named pipe waits for a writer, as any reader of one does)
     * @return a new model, its network on the default kernels
     * @throws InvalidFileException     if the file is not a model file, has a version this class does not read,
     *                                  is truncated or corrupt, or describes an impossible network
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if {@value KernelProviders#PROPERTY} names kernels that are unknown or
     *                                  cannot run here
     */
    public static Model load(Path path) throws IOException {
        return load(path, KernelProviders.best());
    }

    /**
     * Loads a model and runs its network on {@code kernels}.
     *
     * @param path    the model file, as written by {@link #save(Model, Path)}; or a pipe or a device, read once
     *                to its end (opening a named pipe waits for a writer, as any reader of one does)
     * @param kernels the kernels the loaded network computes with; not {@code null}
     * @return a new model, equal in weights, scaling and names to the one saved; its layers take the layouts
     *         {@link DenseLayer.Layout#choose} gives, as the network builder's do, so the model of a network
     *         whose first layer was made with {@link DenseLayer}'s plain constructor (stored by unit) predicts
     *         as it did up to float rounding, the two layouts summing in different orders
     * @throws InvalidFileException     if the file is not a model file, has a version this class does not
     *                                  read, is truncated or corrupt, or describes an impossible network
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if the kernels cannot run in this JVM ({@link Kernels#unavailableReason()});
     *                                  then the file is not read
     */
    public static Model load(Path path, Kernels kernels) throws IOException {
        // Before the file: a refusal of the kernels is no fault of the file's.
        KernelProviders.requireUsable(kernels);
        if (Files.isDirectory(path)) {
            throw new InvalidFileException(path, null, "is a folder, not a model file");
        }
        // A pipe or a device (a process substitution, <(ssh host cat m.vpm)) has no size to check the header's length
        // against: it is read once, to its end, the payload as it comes, so that the memory taken grows with the bytes
        // that arrive (InputStream.readNBytes), never to a length a header claims.
        boolean regular = Files.isRegularFile(path);
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, regular ? Files.size(path) : -1, path, kernels);
        }
    }

    /**
     * Loads a model from the bytes of a model file read already (a checkpoint's, whose checksum of them it
     * checked: reading the file again could find another).
     *
     * @param file    the file's bytes
     * @param path    the file, for messages
     * @param kernels the kernels the loaded network computes with
     * @return the model, as {@link #load(Path, Kernels)} gives it
     * @throws InvalidFileException as {@link #load(Path, Kernels)}
     */
    static Model load(byte[] file, Path path, Kernels kernels) throws InvalidFileException {
        KernelProviders.requireUsable(kernels);
        try {
            return read(new ByteArrayInputStream(file), file.length, path, kernels);
        } catch (InvalidFileException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayInputStream does not fail
        }
    }

    /**
     * Reads a model file from {@code in}: {@code size} bytes long when it is known (a regular file), checked
     * against the length its header announces before that many bytes are read; -1 for a pipe.
     */
    private static Model read(InputStream in, long size, Path path, Kernels kernels) throws IOException {
        boolean regular = size >= 0;
        byte[] header = in.readNBytes(HEADER_BYTES);
        ByteBuffer h = ByteBuffer.wrap(header);
        if (header.length == 0) {
            throw new InvalidFileException(path, null, "the file is empty, not a model file");
        }
        // A file cut inside the magic number is a model file cut short, as one cut after it is.
        int magic = Math.min(header.length, MAGIC.length);
        if (!Arrays.equals(header, 0, magic, MAGIC, 0, magic)) {
            throw new InvalidFileException(path, null, "not a vecprop model file (it does not start with the "
                    + "model file magic number)");
        }
        if (header.length < HEADER_BYTES) {
            throw new InvalidFileException(path, "byte " + header.length, "the file ends inside the header; it is truncated");
        }
        int version = Short.toUnsignedInt(h.getShort(MAGIC.length));
        if (version > FORMAT_VERSION) {
            throw InvalidFileException.newerFormat(path, "byte " + MAGIC.length, "model format version " + version
                    + " is newer than this vecprop reads (it reads versions 1 to " + FORMAT_VERSION + ")");
        }
        if (version < 1) {
            throw new InvalidFileException(path, "byte " + MAGIC.length, "model format version " + version
                    + " does not exist (it reads versions 1 to " + FORMAT_VERSION + ")");
        }
        long length = Integer.toUnsignedLong(h.getInt(MAGIC.length + 2));
        long expected = length + CHECKSUM_BYTES;
        // A regular file's announced length is checked against its real one before anything of that size is read.
        if (regular && size < HEADER_BYTES + expected) {
            throw new InvalidFileException(path, "byte " + size, "the file ends early: the header announces "
                    + (HEADER_BYTES + expected) + " bytes, the file has " + size + "; it is truncated");
        }
        if (regular && size > HEADER_BYTES + expected) {
            throw new InvalidFileException(path, "byte " + (HEADER_BYTES + expected), "unexpected bytes after "
                    + "the checksum (the header announces " + (HEADER_BYTES + expected) + " bytes, the file has "
                    + size + ")");
        }
        if (expected > Integer.MAX_VALUE - 8) {
            throw new InvalidFileException(path, "byte " + (MAGIC.length + 2), "a payload of " + length
                    + " bytes, more than a model file holds (" + (Integer.MAX_VALUE - 8 - CHECKSUM_BYTES) + ")");
        }
        byte[] rest = in.readNBytes((int) expected);
        if (rest.length < expected) {
            // A pipe that ended early, or a regular file that shrank while it was read.
            throw new InvalidFileException(path, "byte " + (HEADER_BYTES + rest.length), "the file ends early: "
                    + "the header announces " + (HEADER_BYTES + expected) + " bytes, the file has "
                    + (HEADER_BYTES + rest.length) + "; it is truncated");
        }
        if (in.read() >= 0) {
            throw new InvalidFileException(path, "byte " + (HEADER_BYTES + expected),
                    "unexpected bytes after the checksum (the file has more than the header announces)");
        }
        CRC32 crc = new CRC32();
        crc.update(header);
        crc.update(rest, 0, (int) length);
        long stored = Integer.toUnsignedLong(ByteBuffer.wrap(rest, (int) length, CHECKSUM_BYTES).getInt());
        if (stored != crc.getValue()) {
            throw new InvalidFileException(path, "byte " + (HEADER_BYTES + length), String.format(
                    "checksum mismatch (stored %08x, computed %08x): the file is corrupt", stored, crc.getValue()));
        }
        return decode(ByteBuffer.wrap(rest, 0, (int) length).slice(), version, path, kernels);
    }

    /** The whole file for {@code model}: header, payload and checksum. */
    static byte[] encode(Model model) {
        // The oldest version that holds the model, so that older readers load what they can.
        int version = model.labelName().isPresent() ? 4
                : model.labelColumn().isPresent() ? 3 : model.featureNames().isEmpty() ? 1 : 2;
        Network net = model.network();
        ByteArrayOutputStream payloadBytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(payloadBytes)) {
            writeString(out, model.lossName(), "the loss's name");
            out.writeByte(model.isClassifier() ? 0 : 1);
            out.writeInt(net.inputSize());
            List<Layer> layers = net.layers();
            if (layers.size() > 0xFFFF) {
                throw new IllegalArgumentException("a model file holds at most 65535 layers, not " + layers.size());
            }
            out.writeShort(layers.size());
            for (int l = 0; l < layers.size(); l++) {
                Layer layer = layers.get(l);
                if (!(layer instanceof DenseLayer)) {
                    throw new IllegalArgumentException("layer " + (l + 1) + " is a " + layer.getClass().getName()
                            + "; the model file format holds dense layers only");
                }
                out.writeInt(layer.outputSize());
                writeString(out, layer.activation().id(), "layer " + (l + 1) + "'s activation");
                out.writeByte(layer.hasBias() ? 1 : 0);
            }
            FeatureScaling s = model.scaling();
            out.writeByte(List.of(SCALING_CODES).indexOf(s.kind()));
            if (s.kind() != FeatureScaling.Kind.NONE) {
                for (float v : s.offsets()) {
                    out.writeFloat(v);
                }
                for (float v : s.scales()) {
                    out.writeFloat(v);
                }
            }
            out.writeInt(model.outputNames().size());
            for (int i = 0; i < model.outputNames().size(); i++) {
                writeString(out, model.outputNames().get(i), (model.isClassifier() ? "class " : "target ") + i + "'s name");
            }
            if (version >= 2) {
                out.writeInt(model.featureNames().size());
                for (int i = 0; i < model.featureNames().size(); i++) {
                    writeString(out, model.featureNames().get(i), "feature " + i + "'s name");
                }
            }
            if (version >= 3) {
                // From version 4, 2^32 - 1 when the column is not known (the label was the last one).
                out.writeInt(model.labelColumn().orElse(NO_LABEL_COLUMN));
            }
            if (version >= 4) {
                writeString(out, model.labelName().orElseThrow(), "the label column's name");
            }
            for (int l = 0; l < layers.size(); l++) {
                float[] parameters = layers.get(l).parameters();
                for (int i = 0; i < parameters.length; i++) {
                    // load refuses these: a file that could not be read back is not written.
                    if (!Float.isFinite(parameters[i])) {
                        throw new IllegalArgumentException("parameter " + i + " of layer " + (l + 1) + " is "
                                + parameters[i] + "; a model file holds finite numbers only");
                    }
                    out.writeFloat(parameters[i]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        byte[] payload = payloadBytes.toByteArray();
        ByteBuffer file = ByteBuffer.allocate(HEADER_BYTES + payload.length + CHECKSUM_BYTES);
        file.put(MAGIC).putShort((short) version).putInt(payload.length).put(payload);
        CRC32 crc = new CRC32();
        crc.update(file.array(), 0, file.position());
        file.putInt((int) crc.getValue());
        return file.array();
    }

    /**
     * Reads the payload of a file of format {@code version}; the checksum has been verified, so a problem here
     * is a writer's mistake.
     */
    private static Model decode(ByteBuffer p, int version, Path path, Kernels kernels) throws InvalidFileException {
        Reader r = new Reader(p, path);
        try {
            r.section = "loss name";
            int lossAt = p.position();
            String loss = r.string();
            if (!LossRegistry.usableName(loss)) {
                throw r.errorAt(lossAt, loss.isBlank() ? "the loss's name is blank" : "the loss's name '" + loss
                        + "' has white space around it, which no loss plugin's name has");
            }
            r.section = "model kind";
            int kind = r.u8();
            if (kind > 1) {
                throw r.error("model kind " + kind + " is not 0 (classifier) or 1 (regressor)");
            }
            r.section = "input count";
            int inputs = r.positiveInt("the number of inputs");
            r.section = "layer count";
            int layerCount = p.getShort() & 0xFFFF;
            if (layerCount == 0) {
                throw r.error("the model has no layers");
            }
            int[] units = new int[layerCount];
            Activation[] activations = new Activation[layerCount];
            boolean[] bias = new boolean[layerCount];
            long parameters = 0;
            int in = inputs;
            for (int l = 0; l < layerCount; l++) {
                r.section = "layer " + (l + 1);
                units[l] = r.positiveInt("the number of units");
                int at = p.position();
                String id = r.string();
                try {
                    activations[l] = Activation.named(id);
                } catch (IllegalArgumentException e) {
                    throw r.errorAt(at, e.getMessage());
                }
                int b = r.u8();
                if (b > 1) {
                    throw r.error("the bias flag is " + b + ", not 0 or 1");
                }
                bias[l] = b == 1;
                // At most 2^62 a layer; the sum saturates rather than wrap past Long.MAX_VALUE.
                long layerParameters = (long) in * units[l] + (bias[l] ? units[l] : 0);
                parameters = parameters > Long.MAX_VALUE - layerParameters ? Long.MAX_VALUE : parameters + layerParameters;
                in = units[l];
            }
            // The weights come last: a payload too short for them is refused before the scaling or the layers,
            // sized by the input count, are allocated (FeatureScaling.none(inputs) alone could be gigabytes).
            r.section = "layers";
            r.needFloats(parameters);
            r.section = "feature scaling";
            int scalingCode = r.u8();
            if (scalingCode >= SCALING_CODES.length) {
                throw r.error("unknown feature scaling code " + scalingCode);
            }
            FeatureScaling scaling;
            if (scalingCode == 0) {
                scaling = FeatureScaling.none(inputs);
            } else {
                r.need(8L * inputs);
                float[] offset = r.finiteFloats(inputs, "offset");
                float[] scale = r.finiteFloats(inputs, "scale");
                scaling = FeatureScaling.of(SCALING_CODES[scalingCode], offset, scale);
            }
            r.section = "output names";
            int names = r.positiveInt("the number of output names");
            r.need(2L * names);
            List<String> outputNames = new ArrayList<>(names);
            for (int i = 0; i < names; i++) {
                outputNames.add(r.string());
            }
            List<String> featureNames = List.of();
            if (version >= 2) {
                r.section = "feature names";
                int at = p.position();
                int count = p.getInt();
                if (count != 0 && count != inputs) {
                    throw r.errorAt(at, Integer.toUnsignedLong(count)
                            + (count == 1 ? " feature name for " : " feature names for ") + Words.count(inputs, "input")
                            + "; there must be none or one per input");
                }
                r.need(2L * count);
                featureNames = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    featureNames.add(r.string());
                }
            }
            int labelColumn = -1;
            if (version >= 3) {
                r.section = "label column";
                int at = p.position();
                labelColumn = p.getInt();
                if (version >= 4 && labelColumn == NO_LABEL_COLUMN) {
                    labelColumn = -1;
                } else if (labelColumn < 0 || labelColumn > inputs) {
                    throw r.errorAt(at, "label column " + Integer.toUnsignedLong(labelColumn) + "; data of "
                            + Words.count(inputs, "feature") + " and the label has columns 0 to " + inputs
                            + (version >= 4 ? " (or 4294967295 for none)" : ""));
                }
            }
            String labelName = null;
            if (version >= 4) {
                r.section = "label name";
                int at = p.position();
                labelName = r.string();
                if (labelName.isEmpty()) {
                    throw r.errorAt(at, "an empty label name");
                }
            }
            r.section = "weights";
            r.needFloats(parameters);
            List<DenseLayer> layers = new ArrayList<>(layerCount);
            in = inputs;
            for (int l = 0; l < layerCount; l++) {
                r.section = "weights of layer " + (l + 1);
                DenseLayer layer = new DenseLayer(in, units[l], activations[l], bias[l],
                        DenseLayer.Layout.choose(l == 0, units[l]));
                layer.setParameters(r.finiteFloats(layer.parameterCount(), "parameter"));
                layers.add(layer);
                in = units[l];
            }
            if (p.hasRemaining()) {
                r.section = "end";
                throw r.error(Words.count(p.remaining(), "byte")
                        + " after the weights that the layers do not account for");
            }
            FeedForwardNetwork network = FeedForwardNetwork.of(layers, kernels);
            Model model = kind == 0 ? Model.classifier(network, loss, scaling, outputNames)
                    : Model.regressor(network, loss, scaling, outputNames);
            model = model.withFeatureNames(featureNames);
            if (labelColumn >= 0) {
                r.section = "label column";
                model = model.withLabelColumn(labelColumn);
            }
            if (labelName != null) {
                r.section = "label name";
                model = model.withLabelName(labelName);
            }
            return model;
        } catch (BufferUnderflowException e) {
            throw r.error("the payload ends early");
        } catch (IllegalArgumentException e) {
            throw r.error(e.getMessage());
        }
    }

    /** {@code s} as the file holds a string; {@code what} it is names it in the refusal of one too long. */
    private static void writeString(DataOutputStream out, String s, String what) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException(what + " is " + b.length + " bytes in UTF-8, more than a model file "
                    + "holds (" + MAX_STRING_BYTES + ")");
        }
        out.writeShort(b.length);
        out.write(b);
    }

    /** Reads the payload, knowing which part it is in for the error messages. */
    private static final class Reader {
        private final ByteBuffer p;
        private final Path path;
        String section = "payload";

        Reader(ByteBuffer p, Path path) {
            this.p = p;
            this.path = path;
        }

        int u8() {
            return p.get() & 0xFF;
        }

        int positiveInt(String what) throws InvalidFileException {
            int at = p.position();
            int v = p.getInt();
            if (v <= 0) {
                throw errorAt(at, what + " is " + Integer.toUnsignedLong(v) + "; it must be from 1 to " + Integer.MAX_VALUE);
            }
            return v;
        }

        String string() throws InvalidFileException {
            int at = p.position();
            int n = p.getShort() & 0xFFFF;
            if (n > p.remaining()) {
                throw errorAt(at, "a string of " + n + " bytes; the payload has " + p.remaining() + " left");
            }
            byte[] b = new byte[n];
            p.get(b);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw errorAt(at, "a string that is not valid UTF-8");
            }
        }

        float[] floats(int n) {
            float[] v = new float[n];
            p.asFloatBuffer().get(v);
            p.position(p.position() + 4 * n);
            return v;
        }

        /** {@code n} floats, each finite: a NaN or infinite parameter makes every prediction meaningless. */
        float[] finiteFloats(int n, String what) throws InvalidFileException {
            int at = p.position();
            float[] v = floats(n);
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(v[i])) {
                    throw errorAt(at + 4 * i, what + " " + i + " is " + v[i] + "; a model holds finite numbers only");
                }
            }
            return v;
        }

        /** Refuses a payload with fewer than {@code count} floats left (4 x count could overflow a long). */
        void needFloats(long count) throws InvalidFileException {
            if (count > p.remaining() / 4) {
                throw error("needs " + (count <= Long.MAX_VALUE / 4 ? String.valueOf(4 * count)
                        : "more than " + Long.MAX_VALUE + " (over 2^61 floats)") + " more bytes; the payload has "
                        + p.remaining() + " left");
            }
        }

        /** Fails before allocating when fewer than {@code bytes} remain (so a bad count cannot exhaust memory). */
        void need(long bytes) throws InvalidFileException {
            if (bytes > p.remaining()) {
                throw error("needs " + bytes + " more bytes; the payload has " + p.remaining() + " left");
            }
        }

        InvalidFileException error(String problem) {
            return errorAt(p.position(), problem);
        }

        InvalidFileException errorAt(int payloadOffset, String problem) {
            return new InvalidFileException(path, "byte " + (HEADER_BYTES + payloadOffset) + " (" + section + ")",
                    problem);
        }
    }
}
