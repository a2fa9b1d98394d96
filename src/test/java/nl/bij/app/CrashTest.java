package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import jakarta.mail.internet.MimeMessage;

import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import nl.bij.state.TestDatabases;

/**
 * The service as a separate process on its embedded defaults (Artemis journal and H2 file under one data folder),
 * killed with SIGKILL at random moments while it works through 2,000 qualifying events, and restarted each time.
 * Afterwards: every event has exactly one decision, none is missing, and every notice reached the mail relay
 * once, or more than once with the same noticeId (Message-ID); the duplicates are counted and reported.
 *
 * <p>Rerun alone with {@code mvn test -Dtest=CrashTest -Dbij.skip-postgresql=true}; the figures go to stdout
 * and {@code target/crash-test-report.txt}. {@code -Dbij.crash.events=N -Dbij.crash.kills=K} change the load.
 */
class CrashTest {

    private static final int EVENTS = Integer.getInteger("bij.crash.events", 2000);
    private static final int KILLS = Integer.getInteger("bij.crash.kills", 5);
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    @TempDir
    Path folder;

    private final Random random = new Random();
    private Process service;
    private int started;

    @Test
    void killedFiveTimesWhileWorkingItLosesNothingAndDeliversEachNoticeOnceOrWithItsSameNoticeId() throws Exception {
        assumeFalse(TestDatabases.postgres(), "runs once, on the embedded defaults");
        int smtpPort = AvailablePortFinder.getNextAvailable();
        GreenMail relay = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        try {
            Properties settings = settings(smtpPort);
            Path config = folder.resolve("crash.properties");
            try (var out = Files.newBufferedWriter(config)) {
                settings.store(out, "crash test");
            }
            start(config);
            List<String> eventIds = sendAll(Settings.load(java.util.Optional.of(config)));
            Instant firstSent = Instant.now();
            for (int kill = 1; kill <= KILLS; kill++) {
                // a random moment while it works: after a random number of further notices reached the relay
                int before = relay.getReceivedMessages().length;
                int more = 10 + random.nextInt(EVENTS / (2 * KILLS));
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                        .until(() -> relay.getReceivedMessages().length >= before + more);
                service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                start(config);
            }
            awaitMails(relay, eventIds.size());
            Duration took = Duration.between(firstSent, Instant.now());
            service.destroy();
            assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("a clean stop after the last kill").isTrue();

            report(eventIds, decisions(settings), relay.getReceivedMessages(), took);
        } finally {
            if (service != null) {
                service.destroyForcibly();
            }
            relay.stop();
        }
    }

    private void report(List<String> eventIds, Map<String, List<String[]>> decisionsByEvent, MimeMessage[] mails,
                        Duration took) throws Exception {
        Map<String, Integer> mailsByMessageId = new HashMap<>();
        for (MimeMessage mail : mails) {
            mailsByMessageId.merge(mail.getMessageID(), 1, Integer::sum);
        }
        List<String> problems = new ArrayList<>();
        int duplicates = 0;
        for (String eventId : eventIds) {
            List<String[]> decisions = decisionsByEvent.getOrDefault(eventId, List.of());
            if (decisions.size() != 1 || !"NOTIFIED".equals(decisions.get(0)[0])) {
                problems.add(eventId + ": " + decisions.stream().map(d -> d[0]).toList());
                continue;
            }
            int copies = mailsByMessageId.getOrDefault("<" + decisions.get(0)[1] + "@justid.example>", 0);
            if (copies == 0) {
                problems.add(eventId + ": notice " + decisions.get(0)[1] + " never arrived");
            }
            duplicates += Math.max(0, copies - 1);
        }
        String report = String.format("crash test: %d events, %d kill -9 while working, %d starts%n"
                        + "  decisions: %d events with exactly one decision (NOTIFIED), %d problems%n"
                        + "  mails: %d received, %d distinct notices, %d duplicate deliveries (same noticeId)%n"
                        + "  time from first send to last notice: %d s%n",
                eventIds.size(), KILLS, started, eventIds.size() - problems.size(), problems.size(), mails.length,
                mailsByMessageId.size(), duplicates, took.toSeconds());
        System.out.print(report);
        Files.writeString(Path.of("target", "crash-test-report.txt"), report);
        assertThat(problems).as("events without exactly one NOTIFIED decision or without their notice").isEmpty();
        assertThat(mailsByMessageId).hasSize(eventIds.size());
        assertThat(mails.length).isEqualTo(eventIds.size() + duplicates);
    }

