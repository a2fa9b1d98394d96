package nl.bij.state;

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
import java.util.Optional;

import javax.sql.DataSource;

import nl.bij.lifecycle.CaseRules;

/**
 * What operators read and change in the state: counts, trails, lists, a notice's content, the replay of a notice,
 * closing a review item, suppression rules, and the audit trail. Rows come back as ordered maps of column to value,
 * ready for JSON; identifiers and codes only (but for a notice's content and a review document, shown on purpose
 * and audited). A change of a decision passes the same log line and metrics as every other ({@link DecisionListener}),
 * with its audit row in the change's own transaction.
 */
public final class OperatorStore {

    /** Whether a notice can still be sent again: its content is kept until the resend window ends. */
    private static final String HAS_CONTENT = "case when exists (select 1 from notice_content k"
            + " where k.notice_id = notice.notice_id) then 1 else 0 end as has_content";
    private static final String NOTICE_ROW = "select notice_id, municipality, status, " + HAS_CONTENT + " from notice";
    private static final int MAX_PAGE_NUMBER = 10_000;

    private final DataSource db;
    private final DecisionListener listener;

    public OperatorStore(DataSource db) {
        this(db, DecisionListener.NONE);
    }

    public OperatorStore(DataSource db, DecisionListener listener) {
        this.db = db;
        this.listener = listener;
    }

    // ---- reads ------------------------------------------------------------------------------------------------

    /** Counts per decision, per reason of what waits for a person, the oldest waiting, notices per municipality. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("decisions", rows("select decision, count(*) as count from decision group by decision order by decision"));
        status.put("reasons", rows("select decision, reason, count(*) as count from decision where decision in"
                + " ('MANUAL_REVIEW', 'FAILED', 'REJECTED') group by decision, reason order by decision, reason"));
        status.put("oldestFailed", oldest("FAILED"));
        status.put("oldestReview", oldest("MANUAL_REVIEW"));
        status.put("oldestDelivering", oldest("DELIVERING"));
        status.put("onTheirWay", rows("select status, count(*) as count, min(touched_at) as since from notice"
                + " where status in ('DISPATCHED', 'SENDING') group by status order by status"));
        status.put("municipalities", rows("select municipality, status, count(*) as count from notice"
                + " group by municipality, status order by municipality, status"));
        return status;
    }

    /** When the oldest event now in {@code decision} was decided, or null. */
    public Object oldest(String decision) {
        List<Map<String, Object>> found = rows("select min(decided_at) as at from decision where decision = ?", decision);
        return found.isEmpty() ? null : found.get(0).get("at");
    }

    /** How many events are in {@code decision} since before {@code before}, and since when ({@code waiting}, {@code since}). */
    public Map<String, Object> waitingSince(String decision, Instant before) {
        return rows("select count(*) as waiting, min(decided_at) as since from decision where decision = ? and decided_at < ?",
                decision, time(before)).get(0);
    }

    /** Per municipality, how many deliveries ended FAILED and since when. */
    public List<Map<String, Object>> failedByMunicipality() {
        return rows("select municipality, count(*) as failed, min(decided_at) as since from decision"
                + " where decision = 'FAILED' group by municipality order by municipality");
    }

    /**
     * The event's decision as docs/contract.md §4 fixes it, from the message that claimed its eventId; else, for an
     * event whose every message was rejected (a rejection claims no eventId, so a corrected message can still be
     * decided), its latest rejection; empty if unknown.
     */
    public java.util.Optional<Map<String, Object>> event(String eventId) {
        String columns = "select d.event_id, d.case_id, d.decision, d.reason, d.municipality, d.notice_id,"
                + " d.review_reasons, d.decided_at from decision d";
        List<Map<String, Object>> claimed = rows(columns + " join event_receipt r on r.event_id = d.event_id"
                + " and r.message_id = d.message_id where d.event_id = ?", eventId);
        if (!claimed.isEmpty()) {
            return java.util.Optional.of(claimed.get(0));
        }
        return rows(columns + " where d.event_id = ? and d.decision = ? order by d.decided_at desc", eventId,
                "REJECTED").stream().findFirst();
    }

    public List<Object> noticeIdsOf(String eventId) {
        return rows("select notice_id from notice where event_id = ? order by created_at", eventId).stream()
                .map(n -> n.get("noticeId")).toList();
    }

