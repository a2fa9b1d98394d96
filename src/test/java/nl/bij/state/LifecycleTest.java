package nl.bij.state;

import static nl.bij.eligibility.Law.adult;
import static nl.bij.eligibility.Law.article;
import static nl.bij.eligibility.Law.offences;
import static nl.bij.eligibility.Law.prison;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import nl.bij.delivery.Channel;
import nl.bij.delivery.Recipient;
import nl.bij.delivery.Recipients;
import nl.bij.eligibility.AttemptPolicy;
import nl.bij.eligibility.EligibilityRules;
import nl.bij.eligibility.Law;
import nl.bij.intake.ReleaseEvent;
import nl.bij.intake.ReleaseEvent.AddressKind;
import nl.bij.intake.ReleaseEvent.Destination;
import nl.bij.intake.ReleaseEvent.EventType;
import nl.bij.intake.ReleaseEvent.Municipality;
import nl.bij.intake.ReleaseEvent.Return;
import nl.bij.intake.ReleaseEvent.ReturnKind;
import nl.bij.municipality.MunicipalityRegister;
import nl.bij.notice.NoticeComposer;
import nl.bij.notice.NoticeDocuments;
import nl.bij.notice.wire.NoticeXml;

/**
 * A case over time (docs/law.md §4): updates and withdrawals reach the mayor who has the notice; what was not given
 * yet only changes its schedule; events of one case may come out of order. Each test names its row.
 */
class LifecycleTest {

    /** "Today" for these tests: the return of 2025-06-01 is within its window, not urgent. */
    private static final Instant TODAY = Instant.parse("2025-04-01T08:00:00Z");

    @AutoClose
    private final HikariDataSource db = TestDatabases.fresh();
    private final JdbcStateStore store = new JdbcStateStore(db);
    private final NoticeDocuments documents = new NoticeDocuments();
    private Decisions decisions = decisionsOn(TODAY);
    private int sequence;

    @Test
    void updateOfADeliveredNoticeToTheSameMayorIsAWijzigingAndEndsUpdated() {
        DecisionRecord announced = deliverAll(decide(EventType.ANNOUNCE, "C-1", "0344", "2025-06-01"));
        DecisionRecord update = decide(EventType.UPDATE, "C-1", "0344", "2025-06-10");

        PendingNotice change = onlyDue();
        NoticeXml wijziging = documents.read(change.content());
        assertThat(wijziging.getNoticeType().value()).isEqualTo("WIJZIGING");
        assertThat(wijziging.getChangesNoticeId()).isEqualTo(announced.noticeIds().get(0));
        assertThat(wijziging.getRecipient().getMunicipalityCode()).isEqualTo("0344");
        deliver(change);
        assertThat(decisionOf(update).decision()).isEqualTo(Decision.UPDATED);
        assertThat(decisionOf(announced).decision()).isEqualTo(Decision.NOTIFIED);
    }

    @Test
    void aChangeOfMunicipalityIsAnIntrekkingToTheOldMayorAndANieuwToTheNew() {
        DecisionRecord announced = deliverAll(decide(EventType.ANNOUNCE, "C-2", "0344", "2025-06-01"));
        DecisionRecord update = decide(EventType.UPDATE, "C-2", "0599", "2025-06-01");

        List<PendingNotice> due = leaving(LocalDate.of(2025, 4, 1), TODAY);
        assertThat(due).extracting(n -> n.order().noticeType() + " " + n.order().municipality())
                .containsExactlyInAnyOrder("INTREKKING 0344", "NIEUW 0599");
        PendingNotice withdrawal = due.stream().filter(n -> n.order().noticeType().equals("INTREKKING")).findFirst().orElseThrow();
        NoticeXml intrekking = documents.read(withdrawal.content());
        assertThat(intrekking.getChangesNoticeId()).isEqualTo(announced.noticeIds().get(0));
        assertThat(intrekking.getReturn()).as("a withdrawal names no return").isNull();
        assertThat(intrekking.getGrounds()).as("nor grounds").isNull();

        deliver(withdrawal);
        assertThat(decisionOf(update).decision()).as("the withdrawal alone does not decide").isEqualTo(Decision.DELIVERING);
        due.stream().filter(n -> n != withdrawal).forEach(this::deliver);
        assertThat(decisionOf(update).decision()).isEqualTo(Decision.UPDATED);
        assertThat(decisionOf(update).municipality()).contains("0599");
    }

