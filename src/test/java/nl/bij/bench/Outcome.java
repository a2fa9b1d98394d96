package nl.bij.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a service run left in its database, in SQL that H2 and PostgreSQL both take: the decisions by kind, when
 * each event was received and finished, and when each notice was delivered. The embedded H2 file is read after the
 * service stopped (H2 allows one process at a time). Every time is the services' own clock on this machine, as is
 * the benchmark's.
 */
record Outcome(Map<String, Integer> decisions, Instant firstReceived, Instant lastFinished,
               Map<String, Instant> deliveredByEvent, Map<String, Instant> decidedByEvent, List<Instant> finished) {

    /** The embedded H2 file of a stopped service with this data folder. */
    static Outcome read(Path dataDir) throws SQLException {
        return read("jdbc:h2:file:" + dataDir.resolve("db").resolve("bij").toAbsolutePath(), "bij", "");
    }

    static Outcome read(String url, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            Map<String, Integer> decisions = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("select decision, count(*) from decision group by decision")) {
                while (rs.next()) {
                    decisions.put(rs.getString(1), rs.getInt(2));
                }
            }
            Instant firstReceived = single(s, "select min(received_at) from event_receipt");
            Map<String, Instant> delivered = new HashMap<>();
            try (ResultSet rs = s.executeQuery("select event_id, delivered_at from notice where delivered_at is not null")) {
                while (rs.next()) {
                    delivered.put(rs.getString(1), instant(rs, 2));
                }
            }
            // when intake decided on each event (its receipt is stamped with the decision's time, before the commit)
            Map<String, Instant> decided = new HashMap<>();
            try (ResultSet rs = s.executeQuery("select event_id, received_at from event_receipt")) {
                while (rs.next()) {
                    decided.put(rs.getString(1), instant(rs, 2));
                }
            }
            // a decision's time is when it became final: NOTIFIED when its notice was delivered
            List<Instant> finished = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select decided_at from decision order by decided_at")) {
                while (rs.next()) {
                    finished.add(instant(rs, 1));
                }
            }
            Instant last = finished.isEmpty() ? firstReceived : finished.get(finished.size() - 1);
            return new Outcome(decisions, firstReceived, last, delivered, decided, finished);
        }
    }

    private static Instant single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return instant(rs, 1);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
