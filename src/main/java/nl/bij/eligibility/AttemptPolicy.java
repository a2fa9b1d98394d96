package nl.bij.eligibility;

/**
 * What an attempt (poging, art. 45 Sr) or participation (art. 47/48 Sr) of a listed offence means: an open point
 * of the sources (docs/law.md §2.3). Default {@link #MANUAL}.
 */
public enum AttemptPolicy {
    /** Counts as the listed offence. */
    QUALIFY,
    /** A person decides: MANUAL_REVIEW / ATTEMPT_OR_PARTICIPATION. */
    MANUAL,
    /** Counts as an unlisted offence. */
    NOT
}
