package dev.vecprop.losses;

import dev.vecprop.core.Dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The real data sets of the repository's data/ folder, read for the learning tests. */
final class TestData {

    private TestData() {
    }

    /** A labelled table: features row by row and a class index per row. */
    record Table(float[][] x, int[] labels, int classes) {
    }

    /** Reads a CSV with a header row whose last column is a class label (names or integers). */
    static Table read(String file) {
        Path path = Path.of("..", "data", file);
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> classes = new LinkedHashMap<>();
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            float[] x = new float[f.length - 1];
            for (int i = 0; i < x.length; i++) {
                x[i] = Float.parseFloat(f[i]);
            }
            rows.add(x);
            labels.add(classes.computeIfAbsent(f[f.length - 1].trim(), k -> classes.size()));
        }
        return new Table(rows.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray(),
                classes.size());
    }

    /** Scales every feature by {@code factor}, in place. */
    static Table scaled(Table t, float factor) {
        for (float[] row : t.x()) {
            for (int i = 0; i < row.length; i++) {
                row[i] *= factor;
            }
        }
        return t;
    }

    /** Standardises each feature to mean 0 and variance 1 over the table, in place. */
    static Table standardised(Table t) {
        int d = t.x()[0].length;
        for (int i = 0; i < d; i++) {
            double mean = 0;
            for (float[] row : t.x()) {
                mean += row[i];
            }
            mean /= t.x().length;
            double var = 0;
            for (float[] row : t.x()) {
                var += (row[i] - mean) * (row[i] - mean);
            }
            double sd = Math.sqrt(var / t.x().length);
            for (float[] row : t.x()) {
                row[i] = (float) ((row[i] - mean) / (sd == 0 ? 1 : sd));
            }
        }
        return t;
    }

    static Dataset dataset(Table t) {
        return Dataset.ofClasses(t.x(), t.labels(), t.classes());
    }
}
