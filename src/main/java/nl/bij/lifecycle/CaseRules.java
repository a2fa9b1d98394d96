package nl.bij.lifecycle;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import nl.bij.eligibility.Eligibility;
import nl.bij.eligibility.Eligibility.NeedsReview;
import nl.bij.eligibility.Eligibility.NotQualifying;
import nl.bij.eligibility.Eligibility.Qualifies;
import nl.bij.eligibility.EligibilityRules;
import nl.bij.eligibility.Route;
import nl.bij.intake.ReleaseEvent;
import nl.bij.intake.ReleaseEvent.EventType;
import nl.bij.intake.ReleaseEvent.ReturnKind;
import nl.bij.lifecycle.CaseState.CaseNotice;
import nl.bij.lifecycle.Outcome.CaseUpdate;
import nl.bij.lifecycle.Outcome.CaseUpdate.Newest;
import nl.bij.lifecycle.Outcome.NoticeToGive;
import nl.bij.lifecycle.Outcome.NoticeType;
import nl.bij.lifecycle.Outcome.OnDelivered;
import nl.bij.lifecycle.Outcome.Verdict;
import nl.bij.lifecycle.Outcome.Withdrawal;
import nl.bij.municipality.MunicipalityRegister;
import nl.bij.municipality.Resolution;
import nl.bij.municipality.Resolution.Mayor;
import nl.bij.municipality.Resolution.NoMayor;

/**
 * The lifecycle of a case (docs/law.md §3, §4, §6) as rules: what an event, a person's judgment, or the day a held
 * notice falls due means for the case. The law is applied on the day the notice would be given: today, or the day
 * the three-month window opens if that is later; and again on the day a held notice leaves.
 */
public final class CaseRules {

    /** docs/contract.md §2: an update or withdrawal of a case this service does not know, or an event out of order. */
    public static final String ORPHAN_EVENT = "ORPHAN_EVENT";
    /** docs/contract.md §2: the municipality has no delivery channel configured. */
    public static final String NOT_CONNECTED = "NOT_CONNECTED";
    public static final String BEFORE_WINDOW = "BEFORE_WINDOW";
    /** docs/contract.md §2: no notice by law, here because the return will not happen. */
    public static final String EVENT_NOT_A_RETURN = "EVENT_NOT_A_RETURN";
    /** The reason of an event whose notice is a withdrawal (INTREKKING). */
    public static final String WITHDRAWAL = "WITHDRAWAL";

    /**
     * Destinations without a mayor to inform that are certainly not the municipality of a notice given: abroad and
     * the Caribbean Netherlands. Not an unknown or non-resident registration, nor a code that is unknown or split:
     * the person may still go where the notice went, so a person decides.
     */
    private static final Set<Resolution.ReviewReason> NO_MAYOR_ANYWHERE = EnumSet.of(
            Resolution.ReviewReason.ABROAD, Resolution.ReviewReason.CARIBBEAN_NETHERLANDS);

    private final EligibilityRules law;
    private final MunicipalityRegister municipalities;
    private final Reach reach;

    public CaseRules(EligibilityRules law, MunicipalityRegister municipalities, Reach reach) {
        this.law = law;
        this.municipalities = municipalities;
        this.reach = reach;
    }

    /** A judgment that cannot lead to a notice, with the reason for the operator (no personal data). */
    public static final class Refused extends IllegalStateException {
        public Refused(String message) {
            super(message);
        }
    }

    /** A notice made earlier and held for its day. */
    public record HeldNotice(String noticeId, NoticeType type, String municipality) {
    }

    /** A new event of the case. */
    public Outcome decide(ReleaseEvent event, CaseState file, LocalDate today) {
        return new Case(event, file, today, Judgment.none()).decide();
    }

    /** The list-1 route an event's offences name (ZEDEN before GEWELD), for a judgment that gave no ground. */
    public Optional<Route> list1RouteOf(ReleaseEvent event, LocalDate today) {
        return law.list1RouteOf(event, today);
    }

