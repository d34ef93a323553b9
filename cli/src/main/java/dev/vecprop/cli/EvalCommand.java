package dev.vecprop.cli;

import dev.vecprop.core.ConfusionMatrix;
import dev.vecprop.core.Dataset;
import dev.vecprop.core.InvalidFileException;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.LossPluginException;
import dev.vecprop.core.Metrics;
import dev.vecprop.core.Model;
import dev.vecprop.core.ModelFile;
import dev.vecprop.core.ParallelKernels;
import dev.vecprop.core.internal.Words;
import dev.vecprop.core.internal.data.Classes;
import dev.vecprop.core.internal.data.Samples;
import dev.vecprop.core.internal.data.Text;
import dev.vecprop.spi.LossFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code vecprop eval}: how a saved model does on labelled data. */
@Command(name = "eval", description = {
        "Evaluate a saved model on labelled data: accuracy, per-class precision and recall and a confusion matrix "
                + "for a classifier; MSE, RMSE and MAE for a regressor."})
final class EvalCommand extends BaseCommand {

    @Option(names = "--model", paramLabel = "FILE", required = true, converter = PathOptions.ModelInput.class, description = "A model saved by vecprop train --save.")
    Path modelFile;

    @Mixin
    DataOptions input = new DataOptions();

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Mixin
    PluginOptions plugins = new PluginOptions();

    @Override
    public Integer call() throws IOException {
        try (ParallelKernels kernels = threads.kernels(KernelProviders.best(), this)) {
            return run(kernels);
        }
    }


    private Integer run(ParallelKernels kernels) throws IOException {
        Model model = ModelFile.load(modelFile, kernels);
        List<String> names = model.outputNames();
        int k = model.network().outputSize();
        // Read, run and counted a chunk at a time, as predict reads: a file of any size takes the memory of one.
        try (DataOptions.Source source = ModelOptions.openLabelled(spec.commandLine(), input, model)) {
            Samples first = null;
            int[] firstClasses;
            try {
                first = source.next(PredictCommand.CHUNK);
                first.checkHasLabelsFor(model, "eval needs labelled data: add the label column, or use vecprop "
                        + "predict for data without labels");
                first.checkFeatures(model, "");
                // Before the warning: a class the model does not know is the refusal, alone.
                firstClasses = model.isClassifier() ? Classes.encode(first, names) : null;
                String unused = ModelOptions.unusedColumns(first);
                if (unused != null) {
                    warn(unused);
                }
            } catch (InvalidFileException e) {
                throw ModelOptions.saysLabelColumn(e, input, model, first);
            }
            LossFunction loss = null;
            String lossNote = "";
            try {
                loss = plugins.registry(spec.commandLine(), err(), model.lossName()).get(model.lossName());
            } catch (IllegalArgumentException e) {
                lossNote = e.getMessage() + "; so no loss is shown";
            }
            // A plugin that fails costs the loss only, as a missing one does; the failure is reported after the rest.
            LossPluginException failure = null;
            Metrics.Running running = null;
            if (loss != null) {
                try {
                    running = new Metrics.Running(model.network(), loss);
                } catch (IllegalArgumentException refused) {
                    // The loss refusing the model's output activation (a model saved before the loss refused it),
                    // which costs the loss line only.
                    lossNote = "loss " + model.lossName() + ": not shown: " + refused.getMessage();
                } catch (LossPluginException f) {
                    failure = f;
                }
            }
            Report report = model.isClassifier() ? new ClassReport(names.size()) : new TargetReport(k);
            float[] y = new float[0];
            long rows = 0;
            for (Samples s = first; s != null; ) {
                Dataset data;
                int[] classes;
                try {
                    classes = s == first ? firstClasses : model.isClassifier() ? Classes.encode(s, names) : null;
                    data = TrainCommand.dataset(s, model.scaling(), classes, k);
                } catch (InvalidFileException e) {
                    throw ModelOptions.saysLabelColumn(e, input, model, first);
                }
                if (y.length < s.rows() * k) {
                    y = new float[s.rows() * k];
                }
                boolean ran = false;
                if (running != null) {
                    try {
                        running.add(data, y);
                        ran = true;
                    } catch (IllegalArgumentException refused) {
                        // A target the loss refuses: Running checks them all before it counts any, and names the
                        // sample; the refusal names its line.
                        ModelOptions.checkTargets(loss, s, data);
                        throw refused;
                    } catch (LossPluginException f) {
                        failure = f;
                        running = null;
                    }
                }
                if (!ran) {
                    model.network().predict(data.featureMatrix(), data.size(), y);
                }
                ModelOptions.checkOutputs(s, y, k);
                report.add(y, data, classes);
                rows += s.rows();
                try {
                    s = source.next(PredictCommand.CHUNK);
                } catch (InvalidFileException e) {
                    throw ModelOptions.saysLabelColumn(e, input, model, first);
                }
            }
            if (failure != null) {
                lossNote = "loss " + model.lossName() + ": not shown, its plugin failed (the error below)";
            } else if (running != null) {
                lossNote = String.format("loss %s: %.6f", model.lossName(), running.result().loss());
            }
            PrintWriter out = out();
            out.printf("model %s: %s%n", modelFile, model);
            // Where the labels came from when the model chose the column: the last one is what anyone would guess.
            boolean byName = first.headerLine() != 0 && first.labelName() != null
                    && model.labelName().filter(first.labelName()::equals).isPresent();
            boolean modelsColumn = input.label == null && first.labelColumn() >= 0
                    && (model.labelColumn().equals(java.util.OptionalInt.of(first.labelColumn()))
                    || byName && first.labelColumn() != first.features() + first.unusedColumns().size());
            out.printf("data %s: %s%s%n", first.source(), Words.count(rows, "sample"), modelsColumn
                    ? ", labels from column " + first.labelColumn() + (byName ? ", '" + Text.quote(first.labelName()) + "'"
                    : "") + " (the model's label column)" : "");
            out.println(lossNote);
            report.print(out, names);
            out.flush();
            if (failure != null) {
                throw failure;
            }
            return 0;
        }
    }

