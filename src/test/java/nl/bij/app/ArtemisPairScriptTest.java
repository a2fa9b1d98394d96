package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import java.io.InputStream;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;

import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.test.AvailablePortFinder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.bij.state.TestDatabases;

/**
 * {@code scripts/artemis-pair create}, the production broker pair: no password of its own (each from the
 * environment, or it refuses), TLS unless on loopback, every password masked in the configuration it writes and in
 * none of its output. (The failover test then runs the pair it makes, TLS and masked passwords included.) And its
 * container mode ({@code tls}, {@code instance}), as {@code dist/compose.yaml} runs each broker on a host of its own.
 */
class ArtemisPairScriptTest {

    @TempDir
    Path folder;

    /** The passwords the tests give the script (and the service its broker login). */
    static Map<String, String> passwords() {
        return Map.of("BIJ_ARTEMIS_ADMIN_PASSWORD", "admin-Secret-1", "BIJ_ARTEMIS_CLUSTER_PASSWORD", "cluster-Secret-2",
                "BIJ_BROKER_PASSWORD", "bij-service-local", "BIJ_BROKER_JUSTID_PASSWORD", "justid-local",
                "BIJ_ARTEMIS_OPERATOR_PASSWORD", "operator-Secret-5", "BIJ_ARTEMIS_TLS_PASSWORD", "tls-local");
    }

