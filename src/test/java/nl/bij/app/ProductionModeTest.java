package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import ch.qos.logback.classic.spi.ILoggingEvent;
import picocli.CommandLine;

import nl.bij.operations.Operators;
import nl.bij.state.TestDatabases;

/**
 * Production mode through the real command ({@code bij-service --config ...}): every unsafe setting is refused at
 * once, with a sentence that says what to set, before the broker starts or a key is made; with all of them fixed
 * the service starts, delivers the samples by mail and exits cleanly. Runs once, on the H2 pass.
 */
@OnceOnTheH2Pass
class ProductionModeTest {

    @TempDir
    Path folder;
    private final CapturedLog log = new CapturedLog();

    @AfterEach
    void release() {
        log.close();
    }

    @Test
    void anExternalDatabaseMeansProductionAndEveryDevelopmentConvenienceIsRefusedAtOnce() throws Exception {
        int exit = run(Map.of("bij.db.url", "jdbc:postgresql://127.0.0.1:5432/never_connected"));

        assertThat(exit).isNotZero();
        String refusal = refusal();
        assertThat(refusal).contains("production mode refuses to start with 7 unsafe setting(s)",
                "1. 3 municipalities receive notices by mail (bij.delivery.recipients) but no mail relay is set",
                "2. bij.mail.from is the example sender shipped with the service",
                "3. notices would be signed with a development key made on this machine",
                "4. bij.broker.password is the value shipped with the service",
                "5. bij.broker.justid.password is the value shipped with the service",
                "6. bij.db.password is empty: set a secret of your own (environment variable BIJ_DB_PASSWORD)",
                "7. no operator is configured (bij.admin.operators)");
        assertThat(folder.resolve("data/broker")).as("refused before the broker started").doesNotExist();
        assertThat(folder.resolve("data/signing")).as("no development key made").doesNotExist();
    }

    @Test
    void anEmptiedPasswordIsNoSecretEither() throws Exception {
        int exit = run(Map.of("bij.db.url", "jdbc:postgresql://127.0.0.1:5432/never_connected",
                "bij.broker.password", "", "bij.db.password", "a-secret-of-ours"));

        assertThat(exit).isNotZero();
        assertThat(refusal()).contains("bij.broker.password is empty: set a secret of your own "
                + "(environment variable BIJ_BROKER_PASSWORD)").doesNotContain("bij.db.password");
    }

    @Test
    void explicitProductionRefusesH2AnOpenBrokerAndAnExpiredCertificate() throws Exception {
        Path keystore = keystore("-startdate", "-3d", "-validity", "1");

        int exit = run(Map.of("bij.mode", "production", "bij.broker.embedded.host", "0.0.0.0",
                "bij.notice.signing.keystore", keystore.toString(), "bij.notice.signing.password", "test-signing-pass"));

        assertThat(exit).isNotZero();
        assertThat(refusal()).contains("the signing certificate (bij.notice.signing.keystore) expired on",
                "the embedded H2 database would be used: set bij.db.url",
                "the embedded broker would listen on 0.0.0.0 beyond loopback without TLS")
                .doesNotContain("development key");
    }

    @Test
    void aDataFolderOthersCanReadIsRefusedInAnyMode() throws Exception {
        Path data = Files.createDirectory(folder.resolve("data"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        int exit = run(Map.of());

        assertThat(exit).isNotZero();
        assertThat(refusal()).contains("the data folder " + data.toAbsolutePath() + " (bij.data.dir) is rwxr-xr-x",
                "chmod 700");
        assertThat(data.resolve("broker")).doesNotExist();
    }

    @Test
    void withEverythingFixedItStartsDeliversByMailAndWarnsOfACertificateThatExpiresSoon() throws Exception {
        int smtp = AvailablePortFinder.getNextAvailable();
        GreenMail relay = new GreenMail(new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        try {
            Path operators = Files.writeString(folder.resolve("operators.properties"),
                    "otto = " + Operators.hash(Operators.Role.OPERATOR, "operator-secret".toCharArray()) + "\n");
            Map<String, String> fixed = new java.util.HashMap<>(Map.of(
                    "bij.db.url", TestDatabases.freshPostgresUrl(), "bij.db.user", "postgres",
                    "bij.db.password", "any-password-trust-auth",
                    "bij.broker.password", "service-secret-of-ours", "bij.broker.justid.password", "justid-secret-of-ours",
                    "bij.mail.host", "127.0.0.1", "bij.mail.port", String.valueOf(smtp),
                    "bij.notice.signing.keystore", keystore("-validity", "20").toString(),
                    "bij.notice.signing.password", "test-signing-pass",
                    "bij.admin.operators", "file:" + operators));
            fixed.put("bij.mail.from", "BIJ-meldingen <bij-meldingen@justid.test>");
            PrintStream out = System.out;
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            int exit;
            try {
                exit = run(fixed, "--samples", "samples", "--exit-after-samples");
            } finally {
                System.setOut(out);
            }

            assertThat(exit).as(printed.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(log.events()).map(ILoggingEvent::getFormattedMessage)
                    .contains("Running in production mode")
                    .anySatisfy(m -> assertThat(m).startsWith("The signing certificate expires on"));
            assertThat(relay.getReceivedMessages()).as("the sample events for Zwolle went to the relay").isNotEmpty();
            assertThat(Files.getPosixFilePermissions(folder.resolve("data")))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        } finally {
            relay.stop();
        }
    }

    private int run(Map<String, String> settings, String... arguments) throws Exception {
        StringBuilder config = new StringBuilder();
        config.append("bij.data.dir=").append(folder.resolve("data")).append('\n')
                .append("bij.delivery.outbox-dir=").append(folder.resolve("outbox")).append('\n')
                .append("bij.broker.embedded.port=").append(AvailablePortFinder.getNextAvailable()).append('\n')
                .append("bij.admin.port=").append(AvailablePortFinder.getNextAvailable()).append('\n');
        settings.forEach((k, v) -> config.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Path file = Files.writeString(folder.resolve("bij.properties"), config.toString());
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("--config", file.toString()),
                java.util.Arrays.stream(arguments)).toArray(String[]::new);
        return assertTimeoutPreemptively(Duration.ofSeconds(120), () -> BijService.commandLine().execute(all));
    }

    /** The one log line that refuses the start, with its numbered problems. */
    private String refusal() {
        return log.events().stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("The service cannot start: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no refusal in the log"));
    }

    /** A signing keystore made with the JDK's keytool, with these validity options. */
    private Path keystore(String... validity) throws Exception {
        Path keystore = folder.resolve("signing-" + System.nanoTime() + ".p12");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "bij-notice", "-keyalg", "RSA", "-keysize", "3072", "-sigalg", "SHA256withRSA",
                "-dname", "CN=BIJ test signing, O=BIJ, C=NL", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "test-signing-pass", "-keypass", "test-signing-pass"));
        command.addAll(List.of(validity));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).as(output).isTrue();
        return keystore;
    }
}
