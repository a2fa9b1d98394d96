package nl.bij.intake;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The copy of a valid release event that waits while a person reviews it (so that a chosen municipality can still
 * be notified): the document without its aftercare block and without the BSN, neither of which a person needs.
 */
public final class ReviewCopy {

    private static final Pattern BSN = Pattern.compile("<([A-Za-z_][A-Za-z0-9_.-]*:)?bsn\\b[^>]*>[^<]*</\\1?bsn\\s*>");

    private ReviewCopy() {
    }

    /** Only for a document that passed intake (well-formed, valid): then these patterns match exactly the elements. */
    public static byte[] of(byte[] validDocument) {
        String text = new String(AftercareRedaction.redact(validDocument), StandardCharsets.ISO_8859_1);
        return BSN.matcher(text).replaceAll("").getBytes(StandardCharsets.ISO_8859_1);
    }
}