    @Test
    void withoutPasswordsItRefusesNamingThoseMissing() throws Exception {
        Result result = create(Map.of("BIJ_BROKER_PASSWORD", "bij-service-local"));

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.output()).contains("set BIJ_ARTEMIS_ADMIN_PASSWORD BIJ_ARTEMIS_CLUSTER_PASSWORD"
                + " BIJ_BROKER_JUSTID_PASSWORD BIJ_ARTEMIS_OPERATOR_PASSWORD BIJ_ARTEMIS_TLS_PASSWORD in the environment")
                .doesNotContain("bij-service-local");
        assertThat(folder.resolve("primary")).doesNotExist();
    }

    @Test
    void plainTcpBeyondLoopbackIsRefused() throws Exception {
        Map<String, String> env = new HashMap<>(passwords());
        env.put("BIJ_ARTEMIS_HOST", "192.0.2.10");
        env.put("BIJ_ARTEMIS_TLS", "0");

        Result result = create(env);

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.output()).contains("192.0.2.10 is not loopback: TLS is required there");
    }

    @Test
    void everyPasswordIsMaskedAndNonePrinted() throws Exception {
        assumeTrue(!TestDatabases.postgres(), "once, on the H2 pass");
        Result result = create(passwords());

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("TLS only");
        for (String instance : new String[] {"primary", "backup"}) {
            Path etc = folder.resolve(instance).resolve("etc");
            String broker = Files.readString(etc.resolve("broker.xml"));
            assertThat(broker).contains("sslEnabled=true;keyStorePath=", "keyStorePassword=ENC(",
                    "<cluster-password>ENC(");
            assertThat(Files.readString(etc.resolve("artemis-users.properties")))
                    .contains("bij-service = ENC(", "justid = ENC(", "operator = ENC(");
            try (Stream<Path> files = Files.walk(etc)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                    passwords().forEach((name, password) -> assertThat(text).as(name + " in " + file)
                            .doesNotContain(password));
                }
            }
        }
        passwords().forEach((name, password) -> assertThat(result.output()).as(name).doesNotContain(password));
    }

    @Test
    void aBrokerOnAHostOfItsOwnIsMadeOnceFromTheSameRecipeAndKeepsItsJournalOverARestart() throws Exception {
        assumeTrue(!TestDatabases.postgres(), "once, on the H2 pass");
        int port = AvailablePortFinder.getNextAvailable();
        Map<String, String> env = new HashMap<>(passwords());
        env.put("BIJ_ARTEMIS_PORT", String.valueOf(port));
        env.put("BIJ_ARTEMIS_PEER", "127.0.0.1:" + AvailablePortFinder.getNextAvailable());
        env.put("BIJ_ARTEMIS_TLS_NAMES", "artemis-primary,artemis-backup");

        assertThat(run(env, "tls").output()).contains("made the key and trust store");
        assertThat(run(env, "tls").output()).as("a second container start").contains("kept the key and trust store");
        assertThat(brokerCertificate().getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))))
                .contains("artemis-primary", "artemis-backup", "127.0.0.1");

        String url = "tcp://127.0.0.1:" + port + "?sslEnabled=true&trustStorePath=" + folder.resolve("tls/trust.p12")
                + "&trustStorePassword=tls-local";
        Running first = instance(env);
        assertThat(first.output()).contains("created " + folder.resolve("primary"));
        try (Connection service = new ActiveMQConnectionFactory(url, "bij-service", "bij-service-local").createConnection()) {
            Session session = service.createSession(Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("bij.deliveries")).send(session.createTextMessage("kept"));
        }
        // the service may ask the management API: a scheduled retry is counted, which browsing would miss
        var broker = new nl.bij.operations.BrokerQueues(new ActiveMQConnectionFactory(url, "bij-service",
                "bij-service-local"));
        try (Connection service = new ActiveMQConnectionFactory(url, "bij-service", "bij-service-local").createConnection()) {
            Session session = service.createSession(Session.AUTO_ACKNOWLEDGE);
            TextMessage retry = session.createTextMessage("a retry in an hour");
            retry.setLongProperty("_AMQ_SCHED_DELIVERY", System.currentTimeMillis() + 3_600_000);
            session.createProducer(session.createQueue("bij.delivery.failed")).send(retry);
        }
        assertThat(broker.depth("bij.delivery.failed")).isEqualTo(1);
        // a release message that leaves its queue undecided goes where the service removes its aftercare
        var settings = broker.deadLetterSettings("justid.bij.releases");
        assertThat(settings).hasValueSatisfying(s -> assertThat(UndecidedReleasesCheck.problems(s, "bij.releases.undecided"))
                .as(s.toString()).isEmpty());
        assertThat(broker.keeps("bij.releases.undecided")).contains(true);
        // and only its own answers: another user's answers wait under the management address too
        assertOthersManagementAnswersAreOutOfReach(new ActiveMQConnectionFactory(url, "admin", "admin-Secret-1"),
                new ActiveMQConnectionFactory(url, "bij-service", "bij-service-local"));
        first.stop();

        Running again = instance(env);
        try (Connection service = new ActiveMQConnectionFactory(url, "bij-service", "bij-service-local").createConnection()) {
            service.start();
            Session session = service.createSession(Session.AUTO_ACKNOWLEDGE);
            TextMessage kept = (TextMessage) session.createConsumer(session.createQueue("bij.deliveries")).receive(10_000);
            assertThat(kept).as("the message sent before the restart").isNotNull();
            assertThat(kept.getText()).isEqualTo("kept");
        } finally {
            again.stop();
        }
        assertThat(again.output()).as("not made again").doesNotContain("created ");
    }

    private static void assertOthersManagementAnswersAreOutOfReach(ActiveMQConnectionFactory admin,
            ActiveMQConnectionFactory service) throws Exception {
        SimpleString adminsAnswers = SimpleString.of("activemq.management." + java.util.UUID.randomUUID());
        try (ClientSessionFactory adminSessions = admin.getServerLocator().createSessionFactory();
             ClientSession adminSession = adminSessions.createSession("admin", "admin-Secret-1", false, true, true,
                     false, 0);
             ClientSessionFactory serviceSessions = service.getServerLocator().createSessionFactory();
             ClientSession serviceSession = serviceSessions.createSession("bij-service", "bij-service-local", false,
                     true, true, false, 0)) {
            adminSession.createQueue(QueueConfiguration.of(adminsAnswers).setDurable(false).setTemporary(true));
            assertThatThrownBy(() -> serviceSession.createConsumer(adminsAnswers)).as("reading the admin's answers")
                    .isInstanceOf(ActiveMQSecurityException.class);
            assertThatThrownBy(() -> serviceSession.createQueue(QueueConfiguration.of(
                    SimpleString.of("activemq.management.not-ours")).setDurable(false).setTemporary(true)))
                    .as("a queue outside its own prefix").isInstanceOf(ActiveMQSecurityException.class);
        }
    }

    private X509Certificate brokerCertificate() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(folder.resolve("tls/trust.p12"))) {
            trust.load(in, "tls-local".toCharArray());
        }
        return (X509Certificate) trust.getCertificate("broker");
    }

    private record Result(int exit, String output) {
    }

    /** {@code artemis-pair instance primary} in the foreground, as a container's command; its output kept. */
    private record Running(Process process, StringBuffer printed) {
        String output() {
            return printed.toString();
        }

        void stop() throws InterruptedException {
            process.destroy();   // SIGTERM, as docker stop sends it: the broker stops cleanly
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the broker stops on SIGTERM").isTrue();
        }
    }

    private Running instance(Map<String, String> env) throws Exception {
        Process process = script(env, "instance", "primary").start();
        StringBuffer printed = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> printed.append(line).append('\n'));
            } catch (java.io.IOException e) {
                printed.append("(output ended: ").append(e.getClass().getSimpleName()).append(')');
            }
        });
        reader.setDaemon(true);
        reader.start();
        Running running = new Running(process, printed);
        try {
            Awaitility.await("the broker active").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> running.output().contains("AMQ221007") || !process.isAlive());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            process.destroyForcibly();
            throw e;
        }
        assertThat(process.isAlive()).as(running.output()).isTrue();
        return running;
    }

    private Result create(Map<String, String> env) throws Exception {
        return run(env, "create");
    }

    private Result run(Map<String, String> env, String command) throws Exception {
        Process process = script(env, command).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private ProcessBuilder script(Map<String, String> env, String... command) {
        ProcessBuilder script = new ProcessBuilder("bash", "scripts/artemis-pair").redirectErrorStream(true);
        script.command().addAll(java.util.List.of(command));
        script.environment().keySet().removeIf(k -> k.startsWith("BIJ_"));
        script.environment().put("BIJ_ARTEMIS_BASE", folder.toString());
        script.environment().putAll(env);
        return script;
    }
}
