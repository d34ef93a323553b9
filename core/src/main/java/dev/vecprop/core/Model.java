package dev.vecprop.core;

import dev.vecprop.core.internal.OneLine;
import dev.vecprop.core.internal.Words;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A trained network with what it takes to use it on raw data: the name of the loss it was trained with, the
 * feature scaling fitted on its training data, the names of its outputs (the class labels of a classifier, in
 * class order, or the target names of a regressor) and, when the training data named them, the names of its
 * features. Saved and loaded by {@link ModelFile}.
 *
 * <pre>{@code
 * Model model = ModelFile.load(Path.of("digits.vpm"));
 * String label = model.predictLabel(rawFeatures);   // scaled as in training, then the network
 * }</pre>
 */
public final class Model {

    private final Network network;
    private final String lossName;
    private final FeatureScaling scaling;
    private final boolean classifier;
    private final List<String> outputNames;
    private final List<String> featureNames;
    /** The 0-based index of the training data's label column, or -1 when not known. */
    private final int labelColumn;
    /** The header's name of the training data's label column, or null when not known. */
    private final String labelName;

    private Model(Network network, String lossName, FeatureScaling scaling, boolean classifier,
                  List<String> outputNames, List<String> featureNames, int labelColumn, String labelName) {
        this.network = Objects.requireNonNull(network, "network");
        this.lossName = Objects.requireNonNull(lossName, "lossName");
        this.scaling = scaling == null ? FeatureScaling.none(network.inputSize()) : scaling;
        this.classifier = classifier;
        this.outputNames = List.copyOf(outputNames);
        this.featureNames = List.copyOf(featureNames);
        this.labelColumn = labelColumn;
        this.labelName = labelName;
        if (lossName.isBlank()) {
            throw new IllegalArgumentException("a model needs the name of its loss");
        }
        if (!LossRegistry.usableName(lossName)) {
            // No plugin can have such a name (the registry skips them), so the model's loss could never be found.
            throw new IllegalArgumentException("the loss name '" + lossName + "' has white space around it");
        }
        checkText(lossName, "loss name");
        this.outputNames.forEach(n -> checkText(n, classifier ? "class name" : "target name"));
        this.featureNames.forEach(n -> checkText(n, "feature name"));
        if (labelName != null) {
            if (!classifier) {
                throw new IllegalArgumentException("a regressor has no label column; its target names are its columns");
            }
            if (labelName.isEmpty()) {
                throw new IllegalArgumentException("the label column's name is empty");
            }
            checkText(labelName, "label column name");
        }
        if (labelColumn != -1) {
            if (!classifier) {
                throw new IllegalArgumentException("a regressor has no label column; its target names are its columns");
            }
            if (labelColumn < 0 || labelColumn > network.inputSize()) {
                throw new IllegalArgumentException("the label column of data of " + network.inputSize() + " features "
                        + "and the label is from 0 to " + network.inputSize() + ", not " + labelColumn);
            }
        }
        if (this.scaling.featureCount() != network.inputSize()) {
            throw new IllegalArgumentException("the feature scaling covers " + this.scaling.featureCount()
                    + " features; the network takes " + network.inputSize() + " inputs");
        }
        if (new HashSet<>(this.outputNames).size() != this.outputNames.size()) {
            throw new IllegalArgumentException("output names must be distinct: " + this.outputNames);
        }
        if (!this.featureNames.isEmpty() && this.featureNames.size() != network.inputSize()) {
            throw new IllegalArgumentException("the network takes " + network.inputSize() + " features; "
                    + this.featureNames.size() + " feature names were given");
        }
        int k = network.outputSize();
        if (classifier) {
            int classes = k == 1 ? 2 : k;
            if (this.outputNames.size() != classes) {
                throw new IllegalArgumentException("a classifier with " + Words.count(k, "output")
                        + " has " + classes + " classes, but " + Words.count(this.outputNames.size(), "class name") + " "
                        + (this.outputNames.size() == 1 ? "was" : "were") + " given");
            }
        } else if (this.outputNames.size() != k) {
            throw new IllegalArgumentException("a regressor with " + k + " outputs needs " + k
                    + " target names, not " + this.outputNames.size());
        }
    }

