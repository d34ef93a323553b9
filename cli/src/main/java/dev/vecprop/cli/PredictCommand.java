package dev.vecprop.cli;

import dev.vecprop.core.InvalidFileException;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.Metrics;
import dev.vecprop.core.Model;
import dev.vecprop.core.ModelFile;
import dev.vecprop.core.ParallelKernels;
import dev.vecprop.core.internal.AtomicFiles;
import dev.vecprop.core.internal.Words;
import dev.vecprop.core.internal.data.CsvReader;
import dev.vecprop.core.internal.data.LabelNotes;
import dev.vecprop.core.internal.data.Samples;
import dev.vecprop.core.internal.data.Text;
import dev.vecprop.spi.Activation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** {@code vecprop predict}: a saved model's predictions for unlabelled data, as CSV. */
@Command(name = "predict", description = {
        "Predict with a saved model, one CSV row per sample: the class and the probability of each class for a "
                + "classifier (p_CLASS columns; out_CLASS, the raw outputs, when the output activation is not "
                + "softmax or sigmoid), the values for a regressor. Values are written so that they read back exactly."})
final class PredictCommand extends BaseCommand {

    @Option(names = "--model", paramLabel = "FILE", required = true, converter = PathOptions.ModelInput.class, description = "A model saved by vecprop train --save.")
    Path modelFile;

    @Mixin
    DataOptions input = new DataOptions();

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Option(names = "--out", paramLabel = "FILE", converter = PathOptions.PredictOutput.class,
            description = "Write the CSV to FILE (atomically) instead of standard output.")
    Path outFile;

    @Option(names = "--plugin-path", paramLabel = "DIR", split = ",", converter = PathOptions.ListEntry.class,
            description = "Taken as train and eval take it, so that one set of options serves every command; "
                    + "predict never calls the loss, so it loads no plugin.")
    List<Path> pluginFolders;

    @Override
    public Integer call() throws IOException {
        if (input.labels != null) {
            throw usage("predict takes unlabelled data; --labels does not apply (--label drops a CSV column)");
        }
        if (outFile != null) {
            checkNoClash("--out", outFile, "--model", modelFile, "--data", input.data);
            PluginOptions plugins = new PluginOptions();
            plugins.folders = pluginFolders;
            checkNotAPluginJar("--out", outFile, plugins.allFolders());
            checkNotACheckpointFile("--out", outFile);
            // After the refusals of names that are not its to take: its probe makes the file.
            TrainCommand.checkWritable(outFile);
        }
        try (ParallelKernels kernels = threads.kernels(KernelProviders.best(), this)) {
            return run(kernels);
        }
    }

    private Integer run(ParallelKernels kernels) throws IOException {
        Model model = ModelFile.load(modelFile, kernels);
        try (DataOptions.Source source = ModelOptions.openUnlabelled(spec.commandLine(), input, model)) {
            Samples first;
            try {
                first = source.next(CHUNK);
            } catch (InvalidFileException e) {
                // Text where a number should be: maybe the labels, in the column the model's training data had them.
                throw ModelOptions.saysLabelColumn(e, input, model);
            }
            // One column too many: a label, which the model may know the name or place of; by the name when the
            // header has it.
            first.checkFeatures(model, LabelNotes.oneColumnTooMany(first, model, input.label != null,
                    CsvReader.Advice.COMMAND_LINE));
            String unused = ModelOptions.unusedColumns(first);
            if (unused != null) {
                warn(unused);
            }
            if (outFile == null) {
                PrintWriter out = out();
                write(out, model, first, source, out);
                out.flush();
            } else {
                Written[] n = new Written[1];
                AtomicFiles.write(outFile, stream -> {
                    Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
                    n[0] = write(w, model, first, source, null);
                    w.flush();
                });
                err().printf("wrote %s%s to %s%n", Words.count(n[0].predictions(), "prediction"),
                        n[0].empty() == 0 ? ""
                        : " and " + Words.count(n[0].empty(), "empty row") + " (the "
                        + Words.noun(n[0].empty(), first.recordWord()) + " skipped by --skip-bad)",
                        dev.vecprop.core.internal.OneLine.of(outFile.toString()));
            }
        }
        return 0;
    }

    /** Samples read, predicted and written at a time: the memory a predict takes, whatever the file's size. */
    static final int CHUNK = 4096;

    /** Rows written: predictions, and empty rows in the places of records skipped by --skip-bad. */
    record Written(long predictions, long empty) {
    }

