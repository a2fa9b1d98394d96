package nl.bij.intake;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.io.StringReader;
import java.util.Set;

import javax.xml.stream.XMLEventFactory;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.events.StartDocument;
import javax.xml.stream.events.XMLEvent;

/**
 * The copy of a message that the service keeps for operators (a rejected message, a review item, a dead letter),
 * made by the XML parser rather than by patterns over bytes: the parser knows where an element begins and ends
 * whatever its attributes hold and whatever the encoding, so a {@code >} in an attribute or a UTF-16 message cannot
 * smuggle an aftercare block past it (INTERFACE §1.4).
 *
 * <p>The copy is the message's own encoding, element by element, with every {@code aftercare} element (any
 * namespace, any depth) replaced by a marker. Comments, processing instructions and a DOCTYPE are not kept: they
 * carry nothing an operator needs, and could carry what must not be kept. Where the message stops being well-formed
 * the copy stops too, with a note of where: the rest cannot be told apart from aftercare, so it is not kept.
 */
public final class KeptCopy {

    static final String MARKER = " aftercare removed at intake ";
    private static final Set<String> AFTERCARE = Set.of("aftercare");
    private static final Set<String> AFTERCARE_AND_BSN = Set.of("aftercare", "bsn");
    private static final XMLInputFactory INPUT = hardenedInput();
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();
    private static final XMLEventFactory EVENTS = XMLEventFactory.newFactory();

    private KeptCopy() {
    }

    /** For a rejected or dead-lettered message (it may be neither well-formed nor valid): aftercare removed. */
    public static byte[] withoutAftercare(byte[] original) {
        return copy(original, null, AFTERCARE);
    }

    /** The same for a message that came as text (a TextMessage): the copy is UTF-8, and says so. */
    public static byte[] withoutAftercare(String original) {
        return copy(null, original, AFTERCARE);
    }

    /** For a valid event that waits for a person: aftercare and the BSN removed, which no reviewer needs. */
    public static byte[] forReview(byte[] validDocument) {
        return copy(validDocument, null, AFTERCARE_AND_BSN);
    }

    public static byte[] forReview(String validDocument) {
        return copy(null, validDocument, AFTERCARE_AND_BSN);
    }

    /** Exactly one of {@code bytes} (read in the encoding they declare) and {@code text} is given. */
    private static byte[] copy(byte[] bytes, String text, Set<String> dropped) {
        if (bytes != null ? bytes.length == 0 : text.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream kept = new ByteArrayOutputStream(bytes != null ? bytes.length : text.length());
        XMLEventWriter writer = null;
        String encoding = "UTF-8";
        try {
            XMLStreamReader stream = bytes != null ? INPUT.createXMLStreamReader(new ByteArrayInputStream(bytes))
                    : INPUT.createXMLStreamReader(new StringReader(text));
            encoding = bytes != null ? encodingOf(stream) : "UTF-8";
            writer = OUTPUT.createXMLEventWriter(kept, encoding);
            copyEvents(INPUT.createXMLEventReader(stream), writer, dropped, encoding);
            writer.flush();
            return kept.toByteArray();
        } catch (XMLStreamException e) {
            return truncated(kept, writer, encoding, e);
        }
    }

    private static void copyEvents(XMLEventReader reader, XMLEventWriter writer, Set<String> dropped, String encoding)
            throws XMLStreamException {
        int skipping = 0;
        while (reader.hasNext()) {
            XMLEvent event = reader.nextEvent();
            if (event.isStartDocument()) {
                // the declaration names the copy's encoding, which for a message that came as text is UTF-8
                String version = event instanceof StartDocument start && start.getVersion() != null
                        ? start.getVersion() : "1.0";
                writer.add(EVENTS.createStartDocument(encoding, version));
            } else if (event.isStartElement() && (skipping > 0
                    || dropped.contains(event.asStartElement().getName().getLocalPart()))) {
                if (skipping++ == 0 && "aftercare".equals(event.asStartElement().getName().getLocalPart())) {
                    writer.add(EVENTS.createComment(MARKER));
                }
            } else if (event.isEndElement() && skipping > 0) {
                skipping--;
            } else if (skipping == 0 && kept(event)) {
                writer.add(event);
            }
        }
    }

    /** What a copy keeps: the document's structure and text, never comments, instructions or a DOCTYPE. */
    private static boolean kept(XMLEvent event) {
        return switch (event.getEventType()) {
            case XMLEvent.COMMENT, XMLEvent.PROCESSING_INSTRUCTION, XMLEvent.DTD, XMLEvent.ENTITY_REFERENCE,
                 XMLEvent.ENTITY_DECLARATION, XMLEvent.NOTATION_DECLARATION -> false;
            default -> true;
        };
    }

    /** What was well-formed up to the error, then a note of where the copy stops. */
    private static byte[] truncated(ByteArrayOutputStream kept, XMLEventWriter writer, String encoding,
            XMLStreamException error) {
        String where = error.getLocation() == null ? ""
                : " from line " + error.getLocation().getLineNumber() + ", column " + error.getLocation().getColumnNumber();
        String note = " not kept: the rest of the message" + where + ", which is not well-formed XML ";
        try {
            if (writer != null) {
                writer.add(EVENTS.createComment(note));
                writer.flush();
                return kept.toByteArray();
            }
        } catch (XMLStreamException | RuntimeException e) {
            // the writer refuses in this state (an open attribute, say): what it flushed stays, the note follows
        }
        Charset charset = Charset.forName(encoding);
        byte[] head = kept.toByteArray();
        byte[] tail = ("<!--" + note + "-->").getBytes(charset);
        byte[] all = new byte[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    /** The encoding the message declared, else the one its first bytes showed, else UTF-8. */
    private static String encodingOf(XMLStreamReader stream) {
        String declared = stream.getCharacterEncodingScheme();
        String detected = stream.getEncoding();
        String encoding = declared != null ? declared : detected != null ? detected : "UTF-8";
        return Charset.isSupported(encoding) ? encoding : "UTF-8";
    }

    /** No DTD processing, no external entities: the copy is made of the message alone. */
    private static XMLInputFactory hardenedInput() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        return factory;
    }
}