    private Properties settings(int smtpPort) throws IOException {
        Path recipients = Files.writeString(folder.resolve("recipients.csv"),
                "municipality,channel,target\n0344,MAIL,bij@utrecht.example\n");
        Properties p = new Properties();
        p.setProperty("bij.data.dir", folder.resolve("data").toString());
        p.setProperty("bij.broker.embedded.port", String.valueOf(AvailablePortFinder.getNextAvailable()));
        p.setProperty("bij.delivery.recipients", "file:" + recipients);
        p.setProperty("bij.delivery.suppressions", "classpath:test-config/no-suppressions.csv");
        p.setProperty("bij.delivery.outbox-dir", folder.resolve("outbox").toString());
        p.setProperty("bij.mail.host", "127.0.0.1");
        p.setProperty("bij.mail.port", String.valueOf(smtpPort));
        p.setProperty("bij.outbox.poll-ms", "200");
        // deliveries wait on the relay's round trips, not on the CPU: several at once
        p.setProperty("bij.delivery.consumers", "4");
        p.setProperty("bij.outbox.batch", "500");
        p.setProperty("bij.outbox.lease-ms", "5000");
        return p;
    }

    private void start(Path config) throws IOException {
        Path log = Files.createDirectories(Path.of("target", "crash-test-logs")).resolve("service-" + (++started) + ".log");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // surefire's own java.class.path is a manifest-only jar; this is the test class path it stands for
        // (an empty entry would put the working folder, with its routes/, on the class path a second time)
        String classPath = java.util.Arrays.stream(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isBlank()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        service = new ProcessBuilder(javaBin, "-cp", classPath,
                "-Dlogback.configurationFile=config/logback.xml", BijService.class.getName(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!service.isAlive()) {
                throw new AssertionError("the service did not start; its log:\n" + Files.readString(log));
            }
            return Files.readString(log, StandardCharsets.UTF_8).contains("started in");
        });
    }

    private static List<String> sendAll(Properties settings) throws Exception {
        List<String> eventIds = new ArrayList<>();
        try (JustidSender justid = new JustidSender(settings)) {
            for (int i = 0; i < EVENTS; i++) {
                String eventId = String.format("00000000-0000-4000-8000-%012d", i);
                justid.send(justid.session().createTextMessage(MailDeliveryTest.qualifyingFor("0344", eventId)));
                eventIds.add(eventId);
            }
        }
        return eventIds;
    }

    private static void awaitMails(GreenMail relay, int distinct) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> relay.getReceivedMessages().length >= distinct && distinctIds(relay) >= distinct);
    }

    private static long distinctIds(GreenMail relay) {
        return java.util.Arrays.stream(relay.getReceivedMessages()).map(m -> {
            try {
                return m.getMessageID();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).distinct().count();
    }

    /** Per eventId: its decisions (decision, noticeId), read from the service's own H2 file after it stopped. */
    private static Map<String, List<String[]>> decisions(Properties settings) throws Exception {
        Map<String, List<String[]>> byEvent = new HashMap<>();
        String url = Database.embeddedUrl(Path.of(settings.getProperty("bij.data.dir")));
        try (Connection c = DriverManager.getConnection(url, "bij", "");
             ResultSet rs = c.createStatement().executeQuery("select event_id, decision, notice_id from decision")) {
            while (rs.next()) {
                byEvent.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        return byEvent;
    }
}