    @Test
    void anUpdateBeforeAnythingWasGivenOnlyMovesTheScheduleSilently() {
        DecisionRecord announced = decide(EventType.ANNOUNCE, "C-3", "0344", "2025-09-01");   // window opens 2025-06-01
        assertThat(announced.decision()).isEqualTo(Decision.SCHEDULED);

        DecisionRecord update = decide(EventType.UPDATE, "C-3", "0599", "2025-10-01");

        assertThat(update.decision()).isEqualTo(Decision.SCHEDULED);
        assertThat(update.detail()).contains("held until 2025-07-01");
        assertThat(store.status(announced.noticeIds().get(0))).contains(NoticeLedger.Status.CANCELLED);
        assertThat(decisionOf(announced).decision()).isEqualTo(Decision.NOT_QUALIFYING);
        assertThat(decisionOf(announced).detail()).contains("cancelled before it was given");
        assertThat(leaving(LocalDate.of(2025, 6, 30), TODAY))
                .as("no mayor hears of it before the new window").isEmpty();
    }

    @Test
    void aWithdrawalOfADeliveredNoticeIsAnIntrekkingAndEndsWithdrawn() {
        DecisionRecord announced = deliverAll(decide(EventType.ANNOUNCE, "C-4", "0344", "2025-06-01"));
        DecisionRecord withdraw = decide(EventType.WITHDRAW, "C-4", "0344", "2025-06-01");

        PendingNotice intrekking = onlyDue();
        assertThat(intrekking.order().noticeType()).isEqualTo("INTREKKING");
        assertThat(documents.read(intrekking.content()).getChangesNoticeId()).isEqualTo(announced.noticeIds().get(0));
        deliver(intrekking);
        assertThat(decisionOf(withdraw).decision()).isEqualTo(Decision.WITHDRAWN);
    }

    @Test
    void aWithdrawalBeforeAnythingWasGivenCancelsSilently() {
        DecisionRecord announced = decide(EventType.ANNOUNCE, "C-5", "0344", "2025-09-01");
        DecisionRecord withdraw = decide(EventType.WITHDRAW, "C-5", "0344", "2025-09-01");

        assertThat(withdraw.decision()).isEqualTo(Decision.NOT_QUALIFYING);
        assertThat(withdraw.reason()).isEqualTo("EVENT_NOT_A_RETURN");
        assertThat(withdraw.detail()).contains("no mayor was informed");
        assertThat(store.status(announced.noticeIds().get(0))).contains(NoticeLedger.Status.CANCELLED);
        assertThat(leaving(LocalDate.of(2026, 1, 1), TODAY)).isEmpty();
    }

    @Test
    void anUpdateOrWithdrawalOfAnUnknownCaseIsAnOrphan() {
        assertThat(decide(EventType.UPDATE, "C-6", "0344", "2025-06-01").reason()).isEqualTo("ORPHAN_EVENT");
        assertThat(decide(EventType.WITHDRAW, "C-7", "0344", "2025-06-01").reason()).isEqualTo("ORPHAN_EVENT");
    }

    @Test
    void deathCancelsWhatIsScheduled() {
        DecisionRecord announced = decide(EventType.ANNOUNCE, "C-8", "0344", "2025-09-01");
        DecisionRecord death = decide(EventType.UPDATE, "C-8", "0344", "2025-09-01", ReturnKind.DEATH, 0);

        assertThat(death.decision()).isEqualTo(Decision.NOT_QUALIFYING);
        assertThat(death.detail()).contains("the person died");
        assertThat(store.status(announced.noticeIds().get(0))).contains(NoticeLedger.Status.CANCELLED);
    }

