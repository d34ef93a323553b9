package dev.vecprop.core;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vecprop.testfiles.FuzzFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of {@link ModelFile#load}. Half the inputs are whole files; the other half are
 * payloads framed with a right header and checksum, so that the fuzzer reaches the decoder behind the CRC, as
 * version 1 or 2 (the bit beside the one that frames: inputs kept from before version 2, when every frame was
 * version 1, read as they did when that bit is clear), or 3 when the bit after it is set (clear in every input
 * from before version 3), or 4 when the bit after that is set (clear in every input from before version 4).
 * Without {@code JAZZER_FUZZ} it replays the committed inputs in
 * {@code src/test/resources/dev/vecprop/core/ModelFileFuzzTestInputs/model}; docs/reliability.md says how to fuzz.
 */
class ModelFileFuzzTest {

    private static final Path FILE = FuzzFiles.file("fuzz.vpm");

    @FuzzTest(maxDuration = "10s")
    void model(FuzzedDataProvider data) throws IOException {
        byte mode = data.consumeByte(); // bit 0 as consumeBoolean() reads it
        boolean framed = (mode & 1) != 0;
        byte[] bytes = data.consumeRemainingAsBytes();
        Files.write(FILE, framed ? frame(bytes, (mode & 8) != 0 ? 4 : (mode & 4) != 0 ? 3 : (mode & 2) != 0 ? 2 : 1) : bytes);
        Model m;
        try {
            m = ModelFile.load(FILE, KernelProviders.scalar());
        } catch (InvalidFileException e) {
            String message = e.getMessage();
            assertTrue(message.startsWith(FILE + ": "), message);
            assertFalse(message.contains("\n"), message);
            return;
        }
        // A model that loads is usable: it predicts one value per output.
        float[] y = m.predict(new float[m.inputSize()]);
        assertEquals(m.network().outputSize(), y.length);
    }

    /** {@code payload} as a file of the newest version: magic, version, length, payload, CRC-32. */
    static byte[] frame(byte[] payload) {
        return frame(payload, ModelFile.FORMAT_VERSION);
    }

    static byte[] frame(byte[] payload, int version) {
        ByteBuffer b = ByteBuffer.allocate(ModelFile.HEADER_BYTES + payload.length + 4);
        b.put(ModelFile.MAGIC).putShort((short) version).putInt(payload.length).put(payload);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        return b.putInt((int) crc.getValue()).array();
    }
}
