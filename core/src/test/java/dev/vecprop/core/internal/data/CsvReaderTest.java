package dev.vecprop.core.internal.data;

import dev.vecprop.core.InvalidFileException;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvReaderTest {

    private static final Path F = Path.of("f.csv");

    private static Samples read(String text, CsvReader.Header header, CsvReader.Columns columns) throws IOException {
        return CsvReader.read(new BufferedReader(new StringReader(text)), F, header, columns);
    }

    private static Samples read(String text, CsvReader.Columns columns) throws IOException {
        return read(text, CsvReader.Header.AUTO, columns);
    }

    /**
     * A saved model's features are picked out by name when the header names each once, in the model's order;
     * anything else is read as it is, for the model's checks to refuse.
     */
    @Test
    void aModelsFeaturesArePickedByNameWhenTheHeaderNamesEachOnceInOrder() throws IOException {
        List<String> ab = List.of("a", "b");
        Samples s = read("id,a,x,b,y\nr7,1,2,3,0.5\n", new CsvReader.ForModel(new CsvReader.TargetColumns(List.of("y")), ab));
        assertEquals(ab, s.featureNames());
        assertEquals(List.of("id", "x"), s.unusedColumns());
        assertArrayEquals(new float[]{1, 3}, s.x());
        assertArrayEquals(new float[]{0.5f}, s.targets());
        Samples label = read("a,kind,b\n1,odd,2\n", new CsvReader.ForModel(new CsvReader.FeaturesOnly(null), ab));
        assertEquals(List.of("kind"), label.unusedColumns());
        assertArrayEquals(new float[]{1, 2}, label.x());
        CsvReader.Columns labelled = new CsvReader.ForModel(new CsvReader.LabelColumn("y"), ab);
        assertEquals(List.of("a", "b", "a"), read("a,b,a,y\n1,2,3,odd\n", labelled).featureNames(), "a name twice");
        assertEquals(List.of("b", "a", "c"), read("b,a,c,y\n1,2,3,odd\n", labelled).featureNames(), "another order");
        assertEquals(List.of(), read("b,a,c,y\n1,2,3,odd\n", labelled).unusedColumns());
        assertEquals(List.of("0", "1", "2"), read("1,2,3,odd\n", new CsvReader.ForModel(new CsvReader.LabelColumn(null),
                ab)).featureNames(), "no header");
        assertEquals(List.of("a", "b"), read("a,b,y\n1,2,odd\n", labelled).featureNames());
    }

    @Test
    void droppedColumnsAreNeitherFeaturesNorLabels() throws IOException {
        Samples s = read("id,a,date,b,y\nW1,1,2024-01-02,2,p\n", new CsvReader.Dropping(new CsvReader.LabelColumn(null),
                List.of("id", "2")));
        assertEquals(List.of("a", "b"), s.featureNames());
        assertArrayEquals(new float[]{1, 2}, s.x());
        assertEquals("p", s.labels()[0]);
        assertEquals("f.csv: line 1: column 'y' is the label; --drop leaves out columns that would be features",
                error("a,y\n1,p\n", new CsvReader.Dropping(new CsvReader.LabelColumn("y"), List.of("y"))));
        // Without --label, the label is the last column not dropped: a trailing ID can go.
        Samples trailing = read("a,b,y,id\n1,2,p,W1\n", new CsvReader.Dropping(new CsvReader.LabelColumn(null),
                List.of("id")));
        assertEquals("p", trailing.labels()[0]);
        assertEquals(List.of("a", "b"), trailing.featureNames());
        assertEquals(2, trailing.labelColumn());
        assertEquals("f.csv: line 1: column 't' is a target; --drop leaves out columns that would be features",
                error("a,t\n1,2\n", new CsvReader.Dropping(new CsvReader.TargetColumns(List.of("t")), List.of("t"))));
        // The columns dropped already come with the one to add.
        assertTrue(error("id,a,species,b,y\nW1,1,setosa,2,p\n", new CsvReader.Dropping(new CsvReader.LabelColumn("y"),
                List.of("id"))).endsWith("every column but the label is a feature: leave it out with --drop id,species)"));
        // A column to drop that test data lacks: named with the option.
        assertTrue(error("a,b,y\n1,2,p\n", new CsvReader.Dropping(new CsvReader.LabelColumn(null), List.of("id")))
                .endsWith(" (--drop id names it)"));
        assertEquals("f.csv: line 1: column 'a' is dropped already; --drop leaves out columns that would be features",
                error("a,b,y\n1,2,p\n", new CsvReader.Dropping(new CsvReader.LabelColumn(null), List.of("a", "0"))));
        assertTrue(error("a,b,y\n1,2,p\n", new CsvReader.Dropping(new CsvReader.LabelColumn(null), List.of("zz")))
                .startsWith("f.csv: line 1: no column named 'zz'"));
    }

    private static String error(String text, CsvReader.Columns columns) {
        return assertThrows(InvalidFileException.class, () -> read(text, columns)).getMessage();
    }

    @Test
    void rowsReadAFewAtATimeAreTheRowsOfOneRead() throws IOException {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            boolean header = random.nextBoolean();
            StringBuilder text = new StringBuilder(header ? "a,b,y,kind\n" : "");
            int rows = 1 + random.nextInt(30);
            for (int r = 0; r < rows; r++) {
                if (random.nextInt(5) == 0) {
                    text.append("\n"); // a blank line, counted in the line numbers
                }
                String bad = r > 0 && random.nextInt(6) == 0 ? "NaN" : String.valueOf(random.nextInt(100));
                text.append(random.nextInt(9)).append(',').append(bad).append(',').append(random.nextInt(3) - 1)
                        .append(',').append(trial % 3 == 1 ? String.valueOf(random.nextInt(4))
                                : String.valueOf((char) ('p' + random.nextInt(4)))).append('\n');
            }
            CsvReader.Columns columns = switch (trial % 3) {
                case 0 -> new CsvReader.LabelColumn(null);
                case 1 -> new CsvReader.TargetColumns(List.of("2"));
                default -> new CsvReader.FeaturesOnly("3");
            };
            Samples whole = CsvReader.read(new BufferedReader(new StringReader(text.toString())), F, CsvReader.Header.AUTO,
                    columns, BadValues.skip());
            int chunk = 1 + random.nextInt(7);
            CsvReader.Rows reader = new CsvReader.Rows(new BufferedReader(new StringReader(text.toString())), F,
                    CsvReader.Header.AUTO, columns, BadValues.skip());
            List<Float> x = new java.util.ArrayList<>();
            List<Integer> records = new java.util.ArrayList<>();
            List<String> labels = new java.util.ArrayList<>();
            List<Float> targets = new java.util.ArrayList<>();
            for (Samples part; (part = reader.next(chunk)) != null; ) {
                assertTrue(part.rows() >= 1 && part.rows() <= chunk, "rows " + part.rows() + " of " + chunk);
                assertEquals(whole.featureNames(), part.featureNames());
                assertEquals(whole.headerLine(), part.headerLine());
                for (float v : part.x()) {
                    x.add(v);
                }
                for (int r : part.records()) {
                    records.add(r);
                }
                if (part.labels() != null) {
                    labels.addAll(List.of(part.labels()));
                }
                if (part.targets() != null) {
                    for (float v : part.targets()) {
                        targets.add(v);
                    }
                }
            }
            assertNull(reader.next(chunk), "and no more after the end");
            String what = "trial " + trial + ", chunks of " + chunk + ":\n" + text;
            assertEquals(java.util.Arrays.stream(whole.records()).boxed().toList(), records, what);
            assertEquals(toList(whole.x()), x, what);
            assertEquals(whole.labels() == null ? List.of() : List.of(whole.labels()), labels, what);
            assertEquals(whole.targets() == null ? List.of() : toList(whole.targets()), targets, what);
        }
    }

    private static List<Float> toList(float[] a) {
        List<Float> l = new java.util.ArrayList<>();
        for (float v : a) {
            l.add(v);
        }
        return l;
    }

    /**
     * nan and inf are numbers when the header is guessed: a first line of missing values is a row, refused (or
     * skipped with --skip-bad), never taken for a header and dropped; columns named so need --header, which the
     * refusal of the first line suggests, as it does for a header of numbers.
     */
    @Test
    void aFirstLineWithANumberInItIsARowAndItsRefusalSuggestsHeader() throws IOException {
        String named = "inf,NaN,kind\n\" 1.5 \",2,x\n3,\"4\",y\n";
        assertEquals("f.csv: line 1: column '0': 'inf' is not a finite number (if line 1 is a header, give --header)",
                error(named, new CsvReader.LabelColumn(null)));
        Samples s = read(named, CsvReader.Header.YES, new CsvReader.LabelColumn(null));
        assertEquals(List.of("inf", "NaN"), s.featureNames());
        assertArrayEquals(new float[]{1.5f, 2, 3, 4}, s.x());
        assertEquals("f.csv: line 1: column '0': 'nan' is not a finite number (if line 1 is a header, give --header)",
                error("nan,inf,cat\n1,2,x\n3,4,y\n", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: line 1: column '0': 'id' is not a number (if line 1 is a header, give --header)",
                error("id,2019,y\n1,2,x\n3,4,y\n", new CsvReader.LabelColumn(null)));
        // A line of empty fields names nothing: a row (its empty values refused); empty names beside others
        // are a header's, as pandas writes its index column.
        assertEquals("f.csv: line 1: column '0': '' is not a number (if line 1 is a header, give --header)",
                error(",,\n1,2,x\n", new CsvReader.LabelColumn(null)));
        assertEquals(List.of("", "a"), read(",a,kind\n0,1.5,x\n1,2.5,y\n", new CsvReader.LabelColumn(null)).featureNames());
        // A column named by a header the first line was not taken for.
        assertEquals("f.csv: line 1: the file has no header, so column 'species' must be an index from 0 to 2 (if line 1 "
                + "is a header, give --header)", error("a,inf,species\n1,2,x\n3,4,y\n", new CsvReader.LabelColumn("species")));
        // Not on a later line.
        assertEquals("f.csv: line 2: column '0': 'nan' is not a finite number", error("1,2,x\nnan,4,y\n",
                new CsvReader.LabelColumn(null)));
    }

    /** A double quote inside a quoted field is doubled (RFC 4180, as predict writes class names); elsewhere it is kept. */
    @Test
    void doubledQuotesInsideQuotesAreOne() throws IOException {
        Samples s = read("a,kind\n1,\"x\"\"y\"\n2,x\"\"y\n3,\"\"\"\"\n", new CsvReader.LabelColumn(null));
        assertArrayEquals(new String[]{"x\"y", "x\"\"y", "\""}, s.labels());
    }

    /** A comma between double quotes is in its field (RFC 4180), so a name or a label may hold one; a number may not. */
    @Test
    void aCommaInsideQuotesIsInItsField() throws IOException {
        Samples s = read("\"a,b\", c ,kind\n1,2,\"x, y\"\n3,4, \"z\" \n5,6,\"say \"\"hi, there\"\"\"\n",
                new CsvReader.LabelColumn(null));
        assertEquals(List.of("a,b", "c"), s.featureNames());
        assertArrayEquals(new String[]{"x, y", "z", "say \"hi, there\""}, s.labels());
        assertEquals("f.csv: line 3: column 'a': '1,5' is not a number",
                error("a,b,kind\n1,2,x\n\"1,5\",2,x\n", new CsvReader.LabelColumn(null)));
        // Not closed on its line, or with text after the closing quote: taken to the next comma as it stands.
        assertEquals("f.csv: line 2: column 'b': '\"2' is not a number",
                error("a,b,kind\n1,\"2,x\n", new CsvReader.LabelColumn(null)));
        assertArrayEquals(new String[]{"\"y\"z", "w\""}, read("a,kind\n1,\"y\"z\n2,w\"\n", new CsvReader.LabelColumn(null)).labels());
    }

    /** A file separated by semicolons or tabs is read as one column; its refusal names the separator it holds. */
    @Test
    void aFileOfOneColumnHoldingSemicolonsOrTabsIsSaidToBeReadWithCommas() {
        String semicolon = " (line 1 holds ';': vecprop reads comma-separated values)";
        assertEquals("f.csv: line 1: only one column; there is no room for features beside the label" + semicolon,
                error("a;b;kind\n1;2;x\n", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: line 1: only one column; there is no room for features beside the label (line 1 holds a "
                + "tab: vecprop reads comma-separated values)", error("a\tb\tkind\n1\t2\tx\n", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: line 1: no column named 'kind'; the header has a;b;kind" + semicolon,
                error("a;b;kind\n1;2;x\n", new CsvReader.LabelColumn("kind")));
        assertEquals("f.csv: line 1: column 2 does not exist; the file has 1 column (0)" + semicolon,
                error("a;b;kind\n1;2;x\n", new CsvReader.LabelColumn("2")));
        // Features only (predict): each line is one field, not a number.
        assertEquals("f.csv: line 2: column 'a;b': '1;2' is not a number" + semicolon,
                error("a;b\n1;2\n", new CsvReader.FeaturesOnly(null)));
        // One column holding neither: nothing to suggest.
        assertEquals("f.csv: line 1: only one column; there is no room for features beside the label",
                error("kind\nx\n", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: line 2: column 'a': 'x' is not a number", error("a\nx\n", new CsvReader.FeaturesOnly(null)));
    }

    /** Lines that end with a comma make an empty last column, which takes the label: the refusals say so. */
    @Test
    void linesEndingWithACommaAreNamedAsTheCauseOfAnEmptyLastColumn() {
        String label = " (line 1 ends with a comma, so the last column is empty and the labels are read from it: remove "
                + "the commas that end the lines)";
        assertEquals("f.csv: line 2: column 'kind': 'x' is not a number" + label,
                error("a,b,kind,\n1,2,x,\n", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: line 1: column '2': 'x' is not a number (if line 1 is a header, give --header)" + label,
                error("1,2,x,\n3,4,y,\n", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: line 2: the label (column '') is empty" + label,
                error("a,b,kind,\n1,2,0,\n", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: line 2: 3 values; the header has 4" + label,
                error("a,b,kind,\n1,2,x\n", new CsvReader.LabelColumn(null)));
        // The label chosen by name: the empty column is a feature.
        assertEquals("f.csv: line 2: column '': '' is not a number (line 1 ends with a comma, so the last column is "
                + "empty: remove the commas that end the lines)", error("a,b,kind,\n1,2,x,\n", new CsvReader.LabelColumn("kind")));
        // Not for a value in another column, nor for an empty first name (pandas' index column).
        assertEquals("f.csv: line 2: column 'a': 'z' is not a number", error("a,b,kind,\nz,2,x,\n", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: line 3: column 'a': 'z' is not a number",
                error(",a,kind\n0,1,x\n1,z,x\n", new CsvReader.LabelColumn(null)));
    }

    @Test
    void headerDetectedAndLabelIsTheLastColumnByDefault() throws IOException {
        Samples s = read("\uFEFFa,b,kind\n1,2,x\r\n\n3,4.5,\"y\"\n", new CsvReader.LabelColumn(null));
        assertEquals(List.of("a", "b"), s.featureNames());
        assertArrayEquals(new float[]{1, 2, 3, 4.5f}, s.x());
        assertArrayEquals(new String[]{"x", "y"}, s.labels());
        assertArrayEquals(new int[]{2, 4}, s.records(), "line numbers count the header and blank lines");
    }

    @Test
    void noHeaderWhenTheFirstLineHasANumber() throws IOException {
        Samples s = read("1,2,x\n3,4,y\n", new CsvReader.LabelColumn(null));
        assertEquals(2, s.rows());
        assertEquals(List.of("0", "1"), s.featureNames());
    }

    @Test
    void forcedHeaderAndNoHeader() throws IOException {
        assertEquals(1, read("1,2,3\n4,5,6\n", CsvReader.Header.YES, new CsvReader.LabelColumn(null)).rows());
        InvalidFileException e = assertThrows(InvalidFileException.class,
                () -> read("a,b,c\n4,5,6\n", CsvReader.Header.NO, new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: line 1: column '0': 'a' is not a number", e.getMessage());
    }

    @Test
    void labelByNameOrIndex() throws IOException {
        Samples byName = read("kind,a,b\nx,1,2\n", new CsvReader.LabelColumn("kind"));
        assertArrayEquals(new float[]{1, 2}, byName.x());
        Samples byIndex = read("9,1,2\n8,3,4\n", new CsvReader.LabelColumn("0"));
        assertArrayEquals(new String[]{"9", "8"}, byIndex.labels());
        assertArrayEquals(new float[]{1, 2, 3, 4}, byIndex.x());
    }

    @Test
    void targetsInTheOrderNamed() throws IOException {
        Samples s = read("y1,a,y2,b\n10,1,20,2\n", new CsvReader.TargetColumns(List.of("y2", "y1")));
        assertEquals(List.of("y2", "y1"), s.targetNames());
        assertArrayEquals(new float[]{20, 10}, s.targets());
        assertArrayEquals(new float[]{1, 2}, s.x());
        assertNull(s.labels());
    }

    @Test
    void featuresOnlyCanDropAColumn() throws IOException {
        Samples s = read("a,b,c\n1,2,3\n", new CsvReader.FeaturesOnly("b"));
        assertArrayEquals(new float[]{1, 3}, s.x());
    }

    @Test
    void raggedRow() {
        assertEquals("f.csv: line 3: 2 values; the header has 3", error("a,b,c\n1,2,3\n1,2\n", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: line 2: 4 values; line 1 has 3", error("1,2,3\n1,2,3,4\n", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: line 2: 1 value; the header has 3", error("a,b,c\n1\n", new CsvReader.LabelColumn(null)));
    }

    @Test
    void nonNumericAndNonFiniteValues() {
        assertEquals("f.csv: line 4: column 'b': 'x1' is not a number",
                error("a,b,c\n1,2,3\n1,2,3\n1,x1,3\n", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: line 2: column 'a': 'NaN' is not a finite number",
                error("a,b,c\nNaN,2,3\n", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: line 2: column 'a': '1e39' is beyond a float's range (a magnitude of at most "
                + "3.4028235E38)", error("a,b,c\n1e39,2,3\n", new CsvReader.LabelColumn(null)));
        // Too large for a double as well: the same words, not those of an infinity.
        assertEquals("f.csv: line 2: column 'a': '-1e400' is beyond a float's range (a magnitude of at most "
                + "3.4028235E38)", error("a,b,c\n-1e400,2,3\n", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: line 2: column 'a': '-inf' is not a finite number",
                error("a,b,c\n-inf,2,3\n", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: line 2: column 'a': '' is not a number (a missing value, as pandas' to_csv() writes NaN: "
                + "vecprop does not fill in missing values, and --skip-bad skips only NaN and infinities; drop or fill "
                + "those rows first, e.g. with pandas' dropna() or fillna())",
                error("a,b,c\n,2,3\n", new CsvReader.LabelColumn(null)));
        for (String na : new String[]{"NA", "N/A", "null", "None", "?"}) {
            assertEquals("f.csv: line 3: column 'b': '" + na + "' is not a number (a missing value, as R and others "
                    + "write one: vecprop does not fill in missing values, and --skip-bad skips only NaN and "
                    + "infinities; drop or fill those rows first, e.g. with pandas' dropna() or fillna())",
                    error("a,b,c\n1,2,3\n1," + na + ",3\n", new CsvReader.LabelColumn(null)));
        }
    }

    /**
     * Text in a feature column of the first row is a column of text (an ID, a date, or the classes when the label
     * was taken as the last column): the refusal says what to do, --drop where the command has it (train's
     * columns come as Dropping); later rows have a bad value, and say no more.
     */
    @Test
    void aColumnOfTextIsNamedWithWhatToDo() {
        assertEquals("f.csv: line 2: column 'species': 'setosa' is not a number (if column 'species' holds text, not "
                + "numbers, note that every column but the label is a feature, and the label was taken to be column 'b': "
                + "give --label species if this one holds the classes, else remove it from the file)", error("species,a,b\nsetosa,1,2\n", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: line 2: column 'species': 'setosa' is not a number (if column 'species' holds text, not "
                + "numbers, note that every column but the label is a feature, and the label was taken to be column 'b': "
                + "give --label species if this one holds the classes, else leave it out with --drop species)",
                error("species,a,b\nsetosa,1,2\n", new CsvReader.Dropping(new CsvReader.LabelColumn(null), List.of())));
        assertEquals("f.csv: line 2: column 'id': 'W1' is not a number (if column 'id' holds text, not numbers, every "
                + "column but the label is a feature: remove it from the file)",
                error("id,a,y\nW1,1,p\n", new CsvReader.LabelColumn("y")));
        assertEquals("f.csv: line 2: column 'date': '2024-01-02' is not a number (if column 'date' holds text, not "
                + "numbers, every column but the targets is a feature: leave it out with --drop date)",
                error("date,a,y\n2024-01-02,1,3\n", new CsvReader.Dropping(new CsvReader.TargetColumns(List.of("y")),
                        List.of())));
        // Names a shell or the option would take otherwise: quoted, or by index.
        assertTrue(error("it's,a,y\nW1,1,p\n", new CsvReader.Dropping(new CsvReader.LabelColumn("y"), List.of()))
                .endsWith("leave it out with --drop 'it'\\''s')"));
        assertTrue(error("my id,a,b,y\n7,W1,1,p\n", new CsvReader.Dropping(new CsvReader.LabelColumn("y"),
                List.of("my id"))).endsWith("leave it out with --drop 'my id',a)"));
        assertTrue(error("\"id,x\",a,y\nW1,1,p\n", new CsvReader.Dropping(new CsvReader.LabelColumn("y"), List.of()))
                .endsWith("leave it out with --drop 0)"), "--drop splits at the comma of a name");
        assertTrue(error("d,d,y\nW1,1,p\n", new CsvReader.Dropping(new CsvReader.LabelColumn("y"), List.of()))
                .endsWith("leave it out with --drop 0)"), "the header gives two columns that name");
        // A target of text is not to be removed: the classes, given as --targets.
        assertEquals("f.csv: line 2: column 'species': 'setosa' is not a number (column 'species' is a target, and "
                + "targets are numbers: if it holds classes, give --label species instead of --targets)",
                error("a,b,species\n1,2,setosa\n", new CsvReader.TargetColumns(List.of("species"))));
        assertEquals("f.csv: line 2: column 'y': 'p' is not a number",
                error("a,b,y\n1,2,p\n", new CsvReader.TargetColumns(List.of("y"), true)));
        // A column named twice is named by its index.
        assertTrue(error("k,k,y\nz,1,p\n", new CsvReader.LabelColumn(null)).contains("give --label 0 if"));
        // A later row has a bad value, not a column of text; a file without a header has its own hint.
        assertEquals("f.csv: line 3: column 'a': 'x' is not a number",
                error("a,b,y\n1,2,p\nx,2,q\n", new CsvReader.LabelColumn(null)));
    }

    /** A model's label column is taken where the data has it, else the last column (the feature count then tells). */
    @Test
    void aModelsLabelColumnIsTakenWhereTheDataHasOne() throws IOException {
        Samples first = read("x,1,2\ny,3,4\n", new CsvReader.LabelColumn(null, 0, null));
        assertArrayEquals(new String[]{"x", "y"}, first.labels());
        assertArrayEquals(new float[]{1, 2, 3, 4}, first.x());
        assertEquals(0, first.labelColumn());
        Samples narrow = read("1,x\n3,y\n", new CsvReader.LabelColumn(null, 5, null));
        assertArrayEquals(new String[]{"x", "y"}, narrow.labels());
        assertEquals(1, narrow.labelColumn());
        Samples told = read("5,1,y\n6,3,w\n", new CsvReader.LabelColumn("2", 0, null));
        assertArrayEquals(new String[]{"y", "w"}, told.labels());
    }

    /**
     * A model's label name is taken wherever the header has it once, before its place and the columns its
     * features leave; --label wins, and a file without a header has no names.
     */
    @Test
    void aModelsLabelNameIsTakenWhereTheHeaderHasIt() throws IOException {
        List<String> ab = List.of("a", "b");
        // An ID the training left out beside the label: by the features alone, either could be the label.
        String titanic = "id,survived,a,b\n7,p,1,2\n8,q,3,4\n";
        Samples s = read(titanic, new CsvReader.ForModel(new CsvReader.LabelColumn(null, 0, "survived"), ab, 2));
        assertArrayEquals(new String[]{"p", "q"}, s.labels());
        assertArrayEquals(new float[]{1, 2, 3, 4}, s.x());
        assertEquals(1, s.labelColumn());
        assertEquals(List.of("id"), s.unusedColumns());
        assertTrue(error(titanic, new CsvReader.ForModel(new CsvReader.LabelColumn(null, 0, null), ab, 2))
                .endsWith("the label may be any of 'id', 'survived': give --label COLUMN"));
        // Found by name wherever it is, without a model's features too.
        assertEquals(0, read("y,a,b\np,1,2\n", new CsvReader.LabelColumn(null, 2, "y")).labelColumn());
        // --label wins over the name.
        assertEquals(2, read("y,a,b\n5,1,p\n", new CsvReader.LabelColumn("b", -1, "y")).labelColumn());
        // A name the header has twice, or not at all, leaves the place to decide.
        assertEquals(1, read("y,y,b\n5,p,2\n", new CsvReader.LabelColumn(null, 1, "y")).labelColumn());
        assertEquals(2, read("c,a,b\n5,1,p\n", new CsvReader.LabelColumn(null, -1, "y")).labelColumn());
        // A name that is one of the model's features is not looked up: that column is the feature's.
        assertEquals(2, read("a,b,y\n1,2,p\n", new CsvReader.ForModel(new CsvReader.LabelColumn(null, -1, "a"), ab, 2))
                .labelColumn());
        // Without a header there are no names: column 1 is not named "1".
        assertEquals(2, read("5,6,p\n", CsvReader.Header.NO, new CsvReader.LabelColumn(null, -1, "1")).labelColumn());
    }

    /** Of many columns that could be a model's label, the refusal names eight and counts the rest. */
    @Test
    void manyColumnsThatCouldBeTheLabelAreNamedEightAtMost() {
        String header = "a,b,c0,c1,c2,c3,c4,c5,c6,c7,c8,c9\n";
        assertEquals("f.csv: line 1: the header names the model's features and 10 other columns; the label may be any "
                + "of 'c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7' and 2 more: give --label COLUMN",
                error(header + "1,2,3,4,5,6,7,8,9,10,11,12\n",
                        new CsvReader.ForModel(new CsvReader.LabelColumn(null, 0, null), List.of("a", "b"), 2)));
    }

    @Test
    void missingLabelAndUnknownColumns() {
        assertEquals("f.csv: line 2: the label (column 'c') is empty", error("a,b,c\n1,2,\n", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: line 1: no column named 'kind'; the header has a, b, c",
                error("a,b,c\n1,2,3\n", new CsvReader.LabelColumn("kind")));
        assertEquals("f.csv: line 1: column 7 does not exist; the file has 3 columns (0 to 2)",
                error("a,b,c\n1,2,3\n", new CsvReader.LabelColumn("7")));
        assertEquals("f.csv: line 1: the file has no header, so column 'kind' must be an index from 0 to 2 (if line 1 is "
                + "a header, give --header)", error("1,2,3\n", new CsvReader.LabelColumn("kind")));
    }

    /**
     * A label that reads as NaN (numpy's nan, pandas' NaN) is a missing label, as a feature that is NaN is a
     * missing value: refused, or with --skip-bad its line is left out; whatever the other labels are.
     */
    @Test
    void aLabelThatIsNaNIsAMissingValue() throws IOException {
        for (String v : new String[]{"nan", "NaN", "NAN", "-nan", "+NaN", "\" nan \""}) {
            assertEquals("f.csv: line 3: the label (column 'c') is '" + v.replace("\"", "") + "': a missing value, "
                    + "not a class", error("a,b,c\n1,2,0\n3,4," + v + "\n5,6,1\n", new CsvReader.LabelColumn(null)), v);
            assertEquals("f.csv: line 3: the label (column 'c') is '" + v.replace("\"", "") + "': a missing value, "
                    + "not a class", error("a,b,c\n1,2,x\n3,4," + v + "\n5,6,y\n", new CsvReader.LabelColumn(null)), v);
        }
        assertEquals("f.csv: line 1: the label (column '2') is 'nan': a missing value, not a class (if line 1 is a "
                + "header, give --header)", error("1,2,nan\n3,4,x\n", new CsvReader.LabelColumn(null)));
        BadValues bad = BadValues.skip();
        Samples s = CsvReader.read(new BufferedReader(new StringReader("a,b,c\n1,2,0\n3,4,NaN\n5,nan,nan\n7,8,1\n")),
                F, CsvReader.Header.AUTO, new CsvReader.LabelColumn(null), bad);
        assertArrayEquals(new String[]{"0", "1"}, s.labels());
        assertArrayEquals(new int[]{2, 5}, s.records());
        assertArrayEquals(new float[]{1, 2, 7, 8}, s.x());
        assertEquals(2, bad.skipped());
        assertEquals("line 3: the label (column 'c') is 'NaN': a missing value, not a class", bad.first());
        // Other labels that only look like a number's spelling are classes; so are an infinity's (not missing).
        Samples named = read("a,b,c\n1,2,nana\n3,4,inf\n5,6,Nan1\n", new CsvReader.LabelColumn(null));
        assertArrayEquals(new String[]{"nana", "inf", "Nan1"}, named.labels());
        // A target that is NaN is a value that is not finite, as before.
        assertEquals("f.csv: line 2: column 'c': 'nan' is not a finite number",
                error("a,b,c\n1,2,nan\n", new CsvReader.TargetColumns(List.of("c"))));
    }

    @Test
    void emptyFilesAndHeaderOnly() {
        assertEquals("f.csv: the file is empty", error("", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: the file has no data: its 3 lines are blank", error("\n  \n\t\n",
                new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: the file has no data: its one line is blank", error(" ", new CsvReader.LabelColumn(null)));
        assertEquals("f.csv: no data rows after the header", error("a,b,c\n", new CsvReader.LabelColumn(null)));
    }

    @Test
    void aColumnChosenByNameMustBeTheOnlyOneOfThatName() throws IOException {
        assertEquals("f.csv: line 1: the header names more than one column 'label' (columns 2 and 3, counting from 0); "
                        + "a column chosen by name must be the only one of that name",
                error("f1,f2,label,label\n1,2,x,p\n", new CsvReader.LabelColumn("label")));
        assertEquals("f.csv: line 1: the header names more than one column 't' (columns 2 and 3, counting from 0); "
                        + "a column chosen by name must be the only one of that name",
                error("a,b,t,t\n1,2,3,4\n", new CsvReader.TargetColumns(List.of("t"))));
        assertEquals("f.csv: line 1: the header names more than one column 'a' (columns 0, 1, 2, 3, 4, 5, 6, 7 and 2 "
                        + "more, counting from 0); a column chosen by name must be the only one of that name",
                error("a,a,a,a,a,a,a,a,a,a,b\n" + "1,".repeat(10) + "x\n", new CsvReader.FeaturesOnly("a")));
        // Chosen by index, or not chosen at all, a repeated name is only a feature's name.
        Samples byIndex = read("f1,f2,label,label\n1,2,5,p\n", new CsvReader.LabelColumn("3"));
        assertArrayEquals(new String[]{"p"}, byIndex.labels());
        assertArrayEquals(new float[]{1, 2, 5}, byIndex.x());
        assertEquals(List.of("f1", "f2", "label"), byIndex.featureNames());
        Samples unselected = read("a,a,kind\n1,2,x\n", new CsvReader.LabelColumn("kind"));
        assertArrayEquals(new float[]{1, 2}, unselected.x());
    }

    @Test
    void numbersAreTheDecimalFormsCsvWritersWrite() throws IOException {
        String[] accepted = {"7", "-7", "+7", "0", "-0", "007", "1.5", "-0.25", "1.", ".5", "-.5", "+.5", "1e5", "1E5",
                "1e+05", "2.5E-3", "-1.e2", "123456789012", "0.1000000000000000055511151231257827", "3.4028235e38"};
        for (String v : accepted) {
            Samples s = read("a,b\n" + v + ",x\n", new CsvReader.LabelColumn(null));
            assertEquals(Float.parseFloat(v), s.x()[0], v);
        }
        String[] refused = {"2f", "8d", "1F", "0x1p3", "0X10", "1_000", "1e", "1e+", "e5", ".", "-", "+", "--1", "+-1",
                "1.2.3", "1 2", "\u0661", "\u00011", "NaNa", "infinit", "Inf1", "1e5.0", "0x"};
        for (String v : refused) {
            // Quoted, so that the field keeps the spaces the reader strips around a field.
            InvalidFileException e = assertThrows(InvalidFileException.class,
                    () -> read("a,b\n1,x\n\"" + v + "\",x\n", new CsvReader.LabelColumn(null)), v);
            assertEquals("f.csv: line 3: column 'a': '" + Text.quote(v) + "' is not a number", e.getMessage(), v);
        }
        for (String v : new String[]{" 1", "1\t", " -2.5 "}) {
            // Spaces around a number inside quotes are ignored, as Float.parseFloat always did.
            Samples s = read("a,b\n\"" + v + "\",x\n", new CsvReader.LabelColumn(null));
            assertEquals(Float.parseFloat(v), s.x()[0], v);
        }
    }

    /** One number written many ways is one exact value; numbers that differ, however little, are not. */
    @Test
    void aDecimalIsTheExactValueWhateverTheWriting() {
        String[][] same = {{"1", "1.0", "1e0", "+01", "0.1e1", "10e-1", " 1.000 ", "1."},
                {"0", "-0", "0.00", "+0e5", ".0", "-0.0e-3"}, {"1.5", "15e-1", "0.15E+1", "01.50"},
                {"-250", "-2.5e2", "-250.0", "-.25E3"}, {"0.001", "1e-3", ".0010"}};
        for (String[] numbers : same) {
            for (String n : numbers) {
                assertEquals(CsvReader.decimal(numbers[0]), CsvReader.decimal(n), n);
            }
        }
        assertEquals(new CsvReader.Decimal(false, "", 0), CsvReader.decimal("-0.0"));
        assertEquals(new CsvReader.Decimal(true, "25", 1), CsvReader.decimal("-250"));
        assertEquals(new CsvReader.Decimal(false, "15", -1), CsvReader.decimal("1.5"));
        String[][] differ = {{"1", "1.00000001"}, {"16777216", "16777217"}, {"1", "-1"}, {"1e39", "1e40"},
                {"0.1", "0.01"}, {"12", "21"}};
        for (String[] pair : differ) {
            assertNotEquals(CsvReader.decimal(pair[0]), CsvReader.decimal(pair[1]), pair[0] + " " + pair[1]);
        }
        for (String v : new String[]{"3", "3.0", "3e2", "-4.50e1", "0", "1e1000"}) {
            assertTrue(CsvReader.decimal(v).isInteger(), v);
        }
        for (String v : new String[]{"0.2", "1.25", "5e-1", "-1.5", "123.4e0"}) {
            assertFalse(CsvReader.decimal(v).isInteger(), v);
        }
        for (String v : new String[]{"nan", "-NaN", "inf", "-Infinity", "x", "", "1e", "0x10", "2f", "1e9999999999999999"}) {
            assertNull(CsvReader.decimal(v), v);
        }
        // Ordered by value, whatever the writing: signs, magnitudes, and a prefix of digits before its extension.
        String[] ascending = {"-1e3", "-125", "-12", "-1.5", "-1", "-0.5", "-0.001", "0", "0.001", "1e-2", "0.5", "1",
                "1.5", "2", "9.99", "10", "12", "125", "1.3e2", "1e39", "1e1000000"};
        for (int i = 0; i < ascending.length; i++) {
            for (int j = 0; j < ascending.length; j++) {
                assertEquals(Integer.signum(Integer.compare(i, j)),
                        Integer.signum(CsvReader.decimal(ascending[i]).compareTo(CsvReader.decimal(ascending[j]))),
                        ascending[i] + " " + ascending[j]);
            }
        }
        assertEquals(0, CsvReader.decimal("-0.0").compareTo(CsvReader.decimal("0")));
        // In linear time: a million digits (BigDecimal takes seconds over them).
        String big = "1" + "0".repeat(1_000_000);
        assertEquals(new CsvReader.Decimal(false, "1", 1_000_000), CsvReader.decimal(big));
        assertEquals(CsvReader.decimal(big), CsvReader.decimal("1e1000000"));
    }

    @Test
    void nanAndInfinitySpellingsAreNotFinite() {
        for (String v : new String[]{"nan", "NaN", "NAN", "-nan", "+NaN", "inf", "-inf", "+inf", "Inf", "-Infinity",
                "INFINITY"}) {
            String m = error("a,b\n" + v + ",x\n", new CsvReader.LabelColumn(null));
            assertEquals(true, m.startsWith("f.csv: line 2: column 'a': '" + v + "' is not a finite number"), m);
        }
        for (String v : new String[]{"1e39", "-1e39", "3.5e38", "1e400", "1" + "0".repeat(39)}) {
            String m = error("a,b\n" + v + ",x\n", new CsvReader.LabelColumn(null));
            assertEquals(true, m.startsWith("f.csv: line 2: column 'a': '" + v + "' is beyond a float's range"), m);
        }
    }

    /** The fast paths give exactly what {@link Float#parseFloat} gives, the float nearest the decimal. */
    @Test
    void parsedValuesAreTheNearestFloat() {
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 300_000; i++) {
            StringBuilder b = new StringBuilder();
            if (random.nextInt(4) == 0) {
                b.append(random.nextBoolean() ? '-' : '+');
            }
            int digits = 1 + random.nextInt(random.nextBoolean() ? 9 : 20);
            int point = random.nextInt(digits + 2) - 1;
            for (int d = 0; d < digits; d++) {
                if (d == point) {
                    b.append('.');
                }
                b.append((char) ('0' + random.nextInt(10)));
            }
            if (random.nextInt(3) == 0) {
                b.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(3) == 0 ? "-" : "")
                        .append(random.nextInt(50));
            }
            String v = b.toString();
            float expected = Float.parseFloat(v);
            double got = CsvReader.parse(v);
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits((float) got), v);
        }
        // Values where rounding twice (to a double, then a float) would go wrong: halfway between two floats.
        for (String v : new String[]{"16777217", "16777219", "1.00000005960464477539062501", "0.1", "3.4028236e38",
                "1.4e-45", "7e-46", "1e-10", "9999999e10", "16777216e-10", "16777217e-10"}) {
            assertEquals(Float.floatToRawIntBits(Float.parseFloat(v)), Float.floatToRawIntBits((float) CsvReader.parse(v)), v);
        }
    }

    @Test
    void aNulCharacterIsNotText() {
        assertEquals("f.csv: line 3: not text: a NUL character (is the file UTF-16, or binary? vecprop reads UTF-8)",
                error("a,b\n1,x\n2\u0000,y\n", new CsvReader.LabelColumn(null)));
    }
}
