package nl.bij.notice;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.xml.XMLConstants;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;

import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;

import nl.bij.intake.HardenedXml;
import nl.bij.notice.wire.NoticeXml;
import nl.bij.notice.wire.ObjectFactory;

/**
 * The notice as XML: written and read only through the notice schema, so a notice that breaks the closed list
 * cannot be produced or accepted. Thread-safe.
 */
public final class NoticeDocuments {

    public static final String SCHEMA = "schemas/notice-1.xsd";
    public static final String SIGNATURE_SCHEMA = "schemas/notice-xmldsig-1.xsd";
    public static final String NAMESPACE = "urn:nl:bij:notice:1";

    private final Schema schema = HardenedXml.schema(SIGNATURE_SCHEMA, SCHEMA);
    private final JAXBContext jaxb;
    private final HardenedXml xml = new HardenedXml();
    /** A transformer factory is costly to make; an identity transformer per thread serialises every notice. */
    private static final ThreadLocal<Transformer> SERIALISER = ThreadLocal.withInitial(NoticeDocuments::serialiser);
    /** A validator is not thread-safe but may be reused; making one per notice was 2% of the CPU per event. */
    private final ThreadLocal<Validator> validators = ThreadLocal.withInitial(schema::newValidator);

    public NoticeDocuments() {
        try {
            jaxb = JAXBContext.newInstance(NoticeXml.class);
        } catch (JAXBException e) {
            throw new IllegalStateException("JAXB cannot bind the notice classes", e);
        }
    }

    /**
     * The notice as a DOM document, validated against the schema once written. Indented here, before it is
     * signed: whitespace added after signing would break the signature.
     */
    public Document toDocument(NoticeXml notice) {
        return toDocument(notice, true);
    }

    /**
     * For signing only: not validated when written, because the signed bytes are validated as a whole
     * ({@link #validate}) before they leave, and validating twice doubles the cost of the hot path.
     */
    public Document toDocumentForSigning(NoticeXml notice) {
        return toDocument(notice, false);
    }

    private Document toDocument(NoticeXml notice, boolean validate) {
        return parse(marshal(notice, validate));
    }

    /**
     * The notice as indented UTF-8, validated against the schema once written: what a composed notice is
     * stored as until it leaves. Written straight from the binding, with no document tree in between (the profile of
     * issue 19 found the tree and its serialisation a tenth of the XML work per notice).
     */
    public byte[] toBytes(NoticeXml notice) {
        return marshal(notice, true);
    }

    /**
     * Validated after it is written, with this thread's validator, not while it is written: JAXB asks the schema for a
     * new validator per document, and the JDK builds a whole schema loader for each (70 kB per notice, issue 19).
     */
    private byte[] marshal(NoticeXml notice, boolean validate) {
        byte[] bytes;
        try {
            Marshaller marshaller = jaxb.createMarshaller();
            marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            marshaller.marshal(new ObjectFactory().createNotice(notice), out);
            bytes = out.toByteArray();
        } catch (JAXBException e) {
            throw new InvalidNoticeException("notice " + notice.getNoticeId() + " cannot be written: " + rootMessage(e));
        }
        if (validate) {
            check(bytes, "notice " + notice.getNoticeId() + " breaks the notice schema: ");
        }
        return bytes;
    }

    /** Serialises as UTF-8, exactly as the tree is (a signed tree must not be re-indented). */
    public byte[] toBytes(Document document) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SERIALISER.get().transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialise a notice", e);
        }
    }

    private static Transformer serialiser() {
        try {
            TransformerFactory factory = TransformerFactory.newDefaultInstance();
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            return transformer;
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot make the notice serialiser", e);
        }
    }

    /** Reads a notice (signed or not), validated against the schema; refuses anything else. */
    public NoticeXml read(byte[] bytes) {
        try {
            Unmarshaller unmarshaller = jaxb.createUnmarshaller();
            unmarshaller.setSchema(schema);
            SAXSource source = new SAXSource(xml.reader(), new InputSource(new ByteArrayInputStream(bytes)));
            return unmarshaller.unmarshal(source, NoticeXml.class).getValue();
        } catch (JAXBException | SAXException e) {
            throw new InvalidNoticeException("not a valid notice: " + rootMessage(e));
        }
    }

    /**
     * A notice this service composed and stored ({@link #toBytes(NoticeXml)}), read back for delivery without a
     * second schema check: it was validated when it was written, and the signed bytes made from it are validated as
     * a whole before they leave ({@link #validate}). Anything from outside is read with {@link #read}.
     */
    public NoticeXml readComposed(byte[] bytes) {
        try {
            SAXSource source = new SAXSource(xml.reader(), new InputSource(new ByteArrayInputStream(bytes)));
            return jaxb.createUnmarshaller().unmarshal(source, NoticeXml.class).getValue();
        } catch (JAXBException | SAXException e) {
            throw new InvalidNoticeException("not a readable notice: " + rootMessage(e));
        }
    }

    /** Checks finished bytes (after signing) against the schema, as the receiver will. */
    public void validate(byte[] bytes) {
        check(bytes, "a finished notice breaks the notice schema: ");
    }

    private void check(byte[] bytes, String failure) {
        try {
            Validator validator = validators.get();
            try {
                validator.validate(new SAXSource(xml.reader(), new InputSource(new ByteArrayInputStream(bytes))));
            } finally {
                validator.reset();   // nothing of a failed notice is carried into the next
            }
        } catch (SAXException | IOException e) {
            throw new InvalidNoticeException(failure + rootMessage(e));
        }
    }

    public Document parse(byte[] bytes) {
        try {
            return HardenedXml.documentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (SAXException | IOException e) {
            throw new InvalidNoticeException("not a well-formed notice: " + rootMessage(e));
        }
    }

    /**
     * The schema validator's message names elements and the rule, and may quote the offending value: notices hold
     * personal data, so only the first part before a quoted value is kept.
     */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int quote = message.indexOf('\'');
        return quote < 0 ? message : message.substring(0, quote) + "(value withheld)";
    }
}