    @Test
    void outOfOrderAnOlderEventNeverOverridesANewerOne() {
        // the withdrawal (created later) arrives first, for a case not known yet; the announcement comes after it
        DecisionRecord withdraw = decide(EventType.WITHDRAW, "C-9", "0344", "2025-06-01", ReturnKind.FINAL_RELEASE, 60);
        DecisionRecord lateAnnounce = decide(EventType.ANNOUNCE, "C-9", "0344", "2025-06-01", ReturnKind.FINAL_RELEASE, 0);

        assertThat(withdraw.reason()).isEqualTo("ORPHAN_EVENT");
        assertThat(lateAnnounce.decision()).isEqualTo(Decision.MANUAL_REVIEW);
        assertThat(lateAnnounce.reason()).isEqualTo("ORPHAN_EVENT");
        assertThat(lateAnnounce.detail()).contains("out of order");
        assertThat(leaving(LocalDate.of(2026, 1, 1), TODAY))
                .as("no notice for a withdrawn return").isEmpty();
    }

    @Test
    void twoEventsOfOneCaseDecidedAtOnceCannotBothChangeIt() {
        deliverAll(decide(EventType.ANNOUNCE, "C-10", "0344", "2025-06-01"));
        CaseFile seenByBoth = store.caseFile("C-10").orElseThrow();
        CaseChange first = CaseChange.seen(seenByBoth, "E-first", TODAY);
        CaseChange second = CaseChange.seen(seenByBoth, "E-second", TODAY);
        store.recordEvent(record("E-first"), List.of(), Optional.of(first));

        assertThatThrownBy(() -> store.recordEvent(record("E-second"), List.of(), Optional.of(second)))
                .hasMessageContaining("changed while an event of it was decided");
        assertThat(store.byEventId("E-second")).as("rolled back, to be decided again on redelivery").isEmpty();
    }

    @Test
    void aNoticeOnTheDeliveryQueueButNotYetSentCanStillBeCancelled() {
        DecisionRecord announced = decide(EventType.ANNOUNCE, "C-11", "0344", "2025-06-01");
        PendingNotice handedOver = onlyDue();
        decisions.dispatched(handedOver.order());      // on the queue, waiting for a retry, not being sent

        DecisionRecord withdraw = decide(EventType.WITHDRAW, "C-11", "0344", "2025-06-01");

        assertThat(withdraw.detail()).contains("no mayor was informed");
        assertThat(decisions.startSending(handedOver.order().noticeId())).as("the delivery refuses it").isFalse();
        assertThat(store.status(announced.noticeIds().get(0))).contains(NoticeLedger.Status.CANCELLED);
    }

    @Test
    void aNoticeBeingSentCountsAsGivenAndIsWithdrawnAfterwards() {
        DecisionRecord announced = decide(EventType.ANNOUNCE, "C-12", "0344", "2025-06-01");
        PendingNotice handedOver = onlyDue();
        decisions.dispatched(handedOver.order());
        assertThat(decisions.startSending(handedOver.order().noticeId())).isTrue();

        decide(EventType.WITHDRAW, "C-12", "0344", "2025-06-01");

        PendingNotice intrekking = onlyDue();
        assertThat(intrekking.order().noticeType()).isEqualTo("INTREKKING");
        assertThat(documents.read(intrekking.content()).getChangesNoticeId()).isEqualTo(announced.noticeIds().get(0));
    }

    @Test
    void anUpdateThatNoLongerLeadsToANoticeCancelsTheOneThatWaits() {
        DecisionRecord announced = decide(EventType.ANNOUNCE, "C-13", "0344", "2025-09-01");
        DecisionRecord update = decide(EventType.UPDATE, "C-13", "0363", "2025-09-01");   // Amsterdam: not connected

        assertThat(update.decision()).isEqualTo(Decision.MANUAL_REVIEW);
        assertThat(update.reason()).isEqualTo("NOT_CONNECTED");
        assertThat(store.status(announced.noticeIds().get(0))).contains(NoticeLedger.Status.CANCELLED);
        assertThat(leaving(LocalDate.of(2026, 1, 1), TODAY)).isEmpty();
    }

