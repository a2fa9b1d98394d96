package nl.bij.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The decision log and notice ledger on a real database: H2, or PostgreSQL in the suite's second pass. */
class JdbcStateStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    @AutoClose
    private final HikariDataSource db = TestDatabases.fresh();
    private final JdbcStateStore store = new JdbcStateStore(db);

    @Test
    void aMessageRedeliveredAfterACrashKeepsItsFirstDecision() {
        DecisionRecord first = store.recordEvent(decision("E-1", "M-1", Decision.NOT_QUALIFYING), List.of(), Optional.empty());
        DecisionRecord again = store.recordEvent(decision("E-1", "M-1", Decision.MANUAL_REVIEW), List.of(), Optional.empty());

        assertThat(again).isEqualTo(first);
        assertThat(store.byEventId("E-1")).singleElement().extracting(DecisionRecord::decision).isEqualTo(Decision.NOT_QUALIFYING);
    }

    @Test
    void aSecondMessageWithTheSameEventIdIsADuplicateAndMakesNoNotice() {
        store.recordEvent(decision("E-2", "M-2a", Decision.DELIVERING), List.of(notice("N-2a", "E-2", "M-2a")), Optional.empty());
        DecisionRecord second = store.recordEvent(decision("E-2", "M-2b", Decision.DELIVERING),
                List.of(notice("N-2b", "E-2", "M-2b")), Optional.empty());

        assertThat(second.decision()).isEqualTo(Decision.DUPLICATE);
        assertThat(second.detail()).contains("M-2a");
        assertThat(store.status("N-2b")).isEmpty();
        assertThat(store.status("N-2a")).contains(NoticeLedger.Status.PENDING);
    }

    @Test
    void aNoticeDueWhenDecidedLeavesWithItsMessageAndComesBackOnlyUntilDeliveryTakesIt() {
        PendingNotice dueNow = new PendingNotice(notice("N-9", "E-9", "M-9").order(),
                LocalDate.ofInstant(NOW, Decisions.AMSTERDAM), "<notice/>".getBytes(StandardCharsets.UTF_8));
        store.recordEvent(decision("E-9", "M-9", Decision.DELIVERING), List.of(dueNow), Optional.empty());

        assertThat(store.status("N-9")).contains(NoticeLedger.Status.DISPATCHED);
        assertThat(store.claimDue(LocalDate.ofInstant(NOW, Decisions.AMSTERDAM), NOW, Duration.ofMinutes(1), 10))
                .as("not the relay's").isEmpty();
        assertThat(store.handOver("M-9")).singleElement().satisfies(n -> {
            assertThat(n.order()).isEqualTo(dueNow.order());
            assertThat(n.content()).isEqualTo(dueNow.content());
        });
        assertThat(store.handOver("M-9")).as("a redelivery after a crash before the JMS commit").hasSize(1);

        assertThat(store.startSending("N-9", NOW)).isTrue();
        assertThat(store.handOver("M-9")).as("on its way: never handed over twice").isEmpty();
    }

    /**
     * Schema version 10 stores a notice's content as bytes; a notice composed under version 9, its content kept as
     * text, still leaves with it after the upgrade, and operators still see it.
     */
    @Test
    void aNoticeComposedBeforeTheUpgradeToVersion10StillLeavesWithItsContent() throws Exception {
        String composed = "<notice>Zoë ’s-Hertogenbosch</notice>";
        try (HikariDataSource version9 = TestDatabases.freshAt("9")) {
            try (Connection c = version9.getConnection()) {
                // a notice due now, as version 9 recorded it
                Jdbc.update(c, "insert into notice (notice_id, case_id, event_id, message_id, municipality, notice_type,"
                        + " reason, review_reasons, sent_at, due_on, status, created_at, on_delivered, dispatched_at,"
                        + " touched_at) values ('N-12', 'JD-1', 'E-12', 'M-12', '0344', 'NIEUW', 'ROUTE_A_LIST1', '', ?,"
                        + " ?, 'DISPATCHED', ?, 'NOTIFIED', ?, ?)", Jdbc.time(NOW), LocalDate.of(2026, 11, 29),
                        Jdbc.time(NOW), Jdbc.time(NOW), Jdbc.time(NOW));
                Jdbc.update(c, "insert into notice_content (notice_id, content) values ('N-12', ?)", composed);
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            }
            TestDatabases.migrate(version9);

            assertThat(new JdbcStateStore(version9).handOver("M-12")).singleElement()
                    .satisfies(n -> assertThat(new String(n.content(), StandardCharsets.UTF_8)).isEqualTo(composed));
            assertThat(new OperatorStore(version9).noticeContent("N-12")).contains(composed);
        }
        assertThat(new OperatorStore(db).noticeContent("N-12")).as("nothing in this class's own database").isEmpty();
    }

    @Test
    void aNoticeStrandedOnItsWayIsTakenAgainOnceItsLeaseHasRunOut() {
        PendingNotice dueNow = new PendingNotice(notice("N-11", "E-11", "M-11").order(),
                LocalDate.ofInstant(NOW, Decisions.AMSTERDAM), "<notice/>".getBytes(StandardCharsets.UTF_8));
        store.recordEvent(decision("E-11", "M-11", Decision.DELIVERING), List.of(dueNow), Optional.empty());
        assertThat(store.startSending("N-11", NOW)).isTrue();   // and then the process died, its message lost
        Duration lease = Duration.ofMinutes(15);

        assertThat(store.claimStranded(NOW.plus(Duration.ofMinutes(14)), lease, 10)).as("within the lease").isEmpty();
        assertThat(store.claimStranded(NOW.plus(Duration.ofMinutes(16)), lease, 10)).singleElement()
                .satisfies(n -> assertThat(n.order().noticeId()).isEqualTo("N-11"));
        assertThat(store.claimStranded(NOW.plus(Duration.ofMinutes(17)), lease, 10)).as("claimed once").isEmpty();
        assertThat(store.startSending("N-11", NOW.plus(Duration.ofMinutes(17)))).as("the same notice goes out").isTrue();
    }

    @Test
    void aNoticeWaitingForAScheduledRetryIsNotStrandedBeforeTheRetryIsDue() {
        PendingNotice dueNow = new PendingNotice(notice("N-12", "E-12", "M-12").order(),
                LocalDate.ofInstant(NOW, Decisions.AMSTERDAM), "<notice/>".getBytes(StandardCharsets.UTF_8));
        store.recordEvent(decision("E-12", "M-12", Decision.DELIVERING), List.of(dueNow), Optional.empty());
        store.startSending("N-12", NOW);
        store.retrying("N-12", NOW.plus(Duration.ofHours(2)));

        assertThat(store.claimStranded(NOW.plus(Duration.ofHours(2)), Duration.ofMinutes(15), 10)).isEmpty();
        assertThat(store.claimStranded(NOW.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(16)), Duration.ofMinutes(15), 10))
                .hasSize(1);
    }

    @Test
    void theListenerLearnsOfEachDeliveryThatDecidesItsEventAndWhetherItsNoticeWaitedForItsWindow() {
        List<String> heard = new java.util.ArrayList<>();
        JdbcStateStore listened = new JdbcStateStore(db, new DecisionListener() {
            @Override
            public void committed(DecisionRecord decision) {
            }

            @Override
            public void delivered(DecisionRecord decision, boolean held) {
                heard.add(decision.messageId() + (held ? " held" : " at once"));
            }
        });
        PendingNotice dueNow = new PendingNotice(notice("N-13", "E-13", "M-13").order(),
                LocalDate.ofInstant(NOW, Decisions.AMSTERDAM), "<notice/>".getBytes(StandardCharsets.UTF_8));
        listened.recordEvent(decision("E-13", "M-13", Decision.DELIVERING), List.of(dueNow), Optional.empty());
        listened.recordEvent(decision("E-14", "M-14", Decision.SCHEDULED), List.of(notice("N-14", "E-14", "M-14")),
                Optional.empty());

        listened.recordEvent(decision("E-15", "M-15", Decision.SCHEDULED), List.of(notice("N-15", "E-15", "M-15")),
                Optional.empty());
        // what the relay records when it hands a held notice over on its day (delivery may be quicker: N-14)
        listened.advance(decision("E-15", "M-15", Decision.DELIVERING), Decision.SCHEDULED);

        // due at once, failed, and replayed by an operator three days later: due on the day of the replay
        PendingNotice replayed = new PendingNotice(notice("N-16", "E-16", "M-16").order(),
                LocalDate.ofInstant(NOW, Decisions.AMSTERDAM), "<notice/>".getBytes(StandardCharsets.UTF_8));
        listened.recordEvent(decision("E-16", "M-16", Decision.DELIVERING), List.of(replayed), Optional.empty());
        listened.failed("N-16");
        Instant replay = NOW.plus(Duration.ofDays(3));
        assertThat(new OperatorStore(db).requeue("N-16", false, LocalDate.ofInstant(replay, Decisions.AMSTERDAM), replay,
                "replayed", new OperatorStore.Audit(replay, "olga", "replay", "N-16", "requeued"))).isTrue();

        listened.delivered("N-13", NOW, Optional.of(decision("E-13", "M-13", Decision.NOTIFIED)), 1);
        listened.delivered("N-14", NOW, Optional.of(decision("E-14", "M-14", Decision.NOTIFIED)), 1);
        listened.delivered("N-15", NOW, Optional.of(decision("E-15", "M-15", Decision.NOTIFIED)), 1);
        listened.delivered("N-16", replay, Optional.of(decision("E-16", "M-16", Decision.NOTIFIED)), 2);
        listened.delivered("N-13", NOW, Optional.of(decision("E-13", "M-13", Decision.NOTIFIED)), 1);

        assertThat(heard).as("once each: a second delivery record changes no decision")
                .containsExactly("M-13 at once", "M-14 held", "M-15 held", "M-16 at once");
    }

    @Test
    void aNoticeForALaterDayWaitsForTheRelay() {
        store.recordEvent(decision("E-10", "M-10", Decision.SCHEDULED), List.of(notice("N-10", "E-10", "M-10")),
                Optional.empty());

        assertThat(store.status("N-10")).contains(NoticeLedger.Status.PENDING);
        assertThat(store.handOver("M-10")).isEmpty();
    }

    @Test
    void concurrentConsumersOfOneEventIdDecideItOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<DecisionRecord>> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String messageId = "M-3-" + i;
            racers.add(() -> store.recordEvent(decision("E-3", messageId, Decision.DELIVERING),
                    List.of(notice("N-3-" + messageId, "E-3", messageId)), Optional.empty()));
        }
        List<Decision> decisions = new ArrayList<>();
        for (Future<DecisionRecord> f : pool.invokeAll(racers)) {
            decisions.add(f.get().decision());
        }
        pool.shutdown();

        assertThat(decisions).filteredOn(d -> d == Decision.DELIVERING).hasSize(1);
        assertThat(decisions).filteredOn(d -> d == Decision.DUPLICATE).hasSize(7);
    }

    @Test
    void aNoticeIsDueOnItsDayAndClaimedByOneRelayOnly() {
        store.recordEvent(decision("E-4", "M-4", Decision.SCHEDULED), List.of(notice("N-4", "E-4", "M-4")), Optional.empty());
        LocalDate due = LocalDate.of(2027, 1, 15);
        // notice(...) is due on 2027-01-15
        assertThat(store.claimDue(due.minusDays(1), NOW, Duration.ofMinutes(1), 10)).isEmpty();

        List<PendingNotice> first = store.claimDue(due, NOW, Duration.ofMinutes(1), 10);
        List<PendingNotice> second = store.claimDue(due, NOW.plusSeconds(1), Duration.ofMinutes(1), 10);
        assertThat(first).singleElement().satisfies(n -> {
            assertThat(n.order().noticeId()).isEqualTo("N-4");
            assertThat(new String(n.content(), StandardCharsets.UTF_8)).isEqualTo("<notice/>");
        });
        assertThat(second).as("held by the first relay").isEmpty();
        assertThat(store.claimDue(due, NOW.plus(Duration.ofMinutes(2)), Duration.ofMinutes(1), 10))
                .as("a claim left by a relay that died expires").hasSize(1);
    }

    @Test
    void aDeliveredNoticeKeepsItsLedgerEntryButNotItsContentAfterTheResendWindow() throws Exception {
        store.recordEvent(decision("E-5", "M-5", Decision.DELIVERING), List.of(notice("N-5", "E-5", "M-5")), Optional.empty());
        store.dispatched("N-5", NOW);
        store.delivered("N-5", NOW, Optional.empty(), 1);
        new Retention(db, java.time.Clock.fixed(NOW.plus(Duration.ofDays(8)), java.time.ZoneOffset.UTC),
                Duration.ofDays(730), Duration.ofDays(7)).purge();

        assertThat(store.status("N-5")).contains(NoticeLedger.Status.DELIVERED);
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement()
                .executeQuery("select k.body, n.delivered_at, n.municipality from notice n"
                        + " left join notice_content k on k.notice_id = n.notice_id where n.notice_id = 'N-5'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isNull();
            assertThat(rs.getObject(2)).isNotNull();
            assertThat(rs.getString(3)).isEqualTo("0344");
        }
    }

    @Test
    void retentionForgetsWhatIsOldAndDoneAndKeepsWhatIsOnItsWay() {
        Instant old = NOW.minus(Duration.ofDays(800));
        store.recordEvent(at(decision("E-6", "M-6", Decision.NOTIFIED), old), List.of(notice("N-6", "E-6", "M-6")), Optional.empty());
        store.delivered("N-6", old, Optional.empty(), 1);
        store.recordEvent(at(decision("E-7", "M-7", Decision.SCHEDULED), old), List.of(notice("N-7", "E-7", "M-7")), Optional.empty());
        store.recordEvent(decision("E-8", "M-8", Decision.NOT_QUALIFYING), List.of(), Optional.empty());

        var removed = new Retention(db, java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC), Duration.ofDays(730),
                Duration.ofDays(7)).purge();

        assertThat(store.byMessageId("M-6")).isEmpty();
        assertThat(store.status("N-6")).isEmpty();
        assertThat(store.byMessageId("M-7")).as("still scheduled").isPresent();
        assertThat(store.status("N-7")).contains(NoticeLedger.Status.PENDING);
        assertThat(store.byMessageId("M-8")).as("recent").isPresent();
        assertThat(removed).containsEntry("decision", 1).containsEntry("notice", 1);
    }

    /**
     * No names, no offences, no aftercare in the database: every column of every table is one of these. Three hold
     * personal data while they must: {@code notice_content.body} (until delivered, plus the resend window;
     * {@code content} for notices composed before it was stored as bytes),
     * {@code review_item.content} (while a person reviews, without aftercare and BSN; {@code document} for copies
     * kept before they were stored as bytes) and {@code held_event.content} (the same copy, while a notice waits for
     * its window).
     */
    @Test
    void theTablesHoldIdentifiersAndCodesOnly() throws Exception {
        Set<String> allowed = Set.of(
                "decision.message_id", "decision.event_id", "decision.case_id", "decision.decision", "decision.reason",
                "decision.detail", "decision.municipality", "decision.notice_id", "decision.review_reasons",
                "decision.attempts", "decision.sent_at", "decision.decided_at",
                "event_receipt.event_id", "event_receipt.message_id", "event_receipt.received_at",
                "decision_trail.id", "decision_trail.message_id", "decision_trail.event_id", "decision_trail.decision",
                "decision_trail.reason", "decision_trail.detail", "decision_trail.at",
                "notice.notice_id", "notice.case_id", "notice.event_id", "notice.message_id", "notice.municipality",
                "notice.notice_type", "notice.changes_notice_id", "notice.reason", "notice.review_reasons",
                "notice.sent_at", "notice.due_on", "notice.status", "notice.claimed_at",
                "notice.dispatched_at", "notice.delivered_at", "notice.created_at", "notice.on_delivered",
                "notice_content.notice_id", "notice_content.content", "notice_content.body",
                "case_file.case_id", "case_file.newest_created_at", "case_file.newest_event_id",
                "case_file.active_notice_id", "case_file.active_municipality", "case_file.version",
                "operator_audit.id", "operator_audit.at", "operator_audit.operator", "operator_audit.action",
                "operator_audit.target", "operator_audit.outcome",
                "suppression_rule.id", "suppression_rule.municipality", "suppression_rule.valid_from",
                "suppression_rule.valid_until", "suppression_rule.reason", "suppression_rule.added_by",
                "suppression_rule.added_at", "suppression_rule.lifted_by", "suppression_rule.lifted_at",
                "review_item.message_id", "review_item.document", "review_item.created_at",
                "review_item.judged_route", "review_item.chosen_municipality", "review_item.judged_by",
                "review_item.judged_at", "review_item.content",
                "case_file.held_notice_id", "case_file.held_municipality",
                // the copy of an event whose notice is held for its window (personal data, as for a review item)
                "held_event.message_id", "held_event.document", "held_event.judged_route",
                "held_event.chosen_municipality", "held_event.created_at", "held_event.content",
                "review_flag.message_id", "review_flag.reasons", "review_flag.created_at",
                "review_flag.acknowledged_by", "review_flag.acknowledged_at",
                "notice.touched_at", "alert_raised.alert_key", "alert_raised.raised_at");
        Set<String> columns = new TreeSet<>();
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "select table_name, column_name from information_schema.columns where lower(table_schema) = 'public'"
                        + " and lower(table_name) <> 'flyway_schema_history'")) {
            while (rs.next()) {
                columns.add(rs.getString(1).toLowerCase() + "." + rs.getString(2).toLowerCase());
            }
        }
        assertThat(columns).isEqualTo(new TreeSet<>(allowed));
    }

    private static DecisionRecord decision(String eventId, String messageId, Decision decision) {
        return new DecisionRecord(Optional.of(eventId), messageId, Optional.of("JD-1"), decision, "ROUTE_A_LIST1",
                "test", Optional.of("0344"), List.of(), List.of(), NOW, NOW);
    }

    private static DecisionRecord at(DecisionRecord d, Instant when) {
        return new DecisionRecord(d.eventId(), d.messageId(), d.caseId(), d.decision(), d.reason(), d.detail(),
                d.municipality(), d.noticeIds(), d.reviewReasons(), when, when);
    }

    private static PendingNotice notice(String noticeId, String eventId, String messageId) {
        return new PendingNotice(new DeliveryOrder(eventId, messageId, "JD-1", noticeId, "0344", "ROUTE_A_LIST1",
                List.of(), NOW.toEpochMilli(), 1, "NIEUW", "NOTIFIED"), LocalDate.of(2027, 1, 15), "<notice/>".getBytes(StandardCharsets.UTF_8));
    }
}
