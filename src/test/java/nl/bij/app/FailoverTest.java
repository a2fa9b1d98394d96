package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import nl.bij.state.TestDatabases;

/**
 * Scale-out and failover (issue 9), every process on 127.0.0.1: a replicated Artemis primary/backup pair from the
 * official distribution ({@code scripts/artemis-pair}, TLS only) and two service instances sharing one PostgreSQL database,
 * competing for the same queues. 2,000 qualifying events; a quarter of the way one instance is killed with
 * {@code kill -9}, half way the primary broker, and the backup takes over. Afterwards: every event has exactly one
 * decision (NOTIFIED), none is lost, every notice reached the mail relay once or more often with the same noticeId
 * (counted), and the time the cluster took to resume is reported.
 *
 * <p>Runs in the PostgreSQL pass of {@code mvn test}; alone: {@code mvn test -Dtest=FailoverTest}. Figures to stdout
 * and {@code target/failover-test-report.txt}; {@code -Dbij.failover.events=N} changes the load (1,200 keeps the suite
 * under its time budget: what is tested is the moments of the kills, each with hundreds of events in flight; 5,000 for a
 * longer run).
 */
class FailoverTest {

    private static final int EVENTS = Integer.getInteger("bij.failover.events", 1200);
    private static final Duration PATIENCE = Duration.ofMinutes(6);

    @TempDir
    Path folder;

    private final List<Process> instances = new ArrayList<>();
    private Path artemis;
    private int brokerPort;

    @Test
    void twoInstancesOnAReplicatedPairLoseNothingWhenOneInstanceAndThenThePrimaryBrokerAreKilled() throws Exception {
        assumeTrue(TestDatabases.postgres(), "runs once, on the PostgreSQL that the instances share");
        artemis = folder.resolve("artemis");
        brokerPort = freePortPair();
        GreenMail relay = new GreenMail(new ServerSetup(AvailablePortFinder.getNextAvailable(), "127.0.0.1",
                ServerSetup.PROTOCOL_SMTP));
        try {
            pair("create");
            pair("start");
            relay.start();
            Properties settings = settings(relay.getSmtp().getPort(), TestDatabases.freshUrlOrEmbedded());
            Path a = config(settings, "a");
            instances.add(SeparateService.start(a, log("instance-a")));
            instances.add(SeparateService.start(config(settings, "b"), log("instance-b")));
            Properties justid = Settings.load(java.util.Optional.of(a));
            assertPlainConnectionsRefused(justid);
            assertRolesHold(justid.getProperty("bij.broker.url"));
            Instant firstSent = Instant.now();
            List<String> eventIds = SeparateService.sendQualifying(EVENTS, "9000", justid);

            awaitMails(relay, EVENTS / 4);
            instances.get(1).destroyForcibly().waitFor(30, TimeUnit.SECONDS);     // kill -9 of instance b
            awaitMails(relay, EVENTS / 2);
            int beforeFailover = relay.getReceivedMessages().length;
            Instant primaryKilled = Instant.now();
            pair("kill-primary");                                                // returns when the backup is active
            Duration backupActive = Duration.between(primaryKilled, Instant.now());
            awaitMails(relay, beforeFailover + 20);
            Duration resumed = Duration.between(primaryKilled, Instant.now());
            awaitDistinct(relay, EVENTS);
            Duration took = Duration.between(firstSent, Instant.now());
            instances.get(0).destroy();
            assertThat(instances.get(0).waitFor(60, TimeUnit.SECONDS)).as("instance a stops cleanly").isTrue();

            report(DeliveryTally.count(eventIds, settings.getProperty("bij.db.url"), "postgres",
                    relay.getReceivedMessages()), took, backupActive, resumed);
        } finally {
            instances.forEach(Process::destroyForcibly);
            relay.stop();
            pair("stop");
        }
    }

    private static void report(DeliveryTally tally, Duration took, Duration backupActive, Duration resumed)
            throws IOException {
        String report = String.format("failover test: %d events, 2 service instances on PostgreSQL, a replicated"
                        + " Artemis primary/backup pair over TLS%n"
                        + "  kill -9 of instance b after %d notices, kill -9 of the primary broker after %d%n",
                tally.events(), EVENTS / 4, EVENTS / 2) + tally.lines() + String.format(
                "  backup active %.1f s after the primary's kill -9; deliveries flowing again after %.1f s%n"
                        + "  time from first send to last notice: %d s%n",
                backupActive.toMillis() / 1000.0, resumed.toMillis() / 1000.0, took.toSeconds());
        System.out.print(report);
        Files.writeString(Path.of("target", "failover-test-report.txt"), report);
        tally.assertNothingLost();
    }

