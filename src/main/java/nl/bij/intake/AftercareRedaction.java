package nl.bij.intake;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes aftercare blocks from the raw bytes of a message that the service keeps (a rejected message may not
 * even be well-formed, so this works on text, not on a parse tree).
 *
 * <p>It errs towards removing too much: from an opening {@code <aftercare} to the last matching closing tag,
 * or to the end of the message when there is none. Losing part of a broken message is acceptable; keeping
 * aftercare data is not (INTERFACE.md §1.4). Bytes are handled as ISO-8859-1 so that every byte, including
 * those of multi-byte UTF-8 characters and of binary garbage, survives unchanged.
 */
public final class AftercareRedaction {

    static final String MARKER = "<!-- aftercare removed at intake -->";

    private static final Pattern OPENING =
            Pattern.compile("<([A-Za-z_][A-Za-z0-9_.-]*:)?aftercare(?=[\\s/>]|$)");

    private AftercareRedaction() {
    }

    public static byte[] redact(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        String redacted = redact(text);
        return redacted == text ? bytes : redacted.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String redact(String text) {
        Matcher opening = OPENING.matcher(text);
        if (!opening.find()) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        int position = 0;
        do {
            kept.append(text, position, opening.start()).append(MARKER);
            position = endOfBlock(text, opening.end(), opening.group(1) == null ? "" : opening.group(1));
        } while (position < text.length() && opening.find(position));
        return kept.append(text, Math.min(position, text.length()), text.length()).toString();
    }

    /** Index just past the block that starts before {@code from}. */
    private static int endOfBlock(String text, int from, String prefix) {
        int tagEnd = text.indexOf('>', from);
        if (tagEnd < 0) {
            return text.length();
        }
        if (text.charAt(tagEnd - 1) == '/') {
            return tagEnd + 1;
        }
        Matcher closing = Pattern.compile("</" + Pattern.quote(prefix) + "aftercare\\s*>").matcher(text);
        int end = -1;
        while (closing.find(tagEnd)) {
            end = closing.end();
            tagEnd = end;
        }
        return end < 0 ? text.length() : end;
    }
}
