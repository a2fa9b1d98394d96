package nl.bij.app;

import java.io.InputStreamReader;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;


import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariDataSource;

import io.vertx.core.net.PfxOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import nl.bij.notice.NoticeText;
import nl.bij.operations.LoginThrottle;
import nl.bij.operations.Operators;
import nl.bij.receiver.Inbox;
import nl.bij.receiver.InboxStore;
import nl.bij.receiver.ReminderMail;

/**
 * {@code bij-service inbox}: the mayor's-office inbox, for a municipality without a system of its own. Its own
 * configuration ({@code config/inbox.properties} and {@code --config}), its own embedded database, its own folder.
 */
@Command(name = "inbox", mixinStandardHelpOptions = true, description = "Run the mayor's-office inbox: receive BIJ"
        + " notices over HTTPS with mutual TLS, show them to the office in Dutch, and destroy or archive them on time.")
final class InboxCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger("bij.inbox");
    static final String DEFAULTS = "config/inbox.properties";

    @Option(names = "--config", description = "A properties file that overrides the packaged inbox configuration"
            + " (default: inbox.properties in the folder BIJ_CONFIG_DIR names, if set).")
    Path config;

    @Override
    public Integer call() throws Exception {
        Properties p = Settings.load(DEFAULTS, Optional.ofNullable(config), System.getenv(), System.getProperties());
        Path dataDir = DataFolder.secure(Path.of(required(p, "bij.inbox.data.dir")));
        HikariDataSource db = database(dataDir);
        Operators users = users(p);
        List<java.security.cert.X509Certificate> senders = new java.util.ArrayList<>();
        for (String file : required(p, "bij.inbox.sender.certificate").split(",")) {
            senders.add(ReceiverCommands.certificate(Path.of(file.strip())));
        }
        Inbox inbox = new Inbox(senders, new InboxStore(db), text(), Clock.systemUTC());
        InboxServer server = new InboxServer(inbox, users, dataDir);
        String officeHost = p.getProperty("bij.inbox.office.host").strip();
        int officePort = Integer.parseInt(p.getProperty("bij.inbox.office.port").strip());
        Optional<PfxOptions> officeKey = optional(p, "bij.inbox.office.tls.keystore")
                .map(k -> pfx(k, p.getProperty("bij.inbox.office.tls.password", "")));
        if (officeKey.isEmpty() && !InetAddress.getByName(officeHost).isLoopbackAddress()) {
            throw new IllegalStateException("bij.inbox.office.host " + officeHost + " is not loopback: set"
                    + " bij.inbox.office.tls.keystore, or the office's passwords would cross the network in clear text");
        }
        server.start(new InboxServer.Ports(p.getProperty("bij.inbox.receive.host").strip(),
                        Integer.parseInt(p.getProperty("bij.inbox.receive.port").strip()), officeHost, officePort),
                pfx(required(p, "bij.inbox.receive.keystore"), p.getProperty("bij.inbox.receive.password", "")),
                pfx(required(p, "bij.inbox.receive.truststore"), p.getProperty("bij.inbox.receive.truststore-password", "")),
                officeKey, AdminServer.ownOrigins(officeHost, officePort, officeKey.isPresent(),
                        p.getProperty("bij.inbox.office.origins", "")),
                new LoginThrottle(Clock.systemUTC(), new LoginThrottle.Limits(5, Duration.ofMinutes(15), 10_000)));
        server.every(Long.parseLong(p.getProperty("bij.inbox.clock.check-ms").strip()), () -> runClock(inbox, p));
        LOG.info("Inbox started");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                db.close();
            } catch (Exception e) {
                LOG.warn("inbox did not stop cleanly ({})", e.getClass().getSimpleName());
            }
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    private static void runClock(Inbox inbox, Properties p) {
        List<Map.Entry<String, Integer>> reminders = inbox.runClock();
        reminders.forEach(r -> LOG.atWarn().addKeyValue("noticeId", r.getKey())
                .log("noticeId={} is destroyed in {} days unless measures are recorded", r.getKey(), r.getValue()));
        Optional<String> to = optional(p, "bij.inbox.reminder.mail-to");
        Optional<String> host = optional(p, "bij.inbox.mail.host");
        if (!reminders.isEmpty() && to.isPresent() && host.isPresent()) {
            try {
                new ReminderMail(host.get(), Integer.parseInt(p.getProperty("bij.inbox.mail.port").strip()),
                        p.getProperty("bij.inbox.mail.from").strip(), to.get()).send(reminders);
            } catch (jakarta.mail.MessagingException e) {
                LOG.warn("reminder mail not sent ({}); the page shows the reminders", e.getClass().getSimpleName());
            }
        }
    }

    private static HikariDataSource database(Path dataDir) {
        HikariDataSource db = new HikariDataSource();
        db.setJdbcUrl("jdbc:h2:file:" + dataDir.resolve("db").resolve("inbox").toAbsolutePath() + ";WRITE_DELAY=0");
        db.setUsername("inbox");
        db.setPassword("");
        db.setMaximumPoolSize(4);
        db.setPoolName("inbox-db");
        Flyway.configure().dataSource(db).locations("classpath:db/inbox").load().migrate();
        return db;
    }

    private static Operators users(Properties p) throws java.io.IOException {
        String file = required(p, "bij.inbox.office.users");
        Properties lines = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file.replaceFirst("^file:", "")), StandardCharsets.UTF_8)) {
            lines.load(reader);
        }
        return Operators.load(file, lines, Clock.systemUTC(), Duration.ofSeconds(60));
    }

    private static NoticeText text() throws java.io.IOException {
        try (Reader template = new InputStreamReader(InboxCommand.class.getClassLoader()
                .getResourceAsStream("config/notice-mail.mustache"), StandardCharsets.UTF_8)) {
            return new NoticeText("config/notice-mail.mustache", template, 14);
        }
    }

    private static PfxOptions pfx(String path, String password) {
        return new PfxOptions().setPath(path.replaceFirst("^file:", "")).setPassword(password);
    }

    private static Optional<String> optional(Properties p, String key) {
        return Optional.ofNullable(p.getProperty(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static String required(Properties p, String key) {
        return optional(p, key).orElseThrow(() -> new IllegalStateException("the inbox needs " + key
                + " (see config/inbox.properties)"));
    }
}
