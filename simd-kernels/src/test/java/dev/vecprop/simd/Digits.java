package dev.vecprop.simd;

import dev.vecprop.core.Dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The digits data set shipped in the repository's data folder (1,797 8x8 images, 10 classes). */
final class Digits {

    private Digits() {
    }

    static Dataset load() {
        Path file = Path.of("../data/digits.csv");
        if (!Files.exists(file)) {
            file = Path.of("data/digits.csv");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the digits data set at " + file.toAbsolutePath(), e);
        }
        int n = lines.size() - 1;
        float[][] x = new float[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            String[] cells = lines.get(i + 1).split(",");
            x[i] = new float[cells.length - 1];
            for (int j = 0; j < cells.length - 1; j++) {
                x[i][j] = Float.parseFloat(cells[j]) / 16f;
            }
            labels[i] = Integer.parseInt(cells[cells.length - 1].trim());
        }
        return Dataset.ofClasses(x, labels, 10);
    }
}
