package nl.bij.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.XMLReader;

/**
 * XML parsing that an attacker cannot steer: no DOCTYPE at all (so no entities, no billion laughs, no external
 * DTD), no external schemas or XInclude, and the JDK's secure-processing limits on depth and size.
 *
 * <p>Uses the JDK's own parser ({@code newDefaultInstance}) whatever else is on the classpath, so the features
 * set here are the ones that apply.
 */
public final class HardenedXml {

    /** Deeper than any release event (about 6 levels) by a wide margin; a depth bomb stops here. */
    static final int MAX_ELEMENT_DEPTH = 64;

    private final SAXParserFactory parsers;
    /** Making a parser costs more than parsing a notice; each thread keeps one and resets it before every use. */
    private final ThreadLocal<SAXParser> parser = ThreadLocal.withInitial(this::newParser);
    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(HardenedXml::newDocumentBuilder);

    public HardenedXml() {
        try {
            parsers = SAXParserFactory.newDefaultInstance();
            parsers.setNamespaceAware(true);
            parsers.setValidating(false);
            parsers.setXIncludeAware(false);
            parsers.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            parsers.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            parsers.setFeature("http://xml.org/sax/features/external-general-entities", false);
            parsers.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            parsers.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("The JDK's XML parser does not support the hardening this service needs", e);
        }
    }

    /**
     * This thread's reader, reset to the factory's hardened features and given the limits again: for one parse at a
     * time (a reader is not re-entrant).
     */
    public XMLReader reader() throws SAXException {
        SAXParser current = parser.get();
        current.reset();
        XMLReader reader = current.getXMLReader();
        reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        reader.setProperty("jdk.xml.maxElementDepth", MAX_ELEMENT_DEPTH);
        return reader;
    }

    private SAXParser newParser() {
        try {
            return parsers.newSAXParser();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Loads a schema from the classpath; refuses any external reference from inside it. A schema that imports
     * another is given with its imports first: the import is then resolved from what is loaded, never fetched.
     */
    public static Schema schema(String... classpathLocations) {
        List<InputStream> streams = new ArrayList<>();
        try {
            Source[] sources = new Source[classpathLocations.length];
            for (int i = 0; i < sources.length; i++) {
                URL url = HardenedXml.class.getClassLoader().getResource(classpathLocations[i]);
                if (url == null) {
                    throw new IllegalStateException("Schema not found on the classpath: " + classpathLocations[i]);
                }
                streams.add(url.openStream());
                sources[i] = new StreamSource(streams.get(i), url.toExternalForm());
            }
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(sources);
        } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
            throw new IllegalStateException("The JDK's schema factory does not support secure processing", e);
        } catch (SAXException e) {
            throw new IllegalStateException("Schema " + String.join(", ", classpathLocations) + " is invalid: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            streams.forEach(HardenedXml::closeQuietly);
        }
    }

    /**
     * A DOM parser with the same hardening, for documents this service reads back (a signed notice): this thread's,
     * reset, for one parse at a time.
     */
    public static DocumentBuilder documentBuilder() {
        DocumentBuilder builder = BUILDER.get();
        builder.reset();
        return builder;
    }

    private static DocumentBuilder newDocumentBuilder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The JDK's XML parser does not support the hardening this service needs", e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // a classpath stream: nothing to recover
        }
    }
}
