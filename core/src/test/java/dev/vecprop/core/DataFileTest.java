package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import dev.vecprop.testfiles.IdxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library's reading of data files: what the file names, how labels become targets, what is refused. */
class DataFileTest {

    @TempDir
    Path dir;

    @Test
    void aCsvWithAHeaderGivesItsNamesAndItsClassesSorted() throws IOException {
        Path f = Files.writeString(dir.resolve("pets.csv"), "weight,kind,height\n4.5,dog,30\n3,cat,25\n5,dog,40\n"
                + "0.5,ant,0.25\n");
        DataFile d = DataFile.readCsv(f, "kind");
        assertEquals(f, d.source());
        assertEquals(4, d.size());
        assertEquals(2, d.featureCount());
        assertEquals(List.of("weight", "height"), d.featureNames());
        assertEquals(List.of("ant", "cat", "dog"), d.classNames());
        assertEquals("cat", d.label(1));
        assertArrayEquals(new float[]{0.5f, 0.25f}, d.features(3));
        Dataset data = d.dataset();
        assertEquals(3, data.targetCount());
        assertArrayEquals(new float[]{0, 0, 1}, data.targets(0));
        assertArrayEquals(new float[]{0, 1, 0}, data.targets(1));
        assertArrayEquals(new float[]{1, 0, 0}, data.targets(3));
        assertArrayEquals(new float[]{4.5f, 30}, data.features(0));
        assertEquals(d.dataset().fingerprint(), DataFile.readCsv(f, "1").dataset().fingerprint(), "by index too");
        assertThrows(IndexOutOfBoundsException.class, () -> d.features(4));
        assertThrows(IndexOutOfBoundsException.class, () -> d.label(-1));
    }

    @Test
    void numberLabelsSortAsNumbersAndTheLastColumnIsTheLabelByDefault() throws IOException {
        Path f = Files.writeString(dir.resolve("n.csv"), "1,2,10\n3,4,2\n5,6,-1\n7,8,2\n");
        DataFile d = DataFile.readCsv(f, null);
        assertEquals(List.of(), d.featureNames(), "no header: no names");
        assertEquals(List.of("-1", "2", "10"), d.classNames());
        assertEquals(2, d.dataset().label(0));
        // One number written two ways would be two classes: refused at the second way's line, as the data's own
        // classes; encoded with given classes (the training data's, where '1' and '1.0' were text) it is not.
        Path twice = Files.writeString(dir.resolve("twice.csv"), "1,1\n2,1.0\n");
        DataFile t = DataFile.readCsv(twice, null);
        assertEquals(List.of("1", "1.0"), t.classNames());
        InvalidFileException e = assertThrows(InvalidFileException.class, t::dataset);
        assertEquals(twice + ": line 2: class '1.0' is class '1' written another way; they would be two classes "
                + "(write each class one way)", e.getMessage());
        Dataset given = t.dataset(List.of("1", "1.0", "a"), 3);
        assertEquals(1, given.label(1));
    }

