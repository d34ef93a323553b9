package dev.vecprop.cli;

import dev.vecprop.core.Checkpoint;
import dev.vecprop.core.Dataset;
import dev.vecprop.core.EpochReport;
import dev.vecprop.core.Evaluation;
import dev.vecprop.core.FeatureScaling;
import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.InvalidFileException;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.LossPluginException;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.Metrics;
import dev.vecprop.core.Model;
import dev.vecprop.core.ModelFile;
import dev.vecprop.core.Network;
import dev.vecprop.core.ParallelKernels;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingDivergedException;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.core.internal.AtomicFiles;
import dev.vecprop.core.internal.OneLine;
import dev.vecprop.core.internal.PluginFaults;
import dev.vecprop.core.internal.Words;
import dev.vecprop.core.internal.data.Classes;
import dev.vecprop.core.internal.data.CsvReader;
import dev.vecprop.core.internal.data.DataNotes;
import dev.vecprop.core.internal.data.DataFiles;
import dev.vecprop.core.internal.data.Samples;
import dev.vecprop.core.internal.data.Text;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import dev.vecprop.spi.LossFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** {@code vecprop train}: trains a network on CSV or IDX data, or on the embedded digits, and saves it. */
@Command(name = "train", description = {
        "Train a network by backpropagation and print a table of the epochs.",
        "Without --data it trains on the embedded digits data set (1,797 8x8 images of handwritten digits, UCI, "
                + "CC BY 4.0), 80%% for training and 20%% for testing."})
final class TrainCommand extends BaseCommand {

    /** The embedded data set, in this module's resources (copied from the repository's data folder). */
    static final String DIGITS = "data/digits.csv";

    @Mixin
    DataOptions input = new DataOptions();

    @Option(names = "--targets", split = ",", paramLabel = "COLUMN",
            description = "CSV: regression target columns, by header name or 0-based index (a name in the header "
                    + "first), instead of a class --label.")
    List<String> targets;

    @Option(names = "--drop", split = ",", paramLabel = "COLUMN",
            description = "CSV: columns to leave out, by header name or 0-based index as --label (a name with a "
                    + "comma by its index): an ID, a date, anything that is not a feature; --test data must have "
                    + "them too. The model's features are the columns left; predict and eval find them by name in a "
                    + "file with a header, and leave the others out.")
    List<String> drop;

    @Option(names = "--test", paramLabel = "FILE", converter = PathOptions.DataInput.class,
            description = "Test data, read like --data.")
    Path test;

    @Option(names = "--test-labels", paramLabel = "FILE", converter = PathOptions.DataInput.class,
            description = "IDX labels of the --test images.")
    Path testLabels;

    @Option(names = "--test-split", paramLabel = "FRACTION", converter = NumberOptions.BelowOne.class,
            description = "Hold out this fraction of the data, drawn with --seed, for testing "
                    + "(default: 0.2 on the embedded data, none otherwise; 0 for none).")
    Double testSplit;

    @Option(names = "--layers", paramLabel = "SIZES",
            description = "Units per layer from inputs to outputs, e.g. 784,128,10 "
                    + "(default: the data's features, 32, its classes or targets).")
    String layers;

    @Option(names = "--hidden", paramLabel = "ACTIVATION", defaultValue = "sigmoid",
            description = "Activation of the hidden layers: sigmoid, tanh, relu, identity (default: ${DEFAULT-VALUE}).")
    Activation hidden;

    @Option(names = "--output", paramLabel = "ACTIVATION",
            description = "Activation of the output layer (default: the loss's fused one, e.g. softmax for "
                    + "softmax-cross-entropy; else sigmoid for classes, identity for regression).")
    Activation output;

    @Option(names = "--loss", paramLabel = "NAME",
            description = "Loss plugin by name; see vecprop losses (default: softmax-cross-entropy for classes, "
                    + "binary-cross-entropy for one output, mse for regression).")
    String loss;

