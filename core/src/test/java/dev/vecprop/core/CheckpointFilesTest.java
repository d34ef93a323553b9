package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A checkpoint deletes only the model files of its own earlier epochs, never another file in its folder. */
class CheckpointFilesTest {

    @TempDir
    Path dir;

    @Test
    void onlyTheModelFilesOfEarlierEpochsAreDeleted() throws IOException {
        float[] x = new float[20 * 2];
        float[] t = new float[20];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.7);
        }
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) Math.cos(i * 0.3);
        }
        Dataset data = Dataset.of(2, 1, x, t);
        FeedForwardNetwork net = FeedForwardNetwork.builder(2).layer(3, Activation.TANH).layer(1, Activation.IDENTITY)
                .seed(1).kernels(KernelProviders.scalar()).build();
        Model model = Model.regressor(net, "squared", null, List.of("y"));
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, TrainingOptions.defaults().withEpochs(3));
        for (String name : List.of("model-9.vpm", "model-01.vpm", "model-x.vpm", "model-.vpm", "notes.txt", "model-1.vpm.bak")) {
            Files.writeString(dir.resolve(name), name);
        }
        trainer.fit(data, null, r -> {
            try {
                Checkpoint.save(dir, model, trainer, data);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("model-.vpm", "model-01.vpm", "model-1.vpm.bak", "model-3.vpm", "model-9.vpm",
                            "model-x.vpm", "notes.txt", Checkpoint.STATE_FILE),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("model-9.vpm", Files.readString(dir.resolve("model-9.vpm")), "a later epoch's file is not touched");
    }

    @Test
    void theModelFilesANewTrainingWouldReplaceAreListed() throws IOException {
        assertEquals(List.of(), Checkpoint.modelFiles(dir.resolve("missing")));
        for (String name : List.of("model-12.vpm", "model-2.vpm", "model-02.vpm", "model-a.vpm", "other.vpm",
                "model-2147483647.vpm", "model-2147483648.vpm")) {
            Files.writeString(dir.resolve(name), name);
        }
        assertEquals(List.of("model-12.vpm", "model-2.vpm", "model-2147483647.vpm"), Checkpoint.modelFiles(dir));
        assertEquals(true, Checkpoint.owns("state.vpc"));
        assertEquals(true, Checkpoint.owns("model-0.vpm"));
        assertEquals(false, Checkpoint.owns("model-007.vpm"));
        assertEquals(false, Checkpoint.owns("log.csv"));
    }
}
