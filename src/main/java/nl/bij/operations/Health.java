package nl.bij.operations;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;

/**
 * Whether the service can do its work right now: the broker (a JMS connection), the database (a query) and the
 * mail relay (a TCP connection, when one is configured). Each answer is UP or DOWN with the failure's class name
 * only; the whole is DOWN if any part is. A channel that municipalities are configured for but that cannot deliver
 * is DOWN, not "not configured": mail recipients without a relay would receive nothing. The answer also says
 * whether the service runs in production or development mode.
 */
public final class Health {

    private static final int TIMEOUT_MS = 3000;

    private final ConnectionFactory broker;
    private final DataSource db;
    private final Mail mail;
    private final java.util.Optional<java.nio.file.Path> dropFolder;
    private final String mode;

    /**
     * The mail channel as configured.
     *
     * @param relayHost     empty when no mail relay is configured (mail notices then go to .eml files)
     * @param municipalities how many municipalities receive their notices by mail
     */
    public record Mail(String relayHost, int relayPort, long municipalities) {
    }

    /** @param dropFolder the service's own drop folder, if any municipality receives its notices there */
    public Health(ConnectionFactory broker, DataSource db, Mail mail, java.util.Optional<java.nio.file.Path> dropFolder,
            String mode) {
        this.broker = broker;
        this.db = db;
        this.mail = mail;
        this.dropFolder = dropFolder;
        this.mode = mode;
    }

    public Map<String, Object> check() {
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("broker", broker());
        checks.put("database", database());
        checks.put("mailRelay", mailRelay());
        dropFolder.ifPresent(folder -> checks.put("dropFolder", writable(folder)));
        boolean up = checks.values().stream().map(String::valueOf).allMatch(Health::up);
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", up ? "UP" : "DOWN");
        health.put("mode", mode);
        health.put("checks", checks);
        return health;
    }

    /** 503 when DOWN, else 200 (UP, or DEGRADED: still serving), for a load balancer, a monitor or an orchestrator. */
    public int httpStatus(Map<String, Object> health) {
        return "DOWN".equals(health.get("status")) ? 503 : 200;
    }

    /** Liveness, for an orchestrator and without a login: the service answers, which is all it says. */
    public Map<String, Object> live() {
        return Map.of("status", "UP");
    }

    /**
     * Readiness, for an orchestrator and without a login: DOWN unless the broker and the database answer, for
     * without them no event can be taken or decided. A channel that cannot deliver (the mail relay, the drop
     * folder) makes it DEGRADED, still ready: its notices wait and are retried, and taking the instance out of
     * service would not deliver them sooner. Words only, never a failure's detail: that stays behind the login
     * ({@link #check}).
     */
    public Map<String, Object> ready() {
        boolean broker = up(broker());
        boolean database = up(database());
        boolean channels = up(mailRelay()) && dropFolder.map(Health::writable).map(Health::up).orElse(true);
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("status", !(broker && database) ? "DOWN" : channels ? "UP" : "DEGRADED");
        ready.put("broker", broker ? "UP" : "DOWN");
        ready.put("database", database ? "UP" : "DOWN");
        ready.put("channels", channels ? "UP" : "DOWN");
        return ready;
    }

    private static boolean up(String check) {
        return "UP".equals(check) || "NOT_CONFIGURED".equals(check);
    }

    private String broker() {
        try (jakarta.jms.Connection connection = broker.createConnection()) {
            connection.start();
            return "UP";
        } catch (JMSException e) {
            return "DOWN: " + e.getClass().getSimpleName();
        }
    }

    /** Whether the database answers now (what a paused route waits for before it resumes). */
    public boolean databaseUp() {
        return "UP".equals(database());
    }

    private String database() {
        try (Connection connection = db.getConnection()) {
            return connection.isValid(TIMEOUT_MS / 1000) ? "UP" : "DOWN: not valid";
        } catch (java.sql.SQLException e) {
            return "DOWN: " + e.getClass().getSimpleName();
        }
    }

    private String mailRelay() {
        if (!mail.relayHost().isBlank()) {
            return relay();
        }
        return mail.municipalities() == 0 ? "NOT_CONFIGURED"
                : "DOWN: no relay configured for the " + mail.municipalities() + " municipalities that receive mail";
    }

    /** The folder, or the nearest folder above it that exists (the file channel makes the rest), can be written. */
    private static String writable(java.nio.file.Path folder) {
        java.nio.file.Path existing = folder.toAbsolutePath();
        while (existing != null && !java.nio.file.Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && java.nio.file.Files.isDirectory(existing) && java.nio.file.Files.isWritable(existing)
                ? "UP" : "DOWN: not writable";
    }

    private String relay() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(mail.relayHost(), mail.relayPort()), TIMEOUT_MS);
            return "UP";
        } catch (IOException e) {
            return "DOWN: " + e.getClass().getSimpleName();
        }
    }
}