    /** Everything done about an event (or, {@code byCase}, a case), in order: decisions, changes, notices, actions. */
    public Map<String, Object> trail(String key, boolean byCase) {
        String column = byCase ? "case_id" : "event_id";
        Map<String, Object> trail = new LinkedHashMap<>();
        trail.put("decisions", rows("select message_id, event_id, case_id, decision, reason, detail, municipality,"
                + " notice_id, attempts, sent_at, decided_at from decision where " + column + " = ? order by sent_at", key));
        trail.put("changes", rows("select t.at, t.message_id, t.event_id, t.decision, t.reason, t.detail from"
                + " decision_trail t join decision d on d.message_id = t.message_id where d." + column + " = ? order by t.id", key));
        trail.put("notices", rows("select notice_id, event_id, municipality, notice_type, changes_notice_id, status,"
                + " due_on, dispatched_at, delivered_at from notice where " + column + " = ? order by created_at", key));
        trail.put("operatorActions", rows("select a.at, a.operator, a.action, a.target, a.outcome from operator_audit a"
                + " where a.target = ? or a.target in (select notice_id from notice where " + column + " = ?) order by a.id",
                key, key));
        return trail;
    }

    /** What a list shows, filtered. */
    public record Filter(String municipality, String reason, OffsetDateTime since, int page, int size) {
    }

