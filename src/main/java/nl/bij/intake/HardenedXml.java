package nl.bij.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
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
final class HardenedXml {

    /** Deeper than any release event (about 6 levels) by a wide margin; a depth bomb stops here. */
    static final int MAX_ELEMENT_DEPTH = 64;

    private final SAXParserFactory parsers;

    HardenedXml() {
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

    XMLReader newReader() throws SAXException {
        try {
            XMLReader reader = parsers.newSAXParser().getXMLReader();
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            reader.setProperty("jdk.xml.maxElementDepth", MAX_ELEMENT_DEPTH);
            return reader;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads a schema from the classpath; refuses any external reference from inside it. */
    static Schema schema(String classpathLocation) {
        URL url = HardenedXml.class.getClassLoader().getResource(classpathLocation);
        if (url == null) {
            throw new IllegalStateException("Schema not found on the classpath: " + classpathLocation);
        }
        try (InputStream in = url.openStream()) {
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(new StreamSource(in, url.toExternalForm()));
        } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
            throw new IllegalStateException("The JDK's schema factory does not support secure processing", e);
        } catch (SAXException e) {
            throw new IllegalStateException("Schema " + classpathLocation + " is invalid: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
