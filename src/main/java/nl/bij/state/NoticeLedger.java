package nl.bij.state;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Every notice made, its mayor and its state: the case ledger, and the outbox the relay hands to delivery. */
public interface NoticeLedger {

    /**
     * The life of a notice: PENDING (waits for its day, for the relay) → DISPATCHED (on the delivery queue; a
     * notice due when its event is decided starts here and leaves in the event's own JMS transaction) → SENDING
     * (a delivery attempt is under way) → DELIVERED; back to DISPATCHED between retries; FAILED for an operator. Until SENDING
     * a notice can still be CANCELLED, and then never leaves. Content is erased on CANCELLED, and
     * {@code bij.notice.resend-days} after DELIVERED (for an operator's forced resend).
     */
    enum Status {
        PENDING, DISPATCHED, SENDING, DELIVERED, FAILED, CANCELLED;

        /** Nothing reached the mayor, and nothing can any more once it is cancelled. */
        public boolean cancellable() {
            return this == PENDING || this == DISPATCHED || this == FAILED;
        }
    }

    /**
     * Claims up to {@code max} notices due on or before {@code today} that no one holds (or whose claim is older
     * than {@code lease}, left by a relay that died), so that two service instances never both take one.
     */
    List<PendingNotice> claimDue(LocalDate today, Instant now, Duration lease, int max);

    /**
     * Claims notices stranded in a transient state: DISPATCHED or SENDING, with nothing happening to them for
     * longer than {@code strandedAfter} past the moment their attempt was due (a failure between two commits, a
     * delivery message lost). They go out again with their own noticeId, which the receiver recognises.
     */
    List<PendingNotice> claimStranded(Instant now, Duration strandedAfter, int max);

    /**
     * The notices a release message's decision made that are due now, stored DISPATCHED with the decision, for
     * the intake route to put on the delivery queue in the message's own JMS transaction. A message redelivered
     * after a crash between the database commit and the JMS commit finds them again (they were never sent);
     * once delivery takes one (SENDING) it is no longer returned.
     */
    List<PendingNotice> handOver(String messageId);

    /** On the delivery queue now: no longer the relay's to hand over. */
    void dispatched(String noticeId, Instant at);

    Optional<Status> status(String noticeId);

    /** When the notice was last delivered; empty if never (a forced resend keeps the time of the delivery before). */
    Optional<Instant> deliveredAt(String noticeId);

    /**
     * A delivery attempt may start: the notice was not delivered, nor cancelled meanwhile. From here on a change of
     * its case treats it as given.
     */
    boolean startSending(String noticeId, Instant at);

    /** A transient failure: the retry is scheduled for {@code retryAt}; until it starts the notice may be cancelled. */
    void retrying(String noticeId, Instant retryAt);

    /**
     * Delivered: the ledger keeps who got which notice when (the content only for the resend window); and in the
     * same transaction the
     * event's decision, if this delivery decides it and the event is still on its way (never over a FAILED).
     */
    void delivered(String noticeId, Instant at, java.util.Optional<DecisionRecord> decision, int attempts);

    void failed(String noticeId);

    /** An operator's suppression rule (added through the admin API) that applies to the municipality that day. */
    java.util.Optional<nl.bij.delivery.Suppression> suppression(String municipality, LocalDate day);
}