    /**
     * A person's judgment on a review item: the municipality they chose, or that the person qualifies by a route
     * (or both). Refused when it still cannot lead to a notice (the law needs another judgment, no mayor, no
     * channel, suppressed, or a newer event of the case was applied since).
     */
    public Outcome resolve(ReleaseEvent event, CaseState file, LocalDate today, Judgment judgment) {
        Case c = new Case(event, file, today, judgment);
        if (c.outOfOrder()) {
            throw new Refused("a newer event of case " + event.caseId() + " was applied since");
        }
        Outcome outcome = c.assess();
        if (outcome.verdict() != Verdict.DELIVER && outcome.verdict() != Verdict.SCHEDULE) {
            throw new Refused(refusal(event, judgment, outcome));
        }
        return outcome;
    }

    /**
     * A person decided that the notice a mayor has for the case is withdrawn: an update left it standing because the
     * service could not tell (the kind of return, the law, an unknown address), and the return as announced will not
     * happen, or not there. Refused when no mayor has a notice of the case, or a newer event was applied since.
     */
    public Outcome withdraw(ReleaseEvent event, CaseState file, LocalDate today, Withdrawal why) {
        Case c = new Case(event, file, today, Judgment.none());
        if (c.outOfOrder()) {
            throw new Refused("a newer event of case " + event.caseId() + " was applied since");
        }
        return c.withdrawnByAPerson(why);
    }

    /**
     * A held notice falls due: everything that depends on a date is decided again with today's data (the offence's
     * coverage, finality, the municipality, the channel, suppression rules). Empty if the answer is the same notice
     * to the same mayor: it leaves. Otherwise the event's new outcome, which cancels the held notice.
     */
    public Optional<Outcome> judgeAgain(ReleaseEvent event, CaseState file, LocalDate today, Judgment judgment,
                                        HeldNotice held) {
        Outcome outcome = new Case(event, file, today, judgment).assess();
        Optional<NoticeToGive> first = outcome.firstNotice();
        boolean same = outcome.verdict() == Verdict.DELIVER && first.isPresent() && first.get().type() == held.type()
                && first.get().mayor().code().equals(held.municipality());
        if (same) {
            return Optional.empty();
        }
        return Optional.of(new Outcome(outcome.verdict(), outcome.reason(), "judged again on " + today
                + " when notice " + held.noticeId() + " fell due, and it does not leave: " + outcome.detail(),
                outcome.municipality(), outcome.reviewReasons(), outcome.notices(), outcome.update()));
    }

    private static String refusal(ReleaseEvent event, Judgment judgment, Outcome outcome) {
        if (outcome.verdict() == Verdict.REVIEW && judgment.route().isEmpty() && judgment.municipality().isPresent()
                && !isAboutTheMayor(outcome.reason())) {
            return "the law needs a person's judgment for event " + event.eventId() + " (" + outcome.reason()
                    + "), not only the municipality: resolve with a route and reason, or close the item";
        }
        return "event " + event.eventId() + " cannot be notified so: " + outcome.reason() + " (" + outcome.detail() + ")";
    }

    private static boolean isAboutTheMayor(String reason) {
        return NOT_CONNECTED.equals(reason) || java.util.Arrays.stream(Resolution.ReviewReason.values())
                .anyMatch(r -> r.name().equals(reason));
    }

    /** One event of one case, decided on one day. */
    private final class Case {
        private final ReleaseEvent event;
        private final CaseState file;
        private final LocalDate today;
        private final Judgment judgment;

        Case(ReleaseEvent event, CaseState file, LocalDate today, Judgment judgment) {
            this.event = event;
            this.file = file;
            this.today = today;
            this.judgment = judgment;
        }

        boolean outOfOrder() {
            return file.known() && event.createdAt().toInstant().isBefore(file.newestCreatedAt());
        }