    /**
     * Writes the header, then the predictions of {@code first} and of every later chunk of {@code source}, a
     * chunk read only when the one before is written; stops early when {@code stdout} reports that its reader
     * has gone. Each chunk is scaled (with the check of values beyond a float) and predicted as a whole file
     * would be, and refused at its first sample whose outputs are not finite. A record that --skip-bad
     * skipped gets a row of empty fields in its place, so that row N of the output is record N of the data.
     *
     * @return the rows written
     */
    private static Written write(Writer w, Model model, Samples first, DataOptions.Source source, PrintWriter stdout)
            throws IOException {
        int k = model.network().outputSize();
        String empty = emptyRow(model, k);
        long written = 0;
        long skipped = 0;
        float[] y = new float[0];
        boolean stopped = false;
        for (Samples s = first; s != null; s = source.next(CHUNK)) {
            // Scaled here, once, with the check; the network then takes the scaled features as Model.predict would.
            TrainCommand.scale(s, model.scaling());
            int n = s.rows();
            if (y.length < n * k) {
                y = new float[n * k];
            }
            model.network().predict(s.x(), n, y);
            ModelOptions.checkOutputs(s, y, k);
            if (s == first) {
                // Only now: a first chunk that is refused leaves standard output empty, as a whole file did.
                writeHeader(w, model, k);
            }
            skipped += writeRows(w, model, y, n, k, source, written, empty);
            written += n;
            if (stdout != null && stdout.checkError()) {
                stopped = true;
                break; // the reader stopped reading (head); Main tells that from a failure
            }
        }
        if (!stopped) {
            // Records skipped after the last sample.
            skipped += writeEmpty(w, source.takeSkipped(written), empty);
        }
        source.done();
        return new Written(written, skipped);
    }

    /** Writes {@code count} {@code empty} rows, the places of as many skipped records; returns {@code count}. */
    private static long writeEmpty(Writer w, long count, String empty) throws IOException {
        for (long e = 0; e < count; e++) {
            w.write(empty);
        }
        return count;
    }

    /**
     * The row written for a skipped record: as many empty fields as a prediction has; a single one as {@code ""},
     * since CSV readers skip a blank line.
     */
    private static String emptyRow(Model model, int k) {
        int fields = model.isClassifier() ? 1 + (k == 1 && probabilities(model) ? 2 : k) : k;
        return (fields == 1 ? "\"\"" : ",".repeat(fields - 1)) + "\n";
    }

    /**
     * Whether a classifier's outputs are probabilities: those of a softmax or a sigmoid output layer. Others
     * (identity, tanh, relu, trained with mse, say) are scores that can be negative or above 1.
     */
    static boolean probabilities(Model model) {
        Activation output = model.network().layers().getLast().activation();
        return output == Activation.SOFTMAX || output == Activation.SIGMOID;
    }

    /**
     * The CSV's header: for a classifier {@code class,p_<name>...} (with one sigmoid output, p of the first
     * class is 1 - y and of the second y), or, when the outputs are not probabilities, {@code class,out_<name>...}
     * (one such output is written once, as {@code out_} the second class, which it is trained to be 1 for); for a
     * regressor the target names; a name that holds a comma or a double quote in double quotes (RFC 4180).
     */
    private static void writeHeader(Writer w, Model model, int k) throws IOException {
        List<String> names = model.outputNames();
        StringBuilder line = new StringBuilder();
        if (model.isClassifier()) {
            line.append("class");
            boolean p = probabilities(model);
            for (String name : k == 1 && !p ? names.subList(1, 2) : names) {
                line.append(',').append(Text.csvField((p ? "p_" : "out_") + name));
            }
        } else {
            for (int j = 0; j < k; j++) {
                line.append(j == 0 ? "" : ",").append(Text.csvField(names.get(j)));
            }
        }
        w.write(line.append('\n').toString());
    }

    /**
     * A row per sample: the class and its probabilities (or outputs), or the values, in Java's shortest exact form; before
     * each, an {@code empty} row per record skipped there ({@code before} samples were written earlier).
     *
     * @return the empty rows written
     */
    private static long writeRows(Writer w, Model model, float[] y, int n, int k, DataOptions.Source source,
                                  long before, String empty) throws IOException {
        // Each class as a CSV field once, not once a row.
        List<String> classes = model.outputNames().stream().map(Text::csvField).toList();
        boolean p = probabilities(model);
        StringBuilder line = new StringBuilder();
        long skipped = 0;
        for (int r = 0; r < n; r++) {
            skipped += writeEmpty(w, source.takeSkipped(before + r), empty);
            line.setLength(0);
            if (model.isClassifier()) {
                line.append(classes.get(Metrics.predictedClass(y, r * k, k)));
                if (k == 1 && p) {
                    line.append(',').append(1f - y[r]).append(',').append(y[r]);
                } else {
                    for (int j = 0; j < k; j++) {
                        line.append(',').append(y[r * k + j]);
                    }
                }
            } else {
                for (int j = 0; j < k; j++) {
                    line.append(j == 0 ? "" : ",").append(y[r * k + j]);
                }
            }
            w.write(line.append('\n').toString());
        }
        return skipped;
    }
}
