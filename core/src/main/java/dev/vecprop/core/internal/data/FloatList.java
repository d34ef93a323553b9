package dev.vecprop.core.internal.data;

import dev.vecprop.core.InvalidFileException;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A growable float array that refuses to grow past {@link Limits#MAX_VALUES} or past the heap: it grows as
 * values arrive, so its size follows the data actually read, never a count that a file claims.
 */
final class FloatList {
    private final Path file;
    private float[] a;
    private int n;

    /** Room for {@code capacity} values to start with; {@code record} names where that is decided. */
    FloatList(Path file, int capacity, String record) throws InvalidFileException {
        this.file = file;
        long heap = Runtime.getRuntime().maxMemory();
        int c = Math.max(16, capacity);
        if (4L * c > heap) {
            throw tooBig(record, c, heap);
        }
        try {
            this.a = new float[c];
        } catch (OutOfMemoryError e) {
            throw tooBig(record, c, heap);
        }
    }

    /** Appends {@code v}; {@code record} ("line 17") names where the data was when it outgrew the limits. */
    void add(float v, String record) throws InvalidFileException {
        if (n == a.length) {
            grow(1, record);
        }
        a[n++] = v;
    }

    /** Appends the first {@code count} values of {@code src}, as {@link #add} would one by one. */
    void addAll(float[] src, int count, String record) throws InvalidFileException {
        if (a.length - n < count) {
            grow(count, record);
        }
        System.arraycopy(src, 0, a, n, count);
        n += count;
    }

    /** Room for {@code more} values after the {@code n} held. */
    private void grow(int more, String record) throws InvalidFileException {
        if ((long) n + more > Limits.MAX_VALUES) {
            throw new InvalidFileException(file, record, "more than " + Limits.MAX_VALUES
                    + " values, the most one data set holds");
        }
        long capacity = Math.min(Limits.MAX_VALUES, Math.max(n + (n >> 1) + 16L, (long) n + more));
        long heap = Runtime.getRuntime().maxMemory();
        // The copy needs the old array and the new one at once.
        if (4 * (capacity + n) > heap) {
            throw tooBig(record, capacity, heap);
        }
        try {
            a = Arrays.copyOf(a, (int) capacity);
        } catch (OutOfMemoryError e) {
            // Thrown by this one allocation, which failed whole: nothing else is affected.
            throw tooBig(record, capacity, heap);
        }
    }

    private InvalidFileException tooBig(String record, long capacity, long heap) {
        return new InvalidFileException(file, record, "the data outgrows the memory of this JVM: " + n
                + " values read, room for " + capacity + " needs " + (4 * capacity >> 20) + " MiB more, the heap's "
                + "maximum is " + (heap >> 20) + " MiB (give java more with -Xmx, e.g. -Xmx8g; with bin/vecprop, VECPROP_JAVA_OPTS=-Xmx8g)");
    }

    int size() {
        return n;
    }

    /** Forgets the values after the first {@code size}. */
    void truncate(int size) {
        n = size;
    }

    /** Reorders the last k values: value i (in file order) goes to position order[i]. */
    void reorderLast(int k, int[] order) {
        float[] tmp = Arrays.copyOfRange(a, n - k, n);
        for (int i = 0; i < k; i++) {
            a[n - k + order[i]] = tmp[i];
        }
    }

    float[] toArray() {
        return n == a.length ? a : Arrays.copyOf(a, n);
    }
}
