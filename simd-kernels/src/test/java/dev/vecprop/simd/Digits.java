package dev.vecprop.simd;

import dev.vecprop.core.Dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The data sets shipped in the repository's data folder: digits (1,797 8x8 images, 10 classes) and iris
 * (150 flowers, 4 measurements, 3 species).
 */
final class Digits {

    private Digits() {
    }

    static Dataset load() {
        List<String> lines = read("digits.csv");
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

    /** Iris with the features scaled by 1/8 (all under 8 cm), labels in the order of {@code SPECIES}. */
    static Dataset iris() {
        List<String> lines = read("iris.csv");
        List<String> species = List.of("setosa", "versicolor", "virginica");
        int n = lines.size() - 1;
        float[][] x = new float[n][4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            String[] cells = lines.get(i + 1).split(",");
            for (int j = 0; j < 4; j++) {
                x[i][j] = Float.parseFloat(cells[j]) / 8f;
            }
            labels[i] = species.indexOf(cells[4].trim());
        }
        return Dataset.ofClasses(x, labels, 3);
    }

    private static List<String> read(String name) {
        Path file = Path.of("../data", name);
        if (!Files.exists(file)) {
            file = Path.of("data", name);
        }
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the data set at " + file.toAbsolutePath(), e);
        }
    }
}
