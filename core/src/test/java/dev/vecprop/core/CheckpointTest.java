package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    private static void save(Path folder, Network net, Trainer trainer, Dataset data) {
        try {
            Checkpoint.save(folder, model(net), trainer, data);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