    /** Refuses a name with a lone surrogate: UTF-8 cannot hold it, and the model file would change it to '?'. */
    private static void checkText(String name, String what) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("the " + what + " '" + name + "' is not valid Unicode: a lone "
                        + "surrogate (\\u" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ") at index " + i);
            }
        }
    }

    /**
     * A classifier: class i is named {@code classNames.get(i)}. With one (sigmoid) output there are two
     * classes, 0 below 0.5 and 1 from 0.5; otherwise one output per class.
     *
     * @param network    the trained network; kept, not copied
     * @param lossName   the {@link dev.vecprop.spi.LossFunction#name()} of the loss it was trained
     *                   with, not blank, without white space around it
     * @param scaling    the feature scaling, or {@code null} for none
     * @param classNames the class names in class order, distinct: two for a network with one output, otherwise
     *                   one per output; copied
     * @return a classifier
     * @throws IllegalArgumentException if {@code lossName} is blank or has white space around it, a name holds
     *                                  a lone surrogate (not valid Unicode), the scaling covers another number
     *                                  of features than the network's inputs, the class names are not distinct
     *                                  or there are not as many as classes
     * @throws NullPointerException     if an argument other than {@code scaling}, or a class name, is
     *                                  {@code null}
     */
    public static Model classifier(Network network, String lossName, FeatureScaling scaling, List<String> classNames) {
        return new Model(network, lossName, scaling, true, classNames, List.of(), -1, null);
    }

    /**
     * A regressor: output j predicts the target named {@code targetNames.get(j)}.
     *
     * @param network     the trained network; kept, not copied
     * @param lossName    the {@link dev.vecprop.spi.LossFunction#name()} of the loss it was trained
     *                    with, not blank, without white space around it
     * @param scaling     the feature scaling, or {@code null} for none
     * @param targetNames the target names in output order, distinct, one per output; copied
     * @return a regressor
     * @throws IllegalArgumentException if {@code lossName} is blank or has white space around it, a name holds
     *                                  a lone surrogate (not valid Unicode), the scaling covers another number
     *                                  of features than the network's inputs, the target names are not distinct
     *                                  or there are not as many as outputs
     * @throws NullPointerException     if an argument other than {@code scaling}, or a target name, is
     *                                  {@code null}
     */
    public static Model regressor(Network network, String lossName, FeatureScaling scaling, List<String> targetNames) {
        return new Model(network, lossName, scaling, false, targetNames, List.of(), -1, null);
    }

    /**
     * The network that makes the predictions.
     *
     * @return the network given when the model was made, not a copy: changing its parameters changes the
     *         model's predictions
     */
    public Network network() {
        return network;
    }

    /**
     * The name of the loss it was trained with, for {@link LossRegistry#get}.
     *
     * @return the loss's {@link dev.vecprop.spi.LossFunction#name()}, not blank
     */
    public String lossName() {
        return lossName;
    }

    /**
     * The feature scaling applied to raw features before the network.
     *
     * @return the scaling, never {@code null}: {@link FeatureScaling#none(int)} when the model was made
     *         without one
     */
    public FeatureScaling scaling() {
        return scaling;
    }

    /**
     * Whether this model predicts classes.
     *
     * @return {@code true} for a classifier, {@code false} for a regressor
     */
    public boolean isClassifier() {
        return classifier;
    }

    /**
     * The class names in class order (a classifier) or the target names in output order (a regressor).
     *
     * @return an unmodifiable list: as many names as classes (two for a single output), or one per output
     */
    public List<String> outputNames() {
        return outputNames;
    }

    /**
     * This model with the names of its features, in input order, as the training data's header gave them:
     * data read for it later can then be checked column by column, not only counted.
     *
     * @param names one name per input, or none (the names are not known); copied
     * @return a model sharing this one's network, loss, scaling and output names, with these feature names
     * @throws IllegalArgumentException if {@code names} is neither empty nor one name per input, or a name holds
     *                                  a lone surrogate (not valid Unicode)
     * @throws NullPointerException     if {@code names} or a name is {@code null}
     */
    public Model withFeatureNames(List<String> names) {
        return new Model(network, lossName, scaling, classifier, outputNames, names, labelColumn, labelName);
    }

    /**
     * This classifier with the column of its training data that held the class labels: data read for it later
     * takes its labels from that column unless told otherwise. It matters for a CSV without a header, whose
     * columns have no names to check, when the label is not the last column.
     *
     * @param column the label's 0-based column in the training data, whose other columns were the features in
     *               order (columns the training left out not counted): from 0 to {@link #inputSize()}
     * @return a model sharing this one's network, loss, scaling and names, with this label column
     * @throws IllegalArgumentException if this model is a regressor (its target names name its columns), or
     *                                  {@code column} is out of that range
     */
    public Model withLabelColumn(int column) {
        if (column == -1) {
            throw new IllegalArgumentException("the label column is from 0 to " + network.inputSize() + ", not -1");
        }
        return new Model(network, lossName, scaling, classifier, outputNames, featureNames, column, labelName);
    }

    /**
     * The column of the training data that held the class labels, when the model was given it.
     *
     * @return the label's 0-based column; empty when not known (a regressor, a model trained on IDX data or
     *         whose label was the last column, or saved in a model format version before 3)
     */
    public OptionalInt labelColumn() {
        return labelColumn < 0 ? OptionalInt.empty() : OptionalInt.of(labelColumn);
    }

    /**
     * This classifier with the name its training data's header gave the class label column: data read for it
     * later finds its labels in the column of that name, wherever it is, among columns the model does not use
     * (an ID the training left out) too. A name that is also one of {@link #featureNames()} is kept but not
     * looked up (that column would be the feature's), and a file holds a name of at most 65535 bytes in UTF-8.
     *
     * @param name the header's name of the label column, not empty
     * @return a model sharing this one's network, loss, scaling, names and label column, with this label name
     * @throws IllegalArgumentException if this model is a regressor (its target names name its columns), or
     *                                  {@code name} is empty or holds a lone surrogate (not valid Unicode)
     * @throws NullPointerException     if {@code name} is {@code null}
     */
    public Model withLabelName(String name) {
        Objects.requireNonNull(name, "name");
        return new Model(network, lossName, scaling, classifier, outputNames, featureNames, labelColumn, name);
    }

    /**
     * The header's name of the training data's class label column, when the model was given it.
     *
     * @return the name; empty when not known (a regressor, a model trained on IDX data or on a CSV without a
     *         header, or saved in a model format version before 4; {@code vecprop train} keeps none that the
     *         header gives a feature too, or that is longer than a model file holds)
     */
    public Optional<String> labelName() {
        return Optional.ofNullable(labelName);
    }

    /**
     * The names of the features in input order, when the model was given them.
     *
     * @return an unmodifiable list, empty when the names are not known (a model trained on data without a
     *         header, or saved in model format version 1), otherwise one name per input
     */
    public List<String> featureNames() {
        return featureNames;
    }

    /**
     * Features per sample, before scaling.
     *
     * @return the network's {@link Network#inputSize()}, at least 1
     */
    public int inputSize() {
        return network.inputSize();
    }

    /**
     * The network's outputs for one sample of raw (unscaled) features.
     *
     * @param rawFeatures the sample's features as in the data file, exactly {@link #inputSize()} values; only
     *                    read
     * @return a new array of the network's {@link Network#outputSize()} outputs
     * @throws IllegalArgumentException if {@code rawFeatures} does not have {@link #inputSize()} elements
     */
    public float[] predict(float[] rawFeatures) {
        if (rawFeatures.length != network.inputSize()) {
            throw new IllegalArgumentException("the model takes " + network.inputSize() + " features, not "
                    + rawFeatures.length);
        }
        return network.predict(scaling.apply(rawFeatures));
    }

    /**
     * The outputs for {@code rows} samples of raw features, row-major in {@code x} (left unchanged), into
     * {@code y}. The features are scaled in a copy of {@code x}.
     *
     * @param x    the samples' raw features, row-major, at least {@code rows * inputSize()} values; only read
     * @param rows number of samples, at least 0 (0 does nothing)
     * @param y    receives the outputs, row-major, at least {@code rows * network().outputSize()} long
     * @throws IllegalArgumentException if {@code rows} is negative, or {@code x} or {@code y} is too short for
     *                                  {@code rows} samples
     */
    public void predict(float[] x, int rows, float[] y) {
        if (rows < 0) {
            throw new IllegalArgumentException("a number of rows is at least 0, not " + rows);
        }
        if ((long) rows * network.inputSize() > x.length) {
            throw new IllegalArgumentException(rows + " rows of " + network.inputSize() + " features need "
                    + (long) rows * network.inputSize() + " values; the array has " + x.length);
        }
        float[] scaled = java.util.Arrays.copyOf(x, rows * network.inputSize());
        scaling.applyInPlace(scaled, rows);
        network.predict(scaled, rows, y);
    }

    /**
     * The class index predicted for one sample of raw features: the largest output, or, with a single output,
     * 1 when it is at least 0.5.
     *
     * @param rawFeatures the sample's features as in the data file, exactly {@link #inputSize()} values; only
     *                    read
     * @return the class, an index into {@link #outputNames()}
     * @throws IllegalStateException    if this model is a regressor
     * @throws IllegalArgumentException if {@code rawFeatures} does not have {@link #inputSize()} elements, or
     *                                  the network's outputs for them are not finite (a feature far beyond
     *                                  the training data's, or NaN): no class can be told from them
     */
    public int predictClass(float[] rawFeatures) {
        requireClassifier();
        float[] y = predict(rawFeatures);
        return Metrics.predictedClass(y, 0, network.outputSize());
    }

    /**
     * The name of the class predicted for one sample of raw features.
     *
     * @param rawFeatures the sample's features as in the data file, exactly {@link #inputSize()} values; only
     *                    read
     * @return the element of {@link #outputNames()} at {@link #predictClass(float[])}
     * @throws IllegalStateException    if this model is a regressor
     * @throws IllegalArgumentException if {@code rawFeatures} does not have {@link #inputSize()} elements, or
     *                                  the outputs for them are not finite
     */
    public String predictLabel(float[] rawFeatures) {
        return outputNames.get(predictClass(rawFeatures));
    }

    private void requireClassifier() {
        if (!classifier) {
            throw new IllegalStateException("this model is a regressor; it predicts values, not classes");
        }
    }

    /**
     * The kind, network, loss and scaling, and the first feature names when there are names: {@code classifier
     * 4-8 tanh-3 softmax, loss softmax-cross-entropy, minmax scaling of 4 features sepal_length, sepal_width,
     * petal_length, petal_width}; with more than four, "and N more".
     */
    @Override
    public String toString() {
        String names = "";
        if (!featureNames.isEmpty()) {
            int shown = Math.min(4, featureNames.size());
            names = " " + String.join(", ", featureNames.subList(0, shown).stream().map(OneLine::of).toList())
                    + (featureNames.size() > shown ? " and " + (featureNames.size() - shown) + " more" : "");
        }
        return (classifier ? "classifier " : "regressor ") + network + ", loss " + lossName + ", " + scaling + names;
    }
}