        Outcome decide() {
            if (outOfOrder()) {
                // a newer event of this case was already applied; an older one never overrides it
                return outcome(Verdict.REVIEW, ORPHAN_EVENT, "out of order: created before event " + file.newestEventId()
                        + " of this case, which was applied first; not applied", CaseUpdate.notApplied());
            }
            if (event.eventType() == EventType.WITHDRAW || event.ret().kind() == ReturnKind.DEATH) {
                return cancel();
            }
            if (event.eventType() == EventType.UPDATE && !file.known()) {
                return outcome(Verdict.REVIEW, ORPHAN_EVENT, "update of a case without a known event", CaseUpdate.seen());
            }
            return assess();
        }

        Outcome withdrawnByAPerson(Withdrawal why) {
            CaseNotice given = file.given().orElseThrow(() -> new Refused("no mayor has a notice of case "
                    + event.caseId() + ": nothing to withdraw; close the item instead"));
            if (file.heldWithdrawalMade()) {
                throw new Refused("a withdrawal of notice " + given.noticeId() + " was made already: it is on its way,"
                        + " or it failed and waits for a replay (admin list failed)");
            }
            Optional<CaseNotice> waiting = file.waiting();
            Mayor former = mayorOf(given);
            NoticeToGive withdrawal = NoticeToGive.withdrawal(former, today, given.noticeId(), OnDelivered.WITHDRAWN, why);
            return new Outcome(Verdict.DELIVER, WITHDRAWAL, "withdrawal of notice " + given.noticeId() + " to the mayor of "
                    + former.code() + " (" + why + ")" + waiting.map(n -> "; notice " + n.noticeId()
                            + " was not given yet and is cancelled").orElse(""), Optional.of(former.code()), List.of(),
                    List.of(withdrawal), new CaseUpdate(true, Newest.NONE, waiting.map(CaseNotice::noticeId)));
        }

        /** WITHDRAW, or the person died: what waits is cancelled silently; what a mayor has is withdrawn. */
        private Outcome cancel() {
            boolean withdraw = event.eventType() == EventType.WITHDRAW;
            if (!file.known() && withdraw) {
                return outcome(Verdict.REVIEW, ORPHAN_EVENT, "withdrawal of a case without a known event", CaseUpdate.seen());
            }
            String what = withdraw ? "return withdrawn" : "the person died";
            Optional<CaseNotice> waiting = file.waiting();
            Optional<CaseNotice> given = file.given();
            String stopped = waiting.map(n -> "; notice " + n.noticeId() + " was not given yet and is cancelled").orElse("");
            if (withdraw && given.isPresent()) {
                Mayor former = mayorOf(given.get());
                NoticeToGive withdrawal = NoticeToGive.withdrawal(former, today, given.get().noticeId(), OnDelivered.WITHDRAWN,
                        Withdrawal.RETURN_CANCELLED);
                return new Outcome(Verdict.DELIVER, WITHDRAWAL, what + "; withdrawal of notice " + given.get().noticeId()
                        + " to the mayor of " + former.code() + stopped, Optional.of(former.code()), List.of(),
                        List.of(withdrawal), new CaseUpdate(true, Newest.NONE, waiting.map(CaseNotice::noticeId)));
            }
            String stands = given.isPresent() ? "; the notice given stands (the mayor destroys it within 9 months)"
                    : waiting.isPresent() ? ": no mayor was informed" : "; no notice stands";
            CaseUpdate update = waiting.isPresent()
                    ? new CaseUpdate(true, given.isPresent() ? Newest.THE_ONE_GIVEN : Newest.NONE,
                            waiting.map(CaseNotice::noticeId))
                    : CaseUpdate.seen();
            return outcome(Verdict.NOT_QUALIFYING, EVENT_NOT_A_RETURN, what + stopped + stands, update);
        }

