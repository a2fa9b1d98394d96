package nl.bij.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import nl.bij.notice.NoticeDocuments;
import nl.bij.notice.NoticeSigner;
import nl.bij.notice.Notices;

/**
 * The receiver's tools as a mayor's office runs them: {@code verify} accepts a notice signed by the certificate it
 * was given and refuses one changed after signing, one signed by another key, and one that is not a notice;
 * {@code show} prints the Dutch text, and with {@code --trust} shows nothing that does not verify.
 */
class ReceiverCommandsTest {

    @TempDir
    Path folder;

    private final NoticeDocuments documents = new NoticeDocuments();

    @Test
    void verifyAcceptsANoticeSignedByTheTrustedCertificate() throws Exception {
        Path notice = Files.write(folder.resolve("notice.xml"), signed(Notices.signer()));

        CommandLineTest.Run run = CommandLineTest.run(null, "verify", notice.toString(), "--trust", pem(Notices.signer()).toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("OK: notice.xml: notice ").contains("valid against the notice schema",
                "signed by CN=BIJ test signer");
    }

    @Test
    void verifyRefusesAChangedNoticeAnotherKeyAndSomethingElse() throws Exception {
        String good = new String(signed(Notices.signer()), UTF_8);
        Path changed = Files.writeString(folder.resolve("changed.xml"), good.replace("Zwaantjes", "Zwaantjez"));
        Path otherKey = Files.write(folder.resolve("other.xml"), signed(otherSigner()));
        Path doctype = Files.writeString(folder.resolve("doctype.xml"),
                "<?xml version=\"1.0\"?><!DOCTYPE n [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><n>&x;</n>");
        String trust = pem(Notices.signer()).toString();

        for (Path bad : new Path[] {changed, otherKey}) {
            CommandLineTest.Run run = CommandLineTest.run(null, "verify", bad.toString(), "--trust", trust);
            assertThat(run.exit()).as(bad.toString()).isEqualTo(1);
            assertThat(run.err()).contains("NOT VALID: " + bad.getFileName() + ": the signature does not verify");
            assertThat(run.out()).isEmpty();
        }
        CommandLineTest.Run run = CommandLineTest.run(null, "verify", doctype.toString(), "--trust", trust);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("NOT VALID: doctype.xml:").doesNotContain("root:");
    }

    @Test
    void showPrintsTheDutchTextAndWithTrustOnlyWhatVerifies() throws Exception {
        byte[] signed = signed(Notices.signer());
        Path notice = Files.write(folder.resolve("notice.xml"), signed);
        String trust = pem(Notices.signer()).toString();

        CommandLineTest.Run shown = CommandLineTest.run(null, "show", notice.toString(), "--trust", trust);
        assertThat(shown.exit()).isZero();
        assertThat(shown.out()).contains("Van:        Justitiële Informatiedienst (Justid)", "Zwaantjes-Plantinga",
                "Kenmerk:    " + documents.read(signed).getNoticeId());

        CommandLineTest.Run unverified = CommandLineTest.run(null, "show", notice.toString());
        assertThat(unverified.exit()).isZero();
        assertThat(unverified.err()).contains("not verified");

        Path changed = Files.writeString(folder.resolve("changed.xml"),
                new String(signed, UTF_8).replace("Zwaantjes", "Zwaantjez"));
        CommandLineTest.Run refused = CommandLineTest.run(null, "show", changed.toString(), "--trust", trust);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
    }

    private byte[] signed(NoticeSigner signer) {
        Document document = documents.toDocumentForSigning(Notices.full());
        signer.sign(document);
        return documents.toBytes(document);
    }

    private Path pem(NoticeSigner signer) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(signer.certificate().getEncoded());
        return Files.writeString(folder.resolve("justid-" + System.identityHashCode(signer) + ".pem"),
                "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
    }

    private NoticeSigner otherSigner() {
        Path keystore = folder.resolve("other-signing.p12");
        SigningKeys.generate(keystore, "test", "other-pass", "CN=Not Justid, C=NL");
        return NoticeSigner.fromKeystore(keystore, "other-pass".toCharArray(), "test");
    }
}
