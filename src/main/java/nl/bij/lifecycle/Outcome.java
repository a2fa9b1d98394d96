package nl.bij.lifecycle;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import nl.bij.eligibility.Eligibility.Qualifies;
import nl.bij.municipality.Resolution.Mayor;

/**
 * What one event means for its case: the verdict with its reason code and a detail for the trail (codes and
 * identifiers only: it is logged), the notices to give, and how the case changes.
 *
 * @param municipality  the mayor concerned, if there is one
 * @param reviewReasons flags for an operator that do not stop the notice (INTENDED_MUNICIPALITY_DIFFERS)
 * @param notices       the notices to make, in order; a NIEUW or WIJZIGING first becomes the case's newest notice
 */
public record Outcome(Verdict verdict, String reason, String detail, Optional<String> municipality,
                      List<String> reviewReasons, List<NoticeToGive> notices, CaseUpdate update) {

    public Outcome {
        reviewReasons = List.copyOf(reviewReasons);
        notices = List.copyOf(notices);
    }

    /** The decision it comes to (state's vocabulary maps these one to one; SCHEDULE is held for the window). */
    public enum Verdict { DELIVER, SCHEDULE, NOT_QUALIFYING, REVIEW, SUPPRESSED }

    public enum NoticeType { NIEUW, WIJZIGING, INTREKKING }

    /**
     * What the delivery of a notice decides for its event: NOTHING for a withdrawal to a former mayor that goes with
     * a move (the new mayor's notice decides) or with a decision of the event's own (review, suppressed).
     */
    public enum OnDelivered { NOTIFIED, UPDATED, WITHDRAWN, NOTHING }

    /** Why a withdrawal is sent: the return will not happen, or the person goes to another municipality. */
    public enum Withdrawal { RETURN_CANCELLED, OTHER_MUNICIPALITY }

    /**
     * A notice to make.
     *
     * @param changes    for a WIJZIGING or INTREKKING: the notice the mayor has, which this one changes
     * @param grounds    for a NIEUW or WIJZIGING: the qualifying convictions and their routes
     * @param withdrawal for an INTREKKING: why
     */
    public record NoticeToGive(NoticeType type, Mayor mayor, LocalDate dueOn, Optional<String> changes,
                               Optional<Qualifies> grounds, OnDelivered onDelivered, Optional<Withdrawal> withdrawal) {

        static NoticeToGive first(Mayor mayor, LocalDate dueOn, Qualifies grounds, OnDelivered onDelivered) {
            return new NoticeToGive(NoticeType.NIEUW, mayor, dueOn, Optional.empty(), Optional.of(grounds), onDelivered,
                    Optional.empty());
        }

        static NoticeToGive change(Mayor mayor, LocalDate dueOn, String changes, Qualifies grounds) {
            return new NoticeToGive(NoticeType.WIJZIGING, mayor, dueOn, Optional.of(changes), Optional.of(grounds),
                    OnDelivered.UPDATED, Optional.empty());
        }

        static NoticeToGive withdrawal(Mayor mayor, LocalDate dueOn, String withdraws, OnDelivered onDelivered,
                                       Withdrawal why) {
            return new NoticeToGive(NoticeType.INTREKKING, mayor, dueOn, Optional.of(withdraws), Optional.empty(),
                    onDelivered, Optional.of(why));
        }
    }

    /**
     * How the case changes.
     *
     * @param applied  false for an event out of order: the case is left exactly as it was
     * @param newest   what the case's newest notice becomes
     * @param cancels  a waiting notice that never leaves (its day had not come, or it is judged again)
     */
    public record CaseUpdate(boolean applied, Newest newest, Optional<String> cancels) {

        /** The case's newest notice: unchanged, none, back to the one the mayor has, or the first notice made here. */
        public enum Newest { UNCHANGED, NONE, THE_ONE_GIVEN, FIRST_NOTICE }

        static CaseUpdate notApplied() {
            return new CaseUpdate(false, Newest.UNCHANGED, Optional.empty());
        }

        static CaseUpdate seen() {
            return new CaseUpdate(true, Newest.UNCHANGED, Optional.empty());
        }
    }

    /** The first notice made, which becomes the case's newest (absent for a withdrawal alone). */
    public Optional<NoticeToGive> firstNotice() {
        return notices.stream().filter(n -> n.type() != NoticeType.INTREKKING).findFirst();
    }
}
