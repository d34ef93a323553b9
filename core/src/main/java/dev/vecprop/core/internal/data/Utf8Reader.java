package dev.vecprop.core.internal.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * UTF-8 text that is refused, not repaired, where its bytes are not UTF-8. {@link java.io.InputStreamReader}
 * replaces such bytes with U+FFFD, so a Latin-1 {@code café} and {@code cafè} would read as one label; this
 * reader returns every character before the first bad byte, then throws {@link NotUtf8} on the next read, so
 * that a line reader knows which line holds the bad byte.
 */
final class Utf8Reader extends Reader {

    /** Bytes that are not UTF-8, at {@link #offset} of the text. */
    static final class NotUtf8 extends IOException {
        private static final long serialVersionUID = 1L;

        /** What is wrong, in words, for a message that names the file and the line. */
        final String problem;

        NotUtf8(String problem) {
            super(problem);
            this.problem = problem;
        }
    }

    private final InputStream in;
    private final boolean decompressed;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    /** Bytes read and not yet decoded, in read mode. */
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    /** The offset in the text of {@code bytes}' first byte. */
    private long base;
    private boolean eof;
    private boolean flushed;
    private NotUtf8 pending;

    /** @param decompressed whether {@code in} is decompressed gzip, for offsets in messages */
    Utf8Reader(InputStream in, boolean decompressed) {
        this.in = in;
        this.decompressed = decompressed;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, cbuf.length);
        if (pending != null) {
            throw pending;
        }
        if (flushed) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(cbuf, off, len);
        while (true) {
            CoderResult r = decoder.decode(bytes, out, eof);
            if (r.isError()) {
                pending = notUtf8();
                if (out.position() > off) {
                    return out.position() - off;
                }
                throw pending;
            }
            if (out.position() > off) {
                return out.position() - off;
            }
            if (eof) {
                decoder.flush(out); // nothing for UTF-8, which keeps no state between characters
                flushed = true;
                return out.position() > off ? out.position() - off : -1;
            }
            base += bytes.position();
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                eof = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }
    }

    /** The problem at {@code bytes}' position, where the decoder stopped. */
    private NotUtf8 notUtf8() {
        int at = bytes.position();
        long offset = base + at;
        int b = bytes.get(at) & 0xFF;
        if (offset == 0 && bytes.limit() >= 2 && (b == 0xFF && (bytes.get(1) & 0xFF) == 0xFE
                || b == 0xFE && (bytes.get(1) & 0xFF) == 0xFF)) {
            return new NotUtf8("UTF-16 text (it starts with a UTF-16 byte order mark); vecprop reads UTF-8, so save "
                    + "the file as UTF-8");
        }
        return new NotUtf8(String.format("not UTF-8 text: byte %02X at offset %d%s is not valid UTF-8 %s", b, offset,
                decompressed ? " (decompressed)" : "",
                offset < 8 ? "(is it a binary file, such as a model file?)" : "(save the file as UTF-8)"));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
