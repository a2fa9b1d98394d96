package nl.bij.intake;

import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.validation.Schema;
import javax.xml.validation.ValidatorHandler;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.UnmarshallerHandler;

import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import nl.bij.intake.IntakeOutcome.Accepted;
import nl.bij.intake.IntakeOutcome.Rejected;
import nl.bij.intake.IntakeFilter.Refusal;
import nl.bij.intake.wire.ObjectFactory;
import nl.bij.intake.wire.ReleaseEventXml;

/**
 * Turns the body of one inbound message into an {@link IntakeOutcome}, in one streaming pass:
 * hardened parser → {@link IntakeFilter} (aftercare dropped, root and version checked) → XSD validation →
 * JAXB → {@link WireMapping} → contract checks the schema cannot express.
 *
 * <p>Thread-safe: the schema and JAXB context are shared, each thread keeps one schema validator, everything else
 * is made per message.
 */
public final class ReleaseEventReader {

    static final String SCHEMA = "schemas/release-event-1.xsd";

    /** Schema error keys whose parser message names only elements and attributes, never a value. */
    private static final Set<String> MESSAGES_WITHOUT_VALUES = Set.of(
            "cvc-complex-type.2.1", "cvc-complex-type.2.2", "cvc-complex-type.2.3",
            "cvc-complex-type.2.4.a", "cvc-complex-type.2.4.b", "cvc-complex-type.2.4.c",
            "cvc-complex-type.2.4.d", "cvc-complex-type.3.2.2", "cvc-complex-type.4", "cvc-elt.1.a",
            "cvc-type.3.1.2");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("attribute '([A-Za-z][A-Za-z0-9]*)'");
    private static final Pattern BODY_EVENT_ID = Pattern.compile(
            "<(?:[A-Za-z_][\\w.-]*:)?eventId(?:\\s[^>]*)?>\\s*([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                    + "[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\s*<");
    private static final int MAX_DETAIL = 400;

    private final HardenedXml xml = new HardenedXml();
    private final Schema schema = HardenedXml.schema(SCHEMA);
    /**
     * One per thread, used for message after message: the JDK makes a whole schema loader for every validator it
     * hands out, which was two thirds of what reading an event allocated (issue 19). A validator starts afresh at
     * each document's start, also after a message that broke off its parse.
     */
    private final ThreadLocal<ValidatorHandler> validators = ThreadLocal.withInitial(this::newValidator);
    private final JAXBContext jaxb;

    public ReleaseEventReader() {
        try {
            jaxb = JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new IllegalStateException("Cannot build the JAXB context for release events", e);
        }
    }

    public IntakeOutcome read(byte[] body) {
        return read(new InputSource(new ByteArrayInputStream(body)), new Original(() -> findEventId(body),
                () -> KeptCopy.withoutAftercare(body), () -> KeptCopy.forReview(body)));
    }

    public IntakeOutcome read(String body) {
        return read(new InputSource(new StringReader(body)), new Original(() -> findEventId(body),
                () -> KeptCopy.withoutAftercare(body), () -> KeptCopy.forReview(body)));
    }

    /** A rejection decided before parsing (size, message type); the kept bytes are the parser's copy here too. */
    public static Rejected reject(RejectReason reason, String detail, byte[] original) {
        return new Rejected(reason, detail, findEventId(original), KeptCopy.withoutAftercare(original));
    }

    /** The same for a message that came as text. */
    public static Rejected reject(RejectReason reason, String detail, String original) {
        return new Rejected(reason, detail, findEventId(original), KeptCopy.withoutAftercare(original));
    }

    /** What is made of the message's own bytes only when needed: its eventId and the copies an operator may see. */
    private record Original(Supplier<Optional<String>> eventId, Supplier<byte[]> rejectedCopy,
                            Supplier<byte[]> reviewCopy) {
        Rejected reject(RejectReason reason, String detail) {
            return new Rejected(reason, detail, eventId.get(), rejectedCopy.get());
        }
    }

    private IntakeOutcome read(InputSource source, Original original) {
        try {
            return new Accepted(checkContract(WireMapping.toDomain(parse(source))), original.reviewCopy());
            // the copy is a Supplier: most events are decided without one
        } catch (Refusal refusal) {
            return original.reject(refusal.reason, truncate(refusal.getMessage()));
        } catch (SAXParseException e) {
            return original.reject(RejectReason.MALFORMED_XML, ParserErrors.describe(e));
        } catch (SAXException | CharConversionException e) {
            return original.reject(RejectReason.MALFORMED_XML, ParserErrors.describe(e));
        } catch (JAXBException e) {
            return original.reject(RejectReason.SCHEMA_VIOLATION, "cannot bind the message to a release event");
        } catch (IOException e) {
            return original.reject(RejectReason.MALFORMED_XML, "unreadable body: " + e.getClass().getSimpleName());
        }
    }

    private ReleaseEventXml parse(InputSource source) throws SAXException, IOException, JAXBException {
        IntakeFilter filter = new IntakeFilter(xml.reader());
        SchemaErrors errors = new SchemaErrors(filter);
        ValidatorHandler validator = validators.get();
        validator.setErrorHandler(errors);
        UnmarshallerHandler unmarshaller = jaxb.createUnmarshaller().getUnmarshallerHandler();
        validator.setContentHandler(unmarshaller);
        filter.setContentHandler(validator);
        try {
            filter.parse(source);
        } finally {
            // the thread's validator keeps no hold on this message's event until the next one
            validator.setContentHandler(null);
            validator.setErrorHandler(null);
        }
        errors.throwIfAny();
        Object result = unmarshaller.getResult();
        if (result instanceof JAXBElement<?> element && element.getValue() instanceof ReleaseEventXml event) {
            return event;
        }
        throw new Refusal(RejectReason.SCHEMA_VIOLATION, "the message is not a release event");
    }

    private ValidatorHandler newValidator() {
        ValidatorHandler validator = schema.newValidatorHandler();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("the XML validator refuses to be closed to external access", e);
        }
        return validator;
    }

    /** Rules of docs/contract.md §1.1 that XSD 1.0 cannot state. */
    private static ReleaseEvent checkContract(ReleaseEvent event) throws Refusal {
        if (event.ret().endDate().isPresent() && !event.ret().kind().isLeave()) {
            throw new Refusal(RejectReason.SCHEMA_VIOLATION,
                    "return/endDate is only allowed for a leave (LEAVE, TBS_LEAVE, PIJ_LEAVE), not for "
                            + event.ret().kind());
        }
        return event;
    }

    public static Optional<String> findEventId(byte[] original) {
        int head = Math.min(original.length, 4096);
        return findEventId(new String(original, 0, head, StandardCharsets.ISO_8859_1));
    }

    private static Optional<String> findEventId(String original) {
        Matcher matcher = BODY_EVENT_ID.matcher(original.substring(0, Math.min(original.length(), 4096)));
        return matcher.find() ? Optional.of(matcher.group(1).toLowerCase()) : Optional.empty();
    }

    private static String at(SAXParseException e) {
        return e.getLineNumber() > 0 ? " (line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ")" : "";
    }

