package nl.bij.app;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The service in a process of its own, on the test class path, for tests that kill it or run two. */
final class SeparateService {

    private SeparateService() {
    }

    /** Starts it with {@code config}, its output in {@code log}, and returns once Camel says it started. */
    static Process start(Path config, Path log, String... jvmOptions) throws IOException {
        java.util.List<String> arguments = new java.util.ArrayList<>(Arrays.asList(jvmOptions));
        arguments.addAll(java.util.List.of(BijService.class.getName(), "--config", config.toString()));
        return run(arguments, log, "started in");
    }

    /** The inbox ({@code bij-service inbox}) in a process of its own, once it says it started. */
    static Process startInbox(Path config, Path log) throws IOException {
        return run(java.util.List.of(BijService.class.getName(), "inbox", "--config", config.toString()), log,
                "Inbox started");
    }

    /** Runs {@code arguments} (JVM options, main class, its arguments) on the test class path until {@code ready}. */
    private static Process run(java.util.List<String> arguments, Path log, String ready) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // surefire's own java.class.path is a manifest-only jar; this is the test class path it stands for
        // (an empty entry would put the working folder, with its routes/, on the class path a second time)
        String classPath = Arrays.stream(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator))
                .filter(entry -> !entry.isBlank()).collect(Collectors.joining(File.pathSeparator));
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(javaBin, "-cp", classPath,
                "-Dlogback.configurationFile=config/logback.xml"));
        command.addAll(arguments);
        Process service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // a restart after kill -9: the relay's handler of the killed connection may die meanwhile (see below)
        awaitWhileKilling().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!service.isAlive()) {
                throw new AssertionError("the service did not start; its log:\n" + Files.readString(log));
            }
            return Files.readString(log, StandardCharsets.UTF_8).contains(ready);
        });
        return service;
    }

    /**
     * Awaitility, for tests that kill a service while it talks to the in-process mail relay: the relay's handler
     * thread then dies of "Connection reset", which Awaitility would otherwise count as a failure of the condition.
     */
    static org.awaitility.core.ConditionFactory awaitWhileKilling() {
        return await().dontCatchUncaughtExceptions();
    }

    /**
     * Justid sends {@code events} qualifying events for Utrecht (mail), eventIds numbered within {@code series}: as
     * persistent messages with Justid's login, committed a hundred at a time (one broker round trip per message
     * would make sending the slowest part of a test over a replicated pair).
     */
    static java.util.List<String> sendQualifying(int events, String series, java.util.Properties settings)
            throws Exception {
        return sendQualifying(events, series, settings, 0);
    }

    /** As above, numbering the eventIds from {@code first}. */
    static java.util.List<String> sendQualifying(int events, String series, java.util.Properties settings, int first)
            throws Exception {
        return sendQualifying(events, series, settings, first, "0344");
    }

    /** As above, for the mayor of {@code municipality}. */
    static java.util.List<String> sendQualifying(int events, String series, java.util.Properties settings, int first,
                                                String municipality) throws Exception {
        java.util.List<String> eventIds = new java.util.ArrayList<>();
        var factory = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(Settings.brokerUrl(settings),
                settings.getProperty("bij.broker.justid.user"), settings.getProperty("bij.broker.justid.password"));
        try (jakarta.jms.Connection connection = factory.createConnection()) {
            jakarta.jms.Session session = connection.createSession(true, jakarta.jms.Session.SESSION_TRANSACTED);
            jakarta.jms.MessageProducer producer = session.createProducer(
                    session.createQueue(settings.getProperty("bij.queue.releases")));
            producer.setDeliveryMode(jakarta.jms.DeliveryMode.PERSISTENT);
            for (int i = first; i < first + events; i++) {
                String eventId = String.format("00000000-0000-4000-%s-%012d", series, i);
                producer.send(session.createTextMessage(MailDeliveryTest.qualifyingFor(municipality, eventId)));
                eventIds.add(eventId);
                if (i % 100 == 99 || i == first + events - 1) {
                    session.commit();
                }
            }
        }
        return eventIds;
    }

    /**
     * The settings both the crash and the failover test start from: everything under {@code folder}, Utrecht (0344)
     * receiving by mail over the relay on {@code smtpPort}, a quick relay and lease, and four deliveries at once
     * (they wait on the relay's round trips, not on the CPU).
     */
    static java.util.Properties mailSettings(Path folder, int smtpPort) throws IOException {
        Path recipients = Files.writeString(folder.resolve("recipients.csv"),
                "municipality,channel,target\n0344,MAIL,bij@utrecht.example\n");
        java.util.Properties p = new java.util.Properties();
        p.setProperty("bij.data.dir", folder.resolve("data").toString());
        // PostgreSQL and a broker pair, but the development key and shipped passwords: tests, not production
        p.setProperty("bij.mode", "development");
        p.setProperty("bij.delivery.recipients", "file:" + recipients);
        p.setProperty("bij.delivery.suppressions", "classpath:test-config/no-suppressions.csv");
        p.setProperty("bij.delivery.outbox-dir", folder.resolve("outbox").toString());
        p.setProperty("bij.mail.host", "127.0.0.1");
        p.setProperty("bij.mail.port", String.valueOf(smtpPort));
        p.setProperty("bij.outbox.poll-ms", "200");
        p.setProperty("bij.delivery.consumers", "4");
        p.setProperty("bij.outbox.batch", "500");
        p.setProperty("bij.outbox.lease-ms", "5000");
        return p;
    }
}
