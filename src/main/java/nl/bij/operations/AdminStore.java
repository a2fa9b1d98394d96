package nl.bij.operations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import nl.bij.state.Jdbc;

/**
 * What operators read and change in the database: counts, trails, lists, the requeue of a notice for replay and
 * the audit trail. Rows come back as ordered maps of column to value, ready for JSON; identifiers and codes only.
 */
public final class AdminStore {

    private final DataSource db;

    public AdminStore(DataSource db) {
        this.db = db;
    }

    public List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection c = db.getConnection(); PreparedStatement s = prepare(c, sql, parameters);
             ResultSet rs = s.executeQuery()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(camel(meta.getColumnLabel(i)), json(rs.getObject(i)));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw nl.bij.state.StateUnavailable.or("operators' store", e, () -> new IllegalStateException("admin query failed (SQLState " + e.getSQLState() + ")", e));
        }
    }

    /**
     * Puts a notice back in the outbox, due today, so the relay hands it to delivery again with its own noticeId:
     * a FAILED one; with {@code force} also a DELIVERED one whose content is still kept. The event's decision goes
     * back to DELIVERING if it was FAILED. All in one transaction.
     *
     * @return whether the notice was requeued
     */
    public boolean requeue(String noticeId, boolean force, LocalDate today, Instant now, String detail, Audit audit) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            int changed = update(c, "update notice set status = 'PENDING', claimed_at = null, due_on = ? where notice_id = ?"
                    + " and exists (select 1 from notice_content k where k.notice_id = notice.notice_id)"
                    + " and (status = 'FAILED'" + (force ? " or status = 'DELIVERED')" : ")"),
                    today, noticeId);
            if (changed == 1) {
                int decisions = update(c, "update decision set decision = 'DELIVERING', detail = ?, decided_at = ?"
                        + " where notice_id = ? and decision = 'FAILED'", detail, time(now), noticeId);
                if (decisions == 1) {
                    update(c, "insert into decision_trail (message_id, event_id, decision, reason, detail, at)"
                            + " select message_id, event_id, decision, reason, detail, decided_at from decision"
                            + " where notice_id = ?", noticeId);
                }
            }
            audit(c, audit.withOutcome(changed == 1 ? audit.outcome() : "nothing: its state changed meanwhile"));
            c.commit();
            return changed == 1;
        } catch (SQLException e) {
            throw nl.bij.state.StateUnavailable.or("operators' store", e, () -> new IllegalStateException("requeue failed (SQLState " + e.getSQLState() + ")", e));
        }
    }

    public long insertSuppression(String municipality, LocalDate from, LocalDate until, String reason, String by, Instant at,
                                  Audit audit) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("insert into suppression_rule (municipality, valid_from, valid_until,"
                     + " reason, added_by, added_at) values (?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            c.setAutoCommit(false);
            s.setString(1, municipality);
            s.setObject(2, from);
            s.setObject(3, until);
            s.setString(4, reason);
            s.setString(5, by);
            s.setObject(6, time(at));
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                long id = keys.getLong(1);
                audit(c, audit.withOutcome("rule " + id + " added: " + reason));
                c.commit();
                return id;
            }
        } catch (SQLException e) {
            throw nl.bij.state.StateUnavailable.or("operators' store", e, () -> new IllegalStateException("adding a suppression failed (SQLState " + e.getSQLState() + ")", e));
        }
    }

    public boolean liftSuppression(long id, String by, Instant at, Audit audit) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            boolean lifted = update(c, "update suppression_rule set lifted_by = ?, lifted_at = ? where id = ?"
                    + " and lifted_at is null", by, time(at), id) == 1;
            if (lifted) {
                audit(c, audit);
            }
            c.commit();
            return lifted;
        } catch (SQLException e) {
            throw nl.bij.state.StateUnavailable.or("operators' store", e, () -> new IllegalStateException("lifting a suppression failed (SQLState " + e.getSQLState() + ")", e));
        }
    }

    /** Ends a review item of a valid event as NOT_QUALIFYING (its reason code kept), with the person's words. */
    public boolean closeReview(String eventId, String detail, Instant at, Audit audit) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            int changed = update(c, "update decision set decision = 'NOT_QUALIFYING', detail = ?, decided_at = ?"
                    + " where event_id = ? and decision = 'MANUAL_REVIEW'", detail, time(at), eventId);
            if (changed > 0) {
                update(c, "insert into decision_trail (message_id, event_id, decision, reason, detail, at)"
                        + " select message_id, event_id, decision, reason, detail, decided_at from decision"
                        + " where event_id = ? and decided_at = ? and decision = 'NOT_QUALIFYING'", eventId, time(at));
                // the person decided: the copy kept for that decision goes
                update(c, "delete from review_item where message_id in (select message_id from decision where event_id = ?)",
                        eventId);
                audit(c, audit);
            }
            c.commit();
            return changed > 0;
        } catch (SQLException e) {
            throw nl.bij.state.StateUnavailable.or("operators' store", e, () -> new IllegalStateException("closing a review item failed (SQLState " + e.getSQLState() + ")", e));
        }
    }

    /** An operator action for the audit trail, written in the transaction of the change it records. */
    public record Audit(Instant at, String operator, String action, String target, String outcome) {
        Audit withOutcome(String text) {
            return new Audit(at, operator, action, target, text);
        }
    }

    /** An action that changes nothing in the database (a view, a JMS delete, a dry run's summary). */
    public void audit(Instant at, String operator, String action, String target, String outcome) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            audit(c, new Audit(at, operator, action, target, outcome));
            c.commit();
        } catch (SQLException e) {
            throw nl.bij.state.StateUnavailable.or("operators' store", e, () -> new IllegalStateException("audit failed (SQLState " + e.getSQLState() + ")", e));
        }
    }

    private static void audit(Connection c, Audit a) throws SQLException {
        update(c, "insert into operator_audit (at, operator, action, target, outcome) values (?, ?, ?, ?, ?)",
                time(a.at()), a.operator(), a.action(), a.target(),
                a.outcome().length() > 500 ? a.outcome().substring(0, 500) : a.outcome());
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        return Jdbc.update(c, sql, parameters);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        return Jdbc.prepare(c, sql, parameters);
    }

    private static Object json(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant().toString();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof LocalDate d) {
            return d.toString();
        }
        if (value instanceof String s) {
            return s.strip();
        }
        return value;
    }

    /** notice_id → noticeId, as INTERFACE.md §4 spells its JSON. */
    private static String camel(String column) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char ch : column.toLowerCase().toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return name.toString();
    }

    private static OffsetDateTime time(Instant instant) {
        return Jdbc.time(instant);
    }
}