    @Option(names = "--lr", paramLabel = "ETA", defaultValue = "0.1", converter = NumberOptions.FloatValue.class, description = "Learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1",
            description = "Samples per step; 1 is per-sample gradient descent, as derived (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--momentum", paramLabel = "MU", defaultValue = "0", converter = NumberOptions.Momentum.class, description = "Momentum in [0, 1) (default: ${DEFAULT-VALUE}).")
    float momentum;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20", description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--stop-at", paramLabel = "ACCURACY", converter = NumberOptions.DoubleValue.class,
            description = "Stop after the first epoch whose test accuracy is at least ACCURACY, a fraction in (0, 1]; "
                    + "--epochs is then the most it trains. Needs classes and test data.")
    Double stopAt;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the weights, the shuffling and --test-split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-bias", description = "Layers without biases: a_j = sum_i w_ji x_i, as derived.")
    boolean noBias;

    @Option(names = "--scale", paramLabel = "KIND", defaultValue = "minmax",
            description = "Feature scaling fitted on the training data and saved with the model: none, minmax (each "
                    + "feature's range to [0, 1]), standard (mean 0, deviation 1), range (the range of all values "
                    + "to [0, 1], x/255 for 8-bit images) (default: ${DEFAULT-VALUE}).")
    FeatureScaling.Kind scale;

    @Option(names = "--kernels", paramLabel = "NAME",
            description = "Compute kernels by name, e.g. scalar or simd (default: the best available).")
    String kernels;

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Option(names = "--save", paramLabel = "FILE", converter = PathOptions.OutputFile.class, description = "Save the trained model to FILE (written atomically).")
    Path save;

    @Option(names = "--log", paramLabel = "FILE", converter = PathOptions.OutputFile.class,
            description = "Write each epoch's figures to FILE as CSV, a row as the epoch ends (the table's columns "
                    + "at full precision, and the test loss); with --resume the rows are added to FILE, else it "
                    + "is replaced.")
    Path log;

    @Option(names = "--checkpoint", paramLabel = "DIR", converter = PathOptions.OutputFolder.class,
            description = "After each epoch, save the model and the training state in DIR (atomically), so that "
                    + "--resume can continue after a crash.")
    Path checkpoint;

    @Option(names = "--resume", description = "Continue the training saved in --checkpoint DIR; the training data "
            + "and what decides the weights (--layers, --hidden, --output, --loss, --lr, --batch, --momentum, --seed, "
            + "--scale, --no-bias) must be those of the interrupted run; --epochs may be larger, and the rest "
            + "(--stop-at, --test, --threads, --save, --log, ...) may change.")
    boolean resume;

    @Mixin
    PluginOptions plugins = new PluginOptions();

    @Option(names = {"-q", "--quiet"}, description = "No progress bar and no preamble: the table and the result only.")
    boolean quiet;

    /** The model of the last successful run, for tests that compare it with what was saved. */
    Model trained;

    /** The kernels of this run, split over --threads; closed when the run ends. */
    private ParallelKernels parallel;
    /** Units of the hidden layer when --layers is not given. */
    static final int DEFAULT_HIDDEN = 32;

    /** The JIT warm-up while the data is read, until it is stopped. */
    private Warmup warmup;
    /** The plugin registry whose problems are not yet reported (the default loss depends on the data). */
    private LossRegistry unwarned;
    /** This training's hold on --checkpoint, taken when the folder exists (at the start, or once it is made). */
    private FolderLock checkpointLock;

    @Override
    public Integer call() throws IOException {
        try {
            return train();
        } finally {
            stopWarmup(); // before the kernels it uses are closed, and whatever stopped the reading
            if (unwarned != null) {
                // A run that ended before its loss was known still says which plugins failed to load.
                warnPlugins(unwarned, null);
            }
            if (parallel != null) {
                parallel.close();
            }
            if (checkpointLock != null) {
                checkpointLock.close();
            }
        }
    }

    /** Reports the registry's problems once, but for the refusal of {@code lossName} the run reports itself. */
    private void warnPlugins(LossRegistry registry, String lossName) {
        plugins.warn(spec.commandLine(), err(), registry, lossName);
        unwarned = null;
    }

    private void stopWarmup() {
        if (warmup != null) {
            warmup.stop();
            warmup = null;
        }
    }

    private Integer train() throws IOException {
        // Option values first, so that a usage error costs no reading or training.
        if (test != null && testSplit != null) {
            throw usage("give --test or --test-split, not both");
        }
        if (testLabels != null && test == null) {
            throw usage("--test-labels needs --test (the IDX test images)");
        }
        if (testSplit != null && !(testSplit >= 0 && testSplit < 1)) {
            throw usage("--test-split must be a fraction from 0 (no test data) up to but not including 1, not "
                    + plain(testSplit));
        }
        if (targets != null && input.label != null) {
            throw usage("give a class --label or regression --targets, not both");
        }
        if (targets != null) {
            // As typed: the split drops a trailing empty name ("y,"), which --layers refuses.
            for (String given : spec.findOption("--targets").originalStringValues()) {
                if (Arrays.stream(given.split(",", -1)).anyMatch(String::isBlank)) {
                    throw usage("--targets takes column names or 0-based indices separated by commas, e.g. y1,y2; '"
                            + given + "' has an empty one");
                }
            }
        }
        int[] sizes = layers == null ? null : parseLayers(layers, this);
        if (epochs < 1) {
            throw usage("--epochs must be at least 1, not " + epochs);
        }
        TrainingOptions options;
        try {
            options = TrainingOptions.defaults().withLearningRate(learningRate).withBatchSize(batch)
                    .withMomentum(momentum).withEpochs(epochs).withSeed(seed);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (stopAt != null) {
            if (!(stopAt > 0 && stopAt <= 1)) {
                throw usage("--stop-at must be a test accuracy above 0 and at most 1, e.g. 0.87, not " + plain(stopAt));
            }
            if (targets != null) {
                throw usage("--stop-at needs classes: regression --targets have no test accuracy");
            }
            if (test == null && (testSplit == null ? input.data != null : testSplit == 0)) {
                throw usage("--stop-at needs test data: --test FILE or a --test-split FRACTION above 0");
            }
        }
        int threadCount = threads.count(this);
        Kernels k;
        try {
            k = kernels == null ? KernelProviders.best() : KernelProviders.named(kernels);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        parallel = KernelProviders.parallel(k, threadCount);
        k = parallel;
        // Its warnings wait for the loss to be known: the default one depends on the data.
        LossRegistry registry = plugins.load(spec.commandLine());
        unwarned = registry;
        if (loss != null) {
            warnPlugins(registry, loss);
            try {
                registry.get(loss);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        // The refusals of names that are not the outputs' to take first: the probe of checkWritable makes the file.
        if (save != null) {
            checkNotStandardOutput("--save", save);
        }
        if (log != null) {
            checkNotStandardOutput("--log", log);
        }
        checkNoClash();
        if (save != null && !inNewCheckpointFolder(save)) {
            checkWritable(save);
        }
        if (log != null && !inNewCheckpointFolder(log)) {
            checkWritable(log);
        }
        if (checkpoint != null) {
            checkCheckpointFolder();
            if (Files.isDirectory(checkpoint)) {
                // Before looking at what it holds: another training may be writing it.
                checkpointLock = FolderLock.take(checkpoint);
                deleteLeftovers(checkpoint);
            }
        }
        if (resume && checkpoint == null) {
            throw usage("--resume needs --checkpoint DIR, the folder of the interrupted run");
        }
        if (checkpoint != null && !resume && Checkpoint.exists(checkpoint)) {
            throw usage("--checkpoint " + checkpoint + " already holds a training; add --resume to continue it, "
                    + "or choose another folder");
        }
        List<String> found = checkpoint != null && !resume ? Checkpoint.modelFiles(checkpoint) : List.of();
        if (!found.isEmpty()) {
            throw usage("--checkpoint " + checkpoint + " holds " + String.join(", ", found.subList(0, Math.min(3, found.size())))
                    + (found.size() > 3 ? " and " + (found.size() - 3) + " more" : "")
                    + ", which the checkpoints of a new training would replace or delete; choose another folder "
                    + "(or delete them, if a training stopped before its first checkpoint left them)");
        }
        if (resume && !Checkpoint.exists(checkpoint)) {
            Path state = checkpoint.resolve(Checkpoint.STATE_FILE);
            if (Files.isDirectory(checkpoint) && !Files.isReadable(checkpoint)) {
                throw new java.nio.file.AccessDeniedException(checkpoint.toString(), null, "the folder cannot be read");
            }
            if (Files.exists(state)) {
                throw new java.nio.file.FileSystemException(state.toString(), null, "is not a file");
            }
            throw usage("--resume: " + checkpoint + " holds no checkpoint (" + Checkpoint.STATE_FILE + " is missing)");
        }

        if (input.data == null && (input.labels != null || input.header != null || test != null)) {
            throw usage("--labels, --header and --test need --data");
        }
        // While the data is read, the JIT compiles the kernels on a throwaway network of the run's shape: from
        // --layers, or else the default layers on the features the file's first bytes show, with 10 outputs
        // for classes (a guess that only sets the width of the small output layer).
        int[] shape = sizes;
        if (shape == null && input.data != null) {
            int features = DataFiles.peekFeatures(input.data, (targets != null ? targets.size() : 1)
                    + (drop == null ? 0 : drop.size()));
            shape = features < 1 ? null : new int[]{features, DEFAULT_HIDDEN, targets != null ? targets.size() : 10};
        }
        warmup = Warmup.start(k, shape, hidden != null ? hidden : Activation.SIGMOID, batch, momentum);

        // The data.
        boolean embedded = input.data == null;
        CsvReader.Columns columns = new CsvReader.Dropping(targets != null ? new CsvReader.TargetColumns(targets)
                : new CsvReader.LabelColumn(input.label), drop == null ? List.of() : drop);
        Samples all;
        if (embedded) {
            all = embeddedDigits(columns);
        } else {
            all = DataOptions.read(spec.commandLine(), "--data", input.data, "--labels", input.labels,
                    input.headerMode(), columns, true);
        }
        Samples train = all;
        Samples testSamples = null;
        double split = testSplit != null ? testSplit : embedded ? 0.2 : 0;
        if (test != null) {
            testSamples = DataOptions.read(spec.commandLine(), "--test", test, "--test-labels", testLabels,
                    input.headerMode(), columns, true);
            if (testSamples.features() != all.features()) {
                throw new InvalidFileException(test, null, Words.count(testSamples.features(), "feature") + ", but "
                        + all.source() + " has " + all.features());
            }
            if (all.headerLine() > 0) {
                testSamples.checkFeatureNames(all.featureNames(), "the training data");
            }
        } else if (split > 0) {
            Samples[] parts = split(all, split, seed);
            train = parts[0];
            testSamples = parts[1];
        }
        stopWarmup();
        DataNotes.indexColumns(all, CsvReader.Advice.COMMAND_LINE).forEach(this::warn);
        if (!embedded && input.headerMode() == CsvReader.Header.AUTO) {
            warnIf(DataNotes.numberedHeader(all, CsvReader.Advice.COMMAND_LINE));
        }

        // Outputs, classes and the network's shape.
        boolean classifier = targets == null;
        List<String> outputNames;
        int outputs;
        if (classifier) {
            outputNames = Classes.fit(train);
            if (outputNames.size() < 2) {
                throw new InvalidFileException(train.source(), null, "every training sample has class '"
                        + Text.quote(outputNames.getFirst()) + "'; a classifier needs at least two classes");
            }
            warnIf(DataNotes.regression(train, outputNames, input.label != null, CsvReader.Advice.COMMAND_LINE));
            outputs = sizes != null && sizes[sizes.length - 1] == 1 && outputNames.size() == 2 ? 1 : outputNames.size();
        } else {
            outputNames = train.targetNames();
            outputs = outputNames.size();
            // The model names its outputs by them: refused before training, not when it is saved.
            train.checkTargetNamesForModel();
        }
        if (sizes == null) {
            sizes = new int[]{train.features(), DEFAULT_HIDDEN, outputs};
        } else {
            String from = embedded ? "the embedded digits data" : train.source().toString();
            if (sizes[0] != train.features()) {
                throw new IllegalArgumentException("--layers starts with " + Words.count(sizes[0], "input")
                        + ", but " + from + " has " + Words.count(train.features(), "feature")
                        + " per sample");
            }
            if (sizes[sizes.length - 1] != outputs) {
                throw new IllegalArgumentException("--layers ends with "
                        + Words.count(sizes[sizes.length - 1], "output") + ", but "
                        + from + " has " + (classifier ? outputNames.size() + " classes (" + Classes.describe(outputNames)
                        + "), which need " + outputNames.size() + " outputs" + (outputNames.size() == 2 ? " or 1" : "")
                        : Words.count(outputs, "regression target")));
            }
        }
        String lossName = loss != null ? loss
                : !classifier ? "mse" : outputs == 1 ? "binary-cross-entropy" : "softmax-cross-entropy";
        if (unwarned != null) {
            // Not yet when the loss came from --loss: its problems were reported as the run began.
            warnPlugins(registry, lossName);
        }
        LossFunction lossFunction;
        try {
            lossFunction = registry.get(lossName);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage()); // a default loss that several plugins claim, as with --loss
        }
        LossFunction plugin = lossFunction;
        Activation fusedWith = PluginFaults.call(plugin, "fusedActivation", plugin::fusedActivation);
        Activation outputActivation = output != null ? output
                : fusedWith != null ? fusedWith
                : classifier ? Activation.SIGMOID : Activation.IDENTITY;
        if (hidden == Activation.SOFTMAX && sizes.length > 2) {
            throw usage("softmax is for the output layer only; choose another --hidden activation");
        }
        if (sizes.length == 2 && spec.commandLine().getParseResult().hasMatchedOption("--hidden")) {
            err().println("vecprop train: warning: --hidden " + hidden.id() + " has no layer to apply to: --layers "
                    + sizes[0] + "," + sizes[1] + " has no hidden layer");
        }
        String why = PluginFaults.incompatibility(plugin, outputActivation, outputs);
        if (why != null) {
            throw usage("loss " + lossName + " cannot be used with " + Words.count(outputs, outputActivation + " output")
                    + ": " + why);
        }

        // Scaling fitted on the training part only, then the data sets.
        FeatureScaling scaling;
        try {
            scaling = FeatureScaling.fit(scale, train.x(), train.features());
        } catch (IllegalArgumentException e) {
            // The values were read as finite: what is left is a span a float cannot hold.
            throw new InvalidFileException(train.source(), null, e.getMessage() + "; --scale standard or none can");
        }
        int[] trainClasses = classifier ? Classes.encode(train, outputNames) : null;
        int[] testClasses = classifier && testSamples != null ? Classes.encode(testSamples, outputNames,
                "the training data has", test != null ? "" : "; all its samples fell in the part --test-split "
                        + plain(split) + " holds out (another --seed or a smaller split may keep some for training)")
                : null;
        Dataset trainSet = dataset(train, scaling, trainClasses, outputs);
        Dataset testSet = testSamples == null ? null : dataset(testSamples, scaling, testClasses, outputs);
        // Here, where the file and line are known, rather than in the trainer, which can only count samples.
        ModelOptions.checkTargets(lossFunction, train, trainSet);
        if (testSet != null) {
            ModelOptions.checkTargets(lossFunction, testSamples, testSet);
        }
        if (!classifier && !spec.commandLine().getParseResult().hasMatchedOption("--lr")) {
            warnIf(DataNotes.largeTargets(train, learningRate, CsvReader.Advice.COMMAND_LINE));
        }

        // A batch larger than the training set is the whole set, and needs buffers of that size only.
        boolean wholeSet = batch > trainSet.size();
        if (wholeSet) {
            options = options.withBatchSize(trainSet.size());
        }

        FeedForwardNetwork.Builder b = FeedForwardNetwork.builder(sizes[0]);
        for (int l = 1; l < sizes.length; l++) {
            b.layer(sizes[l], l == sizes.length - 1 ? outputActivation : hidden);
        }
        FeedForwardNetwork net = b.biases(!noBias).seed(seed).kernels(k).build();
        List<String> featureNames = featureNamesToKeep(all);
        Trainer trainer;
        if (resume) {
            Checkpoint saved;
            try {
                saved = Checkpoint.load(checkpoint, k);
            } catch (InvalidFileException e) {
                // Damaged or changed: no --resume will take it, and a new training refuses the folder that holds it.
                // (One of a newer vecprop is not damaged: its refusal says which versions this one reads.)
                if (e.newerFormat()) {
                    throw e;
                }
                throw new InvalidFileException(Path.of(e.file()), e.record(), e.problem() + "; the checkpoint cannot be "
                        + "resumed: train anew in another --checkpoint folder, or move " + checkpoint + " away first", e);
            }
            Path state = checkpoint.resolve(Checkpoint.STATE_FILE);
            // The loss and the kind of scaling first: the fingerprint is of the scaled data, so another
            // --scale would otherwise be reported as other data.
            // Other options are a usage error (exit 2), as every other refusal of --resume; other data is the
            // data's problem (exit 1).
            if (saved.model().scaling().kind() != scale || !saved.model().lossName().equals(lossName)) {
                throw usage(state + ": the checkpoint was trained with loss "
                        + saved.model().lossName() + " and " + scalingWords(saved.model().scaling().kind()) + ", not "
                        + lossName + " and " + (scale == FeatureScaling.Kind.NONE ? scalingWords(scale) : scale));
            }
            if (saved.epochsDone() >= epochs) {
                throw usage("--resume: the checkpoint in " + checkpoint + " has done "
                        + Words.count(saved.epochsDone(), "epoch") + " already; give a larger --epochs to train on");
            }
            if (batch >= trainSet.size() && saved.options().batchSize() >= trainSet.size()) {
                // Saved by a version that kept a batch larger than the data as given: the same training.
                options = options.withBatchSize(saved.options().batchSize());
            }
            // The features, and the classes or targets, are the data's (or the columns taken from it): when they
            // differ from the checkpoint's, that is other data. (Two classes on one output or two is the layers'.)
            Network was = saved.model().network();
            if (was.inputSize() != net.inputSize() || saved.model().outputNames().size() != outputNames.size()
                    || saved.model().isClassifier() != classifier) {
                throw new InvalidFileException(state, null, "the checkpoint was trained on data of "
                        + shape(was.inputSize(), saved.model().featureNames(), saved.model().isClassifier(),
                        saved.model().outputNames()) + "; " + (embedded ? "the embedded digits" : all.source())
                        + " gives " + shape(net.inputSize(), all.headerLine() != 0 ? all.featureNames() : List.of(),
                        classifier, outputNames) + " (other data, or other columns taken from it: --drop, --label, "
                        + "--targets)");
            }
            // The options before the data: the seed decides which rows a --test-split trains on, so another
            // --seed would otherwise be reported as other data.
            try {
                trainer = saved.resume(net, lossFunction, options);
            } catch (IllegalArgumentException e) {
                // Another network on the same shape of data: other layer options.
                throw usage(state + ": " + e.getMessage() + (e.getMessage().startsWith("the checkpoint holds a network")
                        ? " (other --layers, --hidden, --output or --no-bias)" : ""));
            }
            if (saved.dataFingerprint() != trainSet.fingerprint() || !saved.model().scaling().equals(scaling)) {
                throw new InvalidFileException(state, null, "the checkpoint was trained on other data than "
                        + (embedded ? "the embedded digits" : all.source()) + " with these options (other values in "
                        + "the file, or another --test-split, --label, --targets, --drop, --labels, --header, --no-header or --skip-bad, "
                        + "choosing other samples)");
            }
            // The same values under other column names would give a model that refuses the data it began on.
            all.checkFeatureNames(saved.model().featureNames(), "the checkpoint");
            if (featureNames.isEmpty()) {
                featureNames = saved.model().featureNames();
            }
            String now = Checkpoint.kernelsOf(k);
            if (saved.trainedOn() != null && !saved.trainedOn().equals(now)) {
                warn("the checkpoint was trained on " + saved.trainedOn()
                        + " and this run computes on " + now + "; they round differently, so the weights will "
                        + "differ from those of an uninterrupted run by float rounding");
            }
        } else {
            trainer = new Trainer(net, lossFunction, options);
        }
        Model model = (classifier ? Model.classifier(net, lossName, scaling, outputNames)
                : Model.regressor(net, lossName, scaling, outputNames));
        // The label's place among the columns kept (when not the last, where eval looks without it) and its name,
        // by which eval finds it in data with other columns (an ID --drop left out, one the training data did not
        // have): a model file of version 4, which a vecprop older than it cannot read.
        if (classifier) {
            warnIf(DataNotes.labelNameTooLong(all, CsvReader.Advice.COMMAND_LINE));
        }
        model = all.named(model, featureNames);

        PrintWriter out = out();
        if (!quiet) {
            out.println(ThreadsOption.describe(k, kernels == null));
            String source = embedded ? "embedded digits.csv" : String.valueOf(all.source());
            out.printf("data: %s, %s, %s, %s; %s%n", source, Words.count(all.rows(), "sample"),
                    Words.count(all.features(), "feature"),
                    classifier ? outputNames.size() + " classes" : Words.count(outputs, "target"),
                    testSet == null ? "training on all, no test data"
                            : test != null ? "testing on " + test + " (" + Words.count(testSamples.rows(), "sample")
                            + ")"
                            : String.format("training on %d, testing on %d (test split %s)", train.rows(),
                            testSamples.rows(), split));
            out.printf("network %s%s, loss %s (%s), %s, batch %s, learning rate %s, momentum %s, %s, seed %d%n",
                    net, noBias ? " without biases" : "", lossName, trainer.usesFusedDelta() ? "fused delta" : "generic delta",
                    scalingWords(scale), wholeSet ? options.batchSize() + " (all the training samples; --batch " + batch + ")"
                    : batch, learningRate, momentum, Words.count(epochs, "epoch"), seed);
        }
        if (!quiet && resume) {
            out.printf("resuming %s after epoch %d of %d%n", OneLine.of(checkpoint.toString()), trainer.epochsDone(), epochs);
        }
        // A run resumed after it reached --stop-at has nothing left to train: the run that was not
        // interrupted stopped there too.
        Evaluation resumedTest = resume && stopAt != null && testSet != null
                ? Metrics.evaluate(net, lossFunction, testSet) : null;
        boolean reached = resumedTest != null && reaches(resumedTest.accuracy(), stopAt);
        EpochTable table = new EpochTable(out, classifier, testSet != null, root().terminal && !quiet);
        // Ctrl-C or SIGTERM from here to the saved model: what was kept, and how to go on.
        try (StopNote note = new StopNote(checkpoint, save, trainer.epochsDone(), err())) {
            // Not taken yet, the folder has no checkpoint of this run to be lost.
            note.holds(() -> checkpointLock == null || checkpointLock.held());
            return trainAndSave(trainer, model, net, lossFunction, trainSet, testSet, classifier, reached, resumedTest,
                    table, note);
        }
    }

    /**
     * "2 features (a, b) and 3 classes (x, y, z)", or with targets "1 feature and 2 targets (s, t)": the features
     * named when {@code names} has them.
     */
    private static String shape(int features, List<String> names, boolean classifier, List<String> outputs) {
        return Words.count(features, "feature") + (names.isEmpty() ? "" : " (" + Classes.describe(names) + ")")
                + " and " + (classifier ? outputs.size() + " classes" : Words.count(outputs.size(), "target"))
                + " (" + Classes.describe(outputs) + ")";
    }

    /** The epochs, the final figures and the saving of the model: train's part under its {@link StopNote}. */
    private int trainAndSave(Trainer trainer, Model model, FeedForwardNetwork net, LossFunction lossFunction, Dataset trainSet,
                             Dataset testSet, boolean classifier, boolean reached, Evaluation resumedTest,
                             EpochTable table, StopNote note) throws IOException {
        PrintWriter out = out();
        List<EpochReport> reports = new ArrayList<>();
        Evaluation result;
        try (EpochLog epochLog = log == null ? null
                : new EpochLog(log, resume, trainer.epochsDone(), classifier, testSet != null)) {
            if (epochLog != null && resume && trainer.epochsDone() > 0 && !reached && !epochLog.hasRows()) {
                // Right when --log is first given to a resumed run; a note all the same, in case the file was lost.
                err().println("vecprop train: note: --log " + OneLine.of(log.toString())
                        + (Files.exists(log) ? " holds no row" : " does not exist") + "; it will hold the epochs from "
                        + (trainer.epochsDone() + 1) + " on, not epochs 1 to " + trainer.epochsDone() + " of the checkpoint");
            }
            if (!reached) {
                table.header();
            }
            trainer.onProgress(table::progress);
            IOException logFailure = null;
            IOException checkpointFailure = null;
            // Epochs in a row whose training loss rose, the loss before, and this run's first: three rises that
            // end above the first epoch's loss make a warning, once a run. (The loss is a running figure of the
            // epoch, which jitters: three small rises in a row come by chance in a long healthy run.)
            int rises = 0;
            double lastLoss = Double.NaN;
            double firstRising = Double.NaN;
            double firstLoss = Double.NaN;
            boolean warnedRising = false;
            // The last epoch the checkpoint folder holds (a resumed one's, or none).
            int checkpointed = checkpoint != null && resume ? trainer.epochsDone() : 0;
            while (trainer.epochsDone() < trainer.options().epochs() && !reached) {
                note.epoch(trainer.epochsDone() + 1);
                EpochReport report = trainer.epoch(trainSet, testSet);
                reports.add(report);
                int done = trainer.epochsDone();
                // Under the note's lock too: once the note is made, no row follows it on screen.
                double[] at = new double[1];
                note.write("the table's row of epoch " + done, () -> {
                    at[0] = table.row(report);
                    note.trained(done);
                });
                double elapsed = at[0];
                double loss = report.train().loss();
                if (Double.isNaN(firstLoss)) {
                    firstLoss = loss;
                }
                if (loss > lastLoss) {
                    firstRising = rises == 0 ? lastLoss : firstRising;
                    if (++rises >= RISES && loss > firstLoss && !warnedRising) {
                        warnedRising = true;
                        warnRising(lossFunction, model.lossName(), firstRising, loss);
                    }
                } else {
                    rises = 0;
                }
                lastLoss = loss;
                if (checkpoint != null && checkpointLock == null) {
                    // The folder did not exist at the start: make it, hold it, and make sure that no other
                    // training has saved a checkpoint in it meanwhile. Before the log's row, which may be
                    // written into it.
                    try {
                        note.write("the folder " + checkpoint, () -> {
                            Files.createDirectories(checkpoint);
                            checkpointLock = FolderLock.take(checkpoint);
                        });
                        if (Checkpoint.exists(checkpoint)) {
                            throw new InvalidFileException(checkpoint, null, "another vecprop train has saved a "
                                    + "checkpoint in this folder since this one started; choose another folder");
                        }
                    } catch (IOException e) {
                        // As a checkpoint that cannot be written: --save keeps the epoch.
                        checkpointFailure = e;
                        break;
                    }
                }
                if (epochLog != null) {
                    try {
                        note.write("the row of epoch " + done + " of " + log, () -> epochLog.row(report, elapsed));
                    } catch (IOException e) {
                        // Before this epoch's checkpoint: the checkpoint keeps the epochs the log has.
                        logFailure = e;
                        break;
                    }
                }
                if (checkpoint != null) {
                    try {
                        if (!checkpointLock.held()) {
                            // Not this training's folder any more: nothing is written into whatever is there now.
                            throw new LostFolderException(checkpoint);
                        }
                        note.write("the checkpoint of epoch " + done + " in " + checkpoint, () -> {
                            try {
                                // Into the folder held, through the open folder whose lock was checked above
                                // (wherever it is now: one put at its path meanwhile gets nothing); by path where
                                // the system cannot hold it open, never making a folder deleted meanwhile again.
                                java.nio.file.SecureDirectoryStream<Path> held = checkpointLock.folder();
                                if (held != null) {
                                    Checkpoint.saveInto(held, checkpoint, model, trainer, trainSet);
                                } else {
                                    Checkpoint.saveInto(checkpoint, model, trainer, trainSet);
                                }
                            } catch (IOException e) {
                                if (!checkpointLock.held()) {
                                    LostFolderException lost = new LostFolderException(checkpoint);
                                    lost.addSuppressed(e);
                                    throw lost;
                                }
                                throw e;
                            }
                            note.checkpointed(done);
                        });
                        checkpointed = done;
                    } catch (IOException e) {
                        checkpointFailure = e;
                        break;
                    }
                }
                reached = stopAt != null && report.test() != null && reaches(report.test().accuracy(), stopAt);
            }
            if (checkpointFailure != null) {
                int done = trainer.epochsDone();
                return stopSavingModel(note, model, done, Main.message(checkpointFailure) + "; training stopped after "
                        + "epoch " + done + ", whose checkpoint was not written" + (checkpointed == 0 ? ""
                        // Lost: what it holds now is not known here, but the user looking for it wants the epoch.
                        : checkpointFailure instanceof LostFolderException
                        ? "; the last checkpoint written was of epoch " + checkpointed
                        : "; the checkpoint in " + checkpoint + " holds epoch " + checkpointed), "the model after epoch " + done
                        + " was saved to " + save, checkpointFailure);
            }
            if (logFailure != null) {
                int done = trainer.epochsDone();
                return stopSavingModel(note, model, done, Main.message(logFailure) + "; training stopped after epoch " + done
                        + ", whose row is not in the log" + (checkpoint != null && done > 1
                        ? "; the checkpoint in " + checkpoint + " holds epoch " + (done - 1) + ", as the log does" : ""),
                        "the model after epoch " + done + " was saved to " + save, logFailure);
            }
            note.finished(trainer.epochsDone());
            // Without test data the result is the trained model on the training data, as eval of the saved model
            // gives it; the table's training columns are running figures, gathered while the weights still moved.
            // Here, so that a loss plugin failing on it still leaves the trained model saved.
            result = reports.isEmpty() ? resumedTest
                    : testSet != null ? reports.getLast().test() : Metrics.evaluate(net, lossFunction, trainSet);
        } catch (TrainingDivergedException | LossPluginException e) {
            // Either way the trainer has put back the weights of the last good epoch: keep those, never NaN.
            return stopSavingModel(note, model, trainer.epochsDone(), e.getMessage(), "the model after epoch " + trainer.epochsDone()
                    + " (the last good one) was saved to " + save, e);
        }
        if (stopAt != null) {
            int done = trainer.epochsDone();
            out.println(!reached ? "--stop-at " + plain(stopAt) + " not reached in " + Words.count(done, "epoch")
                    : reports.isEmpty() ? "the test accuracy after epoch " + done + " is already at least " + plain(stopAt)
                    + " (--stop-at): no epoch to train"
                    : "stopped after epoch " + done + ": test accuracy at least " + plain(stopAt) + " (--stop-at)");
        }
        if (classifier) {
            out.printf(testSet != null ? "test accuracy %.4f%n" : "training accuracy %.4f%n", result.accuracy());
        } else {
            out.printf(testSet != null ? "test RMSE %.6g%n" : "training RMSE %.6g%n", result.rmse());
        }
        if (!Double.isFinite(result.mse())) {
            // Every loss during training was finite, but the last updates made outputs overflow: the model is
            // saved as trained, and eval and predict will refuse those samples. Said now, not then.
            out.flush();
            err().println("vecprop train: warning: the trained network's outputs are not finite (they overflow a float) "
                    + "for some samples of the " + (testSet != null ? "test" : "training") + " data, which eval and "
                    + "predict will refuse; a smaller --lr, or targets scaled nearer 1, may help");
            err().flush();
        }
        trained = model;
        if (save != null) {
            save(note, model);
            out.println("saved the model to " + OneLine.of(save.toString()));
        }
        out.flush();
        return 0;
    }

    /**
     * Epochs in a row whose training loss rose, to a loss above the run's first epoch's, that {@link #warnRising}
     * is given after.
     */
    static final int RISES = 3;

    /**
     * Warns that the training loss rose in each of {@link #RISES} epochs in a row, from {@code from} to {@code to}:
     * a learning rate too large, or a loss plugin whose gradient is wrong (a wrong sign climbs the loss, and only
     * gradcheck tells it), which the warning names for a loss that is not one of the built-in ones, by {@code
     * name}, the one it was chosen by (not asked again: a plugin's second answer could differ, or fail).
     */
    private void warnRising(LossFunction loss, String name, double from, double to) {
        boolean builtIn = "dev.vecprop.losses".equals(loss.getClass().getModule().getName());
        // Under the epoch's row, where both streams are one terminal.
        out().flush();
        warn("the training loss rose in each of the last " + RISES + " epochs (from " + EpochTable.figure(from).strip() + " to "
                + EpochTable.figure(to).strip() + "): the learning rate " + plain(learningRate) + " may be too large"
                + (builtIn ? "" : ", or loss plugin '" + name + "' has a wrong gradient: check it with vecprop "
                + "gradcheck --loss " + Text.shellWord(name)));
    }

    /** The checkpoint folder is no longer this training's: deleted, moved, or its lock file gone. */
    private static final class LostFolderException extends java.nio.file.FileSystemException {
        private static final long serialVersionUID = 1L;

        LostFolderException(Path checkpoint) {
            super(checkpoint.toString(), null, StopNote.LOST);
        }
    }

    /**
     * Ends a training that failed part-way with {@code message} on standard error, after saving {@code model}
     * as it is to {@code --save} (when given, and when an epoch was trained), which {@code saved} then says; when
     * no epoch was trained, the message says that {@code --save} was not written.
     *
     * @return the exit code of a failure
     * @param cause what failed, whose stack trace follows the message with {@code --verbose}
     * @throws IOException when the model cannot be saved, after the message
     */
    private int stopSavingModel(StopNote note, Model model, int epochsDone, String message, String saved,
                                Throwable cause) throws IOException {
        out().flush();
        PrintWriter err = err();
        String line = "vecprop train: " + message;
        note.failed();
        if (save != null && epochsDone > 0) {
            try {
                save(note, model);
            } catch (IOException failed) {
                err.println(OneLine.of(line));
                err.flush();
                throw failed;
            }
            line += "; " + saved;
        } else if (save != null) {
            // Stopped in the first epoch: there is no good model to keep, and the run says so rather than nothing.
            line += "; no epoch ended, so " + save + " was not written";
        }
        err.println(OneLine.of(line));
        err.flush();
        traceIfVerbose(cause);
        return Main.FAILED;
    }

    /** Writes {@code model} to --save, under {@code note}, which then says it was written. */
    private void save(StopNote note, Model model) throws IOException {
        note.write(save.toString(), () -> {
            ModelFile.save(model, save);
            note.saved();
        });
    }

    /**
     * Refuses an output file that is also an input or the other output (writing it would destroy that one), or
     * that has the name of a checkpoint's own file in the checkpoint folder.
     */
    private void checkNoClash() throws IOException {
        String[] outputNames = {"--log", "--save"};
        Path[] outputs = {log, save};
        for (int o = 0; o < outputs.length; o++) {
            if (outputs[o] == null) {
                continue;
            }
            checkNoClash(outputNames[o], outputs[o], "--save", save, "--data", input.data, "--labels", input.labels,
                    "--test", test, "--test-labels", testLabels);
            Path file = outputs[o].toAbsolutePath().normalize();
            if (checkpoint != null && file.getParent() != null && sameFile(file.getParent(), checkpoint)
                    && ownedByCheckpoint(file.getFileName().toString())) {
                throw usage(outputNames[o] + " " + outputs[o] + " is a file of the --checkpoint folder, which the "
                        + "checkpoints replace or delete; choose another name");
            }
            checkNotAPluginJar(outputNames[o], outputs[o], plugins.allFolders());
            checkNotACheckpointFile(outputNames[o], outputs[o]);
        }
    }

    /** The temporary file of a checkpoint's own file, as {@link AtomicFiles} names it. */
    private static final java.util.regex.Pattern LEFTOVER =
            java.util.regex.Pattern.compile("\\.(model-[0-9]+\\.vpm|" + java.util.regex.Pattern.quote(Checkpoint.STATE_FILE)
                    + ")\\.[0-9a-z]+\\.tmp");

    /**
     * Deletes the temporary files that a training killed part-way through writing a checkpoint left in
     * {@code folder} (a SIGKILL runs no shutdown hook): with the folder held, no other training is writing them.
     */
    private static void deleteLeftovers(Path folder) throws IOException {
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(folder,
                p -> LEFTOVER.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))) {
            for (Path p : files) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Whether {@code file} is to be written into the --checkpoint folder that does not exist yet: it is made
     * when the first epoch ends, before anything is written into it, and checked before training like the
     * folder of any output ({@link #checkCheckpointFolder}).
     */
    private boolean inNewCheckpointFolder(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return checkpoint != null && parent != null && !Files.exists(checkpoint)
                && parent.equals(checkpoint.toAbsolutePath().normalize());
    }

    /**
     * Refuses, before any training, a checkpoint folder that could not be written after the first epoch: an
     * existing file that is not a folder, or a folder (or the nearest existing one above it) that is not writable.
     */
    private void checkCheckpointFolder() throws IOException {
        Path folder = checkpoint.toAbsolutePath().normalize();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new java.nio.file.FileSystemException(checkpoint.toString(), null,
                    (Files.isRegularFile(folder) ? "is a file" : "is not a folder") + "; --checkpoint names a folder");
        }
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new java.nio.file.FileSystemException(checkpoint.toString(), null, "cannot be created: "
                    + (existing == null ? "no folder above it exists" : existing + " is not a folder"));
        }
        String why = cannotCreateIn(existing);
        if (why != null) {
            throw new java.nio.file.FileSystemException(checkpoint.toString(), null,
                    (existing.equals(folder) ? "cannot be written: " : "cannot be created: ") + why);
        }
        // The folders to make, made and deleted again: a name the file system refuses (too long, say) is
        // found now, not after the first epoch.
        List<Path> made = new ArrayList<>();
        try {
            for (Path p = existing; !p.equals(folder); ) {
                p = p.resolve(folder.getName(p.getNameCount()));
                Files.createDirectory(p);
                made.add(p);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // made meanwhile, by another training maybe: the folder's lock decides later
        } catch (IOException e) {
            throw new java.nio.file.FileSystemException(checkpoint.toString(), null, "cannot be created: "
                    + reason(e));
        } finally {
            // Only the empty folders made here: one that something else has put a file in meanwhile stays, and
            // so do the folders above it.
            for (int i = made.size() - 1; i >= 0; i--) {
                try {
                    Files.deleteIfExists(made.get(i));
                } catch (IOException e) {
                    break;
                }
            }
        }
    }

    /** What an exception of the file system says is wrong, without the path it names. */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f) {
            return f.getReason() != null ? f.getReason() : f instanceof java.nio.file.NoSuchFileException
                    ? "no such file or folder" : f.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * The header's feature names, for the model, so that eval and predict can check the columns by name; none
     * without a header, or, with a warning, when a name is longer than a model file holds.
     */
    private List<String> featureNamesToKeep(Samples s) {
        warnIf(DataNotes.featureNameTooLong(s, CsvReader.Advice.COMMAND_LINE));
        return s.featureNamesForModel();
    }

    /**
     * Scales {@code s}'s features in place, row by row, refusing a value that the scaling, fitted on other data,
     * maps beyond the float range (a value a million times the training span, say): the network would see an
     * infinity and give NaN. The message names the value as the file holds it.
     */
    static void scale(Samples s, FeatureScaling scaling) throws InvalidFileException {
        if (scaling.kind() == FeatureScaling.Kind.NONE) {
            return; // the reader refused values that are not finite, and nothing else changes them
        }
        int n = s.features();
        float[] x = s.x();
        float[] row = new float[n];
        for (int r = 0; r < s.rows(); r++) {
            System.arraycopy(x, r * n, row, 0, n);
            scaling.applyInPlace(row, 1);
            for (int j = 0; j < n; j++) {
                if (!Float.isFinite(row[j])) {
                    throw new InvalidFileException(s.source(), s.where(r), "feature '" + Text.quote(s.featureNames().get(j))
                            + "': " + x[r * n + j] + " is too far outside the training data's range for the "
                            + scaling.kind().id() + " scaling (it scales to " + row[j] + ")");
                }
            }
            System.arraycopy(row, 0, x, r * n, n);
        }
    }

    /** "minmax scaling", or "no scaling" for {@link FeatureScaling.Kind#NONE}. */
    static String scalingWords(FeatureScaling.Kind kind) {
        return kind == FeatureScaling.Kind.NONE ? "no scaling" : kind.id() + " scaling";
    }

    /** Whether an accuracy, rounded to the four decimals the table shows, is at least {@code target}. */
    static boolean reaches(double accuracy, double target) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.4f", accuracy)) >= target;
    }

    /** A number as it would be typed: 1 rather than 1.0, 0.87 rather than 8.7E-1. */
    static String plain(double v) {
        return Double.isFinite(v) ? new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString()
                : Double.toString(v);
    }

    /** A float as it would be typed, in its own shortest digits: 0.1 rather than 0.10000000149011612. */
    static String plain(float v) {
        return Text.plain(v);
    }

    /** "784,128,10" as sizes, or a usage error of {@code command}. */
    static int[] parseLayers(String spec, BaseCommand command) {
        String[] parts = spec.split(",", -1);
        if (parts.length < 2) {
            throw command.usage("--layers needs at least two sizes, inputs and outputs, e.g. 64,32,10; not '" + spec + "'");
        }
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                sizes[i] = 0;
            }
            if (sizes[i] <= 0) {
                throw command.usage("--layers takes positive whole numbers separated by commas, e.g. 64,32,10; '"
                        + parts[i].trim() + "' is not one");
            }
        }
        return sizes;
    }

    /**
     * Refuses a file that is this process's standard output ({@code /dev/stdout}, or what it is a pipe to),
     * where the table is printed, or its standard error, where warnings and failures are: the file's content
     * would be mixed into them, or replace what they hold (a file the shell sends them to).
     */
    private void checkNotStandardOutput(String option, Path file) {
        String[] streams = {"standard output, where train prints its table", "standard error, where train writes its "
                + "warnings and errors"};
        for (int fd = 1; fd <= 2; fd++) {
            Path stream = Path.of("/proc/self/fd/" + fd);
            try {
                // Output sent to /dev/null may well have a --log sent there too.
                if (Files.exists(file) && Files.exists(stream) && Files.isSameFile(file, stream)
                        && !Files.isSameFile(file, Path.of("/dev/null"))) {
                    throw usage(option + " " + file + " is " + streams[fd - 1] + "; name a file");
                }
            } catch (IOException e) {
                // Not comparable (no /proc): then nothing is known to clash.
            }
        }
    }

    /** Fails now, not after training, when the model could not be saved there. */
    static void checkWritable(Path file) throws IOException {
        if (AtomicFiles.isSpecial(file)) {
            // A device or a pipe is written in place (AtomicFiles), so it is its own permission that matters.
            if (!Files.isWritable(file)) {
                throw new java.nio.file.AccessDeniedException(file.toString(), null, "is not writable");
            }
            return;
        }
        // A link is written through (AtomicFiles), a dangling one too: the folder that matters is its target's.
        Path dir = AtomicFiles.replaced(file).getParent();
        if (Files.isDirectory(file)) {
            throw new java.nio.file.FileSystemException(file.toString(), null, "is a folder");
        }
        if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
            // num.csv/m.vpm: the folder is there, as a file.
            throw new java.nio.file.FileSystemException(file.toString(), null, "cannot be written: " + dir
                    + " is not a folder");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new java.nio.file.FileSystemException(file.toString(), null, "cannot be written: the folder "
                    + (dir == null ? "" : dir + " ") + "does not exist");
        }
        String why = cannotCreateIn(dir);
        if (why != null) {
            throw new java.nio.file.FileSystemException(file.toString(), null, "cannot be written: " + why);
        }
        // A name the file system refuses (too long, say) is found by making the file, and deleting it again.
        Path target = AtomicFiles.replaced(file);
        if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Object made;
            try {
                Files.createFile(target);
                made = FolderLock.key(target);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return; // made meanwhile: a name the file system takes
            } catch (IOException e) {
                throw new java.nio.file.FileSystemException(file.toString(), null, "cannot be written: " + reason(e));
            }
            FolderLock.deleteIfStill(target, made);
        }
    }

    /**
     * Why no new file can be made in the folder {@code dir}, or null when one can: a file is made there and
     * deleted, since permissions say nothing of a read-only file system, or of what root may not write.
     */
    static String cannotCreateIn(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, ".vecprop-", ".probe"));
            return null;
        } catch (java.nio.file.AccessDeniedException e) {
            return "the folder " + dir + " is not writable";
        } catch (java.nio.file.FileSystemException e) {
            return "the folder " + dir + " takes no new file (" + reason(e) + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "the folder " + dir + " takes no new file (" + e.getMessage() + ")";
        }
    }

    /** The embedded digits: 64 grey levels 0 to 16 and a digit per sample. */
    static Samples embeddedDigits(CsvReader.Columns columns) throws IOException {
        try (InputStream in = TrainCommand.class.getResourceAsStream(DIGITS)) {
            if (in == null) {
                throw new IllegalStateException("the embedded digits data set is missing from the vecprop-cli jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return CsvReader.read(r, Path.of("digits.csv (embedded)"), CsvReader.Header.AUTO, columns);
        }
    }

    /** A seeded random split: round(fraction * rows) rows for testing, the rest for training. */
    static Samples[] split(Samples all, double testFraction, long seed) {
        int n = all.rows();
        int nTest = (int) Math.round(testFraction * n);
        if (nTest == 0 || nTest == n) {
            throw new IllegalArgumentException("a test split of " + testFraction + " of " + Words.count(n, "sample")
                    + " leaves one side empty");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return new Samples[]{all.subset(Arrays.copyOfRange(order, nTest, n)), all.subset(Arrays.copyOfRange(order, 0, nTest))};
    }

    /**
     * A data set of {@code s} with its features scaled: one-hot class targets ({@code classes} not null; a
     * single 0/1 target when {@code outputs} is 1), else the regression targets. The features are scaled in
     * place and shared with the data set, so that a large data set is held once: {@code s}'s features are
     * the scaled ones afterwards.
     */
    static Dataset dataset(Samples s, FeatureScaling scaling, int[] classes, int outputs) throws InvalidFileException {
        float[] x = s.x();
        scale(s, scaling);
        float[] t = classes != null ? Classes.targets(classes, outputs) : s.targets();
        return Dataset.wrap(s.features(), outputs, x, t);
    }
}