        /** The law on the day the notice would be given, then the mayor, the channel and the suppression rules. */
        Outcome assess() {
            LocalDate provisionDate = Window.provisionDate(event.ret().expectedDate(), today);
            Eligibility eligibility = eligibility(provisionDate);
            if (eligibility instanceof NotQualifying not) {
                return terminal(Verdict.NOT_QUALIFYING, not.reason().name(), "no notice by law", Optional.empty(), false);
            }
            if (eligibility instanceof NeedsReview review) {
                return terminal(Verdict.REVIEW, review.reason().name(), "a person must decide" + (review.questions().size() > 1
                        ? ", and a judgment that the person qualifies answers all of: " + review.questions().stream()
                                .map(Enum::name).collect(Collectors.joining(", ")) : ""),
                        Optional.empty(), false);
            }
            Qualifies qualifies = (Qualifies) eligibility;
            // the route code only: the ground (ZEDEN, GEWELD ...) is offence data and stays in the notice
            String grounds = "qualifies by " + qualifies.route().reason() + " on " + qualifies.convictions().size()
                    + " of " + event.convictions().size() + " conviction(s)"
                    + judgment.route().map(r -> " (a person's judgment)").orElse("");
            Resolution resolution = mayor(provisionDate);
            if (resolution instanceof NoMayor none) {
                String candidates = none.candidates().isEmpty() ? "" : " (candidates: " + String.join(", ", none.candidates()) + ")";
                return terminal(Verdict.REVIEW, none.reason().name(), grounds + "; no mayor to inform" + candidates,
                        Optional.empty(), NO_MAYOR_ANYWHERE.contains(none.reason()));
            }
            Mayor mayor = (Mayor) resolution;
            Optional<String> suppression = reach.suppression(mayor.code(), provisionDate);
            if (suppression.isPresent()) {
                return terminal(Verdict.SUPPRESSED, suppression.get(),
                        grounds + "; suppressed by an operator's rule for " + mayor.code(), Optional.of(mayor),
                        movesAwayFrom(mayor));
            }
            if (!reach.connected(mayor.code())) {
                return terminal(Verdict.REVIEW, NOT_CONNECTED,
                        grounds + "; no delivery channel for " + mayor.code() + " " + mayor.name(), Optional.of(mayor),
                        movesAwayFrom(mayor));
            }
            return notify(qualifies, mayor, provisionDate, grounds);
        }

        private Eligibility eligibility(LocalDate provisionDate) {
            Eligibility byLaw = law.assess(event, provisionDate);
            if (judgment.route().isEmpty() || byLaw instanceof Qualifies || byLaw instanceof NotQualifying) {
                return byLaw;
            }
            // a person answered the legal question: the convictions that waited for it carry the judged route
            return law.asJudged(event, provisionDate, judgment.route().get()).<Eligibility>map(q -> q).orElse(byLaw);
        }

        private Resolution mayor(LocalDate provisionDate) {
            if (judgment.municipality().isEmpty()) {
                return municipalities.resolve(event.destination(), provisionDate);
            }
            String chosen = judgment.municipality().get();
            return municipalities.current(chosen, provisionDate).<Resolution>map(m -> m)
                    .orElse(new NoMayor(Resolution.ReviewReason.UNKNOWN_MUNICIPALITY));
        }

        /** Whether a mayor has a notice of the case, and this event takes the person to another one's. */
        private boolean movesAwayFrom(Mayor mayor) {
            return file.given().map(notice -> !mayorOf(notice).code().equals(mayor.code())).orElse(false);
        }

