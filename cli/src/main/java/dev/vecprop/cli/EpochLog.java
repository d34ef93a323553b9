package dev.vecprop.cli;

import dev.vecprop.core.EpochReport;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The per-epoch CSV of {@code train --log}: one row as each epoch ends, written through at once, so that a run
 * that is stopped keeps the rows of the epochs it finished. Numbers are Java's shortest form of the double,
 * which reads back to the same value.
 */
final class EpochLog implements Closeable {

    private final BufferedWriter out;
    private final boolean classifier;
    private final boolean hasTest;

    private EpochLog(BufferedWriter out, boolean classifier, boolean hasTest) {
        this.out = out;
        this.classifier = classifier;
        this.hasTest = hasTest;
    }

    /**
     * Opens {@code file}: replaced, with a header, for a new run; for a resumed one the rows are added, and the
     * header written only if the file is new or empty.
     */
    static EpochLog open(Path file, boolean append, boolean classifier, boolean hasTest) throws IOException {
        boolean header = !append || !Files.exists(file) || Files.size(file) == 0;
        BufferedWriter w = append
                ? Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        EpochLog log = new EpochLog(w, classifier, hasTest);
        if (header) {
            String metric = classifier ? "accuracy" : "rmse";
            log.line("epoch,train_loss,train_" + metric + (hasTest ? ",test_loss,test_" + metric : "")
                    + ",samples_per_second,train_seconds,elapsed_seconds");
        }
        return log;
    }

    void row(EpochReport r, double elapsedSeconds) throws IOException {
        StringBuilder sb = new StringBuilder().append(r.epoch())
                .append(',').append(r.train().loss())
                .append(',').append(classifier ? r.train().accuracy() : r.train().rmse());
        if (hasTest) {
            sb.append(',').append(r.test().loss())
                    .append(',').append(classifier ? r.test().accuracy() : r.test().rmse());
        }
        sb.append(',').append(r.samplesPerSecond()).append(',').append(r.seconds()).append(',').append(elapsedSeconds);
        line(sb.toString());
    }

    private void line(String text) throws IOException {
        out.write(text);
        out.write('\n');
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
