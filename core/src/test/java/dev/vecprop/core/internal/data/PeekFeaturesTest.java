package dev.vecprop.core.internal.data;

import dev.vecprop.testfiles.IdxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** DataFiles.peekFeatures: the warm-up's guess of the features from a file's first bytes, or -1. */
class PeekFeaturesTest {

    @TempDir
    Path dir;

    @Test
    void aCsvFileGivesItsFirstLinesFieldsLessTheOtherColumns() throws IOException {
        Path csv = Files.writeString(dir.resolve("a.csv"), "\n  \nsepal,petal,width,kind\n1,2,3,x\n");
        assertEquals(3, DataFiles.peekFeatures(csv, 1));
        assertEquals(2, DataFiles.peekFeatures(csv, 2));
        assertEquals(-1, DataFiles.peekFeatures(csv, 4), "no feature left");
        Path gz = dir.resolve("a.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("a,b,c,d,e\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(4, DataFiles.peekFeatures(gz, 1));
        Path quoted = Files.writeString(dir.resolve("q.csv"), "\"a,b\",\"say \"\"hi, there\"\"\",c,kind\n");
        assertEquals(3, DataFiles.peekFeatures(quoted, 1), "commas inside double quotes are in their field");
    }

    @Test
    void anIdxFileGivesItsItemSize() throws IOException {
        Path images = IdxFiles.write(dir.resolve("x-idx3-ubyte"), IdxFiles.ubyte(new int[]{2, 3, 4}, new int[24]));
        assertEquals(12, DataFiles.peekFeatures(images, 1));
    }

    @Test
    void whatCannotBeToldIsMinusOne() throws IOException {
        assertEquals(-1, DataFiles.peekFeatures(dir.resolve("missing.csv"), 1));
        assertEquals(-1, DataFiles.peekFeatures(Files.writeString(dir.resolve("empty.csv"), ""), 1));
        assertEquals(-1, DataFiles.peekFeatures(Files.writeString(dir.resolve("open.csv"), "a,b,c"), 1),
                "a first line without its end");
        assertEquals(-1, DataFiles.peekFeatures(dir, 1), "a folder");
        Path shortIdx = Files.write(dir.resolve("short-idx3-ubyte"), new byte[]{0, 0, 8, 3, 0, 0});
        assertEquals(-1, DataFiles.peekFeatures(shortIdx, 1));
    }
}