    /** What eval reports of the samples, counted a chunk at a time. */
    private interface Report {
        /** Counts the samples of {@code data}, whose outputs are {@code y} and classes {@code classes} (or null). */
        void add(float[] y, Dataset data, int[] classes);

        void print(PrintWriter out, List<String> names);
    }

    /** A classifier's: accuracy, per-class precision and recall, and the confusion matrix. */
    private static final class ClassReport implements Report {
        private final ConfusionMatrix confusion;

        ClassReport(int classes) {
            confusion = new ConfusionMatrix(classes);
        }

        @Override
        public void add(float[] y, Dataset data, int[] truth) {
            int k = data.targetCount();
            for (int r = 0; r < data.size(); r++) {
                confusion.add(y, r * k, k, truth[r]);
            }
        }

        @Override
        public void print(PrintWriter out, List<String> names) {
            int c = names.size();
            long n = confusion.total();
            out.printf("accuracy: %.4f (%d of %d)%n%n", confusion.accuracy(), confusion.correct(), n);
            int w = Math.max(5, names.stream().mapToInt(String::length).max().orElse(5));
            out.printf("%-" + w + "s %9s %9s %9s%n", "class", "precision", "recall", "samples");
            for (int i = 0; i < c; i++) {
                out.printf("%-" + w + "s %9s %9s %9d%n", names.get(i), ratio(confusion.precision(i)),
                        ratio(confusion.recall(i)), confusion.support(i));
            }
            out.printf("%nconfusion matrix (rows: true class, columns: predicted class)%n");
            int cw = Math.max(String.valueOf(n).length(), names.stream().mapToInt(String::length).max().orElse(1)) + 1;
            StringBuilder head = new StringBuilder(" ".repeat(w));
            for (String name : names) {
                head.append(String.format("%" + cw + "s", name));
            }
            out.println(head);
            for (int i = 0; i < c; i++) {
                StringBuilder row = new StringBuilder(String.format("%-" + w + "s", names.get(i)));
                for (int j = 0; j < c; j++) {
                    row.append(String.format("%" + cw + "d", confusion.count(i, j)));
                }
                out.println(row);
            }
        }
    }

    /** A fraction to four places, or "-" for none (NaN: nothing to divide by). */
    private static String ratio(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.4f", v);
    }

    /** A regressor's: MSE, RMSE and MAE of each target, and of all together when there are several. */
    private static final class TargetReport implements Report {
        private final double[] se;
        private final double[] ae;
        private final float[] t;
        private long n;

        TargetReport(int k) {
            se = new double[k];
            ae = new double[k];
            t = new float[k];
        }

        @Override
        public void add(float[] y, Dataset data, int[] classes) {
            int k = t.length;
            for (int r = 0; r < data.size(); r++) {
                data.copyTargets(r, t, 0);
                for (int j = 0; j < k; j++) {
                    double d = (double) y[r * k + j] - t[j];
                    se[j] += d * d;
                    ae[j] += Math.abs(d);
                }
            }
            n += data.size();
        }

        @Override
        public void print(PrintWriter out, List<String> names) {
            int k = names.size();
            int w = Math.max(6, names.stream().mapToInt(String::length).max().orElse(6));
            out.printf("%-" + w + "s %12s %12s %12s%n", "target", "MSE", "RMSE", "MAE");
            double seAll = 0;
            double aeAll = 0;
            for (int j = 0; j < k; j++) {
                out.printf("%-" + w + "s %12.6g %12.6g %12.6g%n", names.get(j), se[j] / n, Math.sqrt(se[j] / n), ae[j] / n);
                seAll += se[j];
                aeAll += ae[j];
            }
            if (k > 1) {
                out.printf("%-" + w + "s %12.6g %12.6g %12.6g%n", "all", seAll / (n * k), Math.sqrt(seAll / (n * k)),
                        aeAll / (n * k));
            }
        }
    }
}
