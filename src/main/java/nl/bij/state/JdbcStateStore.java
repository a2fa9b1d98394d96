package nl.bij.state;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import nl.bij.eligibility.Route;
import nl.bij.lifecycle.Judgment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision log and the notice ledger in a relational database (H2 or PostgreSQL, schema by Flyway). Plain
 * JDBC: a handful of statements, each transaction short and explicit.
 */
public final class JdbcStateStore implements DecisionLog, NoticeLedger {

    private static final Logger LOG = LoggerFactory.getLogger("bij.decision");
    /** SQLState of a unique-constraint violation, the same in H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String DECISION_COLUMNS = "message_id, event_id, case_id, decision, reason, detail, municipality,"
            + " notice_id, review_reasons, sent_at, decided_at";

    private final DataSource db;
    private final DecisionListener listener;

    public JdbcStateStore(DataSource db) {
        this(db, DecisionListener.NONE);
    }

    public JdbcStateStore(DataSource db, DecisionListener listener) {
        this.db = db;
        this.listener = listener;
    }

    @Override
    public DecisionRecord record(DecisionRecord decision) {
        Optional<DecisionRecord> existing = inTransaction(c -> {
            Optional<DecisionRecord> earlier = byMessageId(c, decision.messageId());
            if (earlier.isEmpty()) {
                insertDecision(c, decision);
            }
            return earlier;
        });
        return existing.orElseGet(() -> logged(decision));
    }

    @Override
    public DecisionRecord recordEvent(DecisionRecord decision, List<PendingNotice> notices, Optional<CaseChange> change,
                                      Optional<EventCopy> copy) {
        String eventId = decision.eventId().orElseThrow();
        try {
            Optional<DecisionRecord> existing = inTransaction(c -> {
                Optional<DecisionRecord> earlier = byMessageId(c, decision.messageId());
                if (earlier.isEmpty()) {
                    execute(c, "insert into event_receipt (event_id, message_id, received_at) values (?, ?, ?)",
                            eventId, decision.messageId(), time(decision.decidedAt()));
                    insertDecision(c, decision);
                    for (PendingNotice notice : notices) {
                        // due today: it leaves with the release event's own JMS transaction (see handOver)
                        insertNotice(c, notice, decision.decidedAt(), dueBy(notice, decision.decidedAt())
                                ? Status.DISPATCHED : Status.PENDING);
                    }
                    if (change.isPresent()) {
                        apply(c, change.get(), decision.decidedAt());
                    }
                    keep(c, decision, copy);
                    flag(c, decision);
                }
                return earlier;
            });
            return existing.orElseGet(() -> logged(decision));
        } catch (StoreException e) {
            if (!UNIQUE_VIOLATION.equals(e.sqlState())) {
                throw e;
            }
            String first = firstMessageOf(eventId);
            return record(new DecisionRecord(decision.eventId(), decision.messageId(), decision.caseId(),
                    Decision.DUPLICATE, "DUPLICATE", "eventId already decided from message " + first + "; no second notice",
                    Optional.empty(), List.of(), List.of(), decision.sentAt(), decision.decidedAt()));
        }
    }

    /** A review item keeps the event's copy; so does a held notice's event, with the judgment that made it. */
    private void keep(Connection c, DecisionRecord decision, Optional<EventCopy> copy) throws SQLException {
        if (copy.isEmpty()) {
            return;
        }
        byte[] document = copy.get().document();
        if (decision.decision() == Decision.MANUAL_REVIEW) {
            execute(c, "insert into review_item (message_id, content, created_at) values (?, ?, ?)",
                    decision.messageId(), document, time(decision.decidedAt()));
        } else if (decision.decision() == Decision.SCHEDULED) {
            Judgment judgment = copy.get().judgment();
            execute(c, "insert into held_event (message_id, content, judged_route, chosen_municipality, created_at)"
                    + " values (?, ?, ?, ?, ?)", decision.messageId(), document,
                    judgment.route().map(Enum::name).orElse(null), judgment.municipality().orElse(null),
                    time(decision.decidedAt()));
        }
    }

