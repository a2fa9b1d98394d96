package nl.bij.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import nl.bij.notice.NoticeDocuments;
import nl.bij.notice.NoticeSigner;
import nl.bij.notice.Notices;

/**
 * The example notice handed to municipalities (docs/example/): a notice about a fictitious person, signed by an
 * example key whose certificate lies beside it. It must verify, with the service's own tool and with xmlsec1 as a
 * municipality would, so that the documentation cannot go stale. {@code -Dbij.example.write=true} makes a new one.
 */
class ExampleNoticeTest {

    static final Path NOTICE = Path.of("docs/example/notice.xml");
    static final Path CERTIFICATE = Path.of("docs/example/justid-signing-example.pem");

    @TempDir
    Path folder;

    @Test
    void theExampleVerifiesWithTheToolAndWithXmlsec1() throws Exception {
        CommandLineTest.Run run = CommandLineTest.run(null, "verify", NOTICE.toString(), "--trust", CERTIFICATE.toString());
        assertThat(run.exit()).as(run.err()).isZero();

        Process xmlsec1 = new ProcessBuilder("xmlsec1", "--verify", "--pubkey-cert-pem", CERTIFICATE.toString(),
                "--enabled-reference-uris", "empty", NOTICE.toString()).redirectErrorStream(true).start();
        String said = new String(xmlsec1.getInputStream().readAllBytes(), UTF_8);
        assertThat(xmlsec1.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(xmlsec1.exitValue()).as(said).isZero();
        assertThat(said).contains("OK");

        Path changed = Files.writeString(folder.resolve("changed.xml"),
                Files.readString(NOTICE).replace("Zwaantjes", "Zwaantjez"));
        Process refuses = new ProcessBuilder("xmlsec1", "--verify", "--pubkey-cert-pem", CERTIFICATE.toString(),
                "--enabled-reference-uris", "empty", changed.toString()).redirectErrorStream(true).start();
        refuses.getInputStream().readAllBytes();
        assertThat(refuses.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(refuses.exitValue()).as("xmlsec1 refuses a changed notice").isNotZero();
    }

    @Test
    @EnabledIfSystemProperty(named = "bij.example.write", matches = "true")
    void writeANewExample() throws Exception {
        Path key = TestKeys.keyPair(folder, "bij-notice", "CN=BIJ example signing key (not for production),"
                + " O=Justid (example), C=NL", "dns:justid.example");
        NoticeSigner signer = NoticeSigner.fromKeystore(key, TestKeys.PASSWORD.toCharArray(), "bij-notice");
        NoticeDocuments documents = new NoticeDocuments();
        Document document = documents.toDocumentForSigning(Notices.full());
        signer.sign(document);
        Files.createDirectories(NOTICE.getParent());
        Files.write(NOTICE, documents.toBytes(document));
        Files.writeString(CERTIFICATE, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(signer.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    }
}
