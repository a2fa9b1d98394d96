package nl.bij.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets what the service no longer needs (docs/law.md §7): decisions, their trail and receipts, delivered or
 * cancelled notices and quiet cases, once older than the retention period. Nothing still on its way (scheduled,
 * delivering, or a failed notice waiting for an operator) is touched. Notice content is already gone at delivery.
 *
 * <p>Two kinds of personal data would otherwise wait for an operator for ever:
 * <ul>
 *   <li>a FAILED notice's content, once past the date its mayor would have had to destroy it (nine months after it
 *       was made): it is erased, and its decision says so; a replay then finds nothing to send;</li>
 *   <li>a review item's copy of the event, once it waited the whole retention period: erased, its decision saying
 *       so, each one logged by eventId (the alerts warn thirty days before: never silently).</li>
 * </ul>
 */
public final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger("bij.retention");
    /** How long a mayor keeps a notice without measures taken: after that, nobody may still send it. */
    public static final java.time.Period DESTROY_BY = java.time.Period.ofMonths(9);

    private final DataSource db;
    private final Clock clock;
    private final Duration keep;
    private final Duration resendWindow;

    /** @param resendWindow how long a delivered notice's content stays for a forced resend */
    public Retention(DataSource db, Clock clock, Duration keep, Duration resendWindow) {
        this.db = db;
        this.clock = clock;
        this.keep = keep;
        this.resendWindow = resendWindow;
    }

    /** @return rows removed per table */
    public Map<String, Integer> purge() {
        OffsetDateTime before = clock.instant().minus(keep).atOffset(ZoneOffset.UTC);
        Map<String, Integer> removed = new LinkedHashMap<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            removed.put("notice content", delete(c, "delete from notice_content where notice_id in (select notice_id"
                    + " from notice where status = 'DELIVERED' and delivered_at < ?)",
                    clock.instant().minus(resendWindow).atOffset(ZoneOffset.UTC)));
            removed.put("failed notice content", erasePastDestroyBy(c));
            removed.put("review copy", eraseReviewsPastRetention(c, before));
            removed.put("decision_trail", delete(c, "delete from decision_trail where message_id in (select message_id"
                    + " from decision where decided_at < ? and decision not in " + WAITING + ")", before));
            removed.put("decision", delete(c, "delete from decision where decided_at < ?"
                    + " and decision not in " + WAITING, before));
            removed.put("review_item", delete(c, "delete from review_item where created_at < ? and not exists"
                    + " (select 1 from decision d where d.message_id = review_item.message_id"
                    + " and d.decision = 'MANUAL_REVIEW')", before));
            removed.put("review_flag", delete(c, "delete from review_flag where created_at < ? and not exists"
                    + " (select 1 from decision d where d.message_id = review_flag.message_id)", before));
            // a held copy outlives its purpose only if something ended its event without erasing it: never kept
            removed.put("held_event", delete(c, "delete from held_event where created_at < ? and not exists"
                    + " (select 1 from decision d where d.message_id = held_event.message_id and d.decision = 'SCHEDULED')",
                    clock.instant().atOffset(ZoneOffset.UTC)));
            removed.put("event_receipt", delete(c, "delete from event_receipt where received_at < ?"
                    + " and not exists (select 1 from decision d where d.event_id = event_receipt.event_id)", before));
            removed.put("notice", delete(c, "delete from notice where coalesce(delivered_at, created_at) < ?"
                    + " and status in ('DELIVERED', 'CANCELLED')"
                    + " and not exists (select 1 from case_file f where f.active_notice_id = notice.notice_id)", before));
            removed.put("case_file", delete(c, "delete from case_file where newest_created_at < ? and not exists"
                    + " (select 1 from notice n where n.case_id = case_file.case_id)", before));
            c.commit();
        } catch (SQLException e) {
            throw StateUnavailable.or("retention", e,
                    () -> new IllegalStateException("retention purge failed (SQLState " + e.getSQLState() + ")", e));
        }
        LOG.info("retention: removed {} (older than {})", removed, Instant.from(before));
        return removed;
    }

    /** Decisions that wait for something (their notice, an operator, a person's judgment) are not retention's. */
    private static final String WAITING = "('SCHEDULED', 'DELIVERING', 'FAILED', 'MANUAL_REVIEW')";

    private int erasePastDestroyBy(Connection c) throws SQLException {
        OffsetDateTime madeBefore = clock.instant().atZone(ZoneOffset.UTC).minus(DESTROY_BY).toOffsetDateTime();
        String failedPast = "select notice_id from notice where status = 'FAILED' and created_at < ?"
                + " and exists (select 1 from notice_content k where k.notice_id = notice.notice_id)";
        for (String eventId : Jdbc.strings(c, "select event_id from decision where decision = 'FAILED' and notice_id in ("
                + failedPast + ")", madeBefore)) {
            LOG.atWarn().addKeyValue("eventId", eventId).log("eventId={}: its notice failed and is now past its"
                    + " destroy-by date; its content is erased and it can no longer be sent", eventId);
        }
        note(c, "decision = 'FAILED' and notice_id in (" + failedPast + ")", madeBefore,
                "notice content erased: past its destroy-by date (" + DESTROY_BY.toTotalMonths() + " months after it was"
                        + " made) it may no longer be sent");
        return delete(c, "delete from notice_content where notice_id in (" + failedPast + ")", madeBefore);
    }

    private int eraseReviewsPastRetention(Connection c, OffsetDateTime before) throws SQLException {
        String expired = "select message_id from review_item where created_at < ?";
        for (String eventId : Jdbc.strings(c, "select event_id from decision where decision = 'MANUAL_REVIEW'"
                + " and message_id in (" + expired + ")", before)) {
            LOG.atWarn().addKeyValue("eventId", eventId).log("eventId={}: its review item waited longer than the"
                    + " retention period; its copy of the event is erased, and it can only be closed now", eventId);
        }
        note(c, "decision = 'MANUAL_REVIEW' and message_id in (" + expired + ")", before,
                "review copy erased: it waited longer than the retention period; close the item with a reason");
        return delete(c, "delete from review_item where created_at < ?", before);
    }

    /** Says in the decision and its trail what retention erased, so that an operator is never left guessing. */
    private void note(Connection c, String which, OffsetDateTime before, String detail) throws SQLException {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        Jdbc.update(c, "update decision set detail = ?, decided_at = ? where " + which, detail, now, before);
        Jdbc.update(c, "insert into decision_trail (message_id, event_id, decision, reason, detail, at)"
                + " select message_id, event_id, decision, reason, detail, decided_at from decision"
                + " where detail = ? and decided_at = ?", detail, now);
    }

    private static int delete(Connection c, String sql, OffsetDateTime before) throws SQLException {
        return Jdbc.update(c, sql, before);
    }
}
