package nl.bij.intake;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * The door of the service, between the parser and everything else:
 * <ul>
 *   <li>empties every {@code aftercare} element, in any namespace and at any place, so that neither the schema
 *       validator nor JAXB ever sees aftercare data (docs/contract.md §1.4). The empty element itself passes on, so
 *       the schema still says whether one may stand there: an aftercare block anywhere but at the end of
 *       {@code releaseEvent} is a schema violation, as the contract has it;</li>
 *   <li>checks the root element and its {@code version} before validation, so that a 2.x message is refused as
 *       {@code UNSUPPORTED_VERSION} rather than as a pile of schema errors;</li>
 *   <li>tracks the element path, so that errors can say where they are without quoting values.</li>
 * </ul>
 */
final class IntakeFilter extends XMLFilterImpl {

    static final String NAMESPACE = "urn:nl:justid:bij:release:1";
    private static final Pattern SUPPORTED_VERSION = Pattern.compile("1\\.[0-9]{1,4}");
    private static final Pattern SAFE_TO_QUOTE = Pattern.compile("[A-Za-z0-9.\\-]{1,16}");

    private static final Attributes NO_ATTRIBUTES = new org.xml.sax.helpers.AttributesImpl();

    private final Deque<String> path = new ArrayDeque<>();
    private int aftercareDepth;

    IntakeFilter(XMLReader parent) {
        super(parent);
    }

    /** The current element path, e.g. {@code /releaseEvent/destination/municipality}. */
    String path() {
        if (path.isEmpty()) {
            return "/";
        }
        StringBuilder text = new StringBuilder();
        path.descendingIterator().forEachRemaining(name -> text.append('/').append(name));
        return text.toString();
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        if (aftercareDepth > 0) {
            aftercareDepth++;
            return;
        }
        if ("aftercare".equals(localName)) {
            aftercareDepth = 1;
            path.push(localName);
            super.startElement(uri, localName, qName, NO_ATTRIBUTES);
            return;
        }
        if (path.isEmpty()) {
            checkRoot(uri, localName, atts);
        }
        path.push(localName);
        super.startElement(uri, localName, qName, atts);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        if (aftercareDepth > 1) {
            aftercareDepth--;
            return;
        }
        aftercareDepth = 0;
        super.endElement(uri, localName, qName);
        path.pop();
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        if (aftercareDepth == 0) {
            super.characters(ch, start, length);
        }
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        if (aftercareDepth == 0) {
            super.ignorableWhitespace(ch, start, length);
        }
    }

    @Override
    public void processingInstruction(String target, String data) throws SAXException {
        if (aftercareDepth == 0) {
            super.processingInstruction(target, data);
        }
    }

    private void checkRoot(String uri, String localName, Attributes atts) throws Refusal {
        if (!NAMESPACE.equals(uri) || !"releaseEvent".equals(localName)) {
            throw new Refusal(RejectReason.SCHEMA_VIOLATION,
                    "the root element must be releaseEvent in namespace " + NAMESPACE);
        }
        String version = atts.getValue("", "version");
        if (version != null && !SUPPORTED_VERSION.matcher(version).matches()) {
            String shown = SAFE_TO_QUOTE.matcher(version).matches() ? "'" + version + "'" : "given";
            throw new Refusal(RejectReason.UNSUPPORTED_VERSION,
                    "version " + shown + " is not supported; this service reads version 1.x");
        }
    }

    /** Stops parsing with a rejection that is already classified. */
    static final class Refusal extends SAXException {
        private static final long serialVersionUID = 1L;
        final RejectReason reason;

        Refusal(RejectReason reason, String detail) {
            super(detail);
            this.reason = reason;
        }
    }
}
