package nl.bij.intake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static nl.bij.intake.RejectReason.MALFORMED_XML;
import static nl.bij.intake.RejectReason.SCHEMA_VIOLATION;
import static nl.bij.intake.RejectReason.TOO_LARGE;
import static nl.bij.intake.RejectReason.UNSUPPORTED_VERSION;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Hostile and broken inputs, each with the reason it must be rejected for. Shared by the reader's unit test and
 * the end-to-end test through the broker, so both judge the same corpus.
 */
public final class HostileCorpus {

    public static final int LIMIT = 1024 * 1024;
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final String ROOT = "<releaseEvent xmlns=\"urn:nl:justid:bij:release:1\" version=\"1.0\">";

    public record Case(String name, byte[] body, RejectReason expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private HostileCorpus() {
    }

    public static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // Entities and DTDs: refused outright, whatever they try
        add(cases, "xxe-file", HEAD + "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + ROOT
                + "<eventId>&x;</eventId></releaseEvent>", MALFORMED_XML);
        add(cases, "xxe-http", HEAD + "<!DOCTYPE r [<!ENTITY x SYSTEM \"http://127.0.0.1:1/x\">]>" + ROOT
                + "<eventId>&x;</eventId></releaseEvent>", MALFORMED_XML);
        add(cases, "xxe-parameter-entity", HEAD + "<!DOCTYPE r [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>"
                + ROOT + "</releaseEvent>", MALFORMED_XML);
        add(cases, "external-dtd", HEAD + "<!DOCTYPE releaseEvent SYSTEM \"http://127.0.0.1:1/evil.dtd\">"
                + Events.minimal().substring(Events.minimal().indexOf("<releaseEvent")), MALFORMED_XML);
        add(cases, "billion-laughs", HEAD + billionLaughs() + ROOT + "<eventId>&lol9;</eventId></releaseEvent>",
                MALFORMED_XML);
        add(cases, "quadratic-blowup", HEAD + "<!DOCTYPE r [<!ENTITY a \"" + "x".repeat(50_000) + "\">]>" + ROOT
                + "<eventId>" + "&a;".repeat(1000) + "</eventId></releaseEvent>", MALFORMED_XML);
        add(cases, "undeclared-entity", Events.minimalWith("<surname>Minimaal</surname>", "<surname>&foo;</surname>"),
                MALFORMED_XML);
        // Size
        cases.add(new Case("oversize-by-one-byte", oversize(), TOO_LARGE));
        // Not XML, or broken XML
        cases.add(new Case("empty", new byte[0], MALFORMED_XML));
        add(cases, "whitespace-only", "   \n\t  ", MALFORMED_XML);
        cases.add(new Case("binary-garbage", randomBytes(4096), MALFORMED_XML));
        cases.add(new Case("nul-bytes", new byte[] {0, 0, 0, 0, '<', 'a', '/', '>'}, MALFORMED_XML));
        cases.add(new Case("invalid-utf8", invalidUtf8(), MALFORMED_XML));
        add(cases, "truncated", Events.minimal().substring(0, Events.minimal().length() / 2), MALFORMED_XML);
        add(cases, "two-roots", Events.minimal() + "<releaseEvent/>", MALFORMED_XML);
        add(cases, "json", "{\"eventId\": \"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\"}", MALFORMED_XML);
        add(cases, "illegal-char-reference", Events.minimalWith("<surname>Minimaal</surname>",
                "<surname>Mini&#0;maal</surname>"), MALFORMED_XML);
        add(cases, "depth-bomb", HEAD + ROOT + "<x:a xmlns:x=\"urn:x\">".repeat(500) + "</x:a>".repeat(500)
                + "</releaseEvent>", MALFORMED_XML);
        // Well-formed, but not this interface
        add(cases, "wrong-namespace", Events.minimal().replace("urn:nl:justid:bij:release:1", "urn:evil:1"),
                SCHEMA_VIOLATION);
        add(cases, "no-namespace", Events.minimal().replace(" xmlns=\"urn:nl:justid:bij:release:1\"", ""),
                SCHEMA_VIOLATION);
        add(cases, "version-2", Events.minimalWith("version=\"1.0\">", "version=\"2.0\">"), UNSUPPORTED_VERSION);
        add(cases, "version-garbage", Events.minimalWith("version=\"1.0\">", "version=\"&lt;script&gt;\">"),
                UNSUPPORTED_VERSION);
        add(cases, "version-missing", Events.minimalWith(" version=\"1.0\">", ">"), SCHEMA_VIOLATION);
        add(cases, "xinclude", Events.minimalWith("<surname>Minimaal</surname>",
                "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\" parse=\"text\"/>"
                        + "<surname>Minimaal</surname>"), SCHEMA_VIOLATION);
        add(cases, "script-in-name", Events.minimalWith("<surname>Minimaal</surname>",
                "<surname><script>alert(1)</script></surname>"), SCHEMA_VIOLATION);
        add(cases, "unknown-element-own-namespace", Events.minimalWith("</subject>", "<shoeSize>44</shoeSize></subject>"),
                SCHEMA_VIOLATION);
        // a name has no length limit of its own: the message's size limit bounds it
        add(cases, "huge-name", Events.minimalWith("<surname>Minimaal</surname>",
                "<surname>" + "A".repeat(LIMIT) + "</surname>"), TOO_LARGE);
        add(cases, "negative-duration", Events.minimalWith("duration=\"P4Y\"", "duration=\"-P4Y\""), SCHEMA_VIOLATION);
        add(cases, "year-overflow-duration", Events.minimalWith("duration=\"P4Y\"", "duration=\"P99999999999Y\""),
                SCHEMA_VIOLATION);
        add(cases, "two-destinations", Events.minimalWith("</destination>", "<unknown/></destination>"),
                SCHEMA_VIOLATION);
        return cases;
    }

    private static void add(List<Case> cases, String name, String body, RejectReason expected) {
        cases.add(new Case(name, body.getBytes(UTF_8), expected));
    }

    private static String billionLaughs() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE r [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        return dtd.append("]>").toString();
    }

    /** A valid event padded (with a comment) to one byte over the limit. */
    public static byte[] oversize() {
        return paddedTo(Events.minimal(), LIMIT + 1);
    }

    /** A valid event padded to exactly the limit: must still be accepted. */
    public static byte[] exactlyAtLimit() {
        return paddedTo(Events.minimal(), LIMIT);
    }

    /** {@code event} with a trailing comment that makes it exactly {@code size} bytes of UTF-8. */
    public static byte[] paddedTo(String event, int size) {
        int padding = size - event.getBytes(UTF_8).length - "<!---->".length();
        byte[] padded = (event + "<!--" + "x".repeat(padding) + "-->").getBytes(UTF_8);
        if (padded.length != size) {
            throw new IllegalStateException("padded to " + padded.length + " bytes, not " + size);
        }
        return padded;
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        bytes[0] = (byte) 0xFF;
        return bytes;
    }

    private static byte[] invalidUtf8() {
        byte[] valid = Events.minimal().getBytes(UTF_8);
        int at = new String(valid, UTF_8).indexOf("Minimaal");
        valid[at] = (byte) 0xC3;
        valid[at + 1] = (byte) 0x28;
        return valid;
    }
}
