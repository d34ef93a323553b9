package dev.vecprop.core;

import dev.vecprop.core.internal.data.BadValues;
import dev.vecprop.core.internal.data.Classes;
import dev.vecprop.core.internal.data.CsvReader;
import dev.vecprop.core.internal.data.DataFiles;
import dev.vecprop.core.internal.data.Samples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Samples read from a data file, CSV or IDX, with the names the file gives them: what {@code vecprop train},
 * {@code eval} and {@code predict} read, by the same readers. So a model trained from the library on a file
 * keeps the feature names, class names and label column that {@code vecprop train} would give it, and the
 * command line evaluates it on files like that one.
 *
 * <p>CSV: UTF-8, plain or gzip (told by its first bytes), commas between fields, a field in double quotes as RFC
 * 4180 has it (on one line). The first line is a header when none of its fields is a number. Numbers are read as
 * Python and R write them ({@code 1}, {@code -2.5e-3}, {@code 1E6}), each rounded once to the nearest float;
 * {@code NaN}, infinities and empty fields are refused.
 * IDX: the format of MNIST and Fashion-MNIST ({@code train-images-idx3-ubyte}, plain or gzip), one sample per
 * item, its elements in row-major order; labels in an IDX file of their own. Values are as the file holds
 * them, not scaled ({@link FeatureScaling} does that).
 *
 * <p>A file is refused, whole, at its first problem: an {@link InvalidFileException} names the file, the record
 * (a CSV line, an IDX item) and what is wrong, on one line: a row of another length, a value that is not a
 * number or not finite, bytes that are not UTF-8, damaged gzip data, a truncated IDX file, a column that is not
 * there, two labels that are one number written two ways. Nothing is skipped without being said.
 *
 * <p>Class labels are any text ({@code setosa}) or numbers ({@code 7}); the classes are the labels found, sorted
 * (as numbers when they are all numbers, else as text), class i being the i-th of {@link #classNames()}.
 * Data to test a model on is encoded with the training data's classes or the model's:
 * {@link #dataset(List, int)}.
 */
public final class DataFile {

    private final Samples samples;
    /** The sorted distinct labels, or {@code null} without labels. */
    private final List<String> classNames;

    private DataFile(Samples samples) throws InvalidFileException {
        this.samples = samples;
        this.classNames = samples.hasLabels() ? List.copyOf(Classes.fit(samples)) : null;
    }

    /**
     * Reads a CSV file of features and a class label in one column.
     *
     * @param file        the file
     * @param labelColumn the label's column: its name in the header, or its 0-based index; {@code null} for the
     *                    last column. Every other column is a feature
     * @return the samples, with their labels
     * @throws InvalidFileException naming the file and the record, when the file cannot be read as such: an IDX
     *                              file, a bad row, a label column that is not there (see above)
     * @throws IOException          when the file cannot be read (missing, a folder, permission denied)
     */
    public static DataFile readCsv(Path file, String labelColumn) throws IOException {
        return new DataFile(csv(file, new CsvReader.LabelColumn(labelColumn)));
    }

    /**
     * Reads a CSV file of features and regression targets.
     *
     * @param file          the file
     * @param targetColumns the targets' columns, in the order of the network's outputs: names in the header or
     *                      0-based indices; every other column is a feature
     * @return the samples, with their targets
     * @throws InvalidFileException as {@link #readCsv(Path, String)} does
     * @throws IOException          when the file cannot be read
     * @throws IllegalArgumentException when {@code targetColumns} is empty
     */
    public static DataFile readCsvTargets(Path file, List<String> targetColumns) throws IOException {
        if (targetColumns.isEmpty()) {
            throw new IllegalArgumentException("no target columns");
        }
        return new DataFile(csv(file, new CsvReader.TargetColumns(List.copyOf(targetColumns))));
    }

    /**
     * Reads a CSV file whose every column is a feature: data to predict on.
     *
     * @param file the file
     * @return the samples, without labels or targets
     * @throws InvalidFileException as {@link #readCsv(Path, String)} does
     * @throws IOException          when the file cannot be read
     */
    public static DataFile readCsvFeatures(Path file) throws IOException {
        return new DataFile(csv(file, new CsvReader.FeaturesOnly(null)));
    }

    /**
     * Reads a CSV file for a saved model, to evaluate it, as {@code vecprop eval} reads it. When the model and
     * the file both name the features, the header must name each of the model's features, in the model's order;
     * other columns among them are left out ({@link #unusedColumns()}). Otherwise the features are taken by
     * place. A classifier's label comes from the column it was trained with (by the header's name for it, else
     * by its place, else the last column), a regressor's targets by their names.
     *
     * @param file  the file
     * @param model the model
     * @return the samples, with their labels or targets
     * @throws InvalidFileException as {@link #readCsv(Path, String)} does, and when the file lacks one of the
     *                              model's features or has another number of them
     * @throws IOException          when the file cannot be read
     */
    public static DataFile readCsvFor(Path file, Model model) throws IOException {
        return forModel(file, model, model.isClassifier()
                ? new CsvReader.LabelColumn(null, model.labelColumn().orElse(-1), model.labelName().orElse(null))
                : new CsvReader.TargetColumns(model.outputNames(), true));
    }

    /**
     * Reads a CSV file for a saved model, to predict on, as {@code vecprop predict} reads it: the model's features
     * as {@link #readCsvFor} finds them; a column the header names as the model's label is left out.
     *
     * @param file  the file
     * @param model the model
     * @return the samples, without labels or targets
     * @throws InvalidFileException as {@link #readCsvFor} does
     * @throws IOException          when the file cannot be read
     */
    public static DataFile readCsvFeaturesFor(Path file, Model model) throws IOException {
        return forModel(file, model, new CsvReader.FeaturesOnly(null));
    }

    private static DataFile forModel(Path file, Model model, CsvReader.Columns columns) throws IOException {
        Samples s = csv(file, new CsvReader.ForModel(columns, model.featureNames(), model.inputSize(),
                model.labelName().orElse(null)));
        s.checkFeatures(model, "");
        return new DataFile(s);
    }

    private static Samples csv(Path file, CsvReader.Columns columns) throws IOException {
        Objects.requireNonNull(file, "file");
        if (DataFiles.detect(file) == DataFiles.Format.IDX) {
            throw new InvalidFileException(file, null, "an IDX file, not CSV; read it with DataFile.readIdx");
        }
        return DataFiles.readCsv(file, CsvReader.Header.AUTO, columns, BadValues.refuse());
    }

    /**
     * Reads IDX images and, unless {@code labels} is {@code null}, their labels: one integer per image.
     *
     * @param images the images (any IDX file of rank 2 or more: each item one sample)
     * @param labels the labels, or {@code null} for data to predict on
     * @return the samples; their feature names are none (an IDX file names none)
     * @throws InvalidFileException naming the file and the item, when either is not such a file, or they hold
     *                              different numbers of items
     * @throws IOException          when a file cannot be read
     */
    public static DataFile readIdx(Path images, Path labels) throws IOException {
        Objects.requireNonNull(images, "images");
        return new DataFile(DataFiles.readIdx(images, labels));
    }

    /**
     * The file the samples were read from.
     *
     * @return the file (for IDX, the images)
     */
    public Path source() {
        return samples.source();
    }

    /**
     * The number of samples.
     *
     * @return the samples read
     */
    public int rows() {
        return samples.rows();
    }

    /**
     * The number of features of each sample.
     *
     * @return the features per sample
     */
    public int features() {
        return samples.features();
    }

    /**
     * The header's names of the feature columns.
     *
     * @return the names, in order; empty when the file has no header (a CSV without one, IDX)
     */
    public List<String> featureNames() {
        return samples.headerLine() == 0 ? List.of() : List.copyOf(samples.featureNames());
    }

    /**
     * A sample's features.
     *
     * @param row 0 to {@link #rows()} - 1
     * @return a copy of its features, as the file holds them
     * @throws IndexOutOfBoundsException when {@code row} is out of range
     */
    public float[] features(int row) {
        Objects.checkIndex(row, rows());
        int n = features();
        return java.util.Arrays.copyOfRange(samples.x(), row * n, row * n + n);
    }

    /**
     * Whether the samples have class labels: read with {@link #readCsv}, or with {@link #readIdx} and labels.
     *
     * @return whether they have labels
     */
    public boolean hasLabels() {
        return samples.hasLabels();
    }

    /**
     * A sample's label, as the file writes it.
     *
     * @param row 0 to {@link #rows()} - 1
     * @return its label
     * @throws IllegalStateException     when the samples have no labels
     * @throws IndexOutOfBoundsException when {@code row} is out of range
     */
    public String label(int row) {
        requireLabels();
        return samples.labels()[Objects.checkIndex(row, rows())];
    }

    /**
     * The classes: the distinct labels, sorted as numbers when they are all numbers, else as text.
     *
     * @return the class names, class i being the i-th
     * @throws IllegalStateException when the samples have no labels
     */
    public List<String> classNames() {
        requireLabels();
        return classNames;
    }

    /**
     * The regression targets' column names.
     *
     * @return the names, in order (their indices when the file has no header); empty without targets
     */
    public List<String> targetNames() {
        return samples.hasTargets() ? List.copyOf(samples.targetNames()) : List.of();
    }

    /**
     * The samples as a data set, sharing their features (which {@link Dataset} does not change): with labels,
     * one-hot targets over {@link #classNames()}; with regression targets, those.
     *
     * @return the data set
     * @throws IllegalStateException when the samples have neither labels nor targets
     */
    public Dataset dataset() {
        if (samples.hasTargets()) {
            return Dataset.wrap(features(), samples.targetNames().size(), samples.x(), samples.targets());
        }
        requireLabels();
        try {
            return dataset(classNames, classNames.size());
        } catch (InvalidFileException e) {
            throw new IllegalStateException("a label is not among the labels found", e); // cannot happen
        }
    }

    /**
     * The samples as a data set whose targets encode each label as its place in {@code classes}: the training
     * data's classes, or a model's ({@link Model#outputNames()}), so that class i means the same in both.
     *
     * @param classes the classes, in the network's output order
     * @param outputs the network's outputs: {@code classes.size()} (one-hot targets), or 1 when there are two
     *                classes (one sigmoid output; the target is the class, 0 or 1)
     * @return the data set, sharing the features
     * @throws InvalidFileException     naming the file and record of the first label that is not one of
     *                                  {@code classes}
     * @throws IllegalStateException    when the samples have no labels
     * @throws IllegalArgumentException when {@code outputs} is neither
     */
    public Dataset dataset(List<String> classes, int outputs) throws InvalidFileException {
        requireLabels();
        if (outputs != classes.size() && !(outputs == 1 && classes.size() == 2)) {
            throw new IllegalArgumentException(outputs + " outputs for " + classes.size() + " classes: give "
                    + classes.size() + (classes.size() == 2 ? ", or 1 (one sigmoid output)" : ""));
        }
        int[] c = Classes.encode(samples, classes, "given", "");
        float[] t = new float[c.length * outputs];
        for (int r = 0; r < c.length; r++) {
            if (outputs == 1) {
                t[r] = c[r];
            } else {
                t[r * outputs + c[r]] = 1f;
            }
        }
        return Dataset.wrap(features(), outputs, samples.x(), t);
    }

    /**
     * The samples as {@code model}'s data set, to evaluate it: a classifier's labels encoded with its classes
     * ({@link Model#outputNames()}) on its outputs, a regressor's targets.
     *
     * @param model the model
     * @return the data set, sharing the features; not scaled (the model's {@link Model#scaling()} does that)
     * @throws InvalidFileException  naming the file and record of the first label that is not one of the model's
     *                               classes
     * @throws IllegalStateException when the samples lack what the model needs: labels for a classifier, targets
     *                               for a regressor
     */
    public Dataset dataset(Model model) throws InvalidFileException {
        if (model.isClassifier()) {
            return dataset(model.outputNames(), model.network().outputSize());
        }
        if (!samples.hasTargets() || samples.targetNames().size() != model.outputNames().size()) {
            throw new IllegalStateException(source() + " was read without the model's " + model.outputNames().size()
                    + " targets");
        }
        return dataset();
    }

    /**
     * The columns read as none of the features, labels or targets: those beside a model's features
     * ({@link #readCsvFor}).
     *
     * @return their header names, in the file's order; empty when every column was used
     */
    public List<String> unusedColumns() {
        return List.copyOf(samples.unusedColumns());
    }

    /**
     * {@code model} with the names this file gives its columns, as {@code vecprop train} saves them, so that
     * {@code vecprop eval} and {@code predict} check a file's columns against them: the header's feature names
     * (none when a name is longer than a model file holds), and for a classifier the label column's place among
     * the columns when it is not the last, and its header name when no feature has it.
     *
     * @param model a model trained on these samples
     * @return the model with those names
     * @throws IllegalArgumentException when the model takes another number of features
     */
    public Model name(Model model) {
        if (model.inputSize() != features()) {
            throw new IllegalArgumentException("the model takes " + model.inputSize() + " features; " + source()
                    + " has " + features());
        }
        Model named = model.withFeatureNames(samples.featureNamesForModel());
        if (model.isClassifier() && samples.labelPlaceForModel() >= 0) {
            named = named.withLabelColumn(samples.labelPlaceForModel());
        }
        String labelName = model.isClassifier() ? samples.labelNameForModel() : null;
        return labelName == null ? named : named.withLabelName(labelName);
    }

    private void requireLabels() {
        if (!samples.hasLabels()) {
            throw new IllegalStateException(source() + " was read without labels");
        }
    }

    @Override
    public String toString() {
        return source() + ": " + rows() + " samples of " + features() + " features"
                + (hasLabels() ? ", " + classNames.size() + " classes" : samples.hasTargets()
                ? ", " + samples.targetNames().size() + " targets" : "");
    }
}
