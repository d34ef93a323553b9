package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A training saved after an epoch and resumed ends with exactly the weights of an uninterrupted run. */
class CheckpointTest {

    @TempDir
    Path dir;

    private static final TrainingOptions OPTIONS = TrainingOptions.defaults().withEpochs(6).withBatchSize(4)
            .withMomentum(0.9f).withLearningRate(0.05f).withSeed(3);

    private static Dataset data() {
        float[] x = new float[50 * 3];
        float[] t = new float[50 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.37);
        }
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) Math.cos(i * 0.21);
        }
        return Dataset.of(3, 2, x, t);
    }

    private static FeedForwardNetwork network() {
        return FeedForwardNetwork.builder(3).layer(6, Activation.TANH).layer(2, Activation.IDENTITY).seed(5)
                .kernels(KernelProviders.scalar()).build();
    }

    private static Model model(Network net) {
        return Model.regressor(net, "squared", null, List.of("a", "b"));
    }

    @Test
    void aModelTheFileFormatCannotHoldIsRefusedBeforeTheFolderIsMade() throws IOException {
        // A layer that computes as a DenseLayer but is not one: it trains, and no model file can hold it.
        DenseLayer dense = new DenseLayer(3, 2, Activation.IDENTITY, true);
        Layer wrapped = (Layer) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{Layer.class}, (proxy, method, args) -> {
                    try {
                        return method.invoke(dense, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        FeedForwardNetwork net = FeedForwardNetwork.of(List.of(wrapped), KernelProviders.scalar());
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, OPTIONS.withEpochs(1));
        Dataset data = data();
        trainer.fit(data, null, null);
        Path folder = dir.resolve("not-made").resolve("below");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.save(folder, model(net), trainer, data));
        assertTrue(e.getMessage().endsWith("the model file format holds dense layers only"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("not-made")), "no folder is made for a checkpoint that is refused");
    }

    @Test
    void resumingAfterAnyEpochEndsBitIdenticalToAnUninterruptedRun() throws IOException {
        Dataset data = data();
        FeedForwardNetwork whole = network();
        new Trainer(whole, TrainerTest.SQUARED, OPTIONS).fit(data, null, null);

        for (int stopAfter : new int[]{1, 3, 5}) {
            Path folder = dir.resolve("after-" + stopAfter);
            FeedForwardNetwork first = network();
            Trainer interrupted = new Trainer(first, TrainerTest.SQUARED, OPTIONS.withEpochs(stopAfter));
            interrupted.fit(data, null, r -> save(folder, first, interrupted, data));
            assertTrue(Checkpoint.exists(folder));
            try (Stream<Path> files = Files.list(folder)) {
                assertEquals(List.of("model-" + stopAfter + ".vpm", Checkpoint.STATE_FILE),
                        files.map(p -> p.getFileName().toString()).sorted().toList(), "older model files are removed");
            }

            Checkpoint cp = Checkpoint.load(folder, KernelProviders.scalar());
            assertEquals(stopAfter, cp.epochsDone());
            assertEquals(data.fingerprint(), cp.dataFingerprint());
            FeedForwardNetwork again = network();   // built afresh, as a restarted program would
            Trainer resumed = cp.resume(again, TrainerTest.SQUARED, OPTIONS);
            List<EpochReport> rest = resumed.fit(data, null, null);
            assertEquals(OPTIONS.epochs() - stopAfter, rest.size());
            assertEquals(OPTIONS.epochs(), rest.getLast().epoch());
            for (int l = 0; l < 2; l++) {
                assertArrayEquals(whole.layers().get(l).parameters(), again.layers().get(l).parameters(),
                        "layer " + l + " after resuming at epoch " + stopAfter);
            }
        }
    }

    /**
     * saveInto writes the same checkpoint as save into a folder that exists, and into one that does not (deleted
     * by someone else, say) fails without making it or any folder above it, where save makes them.
     */
    @Test
    void saveIntoNeverMakesTheFolder() throws IOException {
        Dataset data = data();
        FeedForwardNetwork net = network();
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, OPTIONS.withEpochs(2));
        trainer.fit(data, null, null);
        Path deleted = Files.createDirectory(dir.resolve("deleted"));
        Files.delete(deleted);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.saveInto(deleted, model(net), trainer, data));
        assertTrue(e.getMessage().contains("its folder " + deleted.toAbsolutePath() + " does not exist"), e.getMessage());
        assertFalse(Files.exists(deleted), "the folder is not made again");
        Path missing = dir.resolve("gone").resolve("ck");
        assertThrows(IOException.class, () -> Checkpoint.saveInto(missing, model(net), trainer, data));
        assertFalse(Files.exists(dir.resolve("gone")), "no folder above it made");

        Path into = Files.createDirectory(dir.resolve("into"));
        Checkpoint.saveInto(into, model(net), trainer, data);
        Checkpoint.save(missing, model(net), trainer, data);
        for (String name : List.of("model-2.vpm", Checkpoint.STATE_FILE)) {
            assertArrayEquals(Files.readAllBytes(missing.resolve(name)), Files.readAllBytes(into.resolve(name)), name);
        }
        assertEquals(2, Checkpoint.load(into, KernelProviders.scalar()).epochsDone());
    }

    /**
     * saveInto an open folder writes the same checkpoint as by path, into that folder wherever it has been moved:
     * a folder made at its old path meanwhile receives nothing and loses nothing, and the moved one's older
     * model file is deleted as a save by path deletes it.
     */
    @Test
    void saveIntoAnOpenFolderWritesIntoThatFolderWhereverItIs() throws IOException {
        Dataset data = data();
        FeedForwardNetwork net = network();
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, OPTIONS.withEpochs(4));
        trainer.epoch(data, null);
        Path held = Files.createDirectory(dir.resolve("held"));
        try (java.nio.file.DirectoryStream<Path> stream = Files.newDirectoryStream(held)) {
            org.junit.jupiter.api.Assumptions.assumeTrue(stream instanceof java.nio.file.SecureDirectoryStream,
                    "the file system opens folders for relative access");
            @SuppressWarnings("unchecked")
            java.nio.file.SecureDirectoryStream<Path> open = (java.nio.file.SecureDirectoryStream<Path>) stream;
            Checkpoint.saveInto(open, held, model(net), trainer, data);
            Path byPath = Files.createDirectory(dir.resolve("by-path"));
            Checkpoint.saveInto(byPath, model(net), trainer, data);
            for (String name : List.of("model-1.vpm", Checkpoint.STATE_FILE)) {
                assertArrayEquals(Files.readAllBytes(byPath.resolve(name)), Files.readAllBytes(held.resolve(name)), name);
            }

            Path moved = Files.move(held, dir.resolve("moved"));
            Files.createDirectory(held);
            Files.writeString(held.resolve("model-1.vpm"), "another training's model");
            trainer.epoch(data, null);
            Checkpoint.saveInto(open, held, model(net), trainer, data);
            assertEquals(List.of("model-1.vpm"), Checkpoint.modelFiles(held), "the new folder keeps its file");
            assertEquals("another training's model", Files.readString(held.resolve("model-1.vpm")));
            assertFalse(Checkpoint.exists(held), "and gets no state file");
            assertEquals(List.of("model-2.vpm"), Checkpoint.modelFiles(moved), "epoch 1's model deleted");
            assertEquals(2, Checkpoint.load(moved, KernelProviders.scalar()).epochsDone());
            try (java.util.stream.Stream<Path> files = Files.list(moved)) {
                assertEquals(List.of("model-2.vpm", Checkpoint.STATE_FILE), files.map(p -> p.getFileName().toString())
                        .sorted().toList(), "no temporary file left");
            }

            // An older model's name taken by a folder with a file in it: the save fails naming it in full.
            Path blocking = Files.createDirectory(moved.resolve("model-1.vpm"));
            Files.writeString(blocking.resolve("keep.txt"), "mine");
            trainer.epoch(data, null);
            java.nio.file.FileSystemException refused = assertThrows(java.nio.file.DirectoryNotEmptyException.class,
                    () -> Checkpoint.saveInto(open, moved, model(net), trainer, data));
            assertEquals(blocking.toString(), refused.getFile());
            assertEquals("mine", Files.readString(blocking.resolve("keep.txt")));
            Files.delete(blocking.resolve("keep.txt"));
            Checkpoint.saveInto(open, moved, model(net), trainer, data);
            assertEquals(List.of("model-3.vpm"), Checkpoint.modelFiles(moved), "an empty folder of the name deleted");

            // Deleted, the folder is not made again: the save fails.
            Files.delete(moved.resolve("model-3.vpm"));
            Files.delete(moved.resolve(Checkpoint.STATE_FILE));
            Files.delete(moved);
            trainer.epoch(data, null);
            assertThrows(IOException.class, () -> Checkpoint.saveInto(open, held, model(net), trainer, data));
            assertFalse(Files.exists(moved));
        }
    }

    /**
     * Saved from the progress listener, half way through an epoch, a checkpoint would hold that half epoch's
     * weights under the count of the epochs before it (or, counting the epoch running, claim a whole epoch): a
     * resumed run would end elsewhere than an uninterrupted one. It is refused, and the epoch goes on; the count
     * the listener sees is of the epochs ended.
     */
    @Test
    void aCheckpointIsRefusedDuringAnEpochWhoseListenerSeesTheEpochsEnded() {
        Dataset data = data();
        FeedForwardNetwork net = network();
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, OPTIONS.withEpochs(2));
        List<String> seen = new java.util.ArrayList<>();
        trainer.onProgress((epoch, done, total) -> {
            if (done == 24) {
                seen.add(epoch + ":" + trainer.epochsDone());
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> Checkpoint.save(dir.resolve("mid"), model(net), trainer, data));
                assertEquals("cannot save a checkpoint during epoch " + epoch + " (from its progress listener); the "
                        + "epoch's report, or fit's listener, comes once it has ended", e.getMessage());
                assertThrows(IllegalStateException.class, () -> trainer.step(new float[3], new float[2], 1));
                assertThrows(IllegalStateException.class, () -> trainer.epoch(data, null));
                assertThrows(IllegalStateException.class, () -> trainer.resume(0));
            }
        });
        FeedForwardNetwork straight = network();
        new Trainer(straight, TrainerTest.SQUARED, OPTIONS.withEpochs(2)).fit(data, null, null);
        assertEquals(2, trainer.fit(data, null, null).size());
        assertEquals(List.of("1:0", "2:1"), seen);
        assertEquals(2, trainer.epochsDone());
        assertFalse(Files.exists(dir.resolve("mid")));
        // The refused calls changed nothing.
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(straight.layers().get(l).parameters(), net.layers().get(l).parameters());
        }
    }

    @Test
    void aDamagedOrMismatchedCheckpointIsRefusedWithItsReason() throws IOException {
        Dataset data = data();
        FeedForwardNetwork net = network();
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, OPTIONS.withEpochs(1));
        trainer.fit(data, null, r -> save(dir, net, trainer, data));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(dir,
                KernelProviders.scalar()).resume(network(), TrainerTest.SQUARED, OPTIONS.withLearningRate(0.1f)));
        assertTrue(e.getMessage().startsWith("the checkpoint was trained with learning rate 0.05"), e.getMessage());
        FeedForwardNetwork other = FeedForwardNetwork.builder(3).layer(7, Activation.TANH).layer(2, Activation.IDENTITY).build();
        e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(dir, KernelProviders.scalar()).resume(other, TrainerTest.SQUARED, OPTIONS));
        assertTrue(e.getMessage().startsWith("the checkpoint holds a network 3-6 tanh-2 identity"), e.getMessage());

        Path state = dir.resolve(Checkpoint.STATE_FILE);
        byte[] bytes = Files.readAllBytes(state);
        for (int i = 4; i < bytes.length; i += 7) {
            byte[] flipped = bytes.clone();
            flipped[i] ^= 0x10;
            Files.write(state, flipped);
            InvalidFileException bad = assertThrows(InvalidFileException.class, () -> Checkpoint.load(dir, KernelProviders.scalar()));
            assertTrue(bad.getMessage().contains(Checkpoint.STATE_FILE), bad.getMessage());
        }
        Files.write(state, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(InvalidFileException.class, () -> Checkpoint.load(dir, KernelProviders.scalar()));
    }

    @Test
    void aCheckpointFileThatIsAPipeOrAFolderIsRefusedUnread() throws Exception {
        Dataset data = data();
        FeedForwardNetwork net = network();
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, OPTIONS.withEpochs(1));
        trainer.fit(data, null, r -> save(dir, net, trainer, data));
        Path modelFile = dir.resolve("model-1.vpm");
        Path state = dir.resolve(Checkpoint.STATE_FILE);
        byte[] stateBytes = Files.readAllBytes(state);
        // Pipes with no writer: opening one would block for ever.
        for (Path file : List.of(modelFile, state)) {
            Files.delete(file);
            Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).start();
            org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0 && Files.exists(file), "mkfifo is needed");
            InvalidFileException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    java.time.Duration.ofSeconds(30),
                    () -> assertThrows(InvalidFileException.class, () -> Checkpoint.load(dir, KernelProviders.scalar())));
            assertEquals(file + ": not a regular file (a pipe or a device); a checkpoint's files are the regular files "
                    + "its training wrote", e.getMessage());
            // Nor would a new training take the folder for an empty one, and write its checkpoint into the pipe.
            assertTrue(Checkpoint.exists(dir), file.toString());
        }
        Files.delete(state);
        Files.createDirectory(state);
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> Checkpoint.load(dir, KernelProviders.scalar()));
        assertEquals(state + ": is a folder, not a checkpoint file", e.getMessage());
        Files.delete(state);
        Files.write(state, stateBytes);
        Files.delete(modelFile);
        Files.createDirectory(modelFile);
        e = assertThrows(InvalidFileException.class, () -> Checkpoint.load(dir, KernelProviders.scalar()));
        assertEquals(modelFile + ": is a folder, not a checkpoint file", e.getMessage());
    }

    /**
     * The fields of a state file in the order Checkpoint's Javadoc gives them, written with a correct CRC-32,
     * so that a file can differ from a real one in one field and still reach the checks after the checksum.
     */
    private static final class StateFile implements Cloneable {
        int magic = 0x5650434B;
        int version = 3;
        int epochsDone;
        String modelName;
        float learningRate;
        int batchSize;
        float momentum;
        int epochs;
        long seed;
        boolean shuffle;
        long fingerprint;
        /** From version 2. */
        String trainedOn = "scalar (plain Java loops)";
        /** From version 3: the CRC-32 of the model file. */
        int modelCrc;
        float[][] optimizer;
        byte[] trailing = new byte[0];

        StateFile(int epochsDone, String modelName, TrainingOptions o, long fingerprint, float[][] optimizer) {
            this.epochsDone = epochsDone;
            this.modelName = modelName;
            this.learningRate = o.learningRate();
            this.batchSize = o.batchSize();
            this.momentum = o.momentum();
            this.epochs = o.epochs();
            this.seed = o.seed();
            this.shuffle = o.shuffle();
            this.fingerprint = fingerprint;
            this.optimizer = optimizer;
        }

        StateFile copy() {
            try {
                return (StateFile) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        byte[] bytes() throws IOException {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
            out.writeInt(magic);
            out.writeInt(version);
            out.writeInt(epochsDone);
            byte[] name = modelName.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeShort(name.length);
            out.write(name);
            out.writeFloat(learningRate);
            out.writeInt(batchSize);
            out.writeFloat(momentum);
            out.writeInt(epochs);
            out.writeLong(seed);
            out.writeByte(shuffle ? 1 : 0);
            out.writeLong(fingerprint);
            if (version >= 2) {
                byte[] k = trainedOn.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeShort(k.length);
                out.write(k);
            }
            if (version >= 3) {
                out.writeInt(modelCrc);
            }
            out.writeInt(optimizer.length);
            for (float[] state : optimizer) {
                if (state == null) {
                    out.writeInt(-1);
                } else {
                    out.writeInt(state.length);
                    for (float v : state) {
                        out.writeFloat(v);
                    }
                }
            }
            out.write(trailing);
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            return bytes.toByteArray();
        }
    }

    /**
     * A state file that differs from a real one in one field, its CRC right, is refused for that field with a
     * message that names the state file and the problem: the checks after the checksum, which damaged bytes
     * never reach (they fail the checksum first).
     */
    @Test
    void aStateFileWithAGoodChecksumButAnImpossibleFieldIsRefusedForThatField() throws IOException {
        Dataset data = data();
        FeedForwardNetwork net = network();
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, OPTIONS);
        trainer.epoch(data, null);
        Path folder = dir.resolve("checkpoint");
        save(folder, net, trainer, data);
        Path statePath = folder.resolve(Checkpoint.STATE_FILE);
        float[][] optimizer = {net.layers().get(0).optimizerState(), net.layers().get(1).optimizerState()};
        StateFile real = new StateFile(1, "model-1.vpm", OPTIONS, data.fingerprint(), optimizer);
        CRC32 modelCrc = new CRC32();
        modelCrc.update(Files.readAllBytes(folder.resolve("model-1.vpm")));
        real.modelCrc = (int) modelCrc.getValue();
        // The format as documented is the format written: the file written by hand equals the saved one, and loads.
        assertArrayEquals(Files.readAllBytes(statePath), real.bytes(), "the state file as the Javadoc lays it out");
        Checkpoint loaded = Checkpoint.load(folder, KernelProviders.scalar());
        assertEquals(1, loaded.epochsDone());
        assertEquals(OPTIONS, loaded.options());
        assertEquals(KernelProviders.scalar().description(), loaded.trainedOn());
        // Without kernels: the default ones, as ModelFile.load(Path) takes them.
        Checkpoint onDefault = Checkpoint.load(folder);
        assertEquals(KernelProviders.best().description(), onDefault.model().network().kernels().description());
        assertArrayEquals(loaded.model().network().layers().get(0).parameters(),
                onDefault.model().network().layers().get(0).parameters());

        // Version 2, without the model's checksum: still read.
        StateFile s = real.copy();
        s.version = 2;
        Files.write(statePath, s.bytes());
        assertEquals(KernelProviders.scalar().description(), Checkpoint.load(folder, KernelProviders.scalar()).trainedOn());
        // Version 1, without the kernels: still read, the kernels unknown.
        s = real.copy();
        s.version = 1;
        Files.write(statePath, s.bytes());
        Checkpoint v1 = Checkpoint.load(folder, KernelProviders.scalar());
        assertEquals(null, v1.trainedOn());
        assertEquals(OPTIONS, v1.options());
        assertEquals(1, v1.epochsDone());

        s = real.copy();
        s.version = 4;
        assertTrue(assertRefused(folder, s, "checkpoint format version 4 is newer than this vecprop reads").newerFormat());
        s = real.copy();
        s.version = 0;
        assertFalse(assertRefused(folder, s, "checkpoint format version 0 does not exist").newerFormat());

        // Another model file in the checkpoint's place (another training's, of the same shape): refused by name.
        s = real.copy();
        s.modelCrc = real.modelCrc + 1;
        Files.write(statePath, s.bytes());
        Path modelPath = folder.resolve("model-1.vpm");
        InvalidFileException replaced = assertThrows(InvalidFileException.class,
                () -> Checkpoint.load(folder, KernelProviders.scalar()));
        assertEquals(modelPath + ": is not the model this checkpoint saved after epoch 1 (state.vpc holds another "
                + "checksum of it): it was replaced or changed", replaced.getMessage());

        // A model file named with a folder, up or down, or absolutely, is refused even where that file exists.
        Files.copy(folder.resolve("model-1.vpm"), dir.resolve("x.vpm"));
        Files.createDirectories(folder.resolve("sub"));
        Files.copy(folder.resolve("model-1.vpm"), folder.resolve("sub").resolve("model-1.vpm"));
        for (String name : new String[]{"../x.vpm", "sub/model-1.vpm", folder.resolve("model-1.vpm").toAbsolutePath().toString(),
                "model-1.vpm.bak", "model-.vpm"}) {
            s = real.copy();
            s.modelName = name;
            assertRefused(folder, s, "'" + name + "'");
        }

        s = real.copy();
        s.optimizer = new float[][]{optimizer[0], optimizer[1], optimizer[1]};
        assertRefused(folder, s, "3 layers", "model-1.vpm has 2");
        s = real.copy();
        s.optimizer = new float[][]{optimizer[0]};
        assertRefused(folder, s, "1 layer,", "model-1.vpm has 2");

        int first = optimizer[0].length;
        s = real.copy();
        s.optimizer = new float[][]{Arrays.copyOf(optimizer[0], first - 1), optimizer[1]};
        assertRefused(folder, s, "layer 1", (first - 1) + " values for a layer of " + first + " parameters");
        int second = optimizer[1].length;
        s = real.copy();
        s.optimizer = new float[][]{optimizer[0], Arrays.copyOf(optimizer[1], second + 1)};
        assertRefused(folder, s, "layer 2", (second + 1) + " values for a layer of " + second + " parameters");

        // A momentum that is not finite: a bad file (it used to fail in resume, after changing earlier layers).
        float[] notFinite = optimizer[1].clone();
        notFinite[2] = Float.NaN;
        s = real.copy();
        s.optimizer = new float[][]{optimizer[0], notFinite};
        assertRefused(folder, s, "optimiser state of layer 2", "value 2 is NaN");

        s = real.copy();
        s.epochsDone = OPTIONS.epochs() + 1;
        assertRefused(folder, s, (OPTIONS.epochs() + 1) + " epochs done", "of " + OPTIONS.epochs());
        s = real.copy();
        s.epochsDone = -1;
        assertRefused(folder, s, "-1 epochs done");

        s = real.copy();
        s.trailing = new byte[]{1, 2, 3};
        assertRefused(folder, s, "3 bytes after the optimiser state");

        s = real.copy();
        s.batchSize = 0;
        assertRefused(folder, s, "batch size");

        // The file ends inside the optimiser state of layer 2: its count announces one or two floats more
        // than the file holds before the checksum (with one, the read used to take the checksum for the last
        // value and report -4 bytes after the state).
        for (int missing = 1; missing <= 2; missing++) {
            s = real.copy();
            s.optimizer = new float[][]{optimizer[0], Arrays.copyOf(optimizer[1], second - missing)};
            byte[] shortState = s.bytes();
            ByteBuffer.wrap(shortState).putInt(shortState.length - 4 - 4 * (second - missing) - 4, second);
            CRC32 crc = new CRC32();
            crc.update(shortState, 0, shortState.length - 4);
            ByteBuffer.wrap(shortState).putInt(shortState.length - 4, (int) crc.getValue());
            Files.write(statePath, shortState);
            InvalidFileException early = assertThrows(InvalidFileException.class,
                    () -> Checkpoint.load(folder, KernelProviders.scalar()));
            assertTrue(early.getMessage().contains("ends early"), missing + ": " + early.getMessage());
        }

        // A model file that is not there, named by a state file or deleted from under one.
        s = real.copy();
        s.modelName = "model-9.vpm";
        Files.write(statePath, s.bytes());
        NoSuchFileException missing = assertThrows(NoSuchFileException.class,
                () -> Checkpoint.load(folder, KernelProviders.scalar()));
        assertEquals(folder.resolve("model-9.vpm").toString(), missing.getFile());
        Files.write(statePath, real.bytes());
        Checkpoint.load(folder, KernelProviders.scalar());
        Files.delete(folder.resolve("model-1.vpm"));
        missing = assertThrows(NoSuchFileException.class, () -> Checkpoint.load(folder, KernelProviders.scalar()));
        assertEquals(folder.resolve("model-1.vpm").toString(), missing.getFile());
    }

    /** Writes {@code state} as the folder's state file and asserts it is refused with all of {@code words}. */
    private static InvalidFileException assertRefused(Path folder, StateFile state, String... words) throws IOException {
        Path statePath = folder.resolve(Checkpoint.STATE_FILE);
        Files.write(statePath, state.bytes());
        InvalidFileException e = assertThrows(InvalidFileException.class,
                () -> Checkpoint.load(folder, KernelProviders.scalar()), String.join(", ", words));
        assertEquals(statePath.toString(), e.file(), e.getMessage());
        assertTrue(e.getMessage().startsWith(statePath + ": "), e.getMessage());
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
        }
        return e;
    }

    private static void save(Path folder, Network net, Trainer trainer, Dataset data) {
        try {
            Checkpoint.save(folder, model(net), trainer, data);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