    /** Review reasons that do not stop the notice (INTENDED_MUNICIPALITY_DIFFERS) stand on the review list. */
    private void flag(Connection c, DecisionRecord decision) throws SQLException {
        if (!decision.reviewReasons().isEmpty() && decision.decision() != Decision.MANUAL_REVIEW
                && strings(c, "select message_id from review_flag where message_id = ?", 1, decision.messageId()).isEmpty()) {
            execute(c, "insert into review_flag (message_id, reasons, created_at) values (?, ?, ?)",
                    decision.messageId(), String.join(",", decision.reviewReasons()), time(decision.decidedAt()));
        }
    }

    @Override
    public Optional<ReviewItem> reviewItem(String messageId) {
        return inTransaction(c -> {
            try (PreparedStatement s = prepare(c, "select r.content, r.judged_route, r.chosen_municipality, r.judged_by,"
                    + " r.judged_at, r.document from review_item r join decision d on d.message_id = r.message_id"
                    + " where r.message_id = ? and d.decision = ?", messageId, Decision.MANUAL_REVIEW.name());
                 ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String by = rs.getString(4);
                Optional<ReviewItem.Judged> judged = by == null ? Optional.empty()
                        : Optional.of(new ReviewItem.Judged(judgment(rs, 2, 3), by, instant(rs, 5)));
                return Optional.of(new ReviewItem(messageId, kept(rs, 1, 6), judged));
            }
        });
    }

