package dev.vecprop.core;

import dev.vecprop.core.internal.AtomicFiles;
import dev.vecprop.core.internal.PluginFaults;
import dev.vecprop.core.internal.Words;
import dev.vecprop.spi.Kernels;
import dev.vecprop.spi.LossFunction;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A training run saved after an epoch, so that it can be resumed after a crash and end exactly as an
 * uninterrupted run would: the model (in {@link ModelFile}'s format), the optimiser's state, the number of
 * epochs done, the options and a fingerprint of the training data. The shuffling needs no state: each
 * epoch's order is drawn from the seed and the epoch number.
 *
 * <p>A checkpoint is a folder holding {@code model-E.vpm} (the model after epoch E) and {@value #STATE_FILE},
 * which names that model file. Each is written atomically, the model first and the state second, and the model
 * files of earlier epochs ({@code model-E.vpm} with a smaller E; no other file) are deleted last, so a crash at
 * any moment leaves a state file and the model it names.
 *
 * <p>The state file, big-endian: the magic {@code VPCK}, the format version (int, 3), the epochs done (int),
 * the model file's name (unsigned short length and UTF-8), the options (learning rate float, batch size
 * int, momentum float, epochs int, seed long, shuffle byte), the data fingerprint (long), the kernels that
 * trained it (unsigned short length and UTF-8: their {@link Kernels#description()}, without a thread count,
 * since the results do not depend on it; from version 2), the CRC-32 of the model file's bytes (int; from
 * version 3: a model file put there from another training is refused, not resumed from), the number of layers
 * (int) and for each the optimiser state (int count, -1 for none, then that many floats), and last the CRC-32 of
 * every byte before it (int). Versions 1 and 2 are read too.
 */
public final class Checkpoint {

    /** The state file's name within the checkpoint folder. */
    public static final String STATE_FILE = "state.vpc";
    /** The state file's format version. */
    public static final int FORMAT_VERSION = 3;

    private static final int MAGIC = 0x5650434B; // "VPCK"
    /**
     * The largest state or model file read: the largest Java array. A state file holds a few options and the
     * optimiser state, at most one float per parameter; a model file at most a payload of that size.
     */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private final Model model;
    private final int epochsDone;
    private final TrainingOptions options;
    private final long dataFingerprint;
    private final float[][] optimizerState;
    private final String trainedOn;

    private Checkpoint(Model model, int epochsDone, TrainingOptions options, long dataFingerprint,
                       float[][] optimizerState, String trainedOn) {
        this.trainedOn = trainedOn;
        this.model = model;
        this.epochsDone = epochsDone;
        this.options = options;
        this.dataFingerprint = dataFingerprint;
        this.optimizerState = optimizerState;
    }

    /**
     * Saves the state of a training after its last epoch.
     *
     * @param folder  the checkpoint folder; created if missing
     * @param model   the model being trained: its network is the trainer's
     * @param trainer the trainer, for its epoch count, options and the layers' optimiser state
     * @param train   the training data, whose fingerprint is kept
     * @throws IOException              when a file cannot be written; the previous checkpoint then stays
     * @throws IllegalArgumentException if the model's network is not the trainer's, or the model is one that
     *                                  {@link ModelFile#save} refuses (a layer other than {@link DenseLayer}, a
     *                                  parameter NaN or infinite: the model file would not load); then nothing is
     *                                  written and the folder is not made
     * @throws IllegalStateException    if an epoch is running (a call from the trainer's progress listener): a
     *                                  checkpoint holds whole epochs, for a resumed run to end as an uninterrupted one
     */
    public static void save(Path folder, Model model, Trainer trainer, Dataset train) throws IOException {
        save(folder, null, model, trainer, train, true);
    }

    /**
     * Saves the state of a training after its last epoch into a folder that exists: as {@link #save}, but the
     * folder (or a folder above it) is never made. For a caller that holds the folder, for instance with a lock
     * file in it: a folder deleted or moved away before the save writes its files fails the save (an
     * {@link IOException}; "its folder ... does not exist" when it is missing as a file is written) instead of
     * coming back, unheld, with a checkpoint in it. The files are written by path, one after the other: a folder
     * deleted after the state file is in place leaves the save's success standing with nothing on disk, and one
     * replaced at the same path meanwhile receives the rest of the save; the variant that takes the folder held
     * open ({@link #saveInto(SecureDirectoryStream, Path, Model, Trainer, Dataset)}) writes into that folder
     * alone. A caller that must know checks that it still holds the folder afterwards.
     *
     * @param folder  the checkpoint folder, which must exist
     * @param model   the model being trained: its network is the trainer's
     * @param trainer the trainer, for its epoch count, options and the layers' optimiser state
     * @param train   the training data, whose fingerprint is kept
     * @throws IOException              when a file cannot be written, or the folder does not exist
     * @throws IllegalArgumentException if the model's network is not the trainer's, or the model is one that
     *                                  {@link ModelFile#save} refuses (a layer other than {@link DenseLayer}, a
     *                                  parameter NaN or infinite: the model file would not load); then nothing is
     *                                  written
     * @throws IllegalStateException    if an epoch is running (a call from the trainer's progress listener)
     */
    public static void saveInto(Path folder, Model model, Trainer trainer, Dataset train) throws IOException {
        save(folder, null, model, trainer, train, false);
    }

    /**
     * Saves the state of a training after its last epoch into a folder held open, wherever it is now: as
     * {@link #saveInto(Path, Model, Trainer, Dataset)}, but every file is written, moved into place and deleted
     * relative to {@code open} (as the system's {@code openat} and {@code renameat} do), so that a folder moved
     * away, or deleted and made again at its path, during the save never receives any of it. For a caller that
     * holds the folder with a lock file and checks that lock through the same open folder first: nothing the
     * save writes then lands anywhere but in the folder the lock is in.
     *
     * @param open    the checkpoint folder, held open ({@link Files#newDirectoryStream(Path)} gives one where the
     *                system supports it)
     * @param folder  the folder's path, for messages
     * @param model   the model being trained: its network is the trainer's
     * @param trainer the trainer, for its epoch count, options and the layers' optimiser state
     * @param train   the training data, whose fingerprint is kept
     * @throws IOException              when a file cannot be written, or the folder no longer exists
     * @throws IllegalArgumentException if the model's network is not the trainer's, or the model is one that
     *                                  {@link ModelFile#save} refuses (a layer other than {@link DenseLayer}, a
     *                                  parameter NaN or infinite: the model file would not load); then nothing is
     *                                  written
     * @throws IllegalStateException    if an epoch is running (a call from the trainer's progress listener)
     */
    public static void saveInto(SecureDirectoryStream<Path> open, Path folder, Model model, Trainer trainer,
                                Dataset train) throws IOException {
        save(folder, open, model, trainer, train, false);
    }

    private static void save(Path folder, SecureDirectoryStream<Path> open, Model model, Trainer trainer,
                             Dataset train, boolean create) throws IOException {
        trainer.requireNoEpoch("save a checkpoint");
        if (model.network() != trainer.network()) {
            throw new IllegalArgumentException("the model's network is not the one the trainer trains");
        }
        // Before the folder is made: a model the file format cannot hold leaves nothing behind.
        byte[] modelBytes = ModelFile.encode(model);
        if (create) {
            Files.createDirectories(folder);
        }
        int epoch = trainer.epochsDone();
        String modelName = "model-" + epoch + ".vpm";
        write(open, folder.resolve(modelName), modelBytes);
        byte[] state = encode(modelName, crc(modelBytes), epoch, trainer.options(), train.fingerprint(),
                kernelsOf(model.network().kernels()), model.network().layers());
        write(open, folder.resolve(STATE_FILE), state);
        List<String> models;
        if (open != null) {
            // A stream of its own: an open folder's entries can be read once.
            try (DirectoryStream<Path> files = open.newDirectoryStream(Path.of("."))) {
                models = modelFiles(files);
            } catch (IOException | java.nio.file.DirectoryIteratorException e) {
                throw in(folder, e instanceof java.nio.file.DirectoryIteratorException d ? d.getCause() : (IOException) e);
            }
        } else {
            models = modelFiles(folder);
        }
        for (String name : models) {
            if (modelEpoch(name) < epoch) {
                if (open != null) {
                    deleteIfExists(open, folder.resolve(name));
                } else {
                    Files.deleteIfExists(folder.resolve(name));
                }
            }
        }
    }

    /** {@code bytes} written atomically to {@code path}: relative to the folder {@code open} when it is held open. */
    private static void write(SecureDirectoryStream<Path> open, Path path, byte[] bytes) throws IOException {
        if (open != null) {
            AtomicFiles.write(open, path, out -> out.write(bytes));
        } else {
            AtomicFiles.write(path, out -> out.write(bytes));
        }
    }

    /**
     * Files.deleteIfExists for the file {@code path} names in the open folder {@code open}: an empty folder of
     * that name goes too, and a failure names {@code path}.
     */
    private static void deleteIfExists(SecureDirectoryStream<Path> open, Path path) throws IOException {
        Path name = path.getFileName();
        try {
            boolean isFolder = open.getFileAttributeView(name, java.nio.file.attribute.BasicFileAttributeView.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).readAttributes().isDirectory();
            if (isFolder) {
                open.deleteDirectory(name);
            } else {
                open.deleteFile(name);
            }
        } catch (NoSuchFileException gone) {
            // deleted meanwhile
        } catch (IOException e) {
            throw in(path, e);
        }
    }

    /**
     * A failure of an operation on {@code path} done relative to its open folder, whose exception names the file
     * by its name in the folder or not at all, as one naming {@code path}, of the same kind.
     */
    private static IOException in(Path path, IOException e) {
        if (!(e instanceof java.nio.file.FileSystemException f)) {
            return e;
        }
        String file = path.toString();
        java.nio.file.FileSystemException named = switch (f) {
            case NoSuchFileException n -> new NoSuchFileException(file, null, n.getReason());
            case java.nio.file.AccessDeniedException a -> new java.nio.file.AccessDeniedException(file, null, a.getReason());
            case java.nio.file.DirectoryNotEmptyException d -> new java.nio.file.DirectoryNotEmptyException(file);
            case java.nio.file.NotDirectoryException d -> new java.nio.file.NotDirectoryException(file);
            case java.nio.file.FileAlreadyExistsException a -> new java.nio.file.FileAlreadyExistsException(file, null,
                    a.getReason());
            // The kind kept in the reason when there is none (a folder not empty, say).
            default -> new java.nio.file.FileSystemException(file, null,
                    f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
        };
        named.initCause(e);
        return named;
    }

    /**
     * Whether a checkpoint folder's saves write, replace or delete a file of this name: {@value #STATE_FILE} and
     * {@code model-E.vpm} for any epoch E. Other files in the folder are never touched.
     *
     * @param fileName a file name, without folder
     * @return true for the names a checkpoint owns
     */
    public static boolean owns(String fileName) {
        return fileName.equals(STATE_FILE) || modelEpoch(fileName) >= 0;
    }

    /**
     * The epoch E of a file named {@code model-E.vpm} (E a decimal number without sign or leading zeros), or -1
     * for any other name.
     */
    static int modelEpoch(String name) {
        if (!name.startsWith("model-") || !name.endsWith(".vpm")) {
            return -1;
        }
        String digits = name.substring("model-".length(), name.length() - ".vpm".length());
        if (digits.isEmpty() || digits.length() > 10 || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        long e = Long.parseLong(digits);
        return e <= Integer.MAX_VALUE ? (int) e : -1;
    }

    /**
     * The model files a new training's checkpoints would replace or delete in {@code folder}: those named
     * {@code model-E.vpm}. A training should start in a folder without them, so that none of a user's files is
     * lost; {@code vecprop train --checkpoint} refuses such a folder.
     *
     * @param folder the folder to look in; it need not exist
     * @return the names found, sorted; empty when the folder does not exist
     * @throws IOException if the folder cannot be listed
     */
    public static List<String> modelFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "model-*.vpm")) {
            return modelFiles(files);
        }
    }

    /** The names of the entries of {@code files} that are {@code model-E.vpm}, sorted. */
    private static List<String> modelFiles(DirectoryStream<Path> files) {
        List<String> names = new ArrayList<>();
        for (Path p : files) {
            if (modelEpoch(p.getFileName().toString()) >= 0) {
                names.add(p.getFileName().toString());
            }
        }
        names.sort(null);
        return names;
    }

    /**
     * Whether {@code folder} holds a checkpoint (a state file), or something else by the state file's name (a
     * folder, a pipe, a device), which a new training must not write into either; {@link #load} refuses it.
     *
     * @param folder the folder to look in
     * @return true when a file of the state file's name exists
     */
    public static boolean exists(Path folder) {
        return Files.exists(folder.resolve(STATE_FILE));
    }

    /**
     * Reads the checkpoint in {@code folder}, its network on the default kernels ({@link KernelProviders#best()}).
     * A training resumed on other kernels than it was saved from ({@link #trainedOn()}) ends with other weights,
     * by float rounding, than the uninterrupted one would have.
     *
     * @param folder the checkpoint folder
     * @return the checkpoint
     * @throws NoSuchFileException      as {@link #load(Path, Kernels)}
     * @throws InvalidFileException     as {@link #load(Path, Kernels)}
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if {@value KernelProviders#PROPERTY} names kernels that are unknown or
     *                                  cannot run here
     */
    public static Checkpoint load(Path folder) throws IOException {
        return load(folder, KernelProviders.best());
    }

    /**
     * Reads the checkpoint in {@code folder}.
     *
     * @param folder  the checkpoint folder
     * @param kernels the kernels the restored network runs on
     * @return the checkpoint
     * @throws NoSuchFileException  if there is no state file, or the model file it names is missing
     * @throws InvalidFileException if a file is damaged (wrong magic or checksum, truncated, inconsistent), is
     *                              not a regular file (a folder, a pipe, a device), or is of a format version
     *                              newer than this vecprop reads ({@link InvalidFileException#newerFormat()}
     *                              true); the message names the file and the problem
     * @throws IOException          if a file cannot be read
     */
    public static Checkpoint load(Path folder, Kernels kernels) throws IOException {
        Path statePath = folder.resolve(STATE_FILE);
        requireRegularFile(statePath);
        long size = Files.size(statePath);
        if (size > MAX_FILE_BYTES) {
            throw new InvalidFileException(statePath, null, "a state file of " + size + " bytes is larger than any "
                    + "checkpoint this version writes");
        }
        byte[] bytes = Files.readAllBytes(statePath);
        if (bytes.length < 12) {
            throw new InvalidFileException(statePath, null, "only " + bytes.length + " bytes; not a checkpoint state file");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt() != MAGIC) {
            throw new InvalidFileException(statePath, "byte 0", "not a vecprop checkpoint state file (wrong magic)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if ((int) crc.getValue() != stored) {
            throw new InvalidFileException(statePath, null, "checksum mismatch: the file is damaged");
        }
        // The fields end where the checksum begins: a field read past that is a file that ends early.
        b.limit(bytes.length - 4);
        try {
            int version = b.getInt();
            if (version > FORMAT_VERSION) {
                throw InvalidFileException.newerFormat(statePath, "byte 4", "checkpoint format version " + version
                        + " is newer than this vecprop reads (it reads versions 1 to " + FORMAT_VERSION + ")");
            }
            if (version < 1) {
                throw new InvalidFileException(statePath, "byte 4", "checkpoint format version " + version
                        + " does not exist (it reads versions 1 to " + FORMAT_VERSION + ")");
            }
            int epochs = b.getInt();
            byte[] name = new byte[b.getShort() & 0xFFFF];
            b.get(name);
            String modelName = new String(name, StandardCharsets.UTF_8);
            if (modelEpoch(modelName) < 0) {
                throw new InvalidFileException(statePath, null, "names the model file '" + modelName + "'");
            }
            TrainingOptions options;
            try {
                options = new TrainingOptions(b.getFloat(), b.getInt(), b.getFloat(), b.getInt(), b.getLong(), b.get() != 0);
            } catch (IllegalArgumentException e) {
                throw new InvalidFileException(statePath, "options", e.getMessage());
            }
            long fingerprint = b.getLong();
            String trainedOn = null;
            if (version >= 2) {
                byte[] k = new byte[b.getShort() & 0xFFFF];
                b.get(k);
                trainedOn = new String(k, StandardCharsets.UTF_8);
            }
            Path modelPath = folder.resolve(modelName);
            requireRegularFile(modelPath);
            // Read once: the bytes whose checksum is compared are the bytes loaded.
            long modelSize = Files.size(modelPath);
            if (modelSize > MAX_FILE_BYTES) {
                throw new InvalidFileException(modelPath, null, "a model file of " + modelSize + " bytes is larger "
                        + "than any this version writes");
            }
            byte[] modelBytes = Files.readAllBytes(modelPath);
            if (version >= 3) {
                int expected = b.getInt();
                if (crc(modelBytes) != expected) {
                    throw new InvalidFileException(modelPath, null, "is not the model this checkpoint saved after epoch "
                            + epochs + " (" + STATE_FILE + " holds another checksum of it): it was replaced or changed");
                }
            }
            Model model = ModelFile.load(modelBytes, modelPath, kernels);
            List<Layer> layers = model.network().layers();
            int count = b.getInt();
            if (count != layers.size()) {
                throw new InvalidFileException(statePath, "optimiser state", Words.count(count, "layer")
                        + ", but the model " + modelName + " has " + layers.size());
            }
            float[][] state = new float[count][];
            for (int l = 0; l < count; l++) {
                int n = b.getInt();
                if (n == -1) {
                    continue;
                }
                if (n != layers.get(l).parameterCount()) {
                    throw new InvalidFileException(statePath, "optimiser state of layer " + (l + 1),
                            Words.count(n, "value") + " for a layer of " + Words.count(layers.get(l).parameterCount(), "parameter"));
                }
                state[l] = new float[n];
                b.asFloatBuffer().get(state[l]);
                b.position(b.position() + 4 * n);
                for (int i = 0; i < n; i++) {
                    if (!Float.isFinite(state[l][i])) {
                        // A momentum that is not finite would make every later weight NaN; setOptimizerState refuses it.
                        throw new InvalidFileException(statePath, "optimiser state of layer " + (l + 1), "value " + i
                                + " is " + state[l][i] + "; the momentum of a parameter is a finite number");
                    }
                }
            }
            if (b.remaining() != 0) {
                throw new InvalidFileException(statePath, null, Words.count(b.remaining(), "byte")
                        + " after the optimiser state");
            }
            if (epochs < 0 || epochs > options.epochs()) {
                throw new InvalidFileException(statePath, null, Words.count(epochs, "epoch")
                        + " done of a training of " + options.epochs());
            }
            return new Checkpoint(model, epochs, options, fingerprint, state, trainedOn);
        } catch (BufferUnderflowException e) {
            throw new InvalidFileException(statePath, null, "the file ends early");
        }
    }

    /**
     * Refuses a checkpoint file that exists but is not a regular file, before it is opened: a pipe would not be
     * bounded by its size, which is 0, and a named pipe with no writer would never open. A missing file is left to
     * the read, which names it.
     */
    private static void requireRegularFile(Path file) throws InvalidFileException {
        if (Files.isDirectory(file)) {
            throw new InvalidFileException(file, null, "is a folder, not a checkpoint file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new InvalidFileException(file, null, "not a regular file (a pipe or a device); a checkpoint's "
                    + "files are the regular files its training wrote");
        }
    }

    /**
     * The model as it was after {@link #epochsDone()} epochs.
     *
     * @return the model, on the kernels given to {@link #load}
     */
    public Model model() {
        return model;
    }

    /**
     * The number of epochs the saved training had done.
     *
     * @return at least 0, at most the options' epochs
     */
    public int epochsDone() {
        return epochsDone;
    }

    /**
     * The options of the saved training.
     *
     * @return the options, as given to its trainer
     */
    public TrainingOptions options() {
        return options;
    }

    /**
     * What the saved training computed with: the {@link Kernels#description()} of its kernels, without the thread
     * count of {@link ParallelKernels} (which does not change a result). Other kernels, or the same at another
     * vector width, round differently, so a training resumed on them does not end with the weights the
     * uninterrupted one would have had.
     *
     * @return the description, or {@code null} for a state file of format version 1, which did not keep it
     */
    public String trainedOn() {
        return trainedOn;
    }

    /**
     * The description of {@code k} that {@link #trainedOn()} holds: its own, or for {@link ParallelKernels} its
     * base's, without the thread count.
     *
     * @param k the kernels a network computes with
     * @return the description to compare with {@link #trainedOn()}
     */
    public static String kernelsOf(Kernels k) {
        return (k instanceof ParallelKernels p ? p.base() : k).description();
    }

    /**
     * The fingerprint of the saved training's data ({@link Dataset#fingerprint()}).
     *
     * @return the fingerprint
     */
    public long dataFingerprint() {
        return dataFingerprint;
    }

    /**
     * Puts the saved parameters and optimiser state into {@code network}, whose layers must have the shapes
     * of the saved ones, and returns a trainer that continues after {@link #epochsDone()} epochs.
     *
     * @param network the network to continue training, for example one built again from the same settings
     * @param loss    the loss the saved training used
     * @param options the options to continue with: the saved ones, or the same with more epochs
     * @return a trainer whose {@link Trainer#fit} trains the remaining epochs; its {@code fit} and {@code epoch}
     *         refuse training data whose {@link Dataset#fingerprint()} is not {@link #dataFingerprint()}, the
     *         saved training's: a checkpoint continues one training (to train the network on other data, make a
     *         new {@link Trainer} for it)
     * @throws IllegalArgumentException if the network's shape, the loss's name, or an option other than the
     *                                  number of epochs differs from the saved one (the message names the
     *                                  difference)
     */
    public Trainer resume(Network network, LossFunction loss, TrainingOptions options) {
        String saved = model.network().toString();
        boolean sameLayers = network.layers().size() == model.network().layers().size();
        for (int l = 0; sameLayers && l < network.layers().size(); l++) {
            // Layer by layer: biases on other layers can give the same description and total.
            sameLayers = network.layers().get(l).parameterCount() == model.network().layers().get(l).parameterCount();
        }
        if (!saved.equals(network.toString()) || !sameLayers) {
            throw new IllegalArgumentException("the checkpoint holds a network " + saved + " with "
                    + model.network().parameterCount() + " parameters, not " + network + " with "
                    + network.parameterCount());
        }
        if (!options.withEpochs(this.options.epochs()).equals(this.options)) {
            throw new IllegalArgumentException("the checkpoint was trained with " + describe(this.options)
                    + "; these options are " + describe(options));
        }
        if (options.epochs() < epochsDone) {
            throw new IllegalArgumentException("the checkpoint has done " + Words.count(epochsDone, "epoch")
                    + ", more than the "
                    + options.epochs() + " asked for");
        }
        // The trainer first: it checks the loss against the network, and a refusal must leave the network as
        // the caller gave it.
        Trainer trainer = new Trainer(network, loss, options);
        String lossName = PluginFaults.call(loss, "name", loss::name);
        if (!model.lossName().equals(lossName)) {
            throw new IllegalArgumentException("the checkpoint was trained with loss " + model.lossName() + ", not "
                    + lossName);
        }
        trainer.resume(epochsDone);
        trainer.expectTrainingData(dataFingerprint);
        List<Layer> layers = network.layers();
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).setParameters(model.network().layers().get(l).parameters());
            layers.get(l).setOptimizerState(optimizerState[l]);
        }
        return trainer;
    }

    private static String describe(TrainingOptions o) {
        return "learning rate " + o.learningRate() + ", batch " + o.batchSize() + ", momentum " + o.momentum()
                + ", seed " + o.seed() + (o.shuffle() ? "" : ", no shuffling");
    }

    private static int crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    private static byte[] encode(String modelName, int modelCrc, int epoch, TrainingOptions o, long fingerprint,
                                 String kernels, List<Layer> layers) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeInt(epoch);
        byte[] name = modelName.getBytes(StandardCharsets.UTF_8);
        out.writeShort(name.length);
        out.write(name);
        out.writeFloat(o.learningRate());
        out.writeInt(o.batchSize());
        out.writeFloat(o.momentum());
        out.writeInt(o.epochs());
        out.writeLong(o.seed());
        out.writeByte(o.shuffle() ? 1 : 0);
        out.writeLong(fingerprint);
        byte[] k = kernels.getBytes(StandardCharsets.UTF_8);
        out.writeShort(Math.min(k.length, 0xFFFF));
        out.write(k, 0, Math.min(k.length, 0xFFFF));
        out.writeInt(modelCrc);
        out.writeInt(layers.size());
        for (Layer layer : layers) {
            float[] state = layer.optimizerState();
            if (state == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(state.length);
                for (float v : state) {
                    out.writeFloat(v);
                }
            }
        }
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        out.flush();
        return bytes.toByteArray();
    }
}
