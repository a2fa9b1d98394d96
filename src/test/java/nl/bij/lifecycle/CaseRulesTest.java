package nl.bij.lifecycle;

import static nl.bij.eligibility.Law.adult;
import static nl.bij.eligibility.Law.article;
import static nl.bij.eligibility.Law.attempt;
import static nl.bij.eligibility.Law.offences;
import static nl.bij.eligibility.Law.prison;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import nl.bij.eligibility.AttemptPolicy;
import nl.bij.eligibility.EligibilityRules;
import nl.bij.eligibility.Law;
import nl.bij.eligibility.Route;
import nl.bij.intake.ReleaseEvent;
import nl.bij.intake.ReleaseEvent.Abroad;
import nl.bij.intake.ReleaseEvent.AddressKind;
import nl.bij.intake.ReleaseEvent.Conviction;
import nl.bij.intake.ReleaseEvent.Destination;
import nl.bij.intake.ReleaseEvent.EventType;
import nl.bij.intake.ReleaseEvent.Municipality;
import nl.bij.intake.ReleaseEvent.Registration;
import nl.bij.intake.ReleaseEvent.Return;
import nl.bij.intake.ReleaseEvent.ReturnKind;
import nl.bij.lifecycle.CaseRules.HeldNotice;
import nl.bij.lifecycle.CaseState.CaseNotice;
import nl.bij.lifecycle.Outcome.NoticeType;
import nl.bij.municipality.MunicipalityRegister;

/**
 * The case lifecycle as plain rules, without a database: a table of facts (the event, what the case holds, the
 * day) against the outcome, written as one line each, and the judgment again on the day a held notice falls due,
 * with the day moved rather than waited for.
 */
class CaseRulesTest {

    /** The return of 2025-06-01 is in its window (open since 2025-03-01) and not urgent. */
    private static final LocalDate TODAY = LocalDate.of(2025, 4, 1);
    private static final MunicipalityRegister REGISTER = MunicipalityRegister.load("municipalities.csv",
            Law.source("config/data/municipalities.csv").reader(), "mergers_annotated.csv",
            Law.source("config/data/mergers_annotated.csv").reader());
    private static final Conviction QUALIFYING = adult(offences(article("242")), prison("P4Y"));

    private final FakeReach reach = new FakeReach(Set.of("0344", "0599", "0614", "1992", "0193"));
    private final CaseRules rules = rulesWith(Law.catalogue());

    // ---- the table: one event against what its case holds -----------------------------------------------------

