package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import picocli.CommandLine;

/** A wrong data file must stop the whole service before it consumes a single event, saying which file and row. */
class StartupTest {

    @TempDir
    Path folder;

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void capture() {
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void release() {
        root.detachAppender(captured);
    }

    @Test
    void aMalformedCatalogueStopsTheServiceWithAClearMessage() throws Exception {
        Path catalogue = Files.writeString(folder.resolve("offences.csv"),
                "list,article,paragraph,regime,numbering_from,numbering_until,in_scope_from,source\n"
                        + "1-ZEDEN,242,,,,2024-07-01,,list 1\n"
                        + "1-ZEDEN,243,,,,1 juli 2024,,list 1\n");
        Path config = Files.writeString(folder.resolve("bij.properties"), String.join("\n",
                "bij.data.dir=" + folder.resolve("data"),
                "bij.broker.embedded.port=" + AvailablePortFinder.getNextAvailable(),
                "bij.eligibility.catalogue=file:" + catalogue));

        int exitCode = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> BijService.commandLine().execute("--config", config.toString()));

        assertThat(exitCode).isNotZero();
        assertThat(folder.resolve("data/broker")).as("refused before the broker started").doesNotExist();
        assertThat(captured.list).map(ILoggingEvent::getFormattedMessage).anySatisfy(message -> assertThat(message)
                .contains("The service cannot start: ", "offences.csv data row 2: numbering_until '1 juli 2024' is not a date (yyyy-mm-dd)"));
    }

    @Test
    void anHttpsRecipientWithoutTheServicesClientCertificateStopsTheService() throws Exception {
        assertRefusedToStart("0344,XML,https://inbox.utrecht.example/bij",
                "1 municipalities receive notices over https: set bij.delivery.https.keystore");
    }

    @Test
    void anSftpRecipientWithoutTheServersHostKeysStopsTheService() throws Exception {
        Path key = Files.writeString(folder.resolve("bij-sftp.pem"), "-----BEGIN PRIVATE KEY-----\n");
        assertRefusedToStart("0344,XML,sftp://bij@sftp.utrecht.example/in",
                "1 municipalities receive notices over sftp: set bij.delivery.sftp.known-hosts-file to a readable file",
                "bij.delivery.sftp.private-key-file=" + key);
    }

    @Test
    void aMunicipalityQueueThatIsOneOfTheServicesOwnStopsTheService() throws Exception {
        assertRefusedToStart("0344,XML,jms:queue:justid.bij.releases",
                "recipients: municipality 0344 would receive on justid.bij.releases, one of the service's own queues");
        assertRefusedToStart("0344,XML,jms:queue:activemq.management",
                "recipients: municipality 0344 would receive on activemq.management, an address of the broker's own");
    }

    /** The service, with this one recipient row, refuses to start before its broker, and says why in the log. */
    private void assertRefusedToStart(String recipientRow, String message, String... settings) throws Exception {
        Path recipients = Files.writeString(folder.resolve("recipients.csv"),
                "municipality,channel,target\n" + recipientRow + "\n");
        java.util.List<String> lines = new java.util.ArrayList<>(java.util.List.of(
                "bij.data.dir=" + folder.resolve("data"),
                "bij.broker.embedded.port=" + AvailablePortFinder.getNextAvailable(),
                "bij.delivery.recipients=file:" + recipients));
        lines.addAll(java.util.List.of(settings));
        Path config = Files.writeString(folder.resolve("bij.properties"), String.join("\n", lines));

        int exitCode = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> BijService.commandLine().execute("--config", config.toString()));

        assertThat(exitCode).isNotZero();
        assertThat(folder.resolve("data/broker")).as("refused before the broker started").doesNotExist();
        assertThat(captured.list).map(ILoggingEvent::getFormattedMessage).anySatisfy(logged -> assertThat(logged)
                .contains(message));
    }
}