    private static String truncate(String message) {
        String text = message == null ? "no detail" : message.strip();
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
    }

    /**
     * Collects validation errors and describes them without the values they complain about: a parser message
     * like "Value 'Jan de Vries' is not facet-valid" would otherwise carry personal data into logs and records.
     */
    private static final class SchemaErrors implements ErrorHandler {
        private final IntakeFilter filter;
        private final List<SAXParseException> errors = new ArrayList<>();
        private final List<String> paths = new ArrayList<>();

        SchemaErrors(IntakeFilter filter) {
            this.filter = filter;
        }

        @Override
        public void warning(SAXParseException exception) {
            // warnings do not make a message invalid
        }

        @Override
        public void error(SAXParseException exception) {
            if (errors.size() < 20) {
                errors.add(exception);
                paths.add(filter.path());
            }
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
            error(exception);
            throwIfAny();
        }

        void throwIfAny() throws Refusal {
            if (errors.isEmpty()) {
                return;
            }
            SAXParseException first = errors.get(0);
            String more = errors.size() > 1 ? "; " + (errors.size() - 1) + " more schema error(s)" : "";
            throw new Refusal(RejectReason.SCHEMA_VIOLATION,
                    describe(first) + " at " + paths.get(0) + attributeOf(first) + at(first) + more);
        }

        private static String describe(SAXParseException e) {
            String message = e.getMessage() == null ? "schema error" : e.getMessage();
            int colon = message.indexOf(':');
            String key = colon > 0 ? message.substring(0, colon) : "schema error";
            return MESSAGES_WITHOUT_VALUES.contains(key) ? truncate(message) : key + ": value not valid";
        }

        /** The attribute concerned, if a message at the same place names one (the value is left out). */
        private String attributeOf(SAXParseException first) {
            for (SAXParseException e : errors) {
                boolean samePlace = e.getLineNumber() == first.getLineNumber()
                        && e.getColumnNumber() == first.getColumnNumber();
                Matcher name = ATTRIBUTE_NAME.matcher(String.valueOf(e.getMessage()));
                if (samePlace && name.find()) {
                    return " (attribute " + name.group(1) + ")";
                }
            }
            return "";
        }
    }
}