    static Stream<Arguments> lifecycle() {
        return Stream.of(
                row("a first announcement in the window", announce("2025-06-01", "0344"), none(),
                        "DELIVER ROUTE_A_LIST1 | NIEUW 0344 2025-04-01 NOTIFIED | newest FIRST_NOTICE"),
                row("a first announcement before the window is held until it opens", announce("2025-09-15", "0344"), none(),
                        "SCHEDULE BEFORE_WINDOW | NIEUW 0344 2025-06-15 NOTIFIED | newest FIRST_NOTICE"),
                row("a return on the 31st: the window opens on the 1st, not clamped to the 28th",
                        announce("2025-05-31", "0344"), none(), "SCHEDULE BEFORE_WINDOW | NIEUW 0344 2025-03-01 NOTIFIED | newest FIRST_NOTICE",
                        LocalDate.of(2025, 2, 20)),
                row("a return already past is delivered at once", announce("2025-01-10", "0344"), none(),
                        "DELIVER ROUTE_A_LIST1 | NIEUW 0344 2025-04-01 NOTIFIED | newest FIRST_NOTICE"),
                row("an update to the mayor who has the notice is a WIJZIGING", update("2025-06-10", "0344"), given("X", "0344"),
                        "DELIVER ROUTE_A_LIST1 | WIJZIGING 0344 2025-04-01 UPDATED changes X | newest FIRST_NOTICE"),
                row("an update whose new date lies beyond the window is held like a first notice", update("2025-09-15", "0344"),
                        given("X", "0344"), "SCHEDULE BEFORE_WINDOW | WIJZIGING 0344 2025-06-15 UPDATED changes X | newest FIRST_NOTICE"),
                row("a move: withdrawal to the old mayor, a notice to the new one", update("2025-06-01", "0599"), given("X", "0344"),
                        "DELIVER ROUTE_A_LIST1 | NIEUW 0599 2025-04-01 UPDATED ; INTREKKING 0344 2025-04-01 NOTHING changes X OTHER_MUNICIPALITY | newest FIRST_NOTICE"),
                row("a move beyond the window: the old mayor is told now, the new one when the window opens",
                        update("2025-09-15", "0599"), given("X", "0344"),
                        "SCHEDULE BEFORE_WINDOW | NIEUW 0599 2025-06-15 UPDATED ; INTREKKING 0344 2025-04-01 NOTHING changes X OTHER_MUNICIPALITY | newest FIRST_NOTICE"),
                row("an update of a notice not given yet only changes its schedule", update("2025-06-10", "0599"), waiting("W", "0344"),
                        "DELIVER ROUTE_A_LIST1 | NIEUW 0599 2025-04-01 NOTIFIED | newest FIRST_NOTICE | cancels W"),
                row("an update while a WIJZIGING waits changes the notice the mayor has", update("2025-06-10", "0344"),
                        waitingOver("W", "X", "0344"), "DELIVER ROUTE_A_LIST1 | WIJZIGING 0344 2025-04-01 UPDATED changes X | newest FIRST_NOTICE | cancels W"),
                row("a merger since the notice: the WIJZIGING goes to the successor's mayor", update("2025-06-01", "0614"),
                        given("X", "0614"), "DELIVER ROUTE_A_LIST1 | WIJZIGING 1992 2025-04-01 UPDATED changes X | newest FIRST_NOTICE"),
                row("a withdrawal of a notice given", withdraw(), given("X", "0344"),
                        "DELIVER WITHDRAWAL | INTREKKING 0344 2025-04-01 WITHDRAWN changes X RETURN_CANCELLED | newest NONE"),
                row("a withdrawal before anything was given: no mayor hears of it", withdraw(), waiting("W", "0344"),
                        "NOT_QUALIFYING EVENT_NOT_A_RETURN | newest NONE | cancels W"),
                row("a withdrawal while a WIJZIGING waits: that stops, the notice given is withdrawn", withdraw(),
                        waitingOver("W", "X", "0344"),
                        "DELIVER WITHDRAWAL | INTREKKING 0344 2025-04-01 WITHDRAWN changes X RETURN_CANCELLED | newest NONE | cancels W"),
                row("a withdrawal of a case never seen", withdraw(), none(), "REVIEW ORPHAN_EVENT | newest UNCHANGED"),
                row("an update of a case never seen", update("2025-06-01", "0344"), none(), "REVIEW ORPHAN_EVENT | newest UNCHANGED"),
                row("death: the notice given stands", event(EventType.UPDATE, ReturnKind.DEATH, "2025-06-01", "0344", 5),
                        given("X", "0344"), "NOT_QUALIFYING EVENT_NOT_A_RETURN | newest UNCHANGED"),
                row("death: a notice that waits is cancelled", event(EventType.UPDATE, ReturnKind.DEATH, "2025-06-01", "0344", 5),
                        waiting("W", "0344"), "NOT_QUALIFYING EVENT_NOT_A_RETURN | newest NONE | cancels W"),
                row("an event created before the newest one applied is out of order", event(EventType.UPDATE,
                        ReturnKind.FINAL_RELEASE, "2025-06-01", "0344", -5), given("X", "0344"), "REVIEW ORPHAN_EVENT | not applied"),
                row("an update that no longer qualifies, with a notice given: a person decides",
                        event(EventType.UPDATE, ReturnKind.ESCAPE, "2025-06-01", "0344", 5), given("X", "0344"),
                        "REVIEW EVENT_NOT_A_RETURN | newest UNCHANGED"),
                row("an update that no longer qualifies, nothing given: the waiting notice never leaves",
                        event(EventType.UPDATE, ReturnKind.TRANSFER, "2025-06-01", "0344", 5), waiting("W", "0344"),
                        "NOT_QUALIFYING EVENT_NOT_A_RETURN | newest NONE | cancels W"),
                row("a move to a municipality without a channel: the old mayor's notice is withdrawn, a person sees"
                        + " to the new one", update("2025-06-01", "0363"), given("X", "0344"),
                        "REVIEW NOT_CONNECTED | INTREKKING 0344 2025-04-01 NOTHING changes X OTHER_MUNICIPALITY | newest NONE"),
                row("a move abroad: the old mayor's notice is withdrawn", event(EventType.UPDATE, ReturnKind.FINAL_RELEASE,
                        "2025-06-01", new Abroad("BE"), 5, QUALIFYING), given("X", "0344"),
                        "REVIEW ABROAD | INTREKKING 0344 2025-04-01 NOTHING changes X OTHER_MUNICIPALITY | newest NONE"),
                row("a move abroad while a WIJZIGING waits: that stops, the notice given is withdrawn",
                        event(EventType.UPDATE, ReturnKind.FINAL_RELEASE, "2025-06-01", new Abroad("BE"), 5, QUALIFYING),
                        waitingOver("W", "X", "0344"),
                        "REVIEW ABROAD | INTREKKING 0344 2025-04-01 NOTHING changes X OTHER_MUNICIPALITY | newest NONE | cancels W"),
                row("an update to an unknown address: the person may still come, so the notice stands and a person decides",
                        event(EventType.UPDATE, ReturnKind.FINAL_RELEASE, "2025-06-01", "0000", 5), given("X", "0344"),
                        "REVIEW NO_DUTCH_ADDRESS | newest UNCHANGED"),
                row("the mayor who has the notice lost the channel: the notice stands, a person decides",
                        update("2025-06-10", "0363"), given("X", "0363"), "REVIEW NOT_CONNECTED | newest UNCHANGED"),
                row("a municipality without a channel", announce("2025-06-01", "0363"), none(), "REVIEW NOT_CONNECTED | newest UNCHANGED"),
                row("a split municipality: a person chooses", announce("2025-06-01", "0788"), none(),
                        "REVIEW MUNICIPALITY_SPLIT | newest UNCHANGED"),
                row("abroad", new Abroad("BE"), none(), "REVIEW ABROAD | newest UNCHANGED"));
    }

