package dev.vecprop.cli;

import dev.vecprop.core.EpochReport;
import dev.vecprop.core.InvalidFileException;
import dev.vecprop.core.internal.AtomicFiles;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-epoch CSV of {@code train --log}: one row as each epoch ends, written through at once, so that a run
 * that is stopped keeps the rows of the epochs it finished. Numbers are Java's shortest form of the double,
 * which reads back to the same value.
 *
 * <p>The file is opened when the first epoch ends, so that a run that fails before that leaves an existing
 * file as it was. A new run replaces it; a resumed run adds its rows, after dropping any row of an epoch the
 * checkpoint does not have (written by a run stopped between its row and its checkpoint, and trained again now).
 */
final class EpochLog implements Closeable {

    private final Path file;
    private final boolean resume;
    private final int epochsBefore;
    private final boolean classifier;
    private final boolean hasTest;
    private BufferedWriter out;

    /**
     * @param resume       whether rows are added to an existing file
     * @param epochsBefore the epochs the resumed checkpoint has done (0 for a new run)
     */
    EpochLog(Path file, boolean resume, int epochsBefore, boolean classifier, boolean hasTest) throws IOException {
        this.file = file;
        this.resume = resume;
        this.epochsBefore = epochsBefore;
        this.classifier = classifier;
        this.hasTest = hasTest;
        if (resume && Files.isRegularFile(file) && Files.size(file) > 0) {
            String first = existingLines().getFirst();
            if (!first.equals(header())) {
                throw new InvalidFileException(file, "line 1", "not the --log of this training: the header is not "
                        + header());
            }
        }
    }

    /** The lines of the existing file, which must be UTF-8 text. */
    private List<String> existingLines() throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new InvalidFileException(file, null, "not the --log of a training: not UTF-8 text");
        }
    }

    private String header() {
        String metric = classifier ? "accuracy" : "rmse";
        return "epoch,train_loss,train_" + metric + (hasTest ? ",test_loss,test_" + metric : "")
                + ",samples_per_second,train_seconds,elapsed_seconds";
    }

    /** Adds the row of an epoch; {@code elapsedSeconds} counts from the start of this run's training. */
    void row(EpochReport r, double elapsedSeconds) throws IOException {
        StringBuilder sb = new StringBuilder().append(r.epoch())
                .append(',').append(r.train().loss())
                .append(',').append(classifier ? r.train().accuracy() : r.train().rmse());
        if (hasTest) {
            sb.append(',').append(r.test().loss())
                    .append(',').append(classifier ? r.test().accuracy() : r.test().rmse());
        }
        sb.append(',').append(r.samplesPerSecond()).append(',').append(r.seconds()).append(',').append(elapsedSeconds);
        if (out == null) {
            out = open();
        }
        out.write(sb.toString());
        out.write('\n');
        out.flush();
    }

    private BufferedWriter open() throws IOException {
        if (resume && Files.isRegularFile(file) && Files.size(file) > 0) {
            List<String> lines = existingLines();
            List<String> kept = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                if (i == 0 || epochOf(lines.get(i)) <= epochsBefore) {
                    kept.add(lines.get(i));
                }
            }
            if (kept.size() < lines.size()) {
                AtomicFiles.write(file, o -> o.write((String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        w.write(header() + "\n");
        return w;
    }

    /** The epoch a row names in its first field; a line that names none is kept (returns 0). */
    private static int epochOf(String line) {
        int comma = line.indexOf(',');
        try {
            return Integer.parseInt(comma < 0 ? line : line.substring(0, comma));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