    @Test
    void aFailedWithdrawalToTheFormerMayorIsNotHiddenByTheNewNoticeArrivingAndItsReplayEndsTheMoveUpdated() {
        Move move = move("C-14");
        DecisionRecord update = move.update();
        PendingNotice withdrawal = move.withdrawal();
        PendingNotice nieuw = move.nieuw();

        decisions.dispatched(withdrawal.order());
        decisions.failed(withdrawal.order(), new IllegalStateException("550 no such mailbox"));
        deliver(nieuw);

        assertThat(decisionOf(update).decision()).isEqualTo(Decision.FAILED);

        deliver(replay(withdrawal, update));   // the replay matched the event by its first notice: it stayed FAILED

        assertThat(decisionOf(update).decision()).isEqualTo(Decision.UPDATED);
        assertThat(decisionOf(update).reason()).isEqualTo("ROUTE_A_LIST1");
    }

    @Test
    void aMergerSinceTheNoticeIsFollowedToTheSuccessorsMayor() {
        // given in 2022 to Westvoorne (0614), which merged into Voorne aan Zee (1992) on 2023-01-01
        decisions = decisionsOn(Instant.parse("2022-05-02T08:00:00Z"));
        DecisionRecord announced = decide(EventType.ANNOUNCE, "C-15", "0614", "2022-06-01");
        leaving(LocalDate.of(2022, 5, 2), Instant.parse("2022-05-02T08:00:00Z"))
                .forEach(this::deliver);
        assertThat(decisionOf(announced).municipality()).contains("0614");

        decisions = decisionsOn(TODAY);
        DecisionRecord update = decide(EventType.UPDATE, "C-15", "0614", "2025-06-01");

        PendingNotice change = onlyDue();
        assertThat(change.order().noticeType()).as("the same mayor, now of the merged municipality").isEqualTo("WIJZIGING");
        assertThat(change.order().municipality()).isEqualTo("1992");
        assertThat(update.municipality()).contains("1992");
    }

    @Test
    void aWijzigingHeldForItsWindowDoesNotReplaceTheNoticeTheMayorHas() {
        DecisionRecord announced = deliverAll(decide(EventType.ANNOUNCE, "C-20", "0344", "2025-06-01"));
        String given = announced.noticeIds().get(0);
        DecisionRecord update = decide(EventType.UPDATE, "C-20", "0344", "2025-09-15");   // window opens 2025-06-15
        assertThat(update.decision()).isEqualTo(Decision.SCHEDULED);
        assertThat(leaving(LocalDate.of(2025, 4, 1), TODAY)).as("held until its window").isEmpty();
        String held = update.noticeIds().get(0);

        DecisionRecord withdrawal = decide(EventType.WITHDRAW, "C-20", "0344", "2025-09-15");

        PendingNotice intrekking = onlyDue();
        assertThat(documents.read(intrekking.content()).getChangesNoticeId()).as("withdraws what the mayor has")
                .isEqualTo(given);
        assertThat(store.status(held)).contains(NoticeLedger.Status.CANCELLED);
        assertThat(decisionOf(update).decision()).as("its notice never left").isEqualTo(Decision.NOT_QUALIFYING);
        deliver(intrekking);
        assertThat(decisionOf(withdrawal).decision()).isEqualTo(Decision.WITHDRAWN);
        assertThat(store.caseFile("C-20")).hasValueSatisfying(f -> assertThat(f.heldNoticeId()).as("the mayor holds nothing")
                .isEmpty());
    }

    @Test
    void inAMoveTheNewMayorsNoticeIsHeldWhileTheOldMayorIsToldAtOnce() {
        deliverAll(decide(EventType.ANNOUNCE, "C-21", "0344", "2025-06-01"));
        DecisionRecord move = decide(EventType.UPDATE, "C-21", "0599", "2025-09-15");

        assertThat(move.decision()).isEqualTo(Decision.SCHEDULED);
        PendingNotice intrekking = onlyDue();
        assertThat(intrekking.order().municipality()).isEqualTo("0344");
        assertThat(documents.read(intrekking.content()).getWithdrawal().value()).isEqualTo("OTHER_MUNICIPALITY");
        deliver(intrekking);
        assertThat(store.claimDue(LocalDate.of(2025, 6, 15), Instant.parse("2025-06-15T08:00:00Z"),
                java.time.Duration.ofMinutes(1), 10)).extracting(n -> n.order().noticeType() + " " + n.order().municipality())
                .containsExactly("NIEUW 0599");
    }

