package dev.vecprop.core;

import dev.vecprop.core.internal.OneLine;
import dev.vecprop.core.internal.data.BadValues;
import dev.vecprop.core.internal.data.Classes;
import dev.vecprop.core.internal.data.CsvReader;
import dev.vecprop.core.internal.data.DataFiles;
import dev.vecprop.core.internal.data.DataNotes;
import dev.vecprop.core.internal.data.LabelNotes;
import dev.vecprop.core.internal.data.Samples;
import dev.vecprop.core.internal.data.Text;

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
 * <pre>{@code
 * DataFile train = DataFile.readCsv(Path.of("iris.csv"), "species");   // the label column, by name or index
 * DataFile other = DataFile.csv(Path.of("log.csv")).header(true).drop("id", "date").label("kind");
 * DataFile test = DataFile.csv(Path.of("new.csv")).forModel(model);    // a saved model's columns, by name
 * }</pre>
 *
 * <p>CSV: a file, or a stream ({@link #csv(java.io.InputStream, String)}); UTF-8, plain or gzip (told by its
 * first bytes), commas between fields, a field in double quotes as RFC
 * 4180 has it, on one line (a quote not closed on its line is kept as text). Blank lines are skipped. Unless
 * {@link Csv#header(boolean)} says, the first line that is not blank is a header when none of its fields is a
 * number ({@code nan} and {@code inf} count as numbers) and not all of them are empty. Numbers are read as Python
 * and R write them ({@code 1}, {@code -2.5e-3}, {@code 1E6}), each rounded once to the nearest float; {@code
 * NaN}, infinities, numbers beyond a float's range and empty fields are refused (the first three skipped with
 * their rows instead by {@link Csv#skipBad()}, which counts them). IDX: the format of MNIST and
 * Fashion-MNIST ({@code train-images-idx3-ubyte}, plain or gzip), one sample per item, its elements in row-major
 * order; labels in an IDX file of their own. Values are as the file holds them, not scaled ({@link
 * FeatureScaling} does that).
 *
 * <p>A file is refused, whole, at its first problem: an {@link InvalidFileException} names the file, the record
 * where one is at fault (a CSV line, an IDX item, the header) and what is wrong, on one line: a row of another
 * length, a value that is not a number or not finite, bytes that are not UTF-8, damaged gzip data, a truncated
 * IDX file, a column that is not there, two labels that are one number written two ways, a file with no data.
 * Where a refusal advises (a header of numbers, a column of text), it names this class's methods.
 * A file that cannot be opened fails as the JDK reports it ({@link java.nio.file.NoSuchFileException},
 * {@link java.nio.file.AccessDeniedException}), a folder or a pipe as an {@code InvalidFileException} that says
 * so. A {@code null} argument is a {@link NullPointerException}.
 *
 * <p>Class labels are any text ({@code setosa}) or numbers ({@code 7}); the classes are the labels found, sorted
 * (as numbers when they are all numbers, else as text), class i being the i-th of {@link #classNames()}.
 * Data to test a model on is encoded with the training data's classes ({@link #dataset(List, int)}) or the
 * model's ({@link #dataset(Model)}).
 */
public final class DataFile {

    private final Samples samples;
    /** The sorted distinct labels (a model's classes, read for a model), or {@code null} without labels. */
    private final List<String> classNames;
    /** Why the labels cannot be a classifier's classes (one number written two ways), or {@code null}. */
    private final InvalidFileException classesRefused;
    /** The records left out for a value that is not finite ({@link Csv#skipBad()}), and the first's place and why. */
    private final int skipped;
    private final String firstSkipped;
    /** What the data may hold by mistake ({@link DataNotes}), as {@link #warnings()} lists it. */
    private final List<String> warnings;

    private DataFile(Samples samples) {
        this(samples, BadValues.refuse(), null, false, false, false);
    }

    /**
     * {@code modelClasses}: the classes of the model the samples were read for, or {@code null}; {@code
     * labelNamed}: whether the caller named the label column; {@code headerTold}: whether the caller said
     * whether the first line is a header; {@code forModel}: whether the samples were read for a model.
     */
    private DataFile(Samples samples, BadValues bad, List<String> modelClasses, boolean labelNamed,
                     boolean headerTold, boolean forModel) {
        this.samples = samples;
        this.skipped = bad.skipped();
        this.firstSkipped = bad.first();
        List<String> classes = null;
        InvalidFileException refused = null;
        if (samples.hasLabels()) {
            if (modelClasses != null) {
                classes = modelClasses;
            } else {
                try {
                    classes = List.copyOf(Classes.fit(samples, CsvReader.Advice.LIBRARY));
                } catch (InvalidFileException e) {
                    // Refused when the labels are used as classes (dataset()), not when encoded with given ones.
                    classes = List.copyOf(new java.util.TreeSet<>(java.util.Arrays.asList(samples.labels())));
                    refused = e;
                }
            }
        }
        this.classNames = classes;
        this.classesRefused = refused;
        List<String> notes = new java.util.ArrayList<>();
        if (!forModel) {
            notes.addAll(DataNotes.indexColumns(samples, CsvReader.Advice.LIBRARY));
            if (!headerTold) {
                notes.add(DataNotes.numberedHeader(samples, CsvReader.Advice.LIBRARY));
            }
            if (classes != null && refused == null) {
                notes.add(DataNotes.regression(samples, classes, labelNamed, CsvReader.Advice.LIBRARY));
            }
            notes.add(DataNotes.featureNameTooLong(samples, CsvReader.Advice.LIBRARY));
            if (samples.hasLabels()) {
                notes.add(DataNotes.labelNameTooLong(samples, CsvReader.Advice.LIBRARY));
            }
            notes.add(DataNotes.largeTargets(samples, TrainingOptions.defaults().learningRate(),
                    CsvReader.Advice.LIBRARY));
            notes.removeIf(Objects::isNull);
            // One line each, as a refusal is, whatever the file's name or the text quoted holds.
            notes.replaceAll(OneLine::of);
        }
        this.warnings = List.copyOf(notes);
    }

    /**
     * Reads a CSV file of features and a class label in one column, its header told by its first line: {@code
     * csv(file).label(labelColumn)}.
     *
     * @param file        the file
     * @param labelColumn the label's column: its name in the header, or its 0-based index; {@code null} for the
     *                    last column. Every other column is a feature
     * @return the samples, with their labels
     * @throws InvalidFileException naming the file and the record, when the file cannot be read as such: an IDX
     *                              file, a bad row, a label column that is not there (see above)
     * @throws IOException          when the file cannot be read
     */
    public static DataFile readCsv(Path file, String labelColumn) throws IOException {
        return csv(file).label(labelColumn);
    }

    /**
     * A CSV file to read, with choices made before reading: whether its first line is a header, the columns to
     * leave out. Then {@link Csv#label}, {@link Csv#targets}, {@link Csv#features()}, {@link Csv#forModel} or
     * {@link Csv#featuresForModel} reads it.
     *
     * @param file the file
     * @return a reading of it, with the defaults: the header told by the first line, no column left out
     */
    public static Csv csv(Path file) {
        return new Csv(Objects.requireNonNull(file, "file"), null, CsvReader.Header.AUTO, List.of(), false);
    }

    /**
     * CSV data from a stream to read, as {@link #csv(Path)} reads a file: a class-path resource, say.
     *
     * <pre>{@code
     * try (InputStream in = Iris.class.getResourceAsStream("iris.csv")) {
     *     DataFile iris = DataFile.csv(in, "iris.csv").label("species");
     * }
     * }</pre>
     *
     * <p>The first reading method reads the stream to its end, and keeps its bytes for any other reading of this
     * {@code Csv} (or of one made from it by {@link Csv#header}, {@link Csv#drop} or {@link Csv#skipBad}); so the
     * stream must be open until then, and is not closed: its opener closes it. When the stream fails, that
     * reading throws what it threw, and every reading after it an {@link IOException} that says so: the stream
     * is not read again from where it stopped. What the data holds is checked as a file's is, every refusal
     * naming {@code name} where it would name the file.
     *
     * @param in   the data: UTF-8 or gzip, as a file's
     * @param name what the data is called in refusals and in {@link DataFile#source()}: the resource's name,
     *             say; read as a path ({@code Path.of(name)}, which drops a doubled or trailing {@code '/'}), and
     *             refused when it is not one on this system (a {@code ':'} on Windows)
     * @return a reading of it, with the defaults: the header told by the first line, no column left out
     * @throws IllegalArgumentException when {@code name} is empty or not a path on this system
     */
    public static Csv csv(java.io.InputStream in, String name) {
        Objects.requireNonNull(in, "in");
        return new Csv(sourceName(name), new Content(in), CsvReader.Header.AUTO, List.of(), false);
    }

    /** A stream's name as the path its refusals and {@link #source()} give. */
    private static Path sourceName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an empty name: the data's refusals would not say whose they are");
        }
        try {
            return Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("the name '" + Text.quote(name) + "' is not a path on this system: "
                    + e.getReason(), e);
        }
    }

    /**
     * All of {@code in}, refused when more than an array holds; {@code name} names it, {@code instead} says how
     * to read it from a file.
     */
    private static byte[] readAll(java.io.InputStream in, Path name, String instead) throws IOException {
        byte[] read = in.readNBytes(Content.MAX_BYTES);
        if (read.length == Content.MAX_BYTES && in.read() >= 0) {
            throw new InvalidFileException(name, null, "more than " + Content.MAX_BYTES + " bytes, more than a "
                    + "stream's data is read into; save it to a file and read it with " + instead);
        }
        return read;
    }

    /** A stream's data, read once, at the first reading, and kept for the readings after it. */
    private static final class Content {
        /** Beyond this a Java array cannot hold the bytes. */
        private static final int MAX_BYTES = Integer.MAX_VALUE - 8;

        private java.io.InputStream in;
        private byte[] bytes;
        /**
         * Why the first reading failed (an exception of the stream's, or the data too large): the stream is not
         * where it started, so no reading after it reads it.
         */
        private Throwable failed;

        Content(java.io.InputStream in) {
            this.in = in;
        }

        synchronized java.io.InputStream open(Path name) throws IOException {
            if (failed instanceof InvalidFileException e) {
                throw e; // the data's fault, named already
            }
            if (failed != null) {
                throw new IOException(name + ": the stream failed at the first reading (" + failed
                        + "), and is not read again from where it stopped", failed);
            }
            if (bytes == null) {
                try {
                    bytes = readAll(in, name, "DataFile.csv(Path)");
                    in = null;
                } catch (IOException | RuntimeException | Error e) {
                    // Whatever it was (an UncheckedIOException, memory): part of the stream may be gone.
                    failed = e;
                    throw e;
                }
            }
            return new java.io.ByteArrayInputStream(bytes);
        }
    }

    /**
     * How a CSV file is read: {@link DataFile#csv(Path)}, or a stream: {@link DataFile#csv(java.io.InputStream,
     * String)}. Each choice gives a new {@code Csv}; the reading methods read the file each time they are called
     * (a stream's data once, kept for the readings after).
     */
    public static final class Csv {
        private final Path file;
        /** A stream's data, {@code file} naming it; {@code null} for a file. */
        private final Content content;
        private final CsvReader.Header header;
        private final List<String> drop;
        private final boolean skipBad;

        private Csv(Path file, Content content, CsvReader.Header header, List<String> drop, boolean skipBad) {
            this.file = file;
            this.content = content;
            this.header = header;
            this.drop = drop;
            this.skipBad = skipBad;
        }

        /**
         * Says whether the first line that is not blank is a header, instead of telling it by its fields: a
         * header of numbers ({@code 2019,2020,label}) is read as a row unless told.
         *
         * @param present whether the first line is a header
         * @return this reading with that choice
         */
        public Csv header(boolean present) {
            return new Csv(file, content, present ? CsvReader.Header.YES : CsvReader.Header.NO, drop, skipBad);
        }

        /**
         * Leaves columns out: neither features nor labels nor targets (an ID, a date). For training data; data
         * read for a model leaves out by itself the columns that are not the model's.
         *
         * @param columns names in the header or 0-based indices
         * @return this reading with those columns left out, with any named before
         */
        public Csv drop(String... columns) {
            List<String> all = new java.util.ArrayList<>(drop);
            for (String c : columns) {
                all.add(Objects.requireNonNull(c, "column"));
            }
            return new Csv(file, content, header, List.copyOf(all), skipBad);
        }

        /**
         * Leaves out each row that holds a value that is not finite ({@code NaN}, an infinity, a number beyond a
         * float's range), instead of refusing the file at the first: {@link DataFile#skipped()} counts them.
         * Any other problem (a value that is not a number, a ragged row) still refuses the file.
         *
         * @return this reading, skipping such rows
         */
        public Csv skipBad() {
            return new Csv(file, content, header, drop, true);
        }

        /**
         * Reads features and a class label in one column.
         *
         * @param column the label's column: its name in the header, or its 0-based index; {@code null} for the
         *               last column not left out. Every other column is a feature
         * @return the samples, with their labels
         * @throws InvalidFileException as {@link DataFile#readCsv(Path, String)} does
         * @throws IOException          when the file cannot be read
         */
        public DataFile label(String column) throws IOException {
            BadValues bad = bad();
            return new DataFile(read(new CsvReader.LabelColumn(column), bad), bad, null, column != null, told(),
                    false);
        }

        /**
         * Reads features and regression targets.
         *
         * @param columns the targets' columns, in the order of the network's outputs: names in the header or
         *                0-based indices; every other column is a feature
         * @return the samples, with their targets
         * @throws InvalidFileException     as {@link DataFile#readCsv(Path, String)} does, and for a target name
         *                                  longer than a model file holds
         * @throws IOException              when the file cannot be read
         * @throws IllegalArgumentException when {@code columns} is empty
         */
        public DataFile targets(List<String> columns) throws IOException {
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("no target columns");
            }
            BadValues bad = bad();
            Samples s = read(new CsvReader.TargetColumns(List.copyOf(columns)), bad);
            s.checkTargetNamesForModel();
            return new DataFile(s, bad, null, false, told(), false);
        }

        /**
         * Reads features alone: every column not left out is a feature. Data to predict on.
         *
         * @return the samples, without labels or targets
         * @throws InvalidFileException as {@link DataFile#readCsv(Path, String)} does
         * @throws IOException          when the file cannot be read
         */
        public DataFile features() throws IOException {
            BadValues bad = bad();
            return new DataFile(read(new CsvReader.FeaturesOnly(null), bad), bad, null, false, told(), false);
        }

        /**
         * Reads the file for a saved model, to evaluate it, as {@code vecprop eval} reads it:
         * {@code forModel(model, null)}.
         *
         * @param model the model
         * @return the samples, with their labels or targets
         * @throws InvalidFileException  as {@link #forModel(Model, String)} does
         * @throws IOException           when the file cannot be read
         * @throws IllegalStateException as {@link #forModel(Model, String)} does
         */
        public DataFile forModel(Model model) throws IOException {
            return forModel(model, null);
        }

        /**
         * Reads the file for a saved model, to evaluate it, as {@code vecprop eval} reads it. When the model and
         * the file both name the features, the header must name each of the model's features, in the model's
         * order; other columns among them are left out ({@link DataFile#unusedColumns()}). Otherwise the
         * features are taken by place. A classifier's label comes from {@code labelColumn}, or, when that is
         * {@code null}, from the column it was trained with (by the header's name for it, else by its place,
         * else the last column); a regressor's targets by their names.
         *
         * @param model       the model
         * @param labelColumn a classifier's label column, by name or 0-based index; {@code null} for the model's
         * @return the samples, with their labels or targets
         * @throws InvalidFileException     as {@link DataFile#readCsv(Path, String)} does, and when the file lacks
         *                                  one of the model's features, has another number of them, or is the
         *                                  model's features alone
         * @throws IOException              when the file cannot be read
         * @throws IllegalStateException    when columns were left out with {@link #drop}: the model's columns are
         *                                  found by name
         * @throws IllegalArgumentException when a label column is given for a regressor, whose targets are found
         *                                  by name
         */
        public DataFile forModel(Model model, String labelColumn) throws IOException {
            if (labelColumn != null && !model.isClassifier()) {
                throw new IllegalArgumentException("a label column for a regressor, whose targets ("
                        + String.join(", ", model.outputNames()) + ") are found by name");
            }
            BadValues bad = bad();
            Samples s = ofModel(model, model.isClassifier() ? new CsvReader.LabelColumn(labelColumn,
                    model.labelColumn().orElse(-1), model.labelName().orElse(null))
                    : new CsvReader.TargetColumns(model.outputNames(), true), bad);
            s.checkHasLabelsFor(model, "forModel reads labelled data: add the label column, or read it with "
                    + "featuresForModel(model)");
            s.checkFeatures(model, "");
            return new DataFile(s, bad, model.isClassifier() ? model.outputNames() : null, false, told(), true);
        }

        /**
         * Reads the file for a saved model, to predict on, as {@code vecprop predict} reads it:
         * {@code featuresForModel(model, null)}.
         *
         * @param model the model
         * @return the samples, without labels or targets
         * @throws InvalidFileException  as {@link #featuresForModel(Model, String)} does
         * @throws IOException           when the file cannot be read
         * @throws IllegalStateException as {@link #forModel(Model, String)} does
         */
        public DataFile featuresForModel(Model model) throws IOException {
            return featuresForModel(model, null);
        }

        /**
         * Reads the file for a saved model, to predict on, as {@code vecprop predict} reads it: the model's
         * features as {@link #forModel(Model, String)} finds them, a column that is not one of them left out
         * when the header names the model's features, else {@code leaveOut}. A refusal that the model's label
         * column left in the data may explain (text where a feature's number should be) says which column held
         * it.
         *
         * @param model    the model
         * @param leaveOut a column to leave out (its labels, say), by name or 0-based index; or {@code null}
         * @return the samples, without labels or targets
         * @throws InvalidFileException  as {@link #forModel(Model, String)} does
         * @throws IOException           when the file cannot be read
         * @throws IllegalStateException as {@link #forModel(Model, String)} does
         */
        public DataFile featuresForModel(Model model, String leaveOut) throws IOException {
            try {
                BadValues bad = bad();
                Samples s = ofModel(model, new CsvReader.FeaturesOnly(leaveOut), bad);
                s.checkFeatures(model, LabelNotes.oneColumnTooMany(s, model, leaveOut != null, CsvReader.Advice.LIBRARY));
                return new DataFile(s, bad, null, false, told(), true);
            } catch (InvalidFileException e) {
                throw LabelNotes.toPredict(e, model, leaveOut != null, CsvReader.Advice.LIBRARY);
            }
        }

        private Samples ofModel(Model model, CsvReader.Columns columns, BadValues bad) throws IOException {
            if (!drop.isEmpty()) {
                throw new IllegalStateException("columns left out with drop(...) in data read for a model, whose "
                        + "columns are found by the names of its features");
            }
            return read(new CsvReader.ForModel(columns, model.featureNames(), model.inputSize(),
                    model.labelName().orElse(null)), bad);
        }

        /** Whether the caller said whether the first line is a header. */
        private boolean told() {
            return header != CsvReader.Header.AUTO;
        }

        private BadValues bad() {
            return skipBad ? BadValues.skip() : BadValues.refuse();
        }

        private Samples read(CsvReader.Columns columns, BadValues bad) throws IOException {
            // By its content alone: the caller says it is CSV, whatever its name.
            if ((content == null ? DataFiles.byContent(file) : DataFiles.byContent(content.open(file), file))
                    == DataFiles.Format.IDX) {
                throw new InvalidFileException(file, null, content == null
                        ? "an IDX file, not CSV; read it with DataFile.readIdx" : "IDX data, not CSV; read it with "
                        + "DataFile.readIdx(images, name, labels, labelsName)");
            }
            CsvReader.Columns chosen = drop.isEmpty() ? columns : new CsvReader.Dropping(columns, drop);
            return content == null ? DataFiles.readCsv(file, header, chosen, bad, CsvReader.Advice.LIBRARY)
                    : DataFiles.readCsv(content.open(file), file, header, chosen, bad, CsvReader.Advice.LIBRARY);
        }
    }

    /**
     * Reads IDX images and, unless {@code labels} is {@code null}, their labels: one integer per image.
     *
     * @param images the images (an IDX file of two dimensions or more, items first: each item one sample)
     * @param labels the labels, or {@code null} for data to predict on
     * @return the samples; their feature names are none (an IDX file names none)
     * @throws InvalidFileException naming the file and the item or the header, when either is not such a file
     *                              (images of one dimension are a labels file's shape), or they hold different
     *                              numbers of items
     * @throws IOException          when a file cannot be read
     */
    public static DataFile readIdx(Path images, Path labels) throws IOException {
        Objects.requireNonNull(images, "images");
        return new DataFile(DataFiles.readIdx(images, labels));
    }

    /**
     * Reads IDX images and, unless {@code labels} is {@code null}, their labels from streams, as
     * {@link #readIdx(Path, Path)} reads files: class-path resources, say. Each stream is read to its end, not
     * closed (its opener closes it); what it holds is checked as a file's is, every refusal naming it by its
     * name.
     *
     * @param images     the images, plain or gzip
     * @param imagesName what the images are called in refusals and in {@link #source()}, read as a path
     * @param labels     the labels, or {@code null} for data to predict on
     * @param labelsName what the labels are called in refusals; {@code null} when {@code labels} is
     * @return the samples; their feature names are none
     * @throws InvalidFileException     as {@link #readIdx(Path, Path)} does, and for a stream of more than 2 GiB
     * @throws IOException              when a stream fails
     * @throws IllegalArgumentException when a name is empty or not a path on this system, or {@code labels} and
     *                                  {@code labelsName} are not both given or both {@code null}
     */
    public static DataFile readIdx(java.io.InputStream images, String imagesName, java.io.InputStream labels,
                                   String labelsName) throws IOException {
        Objects.requireNonNull(images, "images");
        Path imagesPath = sourceName(imagesName);
        if ((labels == null) != (labelsName == null)) {
            throw new IllegalArgumentException(labels == null ? "a name for labels not given" : "labels without a name");
        }
        Path labelsPath = labels == null ? null : sourceName(labelsName);
        byte[] x = readAll(images, imagesPath, "DataFile.readIdx(Path, Path)");
        byte[] l = labels == null ? null : readAll(labels, labelsPath, "DataFile.readIdx(Path, Path)");
        return new DataFile(DataFiles.readIdx(x, imagesPath, l, labelsPath));
    }

    /**
     * The rows left out for a value that is not finite, when read with {@link Csv#skipBad()}.
     *
     * @return how many; 0 without {@code skipBad()}, where such a row refuses the file
     */
    public int skipped() {
        return skipped;
    }

    /**
     * The first row left out ({@link #skipped()}) and why, as a refusal would say it.
     *
     * @return "line 17: column 'a': 'NaN' is not a finite number", or empty when none was
     */
    public java.util.Optional<String> firstSkipped() {
        return java.util.Optional.ofNullable(firstSkipped);
    }

    /**
     * The file the samples were read from.
     *
     * @return the file (for IDX, the images; for a stream, the name {@link #csv(java.io.InputStream, String)}
     *         was given, as a path)
     */
    public Path source() {
        return samples.source();
    }

    /**
     * The number of samples, as {@link Dataset#size()} counts them.
     *
     * @return the samples read
     */
    public int size() {
        return samples.rows();
    }

    /**
     * The number of features of each sample, as {@link Dataset#featureCount()} counts them.
     *
     * @return the features per sample
     */
    public int featureCount() {
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
     * @param row 0 to {@link #size()} - 1
     * @return a copy of its features, as the file holds them
     * @throws IndexOutOfBoundsException when {@code row} is out of range
     */
    public float[] features(int row) {
        Objects.checkIndex(row, size());
        int n = featureCount();
        return java.util.Arrays.copyOfRange(samples.x(), row * n, row * n + n);
    }

    /**
     * Whether the samples have class labels: read with {@link #readCsv}, {@link Csv#label}, a classifier's
     * {@link Csv#forModel}, or {@link #readIdx} with labels.
     *
     * @return whether they have labels
     */
    public boolean hasLabels() {
        return samples.hasLabels();
    }

    /**
     * A sample's label, as the file writes it.
     *
     * @param row 0 to {@link #size()} - 1
     * @return its label
     * @throws IllegalStateException     when the samples have no labels
     * @throws IndexOutOfBoundsException when {@code row} is out of range
     */
    public String label(int row) {
        requireLabels();
        return samples.labels()[Objects.checkIndex(row, size())];
    }

    /**
     * The classes: the distinct labels, sorted as numbers when they are all numbers, else as text; read for a
     * model ({@link Csv#forModel}), the model's classes. Labels that are one number written two ways ({@code 1}
     * and {@code 1.0}) are listed as text here, and {@link #dataset()} refuses them as a classifier's classes.
     *
     * @return the class names, class i being the i-th; empty without labels
     */
    public List<String> classNames() {
        return classNames == null ? List.of() : classNames;
    }

    /**
     * What {@code vecprop train} warns of in this data before it trains on it, which may be there by mistake: a
     * feature that holds the row numbers (the index column of pandas' {@code to_csv()}); a first line read as a
     * sample that looks like a header of column numbers (unless {@link Csv#header(boolean)} said); labels that
     * look like values to predict by regression (numbers, some not whole, as {@code 0.1} and {@code 2.5}) or like
     * another column than the label (so many classes that there are fewer than three samples a class, at least
     * 20 classes); regression targets beyond 10 in magnitude, too large for the default learning rate of
     * {@link TrainingOptions#defaults()}; a feature's or the label column's name longer than a model file holds,
     * which {@link #name(Model)} leaves out. The data may be right as it is: {@link #dataset()} takes it so.
     *
     * @return one line for each, with the file and what to do: "iris.csv: the 22 classes of column
     *         'petal_width' are numbers, and some not whole ('0.1'); if they are values to predict, not classes,
     *         read it with targets(List.of("petal_width")) for regression"; empty when there is nothing to warn
     *         of, and for samples read for a model (whose columns and classes they are)
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The regression targets' column names.
     *
     * @return the names, in order (without a header, each one's place among the columns not left out);
     *         empty without targets
     */
    public List<String> targetNames() {
        return samples.hasTargets() ? List.copyOf(samples.targetNames()) : List.of();
    }

    /**
     * The samples as a data set, sharing their features (which {@link Dataset} does not change): with labels,
     * one-hot targets over {@link #classNames()}; with regression targets, those.
     *
     * @return the data set
     * @throws InvalidFileException  naming the record, when two labels are one number written two ways (two
     *                               classes that would be one) or a class's name is longer than a model file
     *                               holds
     * @throws IllegalStateException when the samples have neither labels nor targets, or their labels are all
     *                               one class (a classifier needs two at least)
     */
    public Dataset dataset() throws InvalidFileException {
        if (samples.hasTargets()) {
            return Dataset.wrap(featureCount(), samples.targetNames().size(), samples.x(), samples.targets());
        }
        requireLabels();
        if (classesRefused != null) {
            throw classesRefused;
        }
        if (classNames.size() < 2) {
            throw new IllegalStateException(source() + ": every sample has class '" + Text.quote(classNames.getFirst())
                    + "'; a classifier needs at least two classes");
        }
        return dataset(classNames, classNames.size());
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
     * @throws IllegalArgumentException when {@code classes} has fewer than two, or one twice, or when
     *                                  {@code outputs} is neither
     */
    public Dataset dataset(List<String> classes, int outputs) throws InvalidFileException {
        requireLabels();
        if (classes.size() < 2 || new java.util.HashSet<>(classes).size() < classes.size()) {
            throw new IllegalArgumentException(classes.size() < 2 ? classes.size() + " classes: a classifier needs "
                    + "at least two" : "a class given twice: " + classes);
        }
        for (String c : classes) {
            Objects.requireNonNull(c, "class");
        }
        if (outputs != classes.size() && !(outputs == 1 && classes.size() == 2)) {
            throw new IllegalArgumentException(outputs + " outputs for " + classes.size() + " classes: give "
                    + classes.size() + (classes.size() == 2 ? ", or 1 (one sigmoid output)" : ""));
        }
        return encode(classes, outputs, "given");
    }

    /** The labels as targets over {@code classes}, a refusal of a label not among them saying whose they are. */
    private Dataset encode(List<String> classes, int outputs, String known) throws InvalidFileException {
        float[] t = Classes.targets(Classes.encode(samples, classes, known, ""), outputs);
        return Dataset.wrap(featureCount(), outputs, samples.x(), t);
    }

    /**
     * The samples as {@code model}'s data set, to evaluate it: a classifier's labels encoded with its classes
     * ({@link Model#outputNames()}) on its outputs, a regressor's targets.
     *
     * @param model the model
     * @return the data set, sharing the features; not scaled (the model's {@link Model#scaling()} does that)
     * @throws InvalidFileException     naming the file and record of the first label that is not one of the
     *                                  model's classes, or the file when it has another number of features than
     *                                  the model takes, or its header names them otherwise than the model
     * @throws IllegalStateException    when the samples lack what the model needs: labels for a classifier,
     *                                  targets for a regressor
     * @throws IllegalArgumentException when the targets' names (from a header) are not the model's outputs', in
     *                                  its order
     */
    public Dataset dataset(Model model) throws InvalidFileException {
        // Features by count, and by name where both name them: a file read otherwise than forModel may differ.
        samples.checkFeatures(model, "");
        if (model.isClassifier()) {
            requireLabels();
            return encode(model.outputNames(), model.network().outputSize(), "the model knows");
        }
        if (!samples.hasTargets() || samples.targetNames().size() != model.outputNames().size()) {
            throw new IllegalStateException(source() + " was read without the model's " + model.outputNames().size()
                    + " targets");
        }
        if (samples.headerLine() != 0 && !samples.targetNames().equals(model.outputNames())) {
            throw new IllegalArgumentException(source() + ": the targets read are " + samples.targetNames()
                    + ", the model's outputs " + model.outputNames() + ": paired by place, they would differ");
        }
        return dataset();
    }

    /**
     * The columns read as none of the features, labels or targets: those left out ({@link Csv#drop}), or beside
     * a model's features ({@link Csv#forModel}).
     *
     * @return their header names (their indices without a header): those left out in the order
     *         {@code drop} named them, then those beside a model's features in the file's order; empty when
     *         every column was used
     */
    public List<String> unusedColumns() {
        return List.copyOf(samples.unusedColumns());
    }

    /**
     * {@code model} with the names this file gives its columns, as {@code vecprop train} saves them, so that
     * {@code vecprop eval} and {@code predict} check a file's columns against them: the header's feature names
     * (none when a name is longer than a model file holds), and for a classifier the label column's place among
     * the columns kept when it is not the last, and its header name unless it is empty, another column has it,
     * or it is longer than a model file holds.
     *
     * @param model a model trained on these samples
     * @return the model with those names
     * @throws IllegalArgumentException when the model takes another number of features
     */
    public Model name(Model model) {
        if (model.inputSize() != featureCount()) {
            throw new IllegalArgumentException("the model takes " + model.inputSize() + " features; " + source()
                    + " has " + featureCount());
        }
        return samples.named(model, samples.featureNamesForModel());
    }

    private void requireLabels() {
        if (!samples.hasLabels()) {
            throw new IllegalStateException(source() + " was read without labels");
        }
    }

    @Override
    public String toString() {
        return source() + ": " + size() + " samples of " + featureCount() + " features"
                + (hasLabels() ? ", " + classNames.size() + " classes" : samples.hasTargets()
                ? ", " + samples.targetNames().size() + " targets" : "");
    }
}