    @Override
    public Optional<EventCopy> heldEvent(String messageId) {
        return inTransaction(c -> {
            try (PreparedStatement s = prepare(c, "select content, judged_route, chosen_municipality, document"
                    + " from held_event where message_id = ?", messageId); ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new EventCopy(kept(rs, 1, 4), judgment(rs, 2, 3))) : Optional.empty();
            }
        });
    }

    /** A kept copy: its bytes, or, for one kept before they were stored as bytes, its text one byte per character. */
    static byte[] kept(ResultSet rs, int content, int document) throws SQLException {
        byte[] bytes = rs.getBytes(content);
        return bytes != null ? bytes : rs.getString(document).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean resolveReview(DecisionRecord d, List<PendingNotice> notices, Optional<CaseChange> change,
                                 Optional<EventCopy> held) {
        return moveOn(d, Decision.MANUAL_REVIEW, notices, change, held);
    }

    @Override
    public boolean judgeReview(String messageId, Judgment judgment, String by, Instant at) {
        return inTransaction(c -> execute(c, "update review_item set judged_route = ?, chosen_municipality = ?,"
                + " judged_by = ?, judged_at = ? where message_id = ? and judged_by is null and exists (select 1 from"
                + " decision d where d.message_id = review_item.message_id and d.decision = ?)",
                judgment.route().map(Enum::name).orElse(null), judgment.municipality().orElse(null), by, time(at),
                messageId, Decision.MANUAL_REVIEW.name()) == 1);
    }

    @Override
    public boolean judgedAgain(DecisionRecord d, List<PendingNotice> notices, Optional<CaseChange> change,
                               Optional<EventCopy> reviewCopy) {
        return moveOn(d, Decision.SCHEDULED, notices, change, reviewCopy);
    }

    @Override
    public boolean acknowledgeFlags(String messageId, String by, Instant at) {
        return inTransaction(c -> execute(c, "update review_flag set acknowledged_by = ?, acknowledged_at = ?"
                + " where message_id = ? and acknowledged_at is null", by, time(at), messageId) == 1);
    }

    /**
     * A decision that waited (for a person, or for its day) moves on, with its notices and case change, in one
     * transaction; the copy it kept goes, and {@code copy} is kept as the new decision needs it. False if the
     * decision no longer is {@code from}.
     */
    private boolean moveOn(DecisionRecord d, Decision from, List<PendingNotice> notices, Optional<CaseChange> change,
                           Optional<EventCopy> copy) {
        boolean moved = inTransaction(c -> {
            if (execute(c, "update decision set decision = ?, reason = ?, detail = ?, municipality = ?, notice_id = ?,"
                    + " review_reasons = ?, decided_at = ? where message_id = ? and decision = ?", d.decision().name(),
                    d.reason(), d.detail(), d.municipality().orElse(null), d.noticeIds().stream().findFirst().orElse(null),
                    String.join(",", d.reviewReasons()), time(d.decidedAt()), d.messageId(), from.name()) != 1) {
                return false;
            }
            trail(c, d);
            execute(c, "delete from review_item where message_id = ?", d.messageId());
            execute(c, "delete from held_event where message_id = ?", d.messageId());
            for (PendingNotice notice : notices) {
                insertNotice(c, notice, d.decidedAt(), Status.PENDING);
            }
            if (change.isPresent()) {
                apply(c, change.get(), d.decidedAt());
            }
            keep(c, d, copy);
            flag(c, d);
            return true;
        });
        if (moved) {
            logged(d);
        }
        return moved;
    }

    private static Judgment judgment(ResultSet rs, int routeColumn, int municipalityColumn) throws SQLException {
        return new Judgment(Optional.ofNullable(rs.getString(municipalityColumn)),
                Optional.ofNullable(rs.getString(routeColumn)).map(Route::valueOf));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    @Override
    public Optional<CaseFile> caseFile(String caseId) {
        return inTransaction(c -> {
            // whether a withdrawal of the notice held has been made (on its way, or failed and waiting for a replay):
            // the mayor holds it until that is delivered, but a person may not withdraw it a second time
            try (PreparedStatement s = prepare(c, "select f.newest_created_at, f.newest_event_id, f.active_notice_id,"
                    + " f.active_municipality, n.status, n.message_id, f.held_notice_id, f.held_municipality, f.version,"
                    + " (select count(*) from notice w where w.case_id = f.case_id and w.changes_notice_id = f.held_notice_id"
                    + " and w.notice_type = 'INTREKKING' and w.status <> 'CANCELLED')"
                    + " from case_file f left join notice n on n.notice_id = f.active_notice_id where f.case_id = ?", caseId);
                 ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                // a newest notice that is not stored (found once after a kill -9: the case's row without the event's
                // decision and notice) is read as none, so that the event is decided afresh instead of failing for good
                String newest = rs.getString(3);
                boolean stored = newest == null || rs.getString(5) != null;
                if (!stored) {
                    LOG.warn("caseId={} names notice {} as its newest, which is not stored; read as none", caseId, newest);
                }
                return Optional.of(new CaseFile(caseId, rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2),
                        Optional.ofNullable(newest).filter(id -> stored),
                        Optional.ofNullable(rs.getString(4)).filter(code -> stored),
                        Optional.ofNullable(rs.getString(5)).map(Status::valueOf), Optional.ofNullable(rs.getString(6)),
                        Optional.ofNullable(rs.getString(7)), Optional.ofNullable(rs.getString(8)), rs.getLong(9),
                        rs.getLong(10) > 0));
            }
        });
    }

    /** The case's new state; fails (and the message is redelivered) if another event of the case came first. */
    private void apply(Connection c, CaseChange change, Instant now) throws SQLException {
        if (change.expectedVersion() == 0) {
            try (PreparedStatement s = prepare(c, "insert into case_file (case_id, newest_created_at, newest_event_id,"
                    + " active_notice_id, active_municipality, version) values (?, ?, ?, ?, ?, 1)", change.caseId(),
                    time(change.createdAt()), change.eventId(), change.activeNoticeId().orElse(null),
                    change.activeMunicipality().orElse(null))) {
                s.executeUpdate();
            } catch (SQLException e) {
                throw new CaseChangedMeanwhile(change.caseId(), e);
            }
        } else if (execute(c, "update case_file set newest_created_at = ?, newest_event_id = ?, active_notice_id = ?,"
                + " active_municipality = ?, version = version + 1 where case_id = ? and version = ?",
                time(change.createdAt()), change.eventId(), change.activeNoticeId().orElse(null),
                change.activeMunicipality().orElse(null), change.caseId(), change.expectedVersion()) != 1) {
            throw new CaseChangedMeanwhile(change.caseId(), null);
        }
        for (String noticeId : change.cancelled()) {
            if (execute(c, "update notice set status = ? where notice_id = ? and status in (?, ?, ?)",
                    Status.CANCELLED.name(), noticeId, Status.PENDING.name(), Status.DISPATCHED.name(),
                    Status.FAILED.name()) != 1) {
                throw new CaseChangedMeanwhile(change.caseId(), null);   // it is being sent now: decide again
            }
            execute(c, "delete from notice_content where notice_id = ?", noticeId);
        }
        for (DecisionRecord superseded : change.superseded()) {
            // an event that is FAILED stays so: its failed withdrawal to a former mayor still waits for a replay,
            // which gives it this decision once delivered (OperatorStore.requeue)
            if (execute(c, "update decision set decision = ?, reason = ?, detail = ?, decided_at = ? where message_id = ?"
                    + " and decision <> 'FAILED'", superseded.decision().name(), superseded.reason(), superseded.detail(),
                    time(now), superseded.messageId()) == 1) {
                trail(c, superseded);
            }
            execute(c, "delete from held_event where message_id = ?", superseded.messageId());
        }
    }

    @Override
    public void update(DecisionRecord d, int attempts) {
        inTransaction(c -> {
            execute(c, "update decision set decision = ?, reason = ?, detail = ?, attempts = ?, decided_at = ?"
                    + " where message_id = ?", d.decision().name(), d.reason(), d.detail(), attempts,
                    time(d.decidedAt()), d.messageId());
            trail(c, d);
            return null;
        });
        logged(d);
    }

    @Override
    public Optional<DecisionRecord> byMessageId(String messageId) {
        return inTransaction(c -> byMessageId(c, messageId));
    }

    @Override
    public List<DecisionRecord> byEventId(String eventId) {
        return inTransaction(c -> decisions(c, "select " + DECISION_COLUMNS + " from decision where event_id = ?"
                + " order by sent_at", eventId));
    }

    @Override
    public Map<Decision, Long> countByDecision() {
        return inTransaction(c -> {
            Map<Decision, Long> counts = new EnumMap<>(Decision.class);
            try (PreparedStatement s = c.prepareStatement("select decision, count(*) from decision group by decision");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(Decision.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    @Override
    public long size() {
        return countByDecision().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public List<PendingNotice> claimDue(LocalDate today, Instant now, Duration lease, int max) {
        List<String> candidates = inTransaction(c -> strings(c, "select notice_id from notice where status = ?"
                + " and due_on <= ? and (claimed_at is null or claimed_at < ?) order by due_on, created_at",
                max, Status.PENDING.name(), today, time(now.minus(lease))));
        List<PendingNotice> claimed = new ArrayList<>();
        for (String noticeId : candidates) {
            // a conditional update is the claim: of two instances, only one changes the row
            boolean mine = inTransaction(c -> execute(c, "update notice set claimed_at = ? where notice_id = ?"
                    + " and status = ? and (claimed_at is null or claimed_at < ?)", time(now), noticeId,
                    Status.PENDING.name(), time(now.minus(lease))) == 1);
            if (mine) {
                inTransaction(c -> pendingNotice(c, noticeId)).ifPresent(claimed::add);
            }
        }
        return claimed;
    }

    @Override
    public void dispatched(String noticeId, Instant at) {
        inTransaction(c -> {
            execute(c, "update notice set status = ?, dispatched_at = ?, touched_at = ? where notice_id = ? and status = ?",
                    Status.DISPATCHED.name(), time(at), time(at), noticeId, Status.PENDING.name());
            // judged again and on its way: the event's copy is no longer needed. Not for a withdrawal to a former
            // mayor, which decides nothing: the event's own notice may still wait for its day, to be judged again then
            return execute(c, "delete from held_event where message_id in (select message_id from notice"
                    + " where notice_id = ? and on_delivered <> ?)", noticeId, DeliveryOrder.NO_DECISION);
        });
    }

    @Override
    public Optional<Status> status(String noticeId) {
        return inTransaction(c -> strings(c, "select status from notice where notice_id = ?", 1, noticeId).stream()
                .findFirst().map(Status::valueOf));
    }

    @Override
    public Optional<Instant> deliveredAt(String noticeId) {
        return inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("select delivered_at from notice where notice_id = ?")) {
                s.setString(1, noticeId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getObject(1, OffsetDateTime.class))
                            .map(OffsetDateTime::toInstant) : Optional.<Instant>empty();
                }
            }
        });
    }

    @Override
    public boolean startSending(String noticeId, Instant at) {
        // PENDING too: the delivery may take the message before the relay has marked it dispatched. Never FAILED:
        // a failed notice leaves again only through an operator's replay, which puts it back to PENDING
        return inTransaction(c -> execute(c, "update notice set status = ?, touched_at = ? where notice_id = ?"
                + " and status in (?, ?, ?)", Status.SENDING.name(), time(at), noticeId, Status.PENDING.name(),
                Status.DISPATCHED.name(), Status.SENDING.name()) == 1);
    }

    @Override
    public void retrying(String noticeId, Instant retryAt) {
        inTransaction(c -> execute(c, "update notice set status = ?, touched_at = ? where notice_id = ? and status = ?",
                Status.DISPATCHED.name(), time(retryAt), noticeId, Status.SENDING.name()));
    }

    @Override
    public List<PendingNotice> claimStranded(Instant now, Duration strandedAfter, int max) {
        OffsetDateTime before = time(now.minus(strandedAfter));
        List<String> candidates = inTransaction(c -> strings(c, "select notice_id from notice where status in (?, ?)"
                + " and touched_at < ? order by touched_at", max, Status.DISPATCHED.name(), Status.SENDING.name(), before));
        List<PendingNotice> claimed = new ArrayList<>();
        for (String noticeId : candidates) {
            // back to PENDING, claimed by this instance: the relay hands it over again with its own noticeId
            boolean mine = inTransaction(c -> execute(c, "update notice set status = ?, claimed_at = ? where notice_id = ?"
                    + " and status in (?, ?) and touched_at < ?", Status.PENDING.name(), time(now), noticeId,
                    Status.DISPATCHED.name(), Status.SENDING.name(), before) == 1);
            if (mine) {
                inTransaction(c -> pendingNotice(c, noticeId)).ifPresent(claimed::add);
            }
        }
        return claimed;
    }

    @Override
    public void delivered(String noticeId, Instant at, Optional<DecisionRecord> decision, int attempts) {
        // empty: no decision changed; else whether the notice had waited for its window
        Optional<Boolean> decidedAfterHolding = inTransaction(c -> {
            // the content stays for bij.notice.resend-days (an operator's forced resend); Retention erases it then
            execute(c, "update notice set status = ?, delivered_at = ? where notice_id = ? and status <> ?",
                    Status.DELIVERED.name(), time(at), noticeId, Status.DELIVERED.name());
            holds(c, noticeId);
            if (decision.isEmpty()) {
                return Optional.<Boolean>empty();
            }
            DecisionRecord d = decision.get();
            // DELIVERING: on its way at once, or handed over by the relay on its day; SCHEDULED: delivery was
            // quicker than the relay's record of the hand-over
            if (!decide(c, d, attempts, Decision.DELIVERING) && !decide(c, d, attempts, Decision.SCHEDULED)) {
                return Optional.<Boolean>empty();
            }
            trail(c, d);
            return Optional.of(waitedForItsWindow(c, d.messageId()));
        });
        decidedAfterHolding.ifPresent(held -> {
            logged(decision.get());
            listener.delivered(decision.get(), held);
        });
    }

    /**
     * Its event was held for its window: SCHEDULED stands in the event's trail. (Not read from the decision the
     * delivery replaces: the relay's hand-over turns SCHEDULED into DELIVERING, as intake's does for a notice due at
     * once. Nor from the notice's day: an operator's replay makes a notice due on the day of the replay.)
     */
    private static boolean waitedForItsWindow(Connection c, String messageId) throws SQLException {
        return !strings(c, "select decision from decision_trail where message_id = ? and decision = ?", 1, messageId,
                Decision.SCHEDULED.name()).isEmpty();
    }

    /** The delivery's decision replaces the event's, if that is still {@code was}. */
    private static boolean decide(Connection c, DecisionRecord d, int attempts, Decision was) throws SQLException {
        return execute(c, "update decision set decision = ?, reason = ?, detail = ?, attempts = ?, decided_at = ?"
                + " where message_id = ? and decision = ?", d.decision().name(), d.reason(), d.detail(), attempts,
                time(d.decidedAt()), d.messageId(), was.name()) == 1;
    }

    /**
     * What the mayor of the case now holds: a NIEUW or WIJZIGING delivered replaces the notice held; an INTREKKING
     * delivered ends it, if it withdraws the one held (in a move, the new mayor's notice may have arrived first).
     */
    private void holds(Connection c, String noticeId) throws SQLException {
        try (PreparedStatement s = prepare(c, "select case_id, notice_type, municipality, changes_notice_id from notice"
                + " where notice_id = ?", noticeId); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return;
            }
            if ("INTREKKING".equals(rs.getString(2))) {
                execute(c, "update case_file set held_notice_id = null, held_municipality = null where case_id = ?"
                        + " and held_notice_id = ?", rs.getString(1), rs.getString(4));
            } else {
                execute(c, "update case_file set held_notice_id = ?, held_municipality = ? where case_id = ?", noticeId,
                        rs.getString(3), rs.getString(1));
            }
        }
    }

    /** Moves a decision on only if it still is {@code expected} (a concurrent delivery may have finished it). */
    public boolean advance(DecisionRecord d, Decision expected) {
        boolean moved = inTransaction(c -> {
            boolean changed = execute(c, "update decision set decision = ?, reason = ?, detail = ?, decided_at = ?"
                    + " where message_id = ? and decision = ?", d.decision().name(), d.reason(), d.detail(),
                    time(d.decidedAt()), d.messageId(), expected.name()) == 1;
            if (changed) {
                trail(c, d);
            }
            return changed;
        });
        if (moved) {
            logged(d);
        }
        return moved;
    }

    @Override
    public void failed(String noticeId) {
        inTransaction(c -> execute(c, "update notice set status = ? where notice_id = ? and status not in (?, ?)",
                Status.FAILED.name(), noticeId, Status.DELIVERED.name(), Status.CANCELLED.name()));
    }

    @Override
    public Optional<nl.bij.delivery.Suppression> suppression(String municipality, LocalDate day) {
        return inTransaction(c -> {
            try (PreparedStatement s = prepare(c, "select valid_from, valid_until, reason from suppression_rule"
                    + " where municipality = ? and lifted_at is null and (valid_from is null or valid_from <= ?)"
                    + " and (valid_until is null or valid_until >= ?) order by id", municipality, day, day);
                 ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new nl.bij.delivery.Suppression(municipality,
                        Optional.ofNullable(rs.getObject(1, LocalDate.class)), Optional.ofNullable(rs.getObject(2, LocalDate.class)),
                        rs.getString(3)));
            }
        });
    }

    private String firstMessageOf(String eventId) {
        return inTransaction(c -> strings(c, "select message_id from event_receipt where event_id = ?", 1, eventId))
                .stream().findFirst().orElse("?");
    }

    private void insertDecision(Connection c, DecisionRecord d) throws SQLException {
        execute(c, "insert into decision (" + DECISION_COLUMNS + ", attempts) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                d.messageId(), d.eventId().orElse(null), d.caseId().orElse(null), d.decision().name(), d.reason(),
                d.detail(), d.municipality().orElse(null), d.noticeIds().stream().findFirst().orElse(null),
                String.join(",", d.reviewReasons()), time(d.sentAt()), time(d.decidedAt()));
        trail(c, d);
    }

    private static boolean dueBy(PendingNotice notice, Instant now) {
        return !notice.dueOn().isAfter(LocalDate.ofInstant(now, Decisions.AMSTERDAM));
    }

    private void insertNotice(Connection c, PendingNotice n, Instant now, Status status) throws SQLException {
        DeliveryOrder o = n.order();
        execute(c, "insert into notice (notice_id, case_id, event_id, message_id, municipality, notice_type, reason,"
                + " review_reasons, sent_at, due_on, status, created_at, on_delivered, dispatched_at, touched_at,"
                + " changes_notice_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                o.noticeId(), o.caseId(), o.eventId(), o.messageId(), o.municipality(), o.noticeType(), o.reason(),
                o.reviewReasonsText(), time(Instant.ofEpochMilli(o.sentAt())), n.dueOn(), status.name(),
                time(now), o.onDelivered(), status == Status.DISPATCHED ? time(now) : null,
                status == Status.DISPATCHED ? time(now) : null, n.changes().orElse(null));
        // as bytes: H2 writes a text value character by character, at every commit that rewrites its page
        execute(c, "insert into notice_content (notice_id, body) values (?, ?)", o.noticeId(), n.content());
    }

    @Override
    public List<PendingNotice> handOver(String messageId) {
        return inTransaction(c -> pendingNotices(c, "message_id = ?", messageId, Status.DISPATCHED));
    }

    private Optional<PendingNotice> pendingNotice(Connection c, String noticeId) throws SQLException {
        return pendingNotices(c, "notice_id = ?", noticeId, Status.PENDING).stream().findFirst();
    }

    private List<PendingNotice> pendingNotices(Connection c, String where, String key, Status status) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select n.event_id, n.message_id, n.case_id, n.municipality,"
                + " n.reason, n.review_reasons, n.sent_at, n.due_on, c.body, n.notice_type, n.on_delivered, n.notice_id,"
                + " n.changes_notice_id, c.content"
                + " from notice n join notice_content c on c.notice_id = n.notice_id"
                + " where n." + where + " and n.status = ? order by n.created_at, n.notice_id")) {
            s.setString(1, key);
            s.setString(2, status.name());
            List<PendingNotice> notices = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    DeliveryOrder order = new DeliveryOrder(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(12), rs.getString(4), rs.getString(5), list(rs.getString(6)),
                            rs.getObject(7, OffsetDateTime.class).toInstant().toEpochMilli(), 1, rs.getString(10),
                            rs.getString(11));
                    notices.add(new PendingNotice(order, rs.getObject(8, LocalDate.class),
                            content(rs, 9, 14), Optional.ofNullable(rs.getString(13))));
                }
            }
            return notices;
        }
    }

    /** A notice's content: its bytes, or, for one composed before they were stored as bytes, its text. */
    private static byte[] content(ResultSet rs, int body, int text) throws SQLException {
        byte[] bytes = rs.getBytes(body);
        return bytes != null ? bytes : rs.getString(text).getBytes(StandardCharsets.UTF_8);
    }

    private void trail(Connection c, DecisionRecord d) throws SQLException {
        execute(c, "insert into decision_trail (message_id, event_id, decision, reason, detail, at) values (?, ?, ?, ?, ?, ?)",
                d.messageId(), d.eventId().orElse(null), d.decision().name(), d.reason(), d.detail(), time(d.decidedAt()));
    }

    private static Optional<DecisionRecord> byMessageId(Connection c, String messageId) throws SQLException {
        return decisions(c, "select " + DECISION_COLUMNS + " from decision where message_id = ?", messageId)
                .stream().findFirst();
    }

    private static List<DecisionRecord> decisions(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, parameters); ResultSet rs = s.executeQuery()) {
            List<DecisionRecord> decisions = new ArrayList<>();
            while (rs.next()) {
                decisions.add(new DecisionRecord(Optional.ofNullable(rs.getString("event_id")), rs.getString("message_id"),
                        Optional.ofNullable(rs.getString("case_id")), Decision.valueOf(rs.getString("decision")),
                        rs.getString("reason"), rs.getString("detail"), Optional.ofNullable(rs.getString("municipality")),
                        Optional.ofNullable(rs.getString("notice_id")).stream().toList(), list(rs.getString("review_reasons")),
                        rs.getObject("sent_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("decided_at", OffsetDateTime.class).toInstant()));
            }
            return decisions;
        }
    }

    private static List<String> strings(Connection c, String sql, int max, Object... parameters) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, parameters)) {
            s.setMaxRows(max);
            try (ResultSet rs = s.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                return values;
            }
        }
    }

    private static int execute(Connection c, String sql, Object... parameters) throws SQLException {
        return Jdbc.update(c, sql, parameters);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        return Jdbc.prepare(c, sql, parameters);
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated == null || commaSeparated.isBlank() ? List.of() : Arrays.asList(commaSeparated.split(","));
    }

    private static OffsetDateTime time(Instant instant) {
        return Jdbc.time(instant);
    }

    private DecisionRecord logged(DecisionRecord d) {
        return logged(d, listener);
    }

    /** The decisions in the decision table matching {@code where}, for a writer that changed them by SQL. */
    static List<DecisionRecord> decisionsWhere(Connection c, String where, Object... parameters) throws SQLException {
        return decisions(c, "select " + DECISION_COLUMNS + " from decision where " + where, parameters);
    }

    /**
     * The one line per decision that operators grep, once it is committed: identifiers and codes only. Every writer
     * of decisions calls this, so that the line and the metrics come with each change.
     */
    static DecisionRecord logged(DecisionRecord d, DecisionListener listener) {
        listener.committed(d);
        // the same identifiers and codes once more as fields of their own, for the JSON lines (docs/logging.md)
        LOG.atInfo().addKeyValue("eventId", d.eventId().orElse("-")).addKeyValue("messageId", d.messageId())
                .addKeyValue("caseId", d.caseId().orElse("-")).addKeyValue("decision", d.decision())
                .addKeyValue("reason", d.reason()).addKeyValue("municipality", d.municipality().orElse("-"))
                .log("decision eventId={} messageId={} caseId={} decision={} reason={} municipality={} notices={} review={}"
                        + " detail=\"{}\"", d.eventId().orElse("-"), d.messageId(), d.caseId().orElse("-"), d.decision(),
                        d.reason(), d.municipality().orElse("-"), d.noticeIds(), d.reviewReasons(), d.detail());
        return d;
    }

    private <T> T inTransaction(Jdbc.Work<T> work) {
        return Jdbc.inTransaction(db, work, e -> StateUnavailable.or("state", e, () -> new StoreException(e)));
    }

    /** Another event of the same case was decided meanwhile: transient, the redelivery decides on the new state. */
    static final class CaseChangedMeanwhile extends RuntimeException {
        CaseChangedMeanwhile(String caseId, SQLException cause) {
            super("case " + caseId + " changed while an event of it was decided; decided again on redelivery", cause);
        }
    }

    /** A database failure: transient for the route (rolled back, redelivered), with its SQLState kept. */
    static final class StoreException extends RuntimeException {
        private final String sqlState;

        StoreException(SQLException cause) {
            super("database: " + cause.getClass().getSimpleName() + " (SQLState " + cause.getSQLState() + ")", cause);
            this.sqlState = cause.getSQLState();
        }

        String sqlState() {
            return sqlState;
        }
    }
}
