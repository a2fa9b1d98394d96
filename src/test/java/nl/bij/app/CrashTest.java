package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;


import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import nl.bij.state.TestDatabases;

/**
 * The service as a separate process on its embedded defaults (Artemis journal and H2 file under one data folder),
 * killed with SIGKILL at random moments while it works through 800 qualifying events, and restarted each time.
 * Afterwards: every event has exactly one decision, none is missing, and every notice reached the mail relay
 * once, or more than once with the same noticeId (Message-ID); the duplicates are counted and reported.
 *
 * <p>Rerun alone with {@code mvn test -Dtest=CrashTest -Dbij.skip-postgresql=true}; the figures go to stdout
 * and {@code target/crash-test-report.txt}. {@code -Dbij.crash.events=N -Dbij.crash.kills=K} change the load. The
 * moments of the kills come from a seed that the report prints; {@code -Dbij.crash.seed=S} repeats a run's moments.
 */
class CrashTest {

    // 800 keeps the suite within its time budget with hundreds of events in flight at each of the kills (the five
    // kills fall within the first 460 notices); -Dbij.crash.events=2000 (or more) for a longer run
    private static final int EVENTS = Integer.getInteger("bij.crash.events", 800);
    private static final int KILLS = Integer.getInteger("bij.crash.kills", 5);
    private static final Duration PATIENCE = Duration.ofMinutes(5);
    private static final long SEED = Long.getLong("bij.crash.seed", new java.security.SecureRandom().nextLong());

    @TempDir
    Path folder;

    private final Random random = new Random(SEED);
    private Process service;
    private int started;

    @Test
    void killedFiveTimesWhileWorkingItLosesNothingAndDeliversEachNoticeOnceOrWithItsSameNoticeId() throws Exception {
        assumeFalse(TestDatabases.postgres(), "runs once, on the embedded defaults");
        System.out.println("crash test: seed " + SEED + " (repeat with -Dbij.crash.seed=" + SEED + ")");
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
            Instant firstSent = Instant.now();
            List<String> eventIds = SeparateService.sendQualifying(EVENTS, "8000", Settings.load(java.util.Optional.of(config)));
            for (int kill = 1; kill <= KILLS; kill++) {
                // a random moment while it works: after a random number of further notices reached the relay
                int before = relay.getReceivedMessages().length;
                int more = 10 + random.nextInt(EVENTS / (2 * KILLS));
                SeparateService.awaitWhileKilling().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                        .until(() -> relay.getReceivedMessages().length >= before + more);
                service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                start(config);
            }
            awaitMails(relay, eventIds.size());
            Duration took = Duration.between(firstSent, Instant.now());
            service.destroy();
            assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("a clean stop after the last kill").isTrue();

            report(DeliveryTally.count(eventIds, Database.embeddedUrl(Path.of(settings.getProperty("bij.data.dir"))),
                    "bij", relay.getReceivedMessages()), took);
        } finally {
            if (service != null) {
                service.destroyForcibly();
            }
            relay.stop();
        }
    }

    private void report(DeliveryTally tally, Duration took) throws Exception {
        String report = String.format("crash test: %d events, %d kill -9 while working, %d starts, seed %d%n",
                tally.events(), KILLS, started, SEED) + tally.lines() + String.format("  time from first send to last notice: %d s%n",
                took.toSeconds());
        System.out.print(report);
        Files.writeString(Path.of("target", "crash-test-report.txt"), report);
        tally.assertNothingLost();
    }

    private Properties settings(int smtpPort) throws IOException {
        Properties p = SeparateService.mailSettings(folder, smtpPort);
        p.setProperty("bij.broker.embedded.port", String.valueOf(AvailablePortFinder.getNextAvailable()));
        return p;
    }

    private void start(Path config) throws IOException {
        Path log = Files.createDirectories(Path.of("target", "crash-test-logs")).resolve("service-" + (++started) + ".log");
        service = SeparateService.start(config, log);
    }

    private static void awaitMails(GreenMail relay, int distinct) {
        SeparateService.awaitWhileKilling().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
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
}