    @Test
    void aMoveWhereNoNoticeCanLeaveStillWithdrawsTheOldMayorsAndTheEventKeepsItsOwnDecision() {
        DecisionRecord announced = deliverAll(decide(EventType.ANNOUNCE, "C-22", "0344", "2025-06-01"));
        DecisionRecord move = decide(EventType.UPDATE, "C-22", "0363", "2025-06-01");   // 0363 has no channel here

        assertThat(move.decision()).isEqualTo(Decision.MANUAL_REVIEW);
        assertThat(move.reason()).isEqualTo("NOT_CONNECTED");
        PendingNotice intrekking = onlyDue();
        assertThat(intrekking.order().municipality()).isEqualTo("0344");
        NoticeXml withdrawal = documents.read(intrekking.content());
        assertThat(withdrawal.getChangesNoticeId()).isEqualTo(announced.noticeIds().get(0));
        assertThat(withdrawal.getWithdrawal().value()).isEqualTo("OTHER_MUNICIPALITY");
        deliver(intrekking);
        assertThat(decisionOf(move).decision()).as("a person still sees to the new municipality")
                .isEqualTo(Decision.MANUAL_REVIEW);
        assertThat(store.caseFile("C-22")).hasValueSatisfying(f -> assertThat(f.heldNoticeId())
                .as("the old mayor holds nothing").isEmpty());
    }

    @Test
    void aFailedWithdrawalThatWentWithAReviewShowsFailedAndAReplayGivesTheReviewBack() {
        deliverAll(decide(EventType.ANNOUNCE, "C-23", "0344", "2025-06-01"));
        DecisionRecord move = decide(EventType.UPDATE, "C-23", "0363", "2025-06-01");
        PendingNotice intrekking = onlyDue();

        fail(intrekking);
        assertThat(decisionOf(move).decision()).as("someone must see the old mayor was not told")
                .isEqualTo(Decision.FAILED);

        deliver(replay(intrekking, move));
        DecisionRecord after = decisionOf(move);
        assertThat(after.decision()).as("the review the withdrawal went with").isEqualTo(Decision.MANUAL_REVIEW);
        assertThat(after.reason()).isEqualTo("NOT_CONNECTED");
    }

    @Test
    void aMoveToASuppressedMunicipalityWithdrawsTheOldMayorsWhateverTheLengthOfTheRulesReason() {
        String reason = "TICKET-7: " + "de gemeente is nog niet aangesloten op het kanaal, afspraak met de griffie ".repeat(2);
        decisions = decisionsOn(TODAY, List.of(new nl.bij.delivery.Suppression("0599", Optional.empty(), Optional.empty(),
                reason)));
        DecisionRecord announced = deliverAll(decide(EventType.ANNOUNCE, "C-26", "0344", "2025-06-01"));
        DecisionRecord move = decide(EventType.UPDATE, "C-26", "0599", "2025-06-01");

        assertThat(move.decision()).isEqualTo(Decision.SUPPRESSED);
        PendingNotice intrekking = onlyDue();
        assertThat(documents.read(intrekking.content()).getChangesNoticeId()).isEqualTo(announced.noticeIds().get(0));
        deliver(intrekking);
        assertThat(decisionOf(move).decision()).isEqualTo(Decision.SUPPRESSED);
    }

    @Test
    void aCaseWhoseNewestNoticeIsNotStoredIsDecidedAfreshNotForeverRefused() throws Exception {
        // the state a kill -9 once left: the case's row, naming a notice, without the event's decision and notice
        try (var c = db.getConnection()) {
            Jdbc.update(c, "insert into case_file (case_id, newest_created_at, newest_event_id, active_notice_id,"
                    + " active_municipality, version) values (?, ?, ?, ?, ?, 1)", "C-29",
                    Jdbc.time(Instant.parse("2025-03-01T08:00:00Z")), "00000000-0000-4000-8000-000000009999", "GONE", "0344");
        }

        DecisionRecord announced = decide(EventType.ANNOUNCE, "C-29", "0344", "2025-06-01");

        assertThat(announced.decision()).isEqualTo(Decision.DELIVERING);
        assertThat(onlyDue().order().noticeType()).isEqualTo("NIEUW");
    }

