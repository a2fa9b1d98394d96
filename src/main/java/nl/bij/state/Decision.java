package nl.bij.state;

/** The fixed decision vocabulary of INTERFACE.md §2: every event ends in exactly one of these. */
public enum Decision {
    NOTIFIED, SCHEDULED, NOT_QUALIFYING, MANUAL_REVIEW, SUPPRESSED, REJECTED, DUPLICATE, FAILED, UPDATED, WITHDRAWN
}
