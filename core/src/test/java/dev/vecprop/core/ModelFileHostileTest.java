package dev.vecprop.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model files built to exhaust memory, and seeded damage to the golden file: refused, never loaded wrong. */
class ModelFileHostileTest {

    @TempDir
    Path dir;

    @Test
    void aLayerOf100000By100000IsRefusedBeforeAllocating() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream p = new DataOutputStream(bytes)) {
            p.writeShort(3);
            p.writeBytes("mse");
            p.writeByte(1);
            p.writeInt(100_000);
            p.writeShort(1);
            p.writeInt(100_000);
            p.writeShort(8);
            p.writeBytes("identity");
            p.writeByte(1);
            p.writeByte(0);
            p.writeInt(1);
            p.writeShort(1);
            p.writeBytes("y");
        }
        Path f = Files.write(dir.resolve("huge.vpm"), ModelFileFuzzTest.frame(bytes.toByteArray(), 2));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ModelFile.load(f, KernelProviders.scalar()));
        assertEquals(f + ": byte 41 (layers): needs 40000400000 more bytes; the payload has 8 left", e.getMessage());
    }

    @Test
    void aHeaderAnnouncingFourGigabytesIsCheckedAgainstTheFileLength() throws IOException {
        byte[] golden = Files.readAllBytes(ModelFileTest.GOLDEN_V1);
        ByteBuffer.wrap(golden).putInt(ModelFile.MAGIC.length + 2, -1);
        Path f = Files.write(dir.resolve("claims.vpm"), golden);
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ModelFile.load(f, KernelProviders.scalar()));
        assertEquals(f + ": byte " + golden.length + ": the file ends early: the header announces 4294967313 bytes, the "
                + "file has " + golden.length + "; it is truncated", e.getMessage());
    }

    @Test
    void aPipeAnnouncingTwoGigabytesCostsOnlyTheBytesItHolds() throws Exception {
        // A pipe has no length to check the header's against: the payload is read as it comes, never allocated
        // at the size announced.
        byte[] golden = Files.readAllBytes(ModelFileTest.GOLDEN_V1);
        int announced = Integer.MAX_VALUE - 8 - 4;
        ByteBuffer.wrap(golden).putInt(ModelFile.MAGIC.length + 2, announced);
        Path f = ModelFileTest.pipeOf(dir, "claims.vpm", golden);
        long before = allocatedBytes();
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ModelFile.load(f, KernelProviders.scalar()));
        long allocated = allocatedBytes() - before;
        assertEquals(f + ": byte " + golden.length + ": the file ends early: the header announces "
                + ((long) ModelFile.HEADER_BYTES + announced + 4) + " bytes, the file has " + golden.length + "; it is truncated",
                e.getMessage());
        assertTrue(allocated < 16 << 20, allocated + " bytes allocated");
    }

    /**
     * The bytes this thread has allocated so far, from the JVM's management bean (by reflection: this module does
     * not read jdk.management).
     */
    static long allocatedBytes() throws ReflectiveOperationException {
        Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        return (long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes")
                .invoke(bean);
    }

    @Test
    void nonFiniteWeightsAreRefused() throws IOException {
        byte[] golden = Files.readAllBytes(ModelFileTest.GOLDEN_V2);
        byte[] payload = Arrays.copyOfRange(golden, ModelFile.HEADER_BYTES, golden.length - 4);
        // The last float of the payload is the output layer's last weight.
        ByteBuffer.wrap(payload).putFloat(payload.length - 4, Float.NaN);
        Path f = Files.write(dir.resolve("nan.vpm"), ModelFileFuzzTest.frame(payload, 2));
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ModelFile.load(f, KernelProviders.scalar()));
        assertEquals(f + ": byte " + (golden.length - 8) + " (weights of layer 2): parameter 7 is NaN; a model holds "
                + "finite numbers only", e.getMessage());
    }

    /** Every damage to a saved model is detected: 2000 seeded mutations, none loads as a different model. */
    @Test
    void mutatedModelFilesAreRefused() throws IOException {
        byte[] golden = Files.readAllBytes(ModelFileTest.GOLDEN_V2);
        Random random = new Random(3);
        Path f = dir.resolve("m.vpm");
        for (int i = 0; i < 2000; i++) {
            byte[] m = golden.clone();
            int changes = 1 + random.nextInt(3);
            for (int c = 0; c < changes; c++) {
                m[random.nextInt(m.length)] ^= (byte) (1 + random.nextInt(255));
            }
            if (random.nextInt(4) == 0) {
                m = Arrays.copyOf(m, random.nextInt(m.length + 8));
            }
            if (Arrays.equals(m, golden)) {
                continue;
            }
            Files.write(f, m);
            InvalidFileException e = assertThrows(InvalidFileException.class,
                    () -> ModelFile.load(f, KernelProviders.scalar()), "mutation " + i);
            assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