    /**
     * One of the operators' lists, newest first: {@code failed}, {@code review} (events waiting for a person, not
     * those judged and waiting for a second operator, and notified events with a flag not yet acknowledged),
     * {@code confirm} (judgments waiting for a second operator, with who judged, what and when), {@code rejected},
     * {@code delivering} (events whose notice is on its way, oldest first: what may be stuck) or {@code recent} (every
     * decision).
     */
    public List<Map<String, Object>> items(String kind, Filter filter) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select event_id, message_id, case_id, decision, reason, detail,"
                + " municipality, notice_id, review_reasons, decided_at" + judgedColumns(kind) + " from decision where "
                + itemsOf(kind));
        if (filter.municipality() != null) {
            sql.append(" and municipality = ?");
            parameters.add(filter.municipality());
        }
        if (filter.reason() != null) {
            sql.append(" and reason like ?");
            parameters.add(filter.reason() + "%");
        }
        if (filter.since() != null) {
            sql.append(" and decided_at >= ?");
            parameters.add(filter.since());
        }
        int offset = Math.min(Math.max(filter.page(), 0), MAX_PAGE_NUMBER) * filter.size();
        // what is on its way longest is what may be stuck: oldest first; every other list newest first
        sql.append(" order by decided_at ").append("delivering".equals(kind) ? "asc" : "desc")
                .append(", message_id offset ").append(offset).append(" rows fetch next ")
                .append(filter.size()).append(" rows only");
        return rows(sql.toString(), parameters.toArray());
    }

    private static String itemsOf(String kind) {
        String judged = "exists (select 1 from review_item r where r.message_id = decision.message_id"
                + " and r.judged_by is not null)";
        return switch (kind) {
            case "failed" -> "decision = 'FAILED'";
            case "review" -> "(decision = 'MANUAL_REVIEW' and not " + judged + " or exists (select 1 from review_flag f"
                    + " where f.message_id = decision.message_id and f.acknowledged_at is null))";
            case "confirm" -> "decision = 'MANUAL_REVIEW' and " + judged;
            case "rejected" -> "decision = 'REJECTED'";
            case "delivering" -> "decision = 'DELIVERING'";
            case "recent" -> "1 = 1";
            default -> throw new IllegalArgumentException("no list " + kind);
        };
    }

    private static String judgedColumns(String kind) {
        return !"confirm".equals(kind) ? "" : ", (select r.judged_route from review_item r where r.message_id"
                + " = decision.message_id) as judged_route, (select r.judged_by from review_item r where r.message_id"
                + " = decision.message_id) as judged_by, (select r.judged_at from review_item r where r.message_id"
                + " = decision.message_id) as judged_at";
    }

    /** The notices of an event, with their state and whether their content is kept (for a replay). */
    public List<Map<String, Object>> noticesOfEvent(String eventId) {
        return rows(NOTICE_ROW + " where event_id = ? order by created_at", eventId);
    }

    /** The FAILED notices of these municipalities, oldest first (for a replay). */
    public List<Map<String, Object>> failedNotices(List<String> municipalities) {
        List<Map<String, Object>> notices = new ArrayList<>();
        for (String code : municipalities) {
            notices.addAll(rows(NOTICE_ROW + " where municipality = ? and status = 'FAILED' order by created_at", code));
        }
        return notices;
    }

    /** A notice's content (the mayor's view of it), while it is kept. */
    public java.util.Optional<String> noticeContent(String noticeId) {
        return rows("select body, content from notice_content where notice_id = ?", noticeId).stream().findFirst()
                .map(row -> row.get("body") instanceof byte[] bytes
                        ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : (String) row.get("content"));
    }

    /** The kept document of an event waiting for review. */
    public java.util.Optional<byte[]> reviewDocument(String eventId) {
        return rows("select r.content, r.document from review_item r join decision d on d.message_id = r.message_id"
                + " where d.event_id = ? and d.decision = 'MANUAL_REVIEW'", eventId).stream().findFirst()
                .map(row -> row.get("content") instanceof byte[] bytes ? bytes
                        : ((String) row.get("document")).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** The suppression rules operators added, lifted ones too (for the record). */
    public List<Map<String, Object>> suppressionRules() {
        return rows("select id, municipality, valid_from, valid_until, reason, added_by, added_at,"
                + " lifted_by, lifted_at from suppression_rule order by id");
    }

    /** Operator actions, newest first: the last 200, or the last 500 on one target. */
    public List<Map<String, Object>> audit(String target) {
        return target == null || target.isBlank()
                ? rows("select at, operator, action, target, outcome from operator_audit order by id desc"
                        + " offset 0 rows fetch next 200 rows only")
                : rows("select at, operator, action, target, outcome from operator_audit where target = ?"
                        + " order by id desc offset 0 rows fetch next 500 rows only", target);
    }

    private List<Map<String, Object>> rows(String sql, Object... parameters) {
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
            throw StateUnavailable.or("operators' store", e, () -> new IllegalStateException("admin query failed (SQLState " + e.getSQLState() + ")", e));
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
            List<DecisionRecord> moved = new ArrayList<>();
            String messageId = Jdbc.strings(c, "select message_id from notice where notice_id = ?", noticeId).stream()
                    .findFirst().orElse("");
            Optional<Back> back = changed == 1 ? decisionAfterReplay(c, noticeId, messageId, today) : Optional.empty();
            if (back.isPresent()) {
                int decisions = update(c, "update decision set decision = ?, reason = coalesce(?, reason), detail = ?,"
                        + " decided_at = ? where message_id = ? and decision = 'FAILED'", back.get().decision(),
                        back.get().reason(), detail, time(now), messageId);
                if (decisions == 1) {
                    update(c, "insert into decision_trail (message_id, event_id, decision, reason, detail, at)"
                            + " select message_id, event_id, decision, reason, detail, decided_at from decision"
                            + " where message_id = ?", messageId);
                    moved.addAll(JdbcStateStore.decisionsWhere(c, "message_id = ?", messageId));
                }
            }
            audit(c, audit.withOutcome(changed == 1 ? audit.outcome() : "nothing: its state changed meanwhile"));
            c.commit();
            moved.forEach(d -> JdbcStateStore.logged(d, listener));
            return changed == 1;
        } catch (SQLException e) {
            throw StateUnavailable.or("operators' store", e, () -> new IllegalStateException("requeue failed (SQLState " + e.getSQLState() + ")", e));
        }
    }

    /**
     * The decision a FAILED event goes back to when this notice of it is put back in the outbox. None, the event
     * staying FAILED, while another of its notices has failed too: that one needs a replay of its own. DELIVERING
     * if the notice decides the event. A withdrawal to a former mayor decides nothing: the event goes back to where
     * its deciding notice stands (its decision once delivered, SCHEDULED while it waits for a later day, DELIVERING
     * while on its way; NOT_QUALIFYING if a later event cancelled it), or, with none (the withdrawal went with a
     * review or a suppression), to the decision it had before it failed. Without this, an event whose withdrawal
     * failed stayed FAILED after everything was delivered.
     */
    private static Optional<Back> decisionAfterReplay(Connection c, String noticeId, String messageId,
                                                          LocalDate today) throws SQLException {
        if (!Jdbc.strings(c, "select notice_id from notice where message_id = ? and notice_id <> ? and status = 'FAILED'",
                messageId, noticeId).isEmpty()) {
            return Optional.empty();
        }
        if (Jdbc.strings(c, "select notice_id from notice where notice_id = ? and on_delivered = ?", noticeId,
                DeliveryOrder.NO_DECISION).isEmpty()) {
            return Optional.of(Back.ON_ITS_WAY);
        }
        try (PreparedStatement s = prepare(c, "select on_delivered, status, due_on, reason from notice"
                + " where message_id = ? and on_delivered <> ? order by case when status = 'CANCELLED' then 1 else 0 end,"
                + " created_at desc, notice_id desc", messageId, DeliveryOrder.NO_DECISION);
             ResultSet rs = s.executeQuery()) {
            if (rs.next()) {
                String status = rs.getString(2);
                if ("CANCELLED".equals(status)) {
                    // a later event of the case cancelled it before it was given (the supersede left the event FAILED)
                    return Optional.of(new Back("NOT_QUALIFYING", CaseRules.EVENT_NOT_A_RETURN));
                }
                if ("DELIVERED".equals(status)) {
                    return Optional.of(new Back(rs.getString(1), rs.getString(4)));
                }
                boolean later = "PENDING".equals(status) && rs.getObject(3, LocalDate.class).isAfter(today);
                return Optional.of(later ? new Back("SCHEDULED", CaseRules.BEFORE_WINDOW) : Back.ON_ITS_WAY);
            }
        }
        try (PreparedStatement s = prepare(c, "select decision, reason from decision_trail where message_id = ?"
                + " and decision not in ('FAILED', 'DELIVERING') order by id desc", messageId);
             ResultSet rs = s.executeQuery()) {
            return Optional.of(rs.next() ? new Back(rs.getString(1), rs.getString(2)) : Back.ON_ITS_WAY);
        }
    }

    /** The decision a replay gives back, and its reason (null: the reason stays). */
    private record Back(String decision, String reason) {
        static final Back ON_ITS_WAY = new Back("DELIVERING", null);
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
            throw StateUnavailable.or("operators' store", e, () -> new IllegalStateException("adding a suppression failed (SQLState " + e.getSQLState() + ")", e));
        }
    }

    /**
     * Lifts an operator's rule; the audit row names the municipality (as the rule's addition does), so that its
     * trail shows both. False if there is no such rule still in force.
     */
    public boolean liftSuppression(long id, String by, Instant at, Audit audit) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            boolean lifted = update(c, "update suppression_rule set lifted_by = ?, lifted_at = ? where id = ?"
                    + " and lifted_at is null", by, time(at), id) == 1;
            if (lifted) {
                String municipality;
                try (PreparedStatement s = prepare(c, "select municipality from suppression_rule where id = ?", id);
                     ResultSet rs = s.executeQuery()) {
                    rs.next();
                    municipality = rs.getString(1);
                }
                audit(c, new Audit(audit.at(), audit.operator(), audit.action(), municipality, audit.outcome()));
            }
            c.commit();
            return lifted;
        } catch (SQLException e) {
            throw StateUnavailable.or("operators' store", e, () -> new IllegalStateException("lifting a suppression failed (SQLState " + e.getSQLState() + ")", e));
        }
    }

    /** Ends a review item of a valid event as NOT_QUALIFYING (its reason code kept), with the person's words. */
    public boolean closeReview(String eventId, String detail, Instant at, Audit audit) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            List<DecisionRecord> closed = new ArrayList<>();
            for (DecisionRecord waiting : JdbcStateStore.decisionsWhere(c, "event_id = ? and decision = 'MANUAL_REVIEW'",
                    eventId)) {
                update(c, "update decision set decision = 'NOT_QUALIFYING', detail = ?, decided_at = ?"
                        + " where message_id = ? and decision = 'MANUAL_REVIEW'", detail, time(at), waiting.messageId());
                update(c, "insert into decision_trail (message_id, event_id, decision, reason, detail, at)"
                        + " select message_id, event_id, decision, reason, detail, decided_at from decision"
                        + " where message_id = ?", waiting.messageId());
                // the person decided: the copy kept for that decision goes
                update(c, "delete from review_item where message_id = ?", waiting.messageId());
                closed.addAll(JdbcStateStore.decisionsWhere(c, "message_id = ?", waiting.messageId()));
            }
            if (!closed.isEmpty()) {
                audit(c, audit);
            }
            c.commit();
            closed.forEach(d -> JdbcStateStore.logged(d, listener));
            return !closed.isEmpty();
        } catch (SQLException e) {
            throw StateUnavailable.or("operators' store", e, () -> new IllegalStateException("closing a review item failed (SQLState " + e.getSQLState() + ")", e));
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
            throw StateUnavailable.or("operators' store", e, () -> new IllegalStateException("audit failed (SQLState " + e.getSQLState() + ")", e));
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

    /** notice_id → noticeId, as docs/contract.md §4 spells its JSON. */
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
