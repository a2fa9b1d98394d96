package nl.bij.intake;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.xml.sax.SAXParseException;

/**
 * What went wrong in a message that is not well-formed XML, in fixed words: the parser's own message may quote
 * what it read (an undeclared entity's name, taken from a surname such as {@code Jansen &Zn;}), and a decision's
 * detail is logged and shown. So the parser's message is only matched, never passed on; where it was is given as
 * line and column, which is what a sender needs to find it.
 */
final class ParserErrors {

    /** Parts of the JDK parser's messages, and the fixed text each stands for; the first that matches wins. */
    private static final Map<String, String> TEXTS = texts();
    private static final String OTHERWISE = "the message is not well-formed XML";

    private ParserErrors() {
    }

    static String describe(Exception error) {
        String message = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
        String text = TEXTS.entrySet().stream().filter(e -> message.contains(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(OTHERWISE);
        return text + (error instanceof SAXParseException at && at.getLineNumber() > 0
                ? " (line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ")" : "");
    }

    private static Map<String, String> texts() {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("doctype", "a DOCTYPE is not allowed (no DTDs, no external entities)");
        texts.put("invalid byte", "a byte sequence is not valid in the message's encoding");
        texts.put("malformedbytesequence", "a byte sequence is not valid in the message's encoding");
        texts.put("invalid xml character", "the message contains a character that XML does not allow");
        texts.put("entity", "an '&' does not start a valid character or entity reference (write &amp;)");
        texts.put("content is not allowed in prolog", "there is content before the root element");
        texts.put("following the root element", "there is content after the root element");
        texts.put("premature end of file", "the message ends before its document does");
        texts.put("must start and end within the same entity", "the message ends before its document does");
        texts.put("matching end-tag", "an element is not closed by its matching end tag");
        texts.put("attribute", "an attribute is not well-formed");
        texts.put("open quote", "an attribute is not well-formed");
        texts.put("'<'", "a '<' in text or in an attribute value (write &lt;)");
        texts.put("element type", "a tag is not well-formed");
        return texts;
    }
}
