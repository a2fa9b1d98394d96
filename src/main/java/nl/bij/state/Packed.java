package nl.bij.state;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The documents the database keeps (a notice's content, the copy of an event held for its window or waiting for
 * review) are stored compressed in the zlib format (RFC 1950): XML shrinks to about half, and the embedded
 * database's file with it (issue 19).
 *
 * <p>A document stored before, uncompressed, is read as it is: a zlib stream starts with the byte {@code 0x78} and
 * a header that is a multiple of 31, an XML document with {@code <}, white space or a byte order mark.
 *
 * <p>Each thread keeps its compressor and decompressor: making one reserves some 300 kB of native memory, which
 * would otherwise be taken and given back for every notice.
 */
final class Packed {

    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);
    private static final int ZLIB_DEFLATE_32K = 0x78;

    private Packed() {
    }

    static byte[] pack(byte[] document) {
        Deflater deflater = DEFLATERS.get();
        try {
            deflater.setInput(document);
            deflater.finish();
            ByteArrayOutputStream packed = new ByteArrayOutputStream(document.length / 2 + 64);
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                packed.write(buffer, 0, deflater.deflate(buffer));
            }
            return packed.toByteArray();
        } finally {
            deflater.reset();
        }
    }

    static byte[] unpack(byte[] stored) {
        if (!isPacked(stored)) {
            return stored;
        }
        Inflater inflater = INFLATERS.get();
        try {
            inflater.setInput(stored);
            ByteArrayOutputStream document = new ByteArrayOutputStream(stored.length * 3);
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalStateException("a stored document ends before its compressed stream does");
                }
                document.write(buffer, 0, n);
            }
            return document.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalStateException("a stored document is not a readable compressed stream", e);
        } finally {
            inflater.reset();
        }
    }

    private static boolean isPacked(byte[] stored) {
        return stored.length >= 2 && (stored[0] & 0xff) == ZLIB_DEFLATE_32K
                && (((stored[0] & 0xff) << 8) | (stored[1] & 0xff)) % 31 == 0;
    }
}