    private static Arguments row(String rule, Object event, CaseState file, String expected) {
        return row(rule, event, file, expected, TODAY);
    }

    private static Arguments row(String rule, Object event, CaseState file, String expected, LocalDate today) {
        ReleaseEvent e = event instanceof Abroad abroad ? event(EventType.ANNOUNCE, ReturnKind.FINAL_RELEASE, "2025-06-01",
                abroad, 5, QUALIFYING) : (ReleaseEvent) event;
        return Arguments.of(rule, e, file, expected, today);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lifecycle")
    void decidesWhatTheEventMeansForItsCase(String rule, ReleaseEvent event, CaseState file, String expected, LocalDate today) {
        assertThat(summary(rules.decide(event, file, today))).as(rule).isEqualTo(expected);
    }

    @Test
    void aSplitNamesItsCandidatesForThePersonWhoChooses() {
        Outcome split = rules.decide(announce("2025-06-01", "0140"), none(), TODAY);
        assertThat(split.reason()).isEqualTo("MUNICIPALITY_SPLIT");
        assertThat(split.detail()).contains("candidates: 1900, 0080, 1949");
    }

    @Test
    void aSuppressedMunicipalityIsSuppressedWithTheRulesReason() {
        reach.suppressions.put("0344", "TICKET-5");
        assertThat(summary(rules.decide(announce("2025-06-01", "0344"), none(), TODAY)))
                .isEqualTo("SUPPRESSED TICKET-5 | newest UNCHANGED");
    }

    @Test
    void theTrailNamesEveryQuestionAJudgmentWouldAnswer() {
        Outcome deported = rules.decide(event(EventType.ANNOUNCE, ReturnKind.DEPORTATION, "2025-06-01",
                new Municipality("0344", "", AddressKind.HOME), 0, adult(offences(attempt("242")), prison("P4Y"))), none(), TODAY);
        assertThat(deported.reason()).isEqualTo("ATTEMPT_OR_PARTICIPATION");
        assertThat(deported.detail()).isEqualTo("a person must decide, and a judgment that the person qualifies answers"
                + " all of: ATTEMPT_OR_PARTICIPATION, DEPORTATION");
    }

    @Test
    void aPersonWithdrawsTheNoticeAMayorHasAndNothingWhereNoneHasOne() {
        ReleaseEvent escape = event(EventType.UPDATE, ReturnKind.ESCAPE, "2025-06-01", "0344", 5);
        assertThat(summary(rules.withdraw(escape, given("X", "0344"), TODAY, Outcome.Withdrawal.RETURN_CANCELLED)))
                .isEqualTo("DELIVER WITHDRAWAL | INTREKKING 0344 2025-04-01 WITHDRAWN changes X RETURN_CANCELLED | newest NONE");
        assertThatThrownBy(() -> rules.withdraw(escape, waiting("W", "0344"), TODAY, Outcome.Withdrawal.RETURN_CANCELLED))
                .isInstanceOf(CaseRules.Refused.class).hasMessageContaining("nothing to withdraw");
        assertThatThrownBy(() -> rules.withdraw(event(EventType.UPDATE, ReturnKind.ESCAPE, "2025-06-01", "0344", -5),
                given("X", "0344"), TODAY, Outcome.Withdrawal.RETURN_CANCELLED)).as("a newer event was applied")
                .isInstanceOf(CaseRules.Refused.class);
        CaseState withdrawing = new CaseState(true, created(0), "E-0", Optional.empty(),
                Optional.of(new CaseNotice("X", "0344", true)), true);
        assertThatThrownBy(() -> rules.withdraw(escape, withdrawing, TODAY, Outcome.Withdrawal.RETURN_CANCELLED))
                .as("its withdrawal is on its way, or failed and waits for a replay").isInstanceOf(CaseRules.Refused.class)
                .hasMessageContaining("was made already");
    }

    @Test
    void aMoveToASuppressedMunicipalityWithdrawsTheOldMayorsNoticeAndIsSuppressed() {
        reach.suppressions.put("0599", "TICKET-9");
        assertThat(summary(rules.decide(update("2025-06-01", "0599"), given("X", "0344"), TODAY))).isEqualTo(
                "SUPPRESSED TICKET-9 | INTREKKING 0344 2025-04-01 NOTHING changes X OTHER_MUNICIPALITY | newest NONE");
    }

    // ---- the three-month window -----------------------------------------------------------------------------

    @ParameterizedTest(name = "a return on {0}: the window opens on {1}")
    @CsvSource({"2025-06-01, 2025-03-01", "2025-05-31, 2025-03-01", "2025-05-30, 2025-03-01", "2025-05-29, 2025-03-01",
        "2024-05-29, 2024-02-29", "2024-05-30, 2024-03-01", "2025-03-31, 2024-12-31", "2025-12-31, 2025-10-01",
        "2025-07-31, 2025-05-01", "2025-08-31, 2025-05-31"})
    void theWindowOpensNoEarlierThanThreeCalendarMonthsBefore(LocalDate expectedReturn, LocalDate opens) {
        assertThat(Window.opensFor(expectedReturn)).isEqualTo(opens);
        assertThat(opens.plusMonths(3)).as("three months later is not before the return").isAfterOrEqualTo(expectedReturn);
        assertThat(opens.minusDays(1).plusMonths(3)).as("a day earlier would be too early").isBefore(expectedReturn);
    }

    // ---- judged again on the day a held notice falls due ------------------------------------------------------

    @Test
    void arsonHeldUntilTheWindowQualifiesOnceItsEffectiveDateHasPassed() {
        ReleaseEvent arson = announce(adult(offences(article("157", "2020-01-01")), prison("P2Y")), "2025-04-15", "0344");
        LocalDate before = LocalDate.of(2024, 12, 1);   // arson is covered from 2025-01-01; the window opens 2025-01-15

        Outcome decided = rules.decide(arson, none(), before);
        assertThat(summary(decided)).isEqualTo("SCHEDULE BEFORE_WINDOW | NIEUW 0344 2025-01-15 NOTIFIED | newest FIRST_NOTICE");
        assertThat(rules.judgeAgain(arson, holding("N", "0344"), LocalDate.of(2025, 1, 15), Judgment.none(),
                new HeldNotice("N", NoticeType.NIEUW, "0344"))).as("the same notice to the same mayor: it leaves").isEmpty();
    }

    @Test
    void arsonNotYetCoveredOnTheDayTheNoticeFallsDueDoesNotLeave() {
        // decided with arson covered from 2025-01-01; by the due day the configured date moved to 2025-06-01
        ReleaseEvent arson = announce(adult(offences(article("157", "2020-01-01")), prison("P2Y")), "2025-04-15", "0344");
        CaseRules later = rulesWith(Law.catalogue(LocalDate.of(2025, 6, 1)));

        Optional<Outcome> again = later.judgeAgain(arson, holding("N", "0344"), LocalDate.of(2025, 1, 15), Judgment.none(),
                new HeldNotice("N", NoticeType.NIEUW, "0344"));

        assertThat(again).hasValueSatisfying(o -> {
            assertThat(summary(o)).isEqualTo("NOT_QUALIFYING OFFENCE_NOT_LISTED | newest NONE | cancels N");
            assertThat(o.detail()).startsWith("judged again on 2025-01-15 when notice N fell due, and it does not leave:");
        });
    }

    @Test
    void aConvictionFinalBeforeTheWindowOpensIsHeldAndLeaves() {
        Conviction finalLater = new Conviction("16/1-20", "Rb", LocalDate.of(2025, 3, 1), Optional.of(LocalDate.of(2025, 5, 1)),
                false, offences(article("242")), List.of(prison("P4Y")));
        ReleaseEvent event = announce(finalLater, "2025-09-15", "0344");   // window opens 2025-06-15

        assertThat(summary(rules.decide(event, none(), TODAY))).as("final on the day the notice would be given")
                .isEqualTo("SCHEDULE BEFORE_WINDOW | NIEUW 0344 2025-06-15 NOTIFIED | newest FIRST_NOTICE");
        assertThat(rules.judgeAgain(event, holding("N", "0344"), LocalDate.of(2025, 6, 15), Judgment.none(),
                new HeldNotice("N", NoticeType.NIEUW, "0344"))).isEmpty();
        assertThat(summary(rules.decide(announce(finalLater, "2025-06-01", "0344"), none(), TODAY)))
                .as("in the window already, and not final today").isEqualTo("NOT_QUALIFYING NOT_IRREVOCABLE | newest UNCHANGED");
    }

    @Test
    void aMergerBeforeTheHeldNoticeLeavesSendsItToTheSuccessorInstead() {
        // held for Westvoorne (0614) until 2022-12-01; the relay takes it only on 2023-01-02, after the merger into 1992
        ReleaseEvent event = announce("2023-03-01", "0614");
        assertThat(summary(rules.decide(event, none(), LocalDate.of(2022, 9, 15))))
                .isEqualTo("SCHEDULE BEFORE_WINDOW | NIEUW 0614 2022-12-01 NOTIFIED | newest FIRST_NOTICE");

        Optional<Outcome> again = rules.judgeAgain(event, holding("N", "0614"), LocalDate.of(2023, 1, 2), Judgment.none(),
                new HeldNotice("N", NoticeType.NIEUW, "0614"));

        assertThat(again.map(CaseRulesTest::summary))
                .contains("DELIVER ROUTE_A_LIST1 | NIEUW 1992 2023-01-02 NOTIFIED | newest FIRST_NOTICE | cancels N");
    }

    @Test
    void aSuppressionAddedWhileTheNoticeWaitedStopsIt() {
        ReleaseEvent event = announce("2025-09-15", "0344");
        reach.suppressions.put("0344", "TICKET-8");

        Optional<Outcome> again = rules.judgeAgain(event, holding("N", "0344"), LocalDate.of(2025, 6, 15), Judgment.none(),
                new HeldNotice("N", NoticeType.NIEUW, "0344"));

        assertThat(again.map(CaseRulesTest::summary)).contains("SUPPRESSED TICKET-8 | newest NONE | cancels N");
    }

    @Test
    void aChannelGoneWhileTheNoticeWaitedSendsItToAPerson() {
        ReleaseEvent event = announce("2025-09-15", "0344");
        reach.connected.remove("0344");

        assertThat(rules.judgeAgain(event, holding("N", "0344"), LocalDate.of(2025, 6, 15), Judgment.none(),
                new HeldNotice("N", NoticeType.NIEUW, "0344")).map(CaseRulesTest::summary))
                .contains("REVIEW NOT_CONNECTED | newest NONE | cancels N");
    }

    @Test
    void aHeldWijzigingThatStillHoldsLeaves() {
        ReleaseEvent event = update("2025-09-15", "0344");
        CaseState file = new CaseState(true, created(0), "E-0", Optional.of(new CaseNotice("W", "0344", false)),
                Optional.of(new CaseNotice("X", "0344", true)));
        assertThat(rules.judgeAgain(event, file, LocalDate.of(2025, 6, 15), Judgment.none(),
                new HeldNotice("W", NoticeType.WIJZIGING, "0344"))).isEmpty();
    }

    // ---- a person's judgment ------------------------------------------------------------------------------------

    @Test
    void aPersonsQualifiesJudgmentLeadsToANoticeAndIsKeptWhenJudgedAgain() {
        ReleaseEvent attempt = announce(adult(offences(attempt("242")), prison("P4Y")), "2025-09-15", "0344");
        assertThat(rules.decide(attempt, none(), TODAY).reason()).isEqualTo("ATTEMPT_OR_PARTICIPATION");
        Judgment qualifies = new Judgment(Optional.empty(), Optional.of(Route.ROUTE_A_LIST1_ZEDEN));

        Outcome resolved = rules.resolve(attempt, none(), TODAY, qualifies);

        assertThat(summary(resolved)).isEqualTo("SCHEDULE BEFORE_WINDOW | NIEUW 0344 2025-06-15 NOTIFIED | newest FIRST_NOTICE");
        assertThat(resolved.detail()).contains("(a person's judgment)");
        assertThat(rules.judgeAgain(attempt, holding("N", "0344"), LocalDate.of(2025, 6, 15), qualifies,
                new HeldNotice("N", NoticeType.NIEUW, "0344"))).as("the judgment stands on the due day").isEmpty();
    }

    @Test
    void choosingAMunicipalityDoesNotAnswerALegalQuestion() {
        ReleaseEvent attempt = announce(adult(offences(attempt("242")), prison("P4Y")), "2025-06-01", "0344");
        assertThatThrownBy(() -> rules.resolve(attempt, none(), TODAY, Judgment.chose("0344")))
                .isInstanceOf(CaseRules.Refused.class).hasMessageContaining("the law needs a person's judgment");
    }

    @Test
    void aMunicipalityChosenForSomeoneAbroadIsNotified() {
        ReleaseEvent abroad = event(EventType.ANNOUNCE, ReturnKind.FINAL_RELEASE, "2025-06-01", new Abroad("DE"), 5, QUALIFYING);
        assertThat(summary(rules.resolve(abroad, none(), TODAY, Judgment.chose("0193"))))
                .isEqualTo("DELIVER ROUTE_A_LIST1 | NIEUW 0193 2025-04-01 NOTIFIED | newest FIRST_NOTICE");
        assertThatThrownBy(() -> rules.resolve(abroad, none(), TODAY, Judgment.chose("0363")))
                .as("no channel").isInstanceOf(CaseRules.Refused.class).hasMessageContaining("NOT_CONNECTED");
    }

    // ---- facts ---------------------------------------------------------------------------------------------------

    private CaseRules rulesWith(nl.bij.eligibility.OffenceCatalogue catalogue) {
        return new CaseRules(new EligibilityRules(catalogue, AttemptPolicy.MANUAL), REGISTER, reach);
    }

    /** Channels and suppression rules, as the test sets them. */
    private static final class FakeReach implements Reach {
        final Set<String> connected;
        final Map<String, String> suppressions = new HashMap<>();

        FakeReach(Set<String> connected) {
            this.connected = new HashSet<>(connected);
        }

        @Override
        public boolean connected(String municipality) {
            return connected.contains(municipality);
        }

        @Override
        public Optional<String> suppression(String municipality, LocalDate day) {
            return Optional.ofNullable(suppressions.get(municipality));
        }
    }

    private static ReleaseEvent announce(String expected, String municipality) {
        return event(EventType.ANNOUNCE, ReturnKind.FINAL_RELEASE, expected, municipality, 0);
    }

    private static ReleaseEvent announce(Conviction conviction, String expected, String municipality) {
        return event(EventType.ANNOUNCE, ReturnKind.FINAL_RELEASE, expected,
                new Municipality(municipality, "", AddressKind.HOME), 0, conviction);
    }

    private static ReleaseEvent update(String expected, String municipality) {
        return event(EventType.UPDATE, ReturnKind.FINAL_RELEASE, expected, municipality, 5);
    }

    private static ReleaseEvent withdraw() {
        return event(EventType.WITHDRAW, ReturnKind.FINAL_RELEASE, "2025-06-01", "0344", 5);
    }

    private static ReleaseEvent event(EventType type, ReturnKind kind, String expected, String municipality, int minute) {
        return event(type, kind, expected, new Municipality(municipality, "", AddressKind.HOME), minute, QUALIFYING);
    }

    /** @param minute createdAt, in minutes after the case's newest event (0: the same moment) */
    private static ReleaseEvent event(EventType type, ReturnKind kind, String expected, Registration to, int minute,
                                      Conviction conviction) {
        ReleaseEvent base = Law.event(ReturnKind.FINAL_RELEASE, conviction);
        return new ReleaseEvent("00000000-0000-4000-8000-000000000001", type, Optional.empty(), "C-1",
                OffsetDateTime.ofInstant(created(minute), ZoneOffset.UTC), base.subject(),
                new Return(kind, LocalDate.parse(expected), Optional.empty(), "PI", "PI Vught"),
                new Destination(to, Optional.empty(), Optional.empty()), base.convictions());
    }

    private static Instant created(int minute) {
        return Instant.parse("2025-03-01T08:00:00Z").plusSeconds(60L * minute);
    }

    private static CaseState none() {
        return CaseState.none();
    }

    private static CaseState given(String noticeId, String municipality) {
        return new CaseState(true, created(0), "E-0", Optional.of(new CaseNotice(noticeId, municipality, true)),
                Optional.of(new CaseNotice(noticeId, municipality, true)));
    }

    private static CaseState waiting(String noticeId, String municipality) {
        return new CaseState(true, created(0), "E-0", Optional.of(new CaseNotice(noticeId, municipality, false)),
                Optional.empty());
    }

    /** A WIJZIGING that waits for its window, over the notice the mayor has. */
    private static CaseState waitingOver(String waiting, String given, String municipality) {
        return new CaseState(true, created(0), "E-0", Optional.of(new CaseNotice(waiting, municipality, false)),
                Optional.of(new CaseNotice(given, municipality, true)));
    }

    /** The case as it stands when its own held notice falls due. */
    private static CaseState holding(String noticeId, String municipality) {
        return waiting(noticeId, municipality);
    }

    /** The outcome in one line: verdict, reason, the notices, and how the case changes. */
    static String summary(Outcome outcome) {
        StringBuilder line = new StringBuilder(outcome.verdict() + " " + outcome.reason());
        if (!outcome.notices().isEmpty()) {
            line.append(" | ").append(outcome.notices().stream().map(n -> n.type() + " " + n.mayor().code() + " "
                    + n.dueOn() + " " + n.onDelivered() + n.changes().map(c -> " changes " + c).orElse("")
                    + n.withdrawal().map(w -> " " + w).orElse("")).collect(Collectors.joining(" ; ")));
        }
        if (!outcome.update().applied()) {
            return line.append(" | not applied").toString();
        }
        line.append(" | newest ").append(outcome.update().newest());
        outcome.update().cancels().ifPresent(c -> line.append(" | cancels ").append(c));
        return line.toString();
    }
}