    /** What both instances share (broker pair, database, relay, the development signing key) and how they work. */
    private Properties settings(int smtpPort, String databaseUrl) throws IOException {
        Properties p = SeparateService.mailSettings(folder, smtpPort);
        p.setProperty("bij.broker.url", pairUrl() + "&sslEnabled=true&trustStorePath="
                + artemis.resolve("tls").resolve("trust.p12").toAbsolutePath() + "&trustStorePassword=tls-local");
        p.setProperty("bij.db.url", databaseUrl);
        p.setProperty("bij.db.user", "postgres");
        return p;
    }

    private Path config(Properties shared, String instance) throws IOException {
        Properties p = new Properties();
        p.putAll(shared);
        p.setProperty("bij.admin.port", String.valueOf(AvailablePortFinder.getNextAvailable()));
        Path file = folder.resolve("instance-" + instance + ".properties");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "failover test, instance " + instance);
        }
        return file;
    }

    /**
     * How the instances follow the pair: fail over to the backup, reconnect without end, quickly at first. The
     * container topology (dist/compose.yaml) gives its instances the same (DistributionFilesTest).
     */
    static final String FAILOVER_PARAMETERS =
            "ha=true&reconnectAttempts=-1&retryInterval=250&retryIntervalMultiplier=1.5&maxRetryInterval=2000";

    private String pairUrl() {
        return "(tcp://127.0.0.1:" + brokerPort + ",tcp://127.0.0.1:" + (brokerPort + 1) + ")?" + FAILOVER_PARAMETERS;
    }

    /** The pair speaks TLS only: a client without it is refused. */
    private void assertPlainConnectionsRefused(Properties settings) {
        Properties plain = new Properties();
        plain.putAll(settings);
        plain.setProperty("bij.broker.url", "tcp://127.0.0.1:" + brokerPort + "?callTimeout=5000");
        assertThatThrownBy(() -> new JustidSender(plain).close()).as("a connection without TLS")
                .isInstanceOf(jakarta.jms.JMSException.class);
    }

    /** Justid may only send release events; operators may browse, not take; the service may do its work. */
    private static void assertRolesHold(String url) throws Exception {
        try (var justid = new ActiveMQConnectionFactory(url, "justid", "justid-local").createConnection();
             var operator = new ActiveMQConnectionFactory(url, "operator",
                     ArtemisPairScriptTest.passwords().get("BIJ_ARTEMIS_OPERATOR_PASSWORD")).createConnection()) {
            Session asJustid = justid.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session asOperator = operator.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> asJustid.createConsumer(asJustid.createQueue("justid.bij.releases")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> asJustid.createProducer(asJustid.createQueue("bij.deliveries"))
                    .send(asJustid.createTextMessage("not Justid's to send"))).isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> asOperator.createConsumer(asOperator.createQueue("bij.deliveries")))
                    .isInstanceOf(JMSSecurityException.class);
            operator.start();
            assertThat(Collections.list(asOperator.createBrowser(asOperator.createQueue("justid.bij.releases"))
                    .getEnumeration())).as("operators may browse").isEmpty();
        }
    }

    private static Path log(String name) throws IOException {
        return Files.createDirectories(Path.of("target", "failover-test-logs")).resolve(name + ".log");
    }

    /** {@code scripts/artemis-pair <command>} on this test's folder and ports; every broker it starts, it stops by pid. */
    private void pair(String command) throws IOException, InterruptedException {
        Path out = log("artemis-pair-" + command);
        ProcessBuilder script = new ProcessBuilder("bash", "scripts/artemis-pair", command).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        script.environment().put("BIJ_ARTEMIS_BASE", artemis.toString());
        script.environment().put("BIJ_ARTEMIS_PORT", String.valueOf(brokerPort));
        script.environment().putAll(ArtemisPairScriptTest.passwords());
        Process process = script.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("artemis-pair " + command + " in time").isTrue();
        assertThat(process.exitValue()).as("artemis-pair " + command + ": " + Files.readString(out)).isZero();
    }

    private static int freePortPair() {
        for (int port = 41616; port < 42616; port += 2) {
            if (free(port) && free(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two free ports in a row for the broker pair");
    }

    private static boolean free(int port) {
        try (var socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static void awaitMails(GreenMail relay, int count) {
        SeparateService.awaitWhileKilling().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> relay.getReceivedMessages().length >= count);
    }

    private static void awaitDistinct(GreenMail relay, int distinct) {
        SeparateService.awaitWhileKilling().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> java.util.Arrays.stream(
                relay.getReceivedMessages()).map(FailoverTest::messageId).distinct().count() >= distinct);
    }

    private static String messageId(MimeMessage mail) {
        try {
            return mail.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