    /** Test data is encoded with the training data's classes, a label it lacks refused where it is. */
    @Test
    void otherDataIsEncodedWithGivenClasses() throws IOException {
        Path train = Files.writeString(dir.resolve("train.csv"), "a,b,y\n1,2,no\n3,4,yes\n");
        Path test = Files.writeString(dir.resolve("test.csv"), "a,b,y\n1,2,yes\n3,4,yes\n5,6,maybe\n");
        List<String> classes = DataFile.readCsv(train, "y").classNames();
        DataFile t = DataFile.readCsv(test, "y");
        assertEquals(List.of("maybe", "yes"), t.classNames(), "its own classes are its own labels");
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> t.dataset(classes, 2));
        assertEquals(test + ": line 4: class 'maybe' is not one of the 2 classes given (no, yes)", e.getMessage());
        DataFile ok = DataFile.readCsv(Files.writeString(dir.resolve("ok.csv"), "a,b,y\n1,2,yes\n3,4,no\n"), "y");
        Dataset one = ok.dataset(classes, 1);
        assertEquals(1, one.targetCount());
        assertArrayEquals(new float[]{1}, one.targets(0));
        assertArrayEquals(new float[]{0}, one.targets(1));
        assertArrayEquals(new float[]{0, 1}, ok.dataset(classes, 2).targets(0));
        assertEquals("1 outputs for 3 classes: give 3", assertThrows(IllegalArgumentException.class,
                () -> ok.dataset(List.of("no", "yes", "maybe"), 1)).getMessage());
        // Classes that cannot be a classifier's: a class twice would be encoded at its second place.
        assertEquals("a class given twice: [no, yes, no]", assertThrows(IllegalArgumentException.class,
                () -> ok.dataset(List.of("no", "yes", "no"), 3)).getMessage());
        assertEquals("0 classes: a classifier needs at least two", assertThrows(IllegalArgumentException.class,
                () -> ok.dataset(List.of(), 0)).getMessage());
        assertThrows(NullPointerException.class, () -> ok.dataset(java.util.Arrays.asList("no", null), 2));
        Path single = Files.writeString(dir.resolve("one.csv"), "a,b,y\n1,2,p\n3,4,p\n");
        assertEquals(single + ": every sample has class 'p'; a classifier needs at least two classes",
                assertThrows(IllegalStateException.class, () -> DataFile.readCsv(single, "y").dataset()).getMessage());
    }

    @Test
    void targetsAndFeaturesAlone() throws IOException {
        Path f = Files.writeString(dir.resolve("r.csv"), "x,y,z\n1,2,3\n4,5,6\n");
        DataFile r = DataFile.csv(f).targets(List.of("z", "x"));
        assertEquals(List.of("y"), r.featureNames());
        assertEquals(List.of("z", "x"), r.targetNames());
        assertArrayEquals(new float[]{6, 4}, r.dataset().targets(1));
        assertFalse(r.hasLabels());
        assertEquals(List.of(), r.classNames());

        DataFile p = DataFile.csv(f).features();
        assertEquals(3, p.featureCount());
        assertEquals(List.of(), p.targetNames());
        assertEquals(f + " was read without labels", assertThrows(IllegalStateException.class, p::dataset).getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataFile.csv(f).targets(List.of()));
        Path bare = Files.writeString(dir.resolve("bare.csv"), "1,2,3\n4,5,6\n");
        assertEquals(List.of("2"), DataFile.csv(bare).targets(List.of("2")).targetNames(), "indices without a header");
    }

    /** A header that holds numbers is a row unless told; columns left out are neither features nor labels. */
    @Test
    void theHeaderAndTheColumnsLeftOutAreTheCallersChoice() throws IOException {
        Path f = Files.writeString(dir.resolve("years.csv"), "id,2019,2020,label\n1,2,3,x\n2,4,5,y\n");
        assertEquals(List.of("label", "x", "y"), DataFile.csv(f).drop("0").label("3").classNames(),
                "the first line read as a row: its label a class");
        DataFile d = DataFile.csv(f).header(true).drop("id").label("label");
        assertEquals(List.of("2019", "2020"), d.featureNames());
        assertEquals(List.of("x", "y"), d.classNames());
        assertEquals(List.of("id"), d.unusedColumns());
        assertArrayEquals(new float[]{4, 5}, d.features(1));
        Path numbers = Files.writeString(dir.resolve("numbers.csv"), "1,2,3\n4,5,6\n");
        assertEquals(2, DataFile.csv(numbers).header(false).label(null).size(), "the first line a row");
        DataFile headed = DataFile.csv(numbers).header(true).label(null);
        assertEquals(1, headed.size(), "the first line a header");
        assertEquals(List.of("1", "2"), headed.featureNames());
        Path text = Files.writeString(dir.resolve("text.csv"), "a,b,c\n1,2,3\n");
        assertEquals(List.of("a", "b"), DataFile.readCsv(text, null).featureNames(), "told by its first line");
        Network net = FeedForwardNetwork.builder(2).layer(2, Activation.SOFTMAX).seed(1).build();
        Model model = d.name(Model.classifier(net, "softmax-cross-entropy", FeatureScaling.none(2), d.classNames()));
        assertEquals("columns left out with drop(...) in data read for a model, whose columns are found by the names "
                + "of its features", assertThrows(IllegalStateException.class,
                () -> DataFile.csv(f).drop("id").forModel(model)).getMessage());
        // A file's content says CSV, whatever its name says.
        Path named = Files.writeString(dir.resolve("train-images-idx3-ubyte.csv"), "a,b,y\n1,2,x\n");
        assertEquals(1, DataFile.readCsv(named, "y").size());
    }

    /** Rows with values that are not finite refuse the file, or are left out and counted when asked. */
    @Test
    void skipBadLeavesOutRowsThatAreNotFiniteAndCountsThem() throws IOException {
        Path f = Files.writeString(dir.resolve("bad.csv"), "a,b,y\n1,2,x\n3,NaN,y\n4,1e39,y\n5,6,y\n");
        assertEquals(f + ": line 3: column 'b': 'NaN' is not a finite number",
                assertThrows(InvalidFileException.class, () -> DataFile.readCsv(f, "y")).getMessage());
        DataFile d = DataFile.csv(f).skipBad().label("y");
        assertEquals(2, d.size());
        assertEquals(2, d.skipped());
        assertEquals("line 3: column 'b': 'NaN' is not a finite number", d.firstSkipped().orElseThrow());
        assertArrayEquals(new float[]{5, 6}, d.features(1));
        assertEquals(0, DataFile.readCsv(Files.writeString(dir.resolve("good.csv"), "a,y\n1,x\n"), "y").skipped());
        Path text = Files.writeString(dir.resolve("text.csv"), "a,b,y\n1,2,x\n3,oops,y\n");
        assertThrows(InvalidFileException.class, () -> DataFile.csv(text).skipBad().label("y"), "text still refused");
    }

    /** A refusal's advice names the library's methods, not the command line's options. */
    @Test
    void refusalsAdviseInTheLibrarysWords() throws IOException {
        Path years = Files.writeString(dir.resolve("years.csv"), "2019,2020,label\n1,2,x\n");
        assertEquals(years + ": line 1: the file has no header, so column 'label' must be an index from 0 to 2 (if "
                + "line 1 is a header, read it with header(true))", assertThrows(InvalidFileException.class,
                () -> DataFile.readCsv(years, "label")).getMessage());
        Path text = Files.writeString(dir.resolve("text.csv"), "kind,b,y\ncat,2,3\n");
        assertEquals(text + ": line 2: column 'kind': 'cat' is not a number (if column 'kind' holds text, not numbers, "
                + "note that every column but the label is a feature, and the label was taken to be column 'y': give "
                + "label(\"kind\") if this one holds the classes, else leave it out with drop(\"kind\"))",
                assertThrows(InvalidFileException.class, () -> DataFile.readCsv(text, null)).getMessage());
        assertEquals(text + ": line 2: column 'kind': 'cat' is not a number (column 'kind' is a target, and targets "
                + "are numbers: if it holds classes, give label(\"kind\") instead of targets(...))",
                assertThrows(InvalidFileException.class, () -> DataFile.csv(text).targets(List.of("kind")))
                        .getMessage());
        Path missing = Files.writeString(dir.resolve("missing.csv"), "a,b,y\n1,2,x\n,3,y\n");
        assertEquals(missing + ": line 3: column 'a': '' is not a number (a missing value, as pandas' to_csv() writes "
                + "NaN: vecprop does not fill in missing values, and skipBad() skips only NaN and infinities; drop or "
                + "fill those rows first, e.g. with pandas' dropna() or fillna())", assertThrows(InvalidFileException.class,
                () -> DataFile.readCsv(missing, "y")).getMessage());
        assertTrue(assertThrows(InvalidFileException.class, () -> DataFile.csv(missing).drop("nope").label("y"))
                .getMessage().endsWith(" (drop(\"nope\") names it)"));
    }

    /** Every refusal is the reader's, one line naming the file and the record. */
    @Test
    void badFilesAreRefusedWhereTheyAreBad() throws IOException {
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "a,b,y\n1,2,x\n3,y\n");
        assertEquals(ragged + ": line 3: 2 values; the header has 3",
                assertThrows(InvalidFileException.class, () -> DataFile.readCsv(ragged, "y")).getMessage());
        Path nan = Files.writeString(dir.resolve("nan.csv"), "a,b,y\n1,NaN,x\n");
        assertEquals(nan + ": line 2: column 'b': 'NaN' is not a finite number",
                assertThrows(InvalidFileException.class, () -> DataFile.readCsv(nan, "y")).getMessage());
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> DataFile.readCsv(nan, "label"));
        assertTrue(e.getMessage().startsWith(nan + ": line 1: no column named 'label'"), e.getMessage());
        Path idx = IdxFiles.write(dir.resolve("images.idx"), IdxFiles.ubyte(new int[]{2, 2}, new int[]{1, 2, 3, 4}));
        assertEquals(idx + ": an IDX file, not CSV; read it with DataFile.readIdx",
                assertThrows(InvalidFileException.class, () -> DataFile.readCsv(idx, null)).getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> DataFile.readCsv(dir.resolve("none.csv"), null));
        // A target's name becomes the model's output name: one too long for a model file is refused here.
        Path longName = Files.writeString(dir.resolve("long.csv"), "a,b," + "t".repeat(70_000) + "\n1,2,3\n");
        assertEquals(longName + ": line 1: target column '" + "t".repeat(37) + "...' has a name of 70000 bytes, more "
                + "than a model file holds (65535); rename it in the header", assertThrows(InvalidFileException.class,
                () -> DataFile.csv(longName).targets(List.of("2"))).getMessage());
    }

    /** What train warns of in data it is about to train on, the library lists in its own words. */
    @Test
    void warningsAreWhatTrainWarnsOf() throws IOException {
        Path widths = Files.writeString(dir.resolve("widths.csv"), "length,width\n1.4,0.2\n4.7,1.4\n6,2.5\n1.3,0.2\n");
        assertEquals(List.of(widths + ": the 3 classes of column 'width' are numbers, and some not whole ('0.2'); if "
                + "they are values to predict, not classes, read it with targets(List.of(\"width\")) for regression; "
                + "if the classes are in another column, read it with label(COLUMN)"),
                DataFile.readCsv(widths, null).warnings());
        assertTrue(DataFile.readCsv(widths, "width").warnings().getFirst().endsWith("for regression"),
                "the label column named: no other column to suggest");
        StringBuilder ids = new StringBuilder("x,id\n");
        for (int i = 0; i < 30; i++) {
            ids.append(i % 3).append(',').append(1000 + i).append('\n');
        }
        Path f = Files.writeString(dir.resolve("ids.csv"), ids);
        assertEquals(List.of(f + ": column 'id' has 30 classes for 30 samples, fewer than 3 a class; if its values are "
                + "to be predicted as numbers, read it with targets(List.of(\"id\")) for regression; if the classes "
                + "are in another column, read it with label(COLUMN)"), DataFile.readCsv(f, null).warnings());
        assertEquals(List.of(), DataFile.readCsv(f, "x").warnings(), "3 classes of 10 samples each");
        Path bare = Files.writeString(dir.resolve("bare.csv"), "1.4,0.2\n4.7,1.4\n6,2.5\n");
        assertTrue(DataFile.readCsv(bare, null).warnings().getFirst().startsWith(bare + ": the 3 classes of column "
                + "'1' are numbers"), "without a header, by index");

        Path pandas = Files.writeString(dir.resolve("pandas.csv"), "Unnamed: 0,a,y\n0,1.5,x\n1,2.5,z\n3,3.5,x\n");
        assertEquals(List.of(pandas + ": line 1: feature 1 ('Unnamed: 0') holds the row numbers (0, 1, 3, ...): it looks "
                + "like the index column of pandas' to_csv(), and would be trained on as a feature (on data sorted "
                + "by label, it gives the answer away); leave it out with drop(\"Unnamed: 0\"), or write the file "
                + "without it (to_csv(..., index=False))"), DataFile.readCsv(pandas, "y").warnings());
        assertEquals(List.of(), DataFile.csv(pandas).drop("Unnamed: 0").label("y").warnings());

        Path numbered = Files.writeString(dir.resolve("numbered.csv"), "0,1,2\n5,6,a\n7,8,b\n9,10,a\n");
        assertEquals(List.of(numbered + ": line 1 holds the numbers of its columns and the label '2', which no other "
                + "line has: it looks like a header of column numbers (as pandas' to_csv() writes for columns "
                + "without names), and is trained on as a sample of class '2'; if it is a header, read it with "
                + "header(true)"), DataFile.readCsv(numbered, null).warnings());
        assertEquals(List.of(), DataFile.csv(numbered).header(false).label(null).warnings(), "told: no header");

        Path prices = Files.writeString(dir.resolve("prices.csv"), "rooms,price\n3,250.5\n2,-340.9\n4,9\n");
        assertEquals(List.of(prices + ": the targets reach -340.9 (column 'price'); at the default learning rate 0.1 "
                + "the updates grow with errors of that size, and the loss may jump from epoch to epoch or diverge: "
                + "train with a smaller one, such as withLearningRate(0.001f), or targets scaled near 1"),
                DataFile.csv(prices).targets(List.of("price")).warnings());
        Path small = Files.writeString(dir.resolve("small.csv"), "rooms,price\n3,2.5\n2,-10\n");
        assertEquals(List.of(), DataFile.csv(small).targets(List.of("price")).warnings(), "10 is not beyond 10");

        // Names a model file cannot hold: the model named by the file keeps none of the features', nor the label's.
        String tooLong = "n".repeat(70_000);
        Path longNames = Files.writeString(dir.resolve("long-names.csv"), "a," + tooLong + "," + tooLong + "y\n1,2,x\n"
                + "3,4,z\n");
        assertEquals(List.of(longNames + ": line 1: feature 2's name is 70000 bytes, more than a model file holds "
                + "(65535); the model will not keep the feature names, and forModel and featuresForModel (and vecprop "
                + "eval and predict) will match its features by count alone", longNames + ": line 1: the label column's name is 70001 bytes, more than a model file "
                + "holds (65535); the model will not keep it, and forModel (and vecprop eval) will find the label by its "
                + "place"),
                DataFile.readCsv(longNames, null).warnings());

        Path images = IdxFiles.write(dir.resolve("images.idx"), IdxFiles.ubyte(new int[]{2, 1}, new int[]{1, 2}));
        Path labels = IdxFiles.write(dir.resolve("labels.idx"), IdxFiles.ubyte(new int[]{2}, new int[]{1, 2}));
        assertEquals(List.of(), DataFile.readIdx(images, labels).warnings(), "IDX labels are classes");
        Model model = Model.classifier(FeedForwardNetwork.builder(2).layer(2, Activation.SOFTMAX).build(),
                "softmax-cross-entropy", FeatureScaling.none(2), List.of("x", "z")).withFeatureNames(List.of("a", "b"));
        Path forModel = Files.writeString(dir.resolve("for-model.csv"), ",a,b,y\n0,1,2,x\n1,3,4,z\n");
        assertEquals(List.of(), DataFile.csv(forModel).forModel(model, "y").warnings(), "the model's columns");
    }

    /** A stream (a class-path resource) reads as a file with its content would, named as the caller names it. */
    @Test
    void aStreamReadsAsAFileWithItsContent() throws IOException {
        String text = "weight,kind,height\n4.5,dog,30\n3,cat,25\n5,dog,40\n";
        Path f = Files.writeString(dir.resolve("pets.csv"), text);
        DataFile file = DataFile.readCsv(f, "kind");
        boolean[] closed = {false};
        java.io.InputStream in = new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        DataFile.Csv csv = DataFile.csv(in, "pets.csv");
        DataFile d = csv.label("kind");
        assertEquals(Path.of("pets.csv"), d.source());
        assertEquals(file.featureNames(), d.featureNames());
        assertEquals(file.classNames(), d.classNames());
        assertEquals(file.dataset().fingerprint(), d.dataset().fingerprint());
        assertFalse(closed[0], "its opener closes it");
        // Read again, by the same reading and by one made from it: the data kept from the first.
        assertEquals(file.dataset().fingerprint(), csv.label("kind").dataset().fingerprint());
        assertEquals(List.of("weight", "height"), csv.header(true).drop("kind").features().featureNames());
        // Gzip, as a file's.
        DataFile gz = DataFile.csv(new java.io.ByteArrayInputStream(IdxFiles.gzip(text.getBytes(
                StandardCharsets.UTF_8))), "pets.csv.gz").label("kind");
        assertEquals(file.dataset().fingerprint(), gz.dataset().fingerprint());
        // Refused as a file is, by the name given.
        assertEquals("data/bad.csv: line 3: 2 values; the header has 3", assertThrows(InvalidFileException.class,
                () -> DataFile.csv(stream("a,b,y\n1,2,x\n3,y\n"), "data/bad.csv").label("y")).getMessage());
        assertEquals("images: IDX data, not CSV; read it with DataFile.readIdx(images, name, labels, labelsName)",
                assertThrows(InvalidFileException.class, () -> DataFile.csv(new java.io.ByteArrayInputStream(
                        IdxFiles.ubyte(new int[]{2, 2}, new int[]{1, 2, 3, 4})), "images").features()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataFile.csv(stream("a\n"), ""));
        // Its warnings are one line each, whatever the name holds.
        List<String> warnings = DataFile.csv(stream("length,width\n1.4,0.2\n4.7,1.4\n"), "two\nlines.csv")
                .label(null).warnings();
        assertEquals(1, warnings.size());
        assertTrue(warnings.getFirst().startsWith("two\\nlines.csv: the 2 classes"), warnings.getFirst());
    }

    /** A stream that fails part way is not read again from where it stopped. */
    @Test
    void aStreamThatFailsIsNotReadAgain() {
        java.io.InputStream failing = new java.io.SequenceInputStream(stream("a,b,y\n1,2,x\n"),
                new java.io.InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }
                });
        DataFile.Csv csv = DataFile.csv(failing, "remote.csv");
        assertEquals("connection reset", assertThrows(IOException.class, () -> csv.label("y")).getMessage());
        assertEquals("remote.csv: the stream failed at the first reading (java.io.IOException: connection reset), "
                + "and is not read again from where it stopped", assertThrows(IOException.class, () -> csv.label("y"))
                .getMessage());
        // Nor after an unchecked exception: what is left of the stream is not the data.
        java.io.InputStream unchecked = new java.io.SequenceInputStream(stream("a,b,y\n"), new java.io.InputStream() {
            @Override
            public int read() {
                throw new IllegalStateException("closed by its pool");
            }
        });
        DataFile.Csv other = DataFile.csv(unchecked, "pooled.csv");
        assertThrows(IllegalStateException.class, other::features);
        assertEquals("pooled.csv: the stream failed at the first reading (java.lang.IllegalStateException: closed by "
                + "its pool), and is not read again from where it stopped", assertThrows(IOException.class,
                other::features).getMessage());
    }

    private static java.io.InputStream stream(String text) {
        return new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void idxImagesAndLabels() throws IOException {
        Path images = IdxFiles.write(dir.resolve("images.idx"), IdxFiles.gzip(IdxFiles.ubyte(new int[]{3, 2, 2},
                new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255})));
        Path labels = IdxFiles.write(dir.resolve("labels.idx"), IdxFiles.ubyte(new int[]{3}, new int[]{7, 0, 7}));
        DataFile d = DataFile.readIdx(images, labels);
        assertEquals(3, d.size());
        assertEquals(4, d.featureCount());
        assertEquals(List.of(), d.featureNames());
        assertEquals(List.of("0", "7"), d.classNames());
        assertArrayEquals(new float[]{8, 9, 10, 255}, d.features(2), "as the file holds them, not scaled");
        assertEquals(1, d.dataset().label(2));
        assertFalse(DataFile.readIdx(images, null).hasLabels());
        Path few = IdxFiles.write(dir.resolve("few.idx"), IdxFiles.ubyte(new int[]{2}, new int[]{1, 2}));
        assertEquals(few + ": header: 2 labels, but " + images + " has 3 images",
                assertThrows(InvalidFileException.class, () -> DataFile.readIdx(images, few)).getMessage());
        assertEquals(labels + ": header: images have at least two dimensions (items, then each item's); this file "
                + "has one, as a labels file has (is it the labels?)",
                assertThrows(InvalidFileException.class, () -> DataFile.readIdx(labels, null)).getMessage());
        // From streams (class-path resources), as from the files, and refused by the names given.
        DataFile streamed = DataFile.readIdx(new java.io.ByteArrayInputStream(Files.readAllBytes(images)),
                "train-images", new java.io.ByteArrayInputStream(Files.readAllBytes(labels)), "train-labels");
        assertEquals(Path.of("train-images"), streamed.source());
        assertEquals(d.classNames(), streamed.classNames());
        assertEquals(d.dataset().fingerprint(), streamed.dataset().fingerprint());
        assertFalse(DataFile.readIdx(new java.io.ByteArrayInputStream(Files.readAllBytes(images)), "i", null, null)
                .hasLabels());
        assertEquals("few: header: 2 labels, but train-images has 3 images", assertThrows(InvalidFileException.class,
                () -> DataFile.readIdx(new java.io.ByteArrayInputStream(Files.readAllBytes(images)), "train-images",
                        new java.io.ByteArrayInputStream(Files.readAllBytes(few)), "few")).getMessage());
        byte[] cut = Files.readAllBytes(labels);
        assertTrue(assertThrows(InvalidFileException.class, () -> DataFile.readIdx(new java.io.ByteArrayInputStream(
                java.util.Arrays.copyOf(cut, cut.length - 1)), "cut", null, null)).getMessage().startsWith("cut: "));
        assertThrows(IllegalArgumentException.class, () -> DataFile.readIdx(new java.io.ByteArrayInputStream(cut), "i",
                new java.io.ByteArrayInputStream(cut), null));
        // At the header, before a value: a float labels file with a NaN is refused for its shape.
        Path floats = IdxFiles.write(dir.resolve("floats.idx"), IdxFiles.floats(new int[]{2}, new float[]{Float.NaN, 1}));
        assertEquals(floats + ": header: images have at least two dimensions (items, then each item's); this file "
                + "has one, as a labels file has (is it the labels?)",
                assertThrows(InvalidFileException.class, () -> DataFile.readIdx(floats, null)).getMessage());
    }

    /** Data read for a saved model finds the model's columns by name, as eval and predict do. */
    @Test
    void dataReadForAModelHasItsColumnsInTheModelsOrder() throws IOException {
        InvalidFileException e;
        Path train = Files.writeString(dir.resolve("train.csv"), "weight,kind,height\n4.5,dog,30\n3,cat,25\n");
        DataFile d = DataFile.readCsv(train, "kind");
        Network net = FeedForwardNetwork.builder(2).layer(2, Activation.SOFTMAX).seed(1).build();
        Model model = d.name(Model.classifier(net, "softmax-cross-entropy", FeatureScaling.none(2), d.classNames()));

        Path other = Files.writeString(dir.resolve("other.csv"), "id,weight,kind,height\n7,2,cat,20\n8,5,dog,35\n");
        DataFile o = DataFile.csv(other).forModel(model);
        assertEquals(List.of("weight", "height"), o.featureNames());
        assertArrayEquals(new float[]{2, 20}, o.features(0));
        assertEquals(List.of("id"), o.unusedColumns());
        // In another order they are refused, as the model's columns are matched in its order.
        Path swapped = Files.writeString(dir.resolve("swapped.csv"), "height,kind,weight\n20,cat,2\n");
        e = assertThrows(InvalidFileException.class, () -> DataFile.csv(swapped).forModel(model));
        assertTrue(e.getMessage().startsWith(swapped + ": line 1: feature 1 is 'height' where the model has 'weight'"),
                e.getMessage());
        Dataset data = o.dataset(model);
        assertEquals(0, data.label(0));
        assertEquals(1, data.label(1));
        DataFile p = DataFile.csv(other).featuresForModel(model);
        assertFalse(p.hasLabels());
        assertArrayEquals(new float[]{5, 35}, p.features(1));
        assertThrows(IllegalStateException.class, () -> p.dataset(model));

        Path lacking = Files.writeString(dir.resolve("lacking.csv"), "height,kind,size\n20,cat,2\n");
        e = assertThrows(InvalidFileException.class, () -> DataFile.csv(lacking).forModel(model));
        assertTrue(e.getMessage().startsWith(lacking + ": line 1: "), e.getMessage());
        assertTrue(e.getMessage().contains("'weight'"), e.getMessage());
        Path unknown = Files.writeString(dir.resolve("unknown.csv"), "weight,kind,height\n1,cow,2\n");
        assertEquals(unknown + ": line 2: class 'cow' is not one of the 2 classes the model knows (cat, dog)",
                assertThrows(InvalidFileException.class, () -> DataFile.csv(unknown).forModel(model).dataset(model))
                        .getMessage());

        // A regressor's targets are found by their names.
        Model regressor = Model.regressor(FeedForwardNetwork.builder(2).layer(1, Activation.IDENTITY).seed(1).build(),
                "mse", FeatureScaling.none(2), List.of("z")).withFeatureNames(List.of("x", "y"));
        Path r = Files.writeString(dir.resolve("r.csv"), "x,z,y\n1,2,3\n");
        DataFile rd = DataFile.csv(r).forModel(regressor);
        assertArrayEquals(new float[]{1, 3}, rd.features(0));
        assertArrayEquals(new float[]{2}, rd.dataset(regressor).targets(0));
        // Read with targets of other names, they are not paired with the model's outputs by place.
        Path other2 = Files.writeString(dir.resolve("r2.csv"), "x,y,u\n1,2,3\n");
        assertEquals(other2 + ": the targets read are [u], the model's outputs [z]: paired by place, they would "
                + "differ", assertThrows(IllegalArgumentException.class,
                () -> DataFile.csv(other2).targets(List.of("u")).dataset(regressor)).getMessage());
        // Nor features read by place under other names.
        Path other3 = Files.writeString(dir.resolve("r3.csv"), "y,x,z\n1,2,3\n");
        assertTrue(assertThrows(InvalidFileException.class, () -> DataFile.csv(other3).targets(List.of("z"))
                .dataset(regressor)).getMessage().startsWith(other3 + ": line 1: feature 1 is 'y' where the model "
                + "has 'x'"));
    }

    /** What a reading for a model cannot settle alone it says, in words the library can follow. */
    @Test
    void readingsForAModelSayWhatTheyCouldNotSettle() throws IOException {
        Path train = Files.writeString(dir.resolve("train.csv"), "a,b,c,kind\n1,2,3,x\n4,5,6,y\n");
        DataFile d = DataFile.readCsv(train, null);
        Network net = FeedForwardNetwork.builder(3).layer(2, Activation.SOFTMAX).seed(1).build();
        Model m = d.name(Model.classifier(net, "softmax-cross-entropy", FeatureScaling.none(3), d.classNames()));

        Path unlabelled = Files.writeString(dir.resolve("unlabelled.csv"), "a,b,c\n1,2,3\n4,5,6\n");
        assertEquals(unlabelled + ": line 1: the columns are the model's 3 features, and no label (column 2, 'c', was "
                + "taken for it); forModel reads labelled data: add the label column, or read it with "
                + "featuresForModel(model)", assertThrows(InvalidFileException.class,
                () -> DataFile.csv(unlabelled).forModel(m)).getMessage());
        assertEquals(2, DataFile.csv(unlabelled).featuresForModel(m).size());

        Path two = Files.writeString(dir.resolve("two.csv"), "a,b,c,cls,z\n1,2,3,x,q\n4,5,6,y,q\n");
        assertEquals(two + ": line 1: the header names the model's features and 2 other columns; the label may be "
                + "any of 'cls', 'z': name it with forModel(model, COLUMN)", assertThrows(InvalidFileException.class,
                () -> DataFile.csv(two).forModel(m)).getMessage());
        DataFile named = DataFile.csv(two).forModel(m, "cls");
        assertEquals(List.of("x", "y"), named.classNames());
        assertEquals(List.of("z"), named.unusedColumns());
        assertThrows(IllegalArgumentException.class, () -> DataFile.csv(two).forModel(Model.regressor(net, "mse",
                FeatureScaling.none(3), List.of("p", "q")), "cls"));

        Path headerless = Files.writeString(dir.resolve("headerless.csv"), "1,2,3,x\n4,5,6,y\n");
        assertEquals(headerless + ": line 1: column '3': 'x' is not a number (if line 1 is a header, read it with "
                + "header(true)); if column 3 holds labels, as the column after the features does in a CSV a "
                + "classifier is trained on, leave it out with featuresForModel(model, \"3\")",
                assertThrows(InvalidFileException.class, () -> DataFile.csv(headerless).featuresForModel(m))
                        .getMessage());
        assertEquals(2, DataFile.csv(headerless).featuresForModel(m, "3").size());
        Path wide = Files.writeString(dir.resolve("wide.csv"), "1,2,3,4\n5,6,7,8\n");
        assertEquals(wide + ": 4 features per sample, but the model takes 3 (if one column is a label, leave it out "
                + "with featuresForModel(model, COLUMN))", assertThrows(InvalidFileException.class,
                () -> DataFile.csv(wide).featuresForModel(m)).getMessage());

        Path swapped = Files.writeString(dir.resolve("swapped.csv"), "b,a,c,kind\n2,1,3,x\n");
        assertEquals(swapped + ": line 1: column 3 ('kind') is not one of the model's features; if it holds labels "
                + "or targets, leave it out with featuresForModel(model, \"3\")", assertThrows(
                InvalidFileException.class, () -> DataFile.csv(swapped).featuresForModel(m)).getMessage());

        // Advice names a column by index where its name is not its alone, and as Java writes a string.
        Path ids = Files.writeString(dir.resolve("ids.csv"), "id,id,a,label\nr1,1,2,x\n");
        assertTrue(assertThrows(InvalidFileException.class, () -> DataFile.readCsv(ids, null)).getMessage()
                .endsWith("give label(\"0\") if this one holds the classes, else leave it out with drop(\"0\"))"));
        Path longName = Files.writeString(dir.resolve("long-name.csv"),
                "customer_identifier_from_the_old_billing_system,a,label\nr1,2,x\n");
        assertTrue(assertThrows(InvalidFileException.class, () -> DataFile.readCsv(longName, null)).getMessage()
                .endsWith("give label(\"0\") if this one holds the classes, else leave it out with drop(\"0\"))"),
                "a name a message cuts short is named by its index");
        Path quoted = Files.writeString(dir.resolve("quoted.csv"), "\"i\"\"d\",a,label\nr1,2,x\n");
        assertTrue(assertThrows(InvalidFileException.class, () -> DataFile.readCsv(quoted, null)).getMessage()
                .endsWith("give label(\"i\\\"d\") if this one holds the classes, else leave it out with "
                        + "drop(\"i\\\"d\"))"));
    }

    /** A model named by the file it was trained on keeps what vecprop train would keep. */
    @Test
    void aModelNamedByItsFileKeepsTheColumnsNames() throws IOException {
        Path f = Files.writeString(dir.resolve("pets.csv"), "weight,kind,height\n4.5,dog,30\n3,cat,25\n");
        DataFile d = DataFile.readCsv(f, "kind");
        Network net = FeedForwardNetwork.builder(2).layer(2, Activation.SOFTMAX).seed(1).build();
        Model named = d.name(Model.classifier(net, "softmax-cross-entropy", FeatureScaling.none(2), d.classNames()));
        assertEquals(List.of("weight", "height"), named.featureNames());
        assertEquals(OptionalInt.of(1), named.labelColumn(), "the label is not the last column");
        assertEquals("kind", named.labelName().orElseThrow());
        // Last column and no header: nothing to keep but the classes.
        DataFile plain = DataFile.readCsv(Files.writeString(dir.resolve("p.csv"), "1,2,a\n3,4,b\n"), null);
        Model bare = plain.name(Model.classifier(net, "softmax-cross-entropy", FeatureScaling.none(2),
                plain.classNames()));
        assertEquals(List.of(), bare.featureNames());
        assertEquals(OptionalInt.empty(), bare.labelColumn());
        assertTrue(bare.labelName().isEmpty());
        Network three = FeedForwardNetwork.builder(3).layer(2, Activation.SOFTMAX).seed(1).build();
        assertEquals("the model takes 3 features; " + f + " has 2", assertThrows(IllegalArgumentException.class,
                () -> d.name(Model.classifier(three, "softmax-cross-entropy", FeatureScaling.none(3),
                        d.classNames()))).getMessage());
    }
}
