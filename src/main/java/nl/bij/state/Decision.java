package nl.bij.state;

/**
 * The fixed decision vocabulary of docs/contract.md §2: every event ends in exactly one of these. One more state,
 * {@link #DELIVERING}, is not a decision: it marks a notice handed to delivery whose outcome is not known yet.
 */
public enum Decision {
    NOTIFIED, SCHEDULED, NOT_QUALIFYING, MANUAL_REVIEW, SUPPRESSED, REJECTED, DUPLICATE, FAILED, UPDATED, WITHDRAWN,
    /** Transient: the notice is on its way (or waiting for a retry); ends as NOTIFIED or FAILED. */
    DELIVERING;

    /** Whether the event has its decision; only DELIVERING is still open. */
    public boolean isFinal() {
        return this != DELIVERING;
    }
}
