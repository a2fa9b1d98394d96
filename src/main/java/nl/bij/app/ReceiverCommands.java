package nl.bij.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import nl.bij.notice.NoticeDocuments;
import nl.bij.notice.NoticeText;
import nl.bij.notice.wire.NoticeXml;
import nl.bij.receiver.NoticeVerifier;

/** Tools for a mayor's office that received a notice: check it, and read it. */
final class ReceiverCommands {

    private ReceiverCommands() {
    }

    /** {@code bij-service verify NOTICE.xml --trust CERT.pem}: exit 0 when valid, 1 with the reason when not. */
    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check a received notice: well-formed,"
            + " valid against the notice schema, and signed by the holder of the certificate you were given.")
    static final class Verify implements Callable<Integer> {

        @Parameters(paramLabel = "NOTICE.xml", description = "The notice as received.")
        Path notice;

        @Option(names = "--trust", required = true, paramLabel = "CERT.pem",
                description = "Justid's signing certificate as you received it (PEM or DER); never the one in the notice.")
        Path trust;

        @Override
        public Integer call() throws Exception {
            NoticeVerifier.Verdict verdict = new NoticeVerifier().verify(read(notice), certificate(trust));
            if (!verdict.valid()) {
                System.err.println("NOT VALID: " + notice.getFileName() + ": " + verdict.reason());
                return 1;
            }
            System.out.println("OK: " + notice.getFileName() + ": notice " + verdict.notice().get().getNoticeId()
                    + ", valid against the notice schema, signed by " + certificate(trust).getSubjectX500Principal());
            return 0;
        }
    }

    /** {@code bij-service show NOTICE.xml}: the notice as readable Dutch text, the same as the mail's. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a received notice as readable Dutch"
            + " text. With --trust it is verified first, and not shown if it is not valid.")
    static final class Show implements Callable<Integer> {

        @Parameters(paramLabel = "NOTICE.xml", description = "The notice as received.")
        Path notice;

        @Option(names = "--trust", paramLabel = "CERT.pem", description = "Verify it first with this certificate.")
        Path trust;

        @Override
        public Integer call() throws Exception {
            byte[] bytes = read(notice);
            NoticeXml xml;
            if (trust != null) {
                NoticeVerifier.Verdict verdict = new NoticeVerifier().verify(bytes, certificate(trust));
                if (!verdict.valid()) {
                    System.err.println("NOT VALID: " + notice.getFileName() + ": " + verdict.reason());
                    return 1;
                }
                xml = verdict.notice().get();
            } else {
                xml = new NoticeDocuments().read(bytes);
                System.err.println("(not verified: give --trust CERT.pem to check its signature)");
            }
            System.out.print(text().render(xml));
            return 0;
        }

        /** The packaged Dutch template, as the service renders the mail. */
        private static NoticeText text() throws IOException {
            Properties settings = Settings.load(Optional.empty());
            String template = settings.getProperty("bij.notice.mail-template").replaceFirst("^classpath:", "");
            try (InputStream in = ReceiverCommands.class.getClassLoader().getResourceAsStream(template)) {
                if (in == null) {
                    throw new IllegalStateException("the notice template " + template + " is not on the class path");
                }
                return new NoticeText(template, new InputStreamReader(in, StandardCharsets.UTF_8),
                        Integer.parseInt(settings.getProperty("bij.notice.urgent-lead-days").strip()));
            }
        }
    }

    private static byte[] read(Path notice) throws IOException {
        if (Files.size(notice) > NoticeVerifier.MAX_BYTES) {
            throw new IOException(notice.getFileName() + " is larger than a notice can be");
        }
        return Files.readAllBytes(notice);
    }

    static X509Certificate certificate(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
