package dev.vecprop.core.internal.data;

import dev.vecprop.core.InvalidFileException;
import dev.vecprop.core.internal.Words;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Recognises gzip by its magic number, 1F 8B, whatever the file is called, and decompresses it strictly.
 *
 * <p>{@link java.util.zip.GZIPInputStream} ends quietly at bytes after a member that do not make another valid
 * member (junk appended to the file, a second member whose header is broken), so a damaged file reads as a
 * shorter good one. This reader takes one or more complete members one after the other, and zero bytes after
 * the last (padding, which gzip and Python's gzip module skip too), and refuses anything else: a member cut
 * short, corrupt deflate data, a CRC-32 or length that does not match, and other bytes after the last member
 * that do not start another one (which gzip decompresses with a warning). Every refusal is an
 * {@link InvalidFileException} naming the file.
 */
final class Gzip {

    private Gzip() {
    }

    /** {@code in} decompressed when it is gzip, else {@code in} buffered; either way positioned at its start. */
    static InputStream maybeDecompress(InputStream in, Path file) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
        b.mark(2);
        int b0 = b.read();
        int b1 = b.read();
        b.reset();
        if (b0 == 0x1F && b1 == 0x8B) {
            return new Stream(b, file);
        }
        return b;
    }

    /**
     * The problem {@code e}, found while parsing the decompressed data of {@code in}, or, when {@code in} is gzip
     * whose remaining data is damaged, that damage: a bit flipped in deflate data yields wrong bytes that the
     * parser may trip over before the CRC-32 at the member's end can tell. So the rest of the stream is read
     * (up to {@value #CHECK_LIMIT} more decompressed bytes) to check it, and when the data proves wrong (a CRC-32
     * or length that does not match, corrupt deflate data), the message names that and then the parser's
     * problem. Other faults found on the way (bytes after the last member, a cut) do not change the data read
     * before them, so the parser's problem stands.
     */
    static InvalidFileException explain(InputStream in, InvalidFileException e) {
        if (!(in instanceof Stream s) || s.failed) {
            return e;
        }
        try {
            byte[] sink = new byte[1 << 16];
            long left = CHECK_LIMIT;
            int n;
            while (left > 0 && (n = s.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
                left -= n;
            }
            return e;
        } catch (InvalidFileException damage) {
            if (!s.dataDamaged) {
                return e;
            }
            return new InvalidFileException(s.file, null, damage.problem() + "; decompressed, the damage "
                    + (e.record() == null ? "showed first as: " : "showed first at " + e.record() + ": ")
                    + e.problem(), e);
        } catch (IOException | RuntimeException other) {
            return e;
        }
    }

    private static final String TRUNCATED = "the gzip data ends early; the file is truncated";

    /**
     * {@code e}, or when it is the stream's report (on {@code file}) that the gzip data ends early, which it
     * makes without a place, that report at {@code where}: the line or item the parser was reading when the data
     * ran out. Other faults keep no place: the header's and the trailer's are not in any record.
     */
    static InvalidFileException placed(InvalidFileException e, Path file, String where) {
        return e.record() == null && TRUNCATED.equals(e.problem())
                ? new InvalidFileException(file, where, TRUNCATED, e) : e;
    }

    /** How much of a gzip stream {@link #explain} decompresses, at most, to look for damage: 1 GiB. */
    static final long CHECK_LIMIT = 1L << 30;

    /** Whether {@code in}, from {@link #maybeDecompress}, decompresses gzip. */
    static boolean isGzip(InputStream in) {
        return in instanceof Stream;
    }

    /** The decompressed bytes of one or more gzip members (RFC 1952), checked as they come. */
    static final class Stream extends InputStream {
        private static final int FHCRC = 2;
        private static final int FEXTRA = 4;
        private static final int FNAME = 8;
        private static final int FCOMMENT = 16;

        private final InputStream in;
        private final Path file;
        private final Inflater inflater = new Inflater(true);
        private final CRC32 crc = new CRC32();
        private final byte[] raw = new byte[1 << 16];
        private int rawPos;
        private int rawLim;
        /** Compressed bytes read from {@code in} before {@code raw}'s content. */
        private long rawBase;
        /** The member being read, from 1. */
        private int member;
        /** Its offset in the file. */
        private long memberStart;
        /** Its decompressed bytes so far. */
        private long size;
        private boolean inHeader = true;
        private boolean done;
        /** Whether this stream has refused its data: nothing more is read. */
        boolean failed;
        /** Whether it was refused because the decompressed data is wrong, not only incomplete or followed by junk. */
        boolean dataDamaged;

        Stream(InputStream in, Path file) {
            this.in = in;
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            try {
                return inflate(b, off, len);
            } catch (InvalidFileException e) {
                failed = true;
                throw e;
            }
        }

        private int inflate(byte[] b, int off, int len) throws IOException {
            while (!done) {
                if (failed) {
                    throw new InvalidFileException(file, null, "the gzip data was already found damaged");
                }
                if (inHeader) {
                    readHeader();
                    inHeader = false;
                }
                int n;
                try {
                    n = inflater.inflate(b, off, len);
                } catch (DataFormatException e) {
                    dataDamaged = true;
                    throw corrupt(Text.quote(String.valueOf(e.getMessage())));
                }
                if (n > 0) {
                    crc.update(b, off, n);
                    size += n;
                    return n;
                }
                if (inflater.finished()) {
                    rawPos = rawLim - inflater.getRemaining();
                    readTrailer();
                    startNextMember();
                } else if (inflater.needsDictionary()) {
                    throw corrupt("a preset dictionary, which gzip does not use");
                } else if (inflater.needsInput()) {
                    if (rawPos == rawLim && !fill()) {
                        throw truncated();
                    }
                    inflater.setInput(raw, rawPos, rawLim - rawPos);
                    rawPos = rawLim;
                } else {
                    throw corrupt("the deflate data makes no progress");
                }
            }
            return -1;
        }

        /** After a member's trailer: the end of the file, or the start of another member, or junk. */
        private void startNextMember() throws IOException {
            if (rawPos == rawLim && !fill()) {
                done = true;
                return;
            }
            long at = offset();
            int b0 = raw[rawPos] & 0xFF;
            int b1 = rawPos + 1 < rawLim || fill() ? raw[rawPos + 1] & 0xFF : -1;
            if (b0 != 0x1F || b1 != 0x8B) {
                // Zero bytes are padding (tar, dd and tapes leave it), which gzip and Python skip; anything
                // else is junk.
                long count = 0;
                boolean zeros = true;
                do {
                    for (int i = rawPos; i < rawLim && zeros; i++) {
                        zeros = raw[i] == 0;
                    }
                    count += rawLim - rawPos;
                    rawPos = rawLim;
                } while (fill());
                if (zeros) {
                    done = true;
                    return;
                }
                throw new InvalidFileException(file, "byte " + at, Words.count(count, "byte")
                        + " after the end of the gzip data that do not start another gzip member (junk appended "
                        + "to the file?)");
            }
            inHeader = true;
            inflater.reset();
            crc.reset();
            size = 0;
        }

        private void readHeader() throws IOException {
            member++;
            memberStart = offset();
            CRC32 headerCrc = new CRC32();
            int id1 = headerByte(headerCrc);
            int id2 = headerByte(headerCrc);
            if (id1 != 0x1F || id2 != 0x8B) {
                throw corrupt("not a gzip member header");
            }
            int method = headerByte(headerCrc);
            if (method != 8) {
                throw corrupt("compression method " + method + "; gzip has only 8, deflate");
            }
            int flags = headerByte(headerCrc);
            if ((flags & 0xE0) != 0) {
                throw corrupt(String.format("reserved header flags set (0x%02X)", flags));
            }
            for (int i = 0; i < 6; i++) { // MTIME, XFL, OS
                headerByte(headerCrc);
            }
            if ((flags & FEXTRA) != 0) {
                int xlen = headerByte(headerCrc) | headerByte(headerCrc) << 8;
                for (int i = 0; i < xlen; i++) {
                    headerByte(headerCrc);
                }
            }
            if ((flags & FNAME) != 0) {
                while (headerByte(headerCrc) != 0) {
                    // the original file name
                }
            }
            if ((flags & FCOMMENT) != 0) {
                while (headerByte(headerCrc) != 0) {
                    // a comment
                }
            }
            if ((flags & FHCRC) != 0) {
                int expected = (int) (headerCrc.getValue() & 0xFFFF);
                int stored = headerByte(null) | headerByte(null) << 8;
                if (stored != expected) {
                    throw corrupt("the header's CRC-16 does not match the header");
                }
            }
        }

        private void readTrailer() throws IOException {
            long storedCrc = uint32();
            long storedSize = uint32();
            dataDamaged = storedCrc != crc.getValue() || storedSize != (size & 0xFFFF_FFFFL);
            if (storedCrc != crc.getValue()) {
                throw corrupt("the CRC-32 does not match the data");
            }
            if (storedSize != (size & 0xFFFF_FFFFL)) {
                throw corrupt("the length in the trailer, " + storedSize + ", does not match the data's, "
                        + (size & 0xFFFF_FFFFL));
            }
        }

        private long uint32() throws IOException {
            long v = 0;
            for (int i = 0; i < 4; i++) {
                v |= (long) headerByte(null) << (8 * i);
            }
            return v;
        }

        /** The next compressed byte outside deflate data (header, trailer), added to {@code crc} when not null. */
        private int headerByte(CRC32 crc) throws IOException {
            if (rawPos == rawLim && !fill()) {
                throw truncated();
            }
            int v = raw[rawPos++] & 0xFF;
            if (crc != null) {
                crc.update(v);
            }
            return v;
        }

        /**
         * Reads more compressed bytes, keeping the unread ones: false at the end of the file. Called only when
         * fewer than two bytes are unread.
         */
        private boolean fill() throws IOException {
            int keep = rawLim - rawPos;
            System.arraycopy(raw, rawPos, raw, 0, keep);
            rawBase += rawPos;
            rawPos = 0;
            rawLim = keep;
            int n = in.read(raw, keep, raw.length - keep);
            if (n <= 0) {
                return false;
            }
            rawLim += n;
            return true;
        }

        /** The file offset of the next unread compressed byte. */
        private long offset() {
            return rawBase + rawPos;
        }

        private InvalidFileException truncated() {
            return new InvalidFileException(file, null, TRUNCATED);
        }

        private InvalidFileException corrupt(String what) {
            return new InvalidFileException(file, null, "the gzip data is corrupt (" + (member > 1
                    ? "member " + member + ", from byte " + memberStart + ": " : "") + what + ")");
        }

        @Override
        public void close() throws IOException {
            inflater.end();
            in.close();
        }
    }
}
