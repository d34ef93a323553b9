package dev.vecprop.cli;

import dev.vecprop.core.EpochReport;
import dev.vecprop.core.Evaluation;

import java.io.PrintWriter;

/**
 * The per-epoch table of {@code train}: loss, training and test accuracy (or RMSE for regression), samples per
 * second and elapsed time, one row as each epoch ends. On a terminal a progress bar shows the epoch under way
 * and is overwritten by its row.
 */
final class EpochTable {

    private static final int BAR = 30;

    private final PrintWriter out;
    private final boolean classifier;
    private final boolean hasTest;
    private final boolean bar;
    private final long start = System.nanoTime();
    private int lastPercent = -1;

    EpochTable(PrintWriter out, boolean classifier, boolean hasTest, boolean bar) {
        this.out = out;
        this.classifier = classifier;
        this.hasTest = hasTest;
        this.bar = bar;
    }

    void header() {
        String metric = classifier ? "acc" : "rmse";
        // Without test data, no test column.
        out.printf("%5s %10s %10s%s %12s %9s%n", "epoch", "loss", "train " + metric,
                hasTest ? String.format(" %10s", "test " + metric) : "", "samples/s", "elapsed");
        out.flush();
    }

    /** From the trainer, within an epoch. */
    void progress(int epoch, int done, int total) {
        if (!bar) {
            return;
        }
        int percent = (int) (100L * done / total);
        if (percent == lastPercent) {
            return;
        }
        lastPercent = percent;
        int filled = (int) ((long) BAR * done / total);
        out.print("\r" + String.format("%5d [%s%s] %3d%%", epoch, "#".repeat(filled), ".".repeat(BAR - filled), percent));
        out.flush();
    }

    /**
     * From the trainer, after each epoch.
     *
     * @return the seconds since the table was made, as the row shows them
     */
    double row(EpochReport r) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        String line = String.format("%5d %10s %10s%s %12.0f %8.1fs", r.epoch(), figure(r.train().loss()),
                figure(headline(r.train())), hasTest ? String.format(" %10s", r.test() == null ? ""
                        : figure(headline(r.test()))) : "", r.samplesPerSecond(), elapsed);
        if (bar) {
            // Overwrite the bar, whatever its length.
            out.print("\r" + line + " ".repeat(Math.max(0, 48 - line.length())) + "\n");
            lastPercent = -1;
        } else {
            out.println(line);
        }
        out.flush();
        return elapsed;
    }

    /**
     * A figure in its column's ten characters: four decimals below 10,000 in magnitude (0.8700, 123.4567), else
     * four significant digits with an exponent (1.237e+06), as the loss and RMSE of targets in the hundreds of
     * thousands are.
     */
    static String figure(double v) {
        return Math.abs(v) < 1e4 || !Double.isFinite(v) ? String.format("%.4f", v) : String.format("%.3e", v);
    }

    private double headline(Evaluation e) {
        return classifier ? e.accuracy() : e.rmse();
    }
}
