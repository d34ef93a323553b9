package dev.vecprop.core.internal.data;

import java.util.Arrays;
import java.util.Random;

/** Seeded damage to a real file: what a bad disk, a cut download or a careless edit does. */
final class Mutations {

    private Mutations() {
    }

    /** {@code original} with one to four of: a byte changed, a bit flipped, bytes cut, inserted or duplicated. */
    static byte[] mutate(byte[] original, Random random) {
        byte[] b = original;
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            int at = b.length == 0 ? 0 : random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (b.length > 0) {
                        b = b.clone();
                        b[at] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> {
                    if (b.length > 0) {
                        b = b.clone();
                        b[at] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 2 -> b = Arrays.copyOf(b, at);
                case 3 -> {
                    int len = Math.min(b.length - at, 1 + random.nextInt(16));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + len, c, at, b.length - at - len);
                    b = c;
                }
                case 4 -> {
                    byte[] ins = new byte[1 + random.nextInt(8)];
                    random.nextBytes(ins);
                    b = splice(b, at, ins);
                }
                default -> {
                    int len = Math.min(b.length - at, 1 + random.nextInt(64));
                    b = splice(b, at, Arrays.copyOfRange(b, at, at + len));
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, byte[] ins) {
        byte[] c = new byte[b.length + ins.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(ins, 0, c, at, ins.length);
        System.arraycopy(b, at, c, at + ins.length, b.length - at);
        return c;
    }
}
