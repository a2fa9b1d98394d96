package nl.bij.eligibility;

/** Why a person does not qualify, or why a person must decide (docs/contract.md §2). */
public enum Reason {
    // NOT_QUALIFYING, most telling first: when no conviction qualifies, the event gets the first that applies
    BELOW_THRESHOLD,
    NO_UNCONDITIONAL_PART,
    PIJ_NOT_EXTENDABLE,
    JUVENILE_LAW,
    NOT_IRREVOCABLE,
    OFFENCE_NOT_LISTED,
    EVENT_NOT_A_RETURN,
    // MANUAL_REVIEW
    DEPORTATION,
    TBS_CONDITIONS_ONLY,
    ATTEMPT_OR_PARTICIPATION,
    THRESHOLD_NOT_ATTRIBUTABLE,
    UNKNOWN_ARTICLE,
    SANCTION_UNCLEAR,
    PIJ_EXTENDABILITY_UNKNOWN;

    public boolean needsReview() {
        return ordinal() >= DEPORTATION.ordinal();
    }
}