    @Test
    void aMoveStaysFailedUntilEachOfItsFailedNoticesIsReplayedAndDelivered() {
        Move move = move("C-28");
        fail(move.withdrawal());
        fail(move.nieuw());

        deliver(replay(move.nieuw(), move.update()));
        assertThat(decisionOf(move.update()).decision()).as("the old mayor still was not told").isEqualTo(Decision.FAILED);

        deliver(replay(move.withdrawal(), move.update()));
        assertThat(decisionOf(move.update()).decision()).isEqualTo(Decision.UPDATED);
    }

    @Test
    void aFailedWithdrawalIsNotHiddenWhenALaterEventCancelsTheNoticeThatWaitedBesideIt() {
        deliverAll(decide(EventType.ANNOUNCE, "C-30", "0344", "2025-06-01"));
        DecisionRecord move = decide(EventType.UPDATE, "C-30", "0599", "2025-09-15");   // the new notice waits
        PendingNotice intrekking = onlyDue();
        fail(intrekking);

        decide(EventType.WITHDRAW, "C-30", "0599", "2025-09-15", ReturnKind.FINAL_RELEASE, 5);

        assertThat(decisionOf(move).decision()).as("the old mayor was still not told").isEqualTo(Decision.FAILED);
        deliver(replay(intrekking, move));
        assertThat(decisionOf(move).decision()).isEqualTo(Decision.NOT_QUALIFYING);
        assertThat(decisionOf(move).reason()).isEqualTo("EVENT_NOT_A_RETURN");
    }

    @Test
    void aMoveBeyondTheWindowWhoseWithdrawalFailedIsScheduledAgainOnceTheReplayDeliversIt() {
        deliverAll(decide(EventType.ANNOUNCE, "C-25", "0344", "2025-06-01"));
        DecisionRecord move = decide(EventType.UPDATE, "C-25", "0599", "2025-09-15");   // window opens 2025-06-15
        PendingNotice intrekking = onlyDue();
        fail(intrekking);
        assertThat(decisionOf(move).decision()).isEqualTo(Decision.FAILED);

        PendingNotice again = replay(intrekking, move);
        assertThat(decisions.judgeAgain(again)).as("a withdrawal is not the notice held for its day").isTrue();
        deliver(again);

        assertThat(decisionOf(move).decision()).as("the new mayor's notice waits for its day")
                .isEqualTo(Decision.SCHEDULED);
        assertThat(store.heldEvent(move.messageId())).as("kept to judge that notice again on its day").isPresent();
        assertThat(decisionOf(move).reason()).isEqualTo("BEFORE_WINDOW");
        PendingNotice nieuw = store.claimDue(LocalDate.of(2025, 6, 15), Instant.parse("2025-06-15T08:00:00Z"),
                java.time.Duration.ofMinutes(1), 10).get(0);
        deliver(nieuw);
        assertThat(decisionOf(move).decision()).isEqualTo(Decision.UPDATED);
    }

    /** A notice delivered to 0344, then an update to 0599: the withdrawal to 0344 and the new notice, both due. */
    private record Move(DecisionRecord update, PendingNotice withdrawal, PendingNotice nieuw) {
    }

    private Move move(String caseId) {
        deliverAll(decide(EventType.ANNOUNCE, caseId, "0344", "2025-06-01"));
        DecisionRecord update = decide(EventType.UPDATE, caseId, "0599", "2025-06-01");
        List<PendingNotice> due = leaving(LocalDate.of(2025, 4, 1), TODAY);
        PendingNotice withdrawal = due.stream().filter(n -> n.order().noticeType().equals("INTREKKING")).findFirst().orElseThrow();
        return new Move(update, withdrawal, due.stream().filter(n -> n != withdrawal).findFirst().orElseThrow());
    }

    private void fail(PendingNotice notice) {
        decisions.dispatched(notice.order());
        assertThat(decisions.startSending(notice.order().noticeId())).isTrue();
        decisions.failed(notice.order(), new java.net.ConnectException("refused"));
    }

    /** An operator's replay of a failed notice the day after: it is due again, and taken. */
    private PendingNotice replay(PendingNotice notice, DecisionRecord event) {
        assertThat(new OperatorStore(db).requeue(notice.order().noticeId(), false, LocalDate.of(2025, 4, 2),
                TODAY.plusSeconds(86_400), "replayed", new OperatorStore.Audit(TODAY, "otto", "replay",
                        event.eventId().orElseThrow(), "requeued"))).isTrue();
        return store.claimDue(LocalDate.of(2025, 4, 2), TODAY.plusSeconds(86_400), java.time.Duration.ofMinutes(1), 10)
                .get(0);
    }