        /**
         * No notice follows from this event. A notice that waits was made on facts that no longer hold: it never
         * leaves. If a mayor has one for the case (this is an update): when the person now goes elsewhere (another
         * municipality, whose notice cannot leave, or abroad), it is withdrawn, as in any move (docs/law.md §4), and
         * the event keeps its own decision; otherwise whether to withdraw it is for a person: the event goes to
         * review with the same reason code.
         */
        private Outcome terminal(Verdict verdict, String reason, String detail, Optional<Mayor> mayor, boolean elsewhere) {
            Optional<CaseNotice> waiting = file.waiting();
            Optional<CaseNotice> given = file.given();
            String text = detail + waiting.map(n -> "; notice " + n.noticeId() + " was not given yet and is cancelled").orElse("");
            Newest newest = waiting.isEmpty() ? Newest.UNCHANGED : given.isPresent() ? Newest.THE_ONE_GIVEN : Newest.NONE;
            CaseUpdate update = new CaseUpdate(true, newest, waiting.map(CaseNotice::noticeId));
            if (given.isPresent() && elsewhere) {
                Mayor former = mayorOf(given.get());
                NoticeToGive withdrawal = NoticeToGive.withdrawal(former, today, given.get().noticeId(),
                        OnDelivered.NOTHING, Withdrawal.OTHER_MUNICIPALITY);
                return new Outcome(verdict, reason, text + "; withdrawal of notice " + given.get().noticeId()
                        + " to the mayor of " + former.code(), mayor.map(Mayor::code), reviewReasons(mayor),
                        List.of(withdrawal), new CaseUpdate(true, Newest.NONE, waiting.map(CaseNotice::noticeId)));
            }
            if (given.isPresent()) {
                return new Outcome(Verdict.REVIEW, reason, text + "; notice " + given.get().noticeId() + " to "
                        + given.get().municipality() + " stands: a person decides whether to withdraw it",
                        mayor.map(Mayor::code), reviewReasons(mayor), List.of(), update);
            }
            return new Outcome(verdict, reason, text, mayor.map(Mayor::code), reviewReasons(mayor), List.of(), update);
        }

        /**
         * docs/law.md §4: a first notice; a change to the mayor who has the notice; or a withdrawal to the old mayor
         * and a new notice to the new one. Held until the window opens when that is later than today.
         */
        private Outcome notify(Qualifies qualifies, Mayor mayor, LocalDate provisionDate, String grounds) {
            Optional<CaseNotice> waiting = file.waiting();
            Optional<CaseNotice> given = file.given();
            boolean held = provisionDate.isAfter(today);
            String route = qualifies.route().reason();
            String when = held ? " held until " + provisionDate : "";
            List<NoticeToGive> notices = new ArrayList<>();
            String detail;
            if (given.isPresent() && mayorOf(given.get()).code().equals(mayor.code())) {
                notices.add(NoticeToGive.change(mayor, provisionDate, given.get().noticeId(), qualifies));
                detail = grounds + "; change of notice " + given.get().noticeId() + " to the mayor of " + mayor.code() + when;
            } else {
                notices.add(NoticeToGive.first(mayor, provisionDate, qualifies,
                        given.isPresent() ? OnDelivered.UPDATED : OnDelivered.NOTIFIED));
                detail = grounds + "; notice to the mayor of " + mayor.code() + " " + mayor.name() + when;
                given.ifPresent(old -> notices.add(NoticeToGive.withdrawal(mayorOf(old), today, old.noticeId(),
                        OnDelivered.NOTHING, Withdrawal.OTHER_MUNICIPALITY)));
                if (given.isPresent()) {
                    detail += "; withdrawal of notice " + given.get().noticeId() + " to the mayor of "
                            + mayorOf(given.get()).code();
                }
            }
            detail += waiting.map(n -> "; notice " + n.noticeId() + " was not given yet and is cancelled").orElse("");
            CaseUpdate update = new CaseUpdate(true, Newest.FIRST_NOTICE, waiting.map(CaseNotice::noticeId));
            return new Outcome(held ? Verdict.SCHEDULE : Verdict.DELIVER, held ? BEFORE_WINDOW : route,
                    held ? detail + " (" + route + ")" : detail, Optional.of(mayor.code()), reviewReasons(Optional.of(mayor)),
                    notices, update);
        }

        /** The mayor who has a notice of the case: of its municipality, or of the one it has merged into since. */
        private Mayor mayorOf(CaseNotice notice) {
            String code = notice.municipality();
            return municipalities.current(code, today)
                    .orElse(new Mayor(code, municipalities.existingOn(code, today).orElse(code), List.of()));
        }

        private List<String> reviewReasons(Optional<Mayor> mayor) {
            return mayor.map(m -> m.reviewReasons().stream().map(Enum::name).toList()).orElse(List.of());
        }

        private Outcome outcome(Verdict verdict, String reason, String detail, CaseUpdate update) {
            return new Outcome(verdict, reason, detail, Optional.empty(), List.of(), List.of(), update);
        }
    }
}
