package nl.bij.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The notices validate against the notice schema with an independent validator too: libxml2's xmllint, not
 * the JDK's. CI installs it (.ci/run); on a developer machine without it these tests are skipped, never in CI.
 */
class XmllintTest {

    @TempDir
    static Path folder;

    private final NoticeDocuments documents = new NoticeDocuments();

    @BeforeAll
    static void xmllintIsThere() throws Exception {
        boolean present;
        try {
            present = new ProcessBuilder("xmllint", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError("xmllint (libxml2-utils) is required in CI; .ci/run installs it");
        }
        assumeTrue(present, "xmllint not installed (apt-get install libxml2-utils)");
    }

    @Test
    void aSignedNoticeValidates() throws Exception {
        Document document = documents.toDocument(Notices.full());
        Notices.signer().sign(document);
        Path notice = Files.write(folder.resolve("signed.xml"), documents.toBytes(document));

        assertThat(xmllint(notice)).startsWith("0:").contains("validates");
    }

    @Test
    void anUnsignedNoticeWithOnlyWhatIsRequiredValidates() throws Exception {
        var notice = Notices.full();
        notice.setGrounds(null);
        notice.setReturn(null);
        notice.getPerson().setAddress(null);
        notice.getPerson().getNationality().clear();
        Path file = Files.write(folder.resolve("minimal.xml"), documents.toBytes(notice));

        assertThat(xmllint(file)).startsWith("0:");
    }

    @Test
    void xmllintAlsoRefusesDataOutsideTheClosedList() throws Exception {
        String notice = new String(documents.toBytes(Notices.full()), StandardCharsets.UTF_8)
                .replace("<givenNames>", "<bsn>999999990</bsn><givenNames>");
        Path file = Files.writeString(folder.resolve("with-bsn.xml"), notice);

        assertThat(xmllint(file)).doesNotStartWith("0:").contains("bsn");
    }

    /** "exit code: output". */
    static String xmllint(Path file) throws Exception {
        Path schema = Path.of("schemas/notice-1.xsd").toAbsolutePath();
        Process process = new ProcessBuilder(List.of("xmllint", "--noout", "--nonet", "--schema", schema.toString(),
                file.toString())).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.waitFor() + ": " + output;
    }
}