    private Decisions decisionsOn(Instant today) {
        return decisionsOn(today, List.of());
    }

    private Decisions decisionsOn(Instant today, List<nl.bij.delivery.Suppression> suppressions) {
        return new Decisions(store, store, new EligibilityRules(Law.catalogue(), AttemptPolicy.MANUAL),
                MunicipalityRegister.load("municipalities.csv", resource("config/data/municipalities.csv"),
                        "mergers_annotated.csv", resource("config/data/mergers_annotated.csv")),
                new Recipients(List.of(new Recipient("0344", Channel.XML, ""), new Recipient("0599", Channel.XML, ""),
                        new Recipient("0614", Channel.XML, ""), new Recipient("1992", Channel.XML, "")), suppressions),
                new NoticeComposer(14), documents, Clock.fixed(today, Decisions.AMSTERDAM));
    }

    private DecisionRecord decide(EventType type, String caseId, String municipality, String expected) {
        return decide(type, caseId, municipality, expected, ReturnKind.FINAL_RELEASE, sequence);
    }

    /** @param minute the event's createdAt, in minutes after 2025-03-01 09:00 */
    private DecisionRecord decide(EventType type, String caseId, String municipality, String expected, ReturnKind kind,
                                  int minute) {
        sequence++;
        ReleaseEvent base = Law.event(ReturnKind.FINAL_RELEASE, adult(offences(article("242")), prison("P4Y")));
        ReleaseEvent event = new ReleaseEvent(String.format("00000000-0000-4000-8000-%012d", sequence), type,
                Optional.empty(), caseId, OffsetDateTime.of(2025, 3, 1, 9, 0, 0, 0, ZoneOffset.ofHours(1)).plusMinutes(minute),
                base.subject(), new Return(kind, LocalDate.parse(expected), Optional.empty(), "PI", "PI Vught"),
                new Destination(new Municipality(municipality, "", AddressKind.HOME), Optional.empty(), Optional.empty()),
                base.convictions());
        // the copy a held notice is judged again with on its day (its content is not read here)
        return decisions.decide(event, () -> "<kept/>".getBytes(StandardCharsets.UTF_8), "ID:" + sequence, 0);
    }

    private DecisionRecord deliverAll(DecisionRecord decision) {
        leaving(LocalDate.of(2025, 4, 1), TODAY).forEach(this::deliver);
        return decisionOf(decision);
    }

    /**
     * What leaves on that day: the notices the last decision hands over with its release message (due when it was
     * decided), and those the relay finds due.
     */
    private List<PendingNotice> leaving(LocalDate day, Instant now) {
        List<PendingNotice> leaving = new java.util.ArrayList<>(store.handOver("ID:" + sequence));
        leaving.addAll(store.claimDue(day, now, java.time.Duration.ofMinutes(1), 10));
        return leaving;
    }

    private PendingNotice onlyDue() {
        List<PendingNotice> due = leaving(LocalDate.of(2025, 4, 1), TODAY);
        assertThat(due).hasSize(1);
        return due.get(0);
    }

    private void deliver(PendingNotice notice) {
        decisions.dispatched(notice.order());
        assertThat(decisions.startSending(notice.order().noticeId())).isTrue();
        decisions.delivered(notice.order(), "test");
    }

    private DecisionRecord decisionOf(DecisionRecord decision) {
        return store.byMessageId(decision.messageId()).orElseThrow();
    }

    private static DecisionRecord record(String eventId) {
        return new DecisionRecord(Optional.of(eventId), "ID:" + eventId, Optional.of("C-10"), Decision.NOT_QUALIFYING,
                "EVENT_NOT_A_RETURN", "test", Optional.empty(), List.of(), List.of(), TODAY, TODAY);
    }

    private static InputStreamReader resource(String name) {
        return new InputStreamReader(LifecycleTest.class.getClassLoader().getResourceAsStream(name), StandardCharsets.UTF_8);
    }
}
