package nl.bij.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The record of every decision, durable. Writes are idempotent per JMS message: a message redelivered after a
 * crash finds its decision already there and changes nothing, so a decision is never taken twice.
 */
public interface DecisionLog {

    /** Records a message's decision; if that message already has one (a redelivery), returns that one instead. */
    DecisionRecord record(DecisionRecord decision);

    /**
     * Records the decision on a valid event: claims its eventId, and stores the notices it makes and the change to
     * its case in the same transaction. If another message claimed the eventId first, records
     * {@link Decision#DUPLICATE} instead and changes nothing else.
     */
    default DecisionRecord recordEvent(DecisionRecord decision, List<PendingNotice> notices, Optional<CaseChange> change) {
        return recordEvent(decision, notices, change, Optional.empty());
    }

    /**
     * As above, keeping {@code copy} (the event without aftercare and BSN) where a later step needs it: a
     * MANUAL_REVIEW decision as a review item, a SCHEDULED one for the day its notice falls due and the event is
     * judged again. A decision with review reasons (flags that do not stop the notice) also goes on the review list.
     */
    DecisionRecord recordEvent(DecisionRecord decision, List<PendingNotice> notices, Optional<CaseChange> change,
                               Optional<EventCopy> copy);

    /** The review item of a message, if it is still waiting for review. */
    Optional<ReviewItem> reviewItem(String messageId);

    /** The kept copy of an event whose notice is held for its day. */
    Optional<EventCopy> heldEvent(String messageId);

    /**
     * A person resolved a review item: its decision moves on from MANUAL_REVIEW (to DELIVERING or SCHEDULED), with
     * its notices and case change, and the review item is erased (for SCHEDULED the copy is kept, with the person's
     * judgment, as a held event). False if it was not waiting.
     */
    boolean resolveReview(DecisionRecord decision, List<PendingNotice> notices, Optional<CaseChange> change,
                          Optional<EventCopy> held);

    /** One operator judged that a review item qualifies; it waits for a second one. False if it was not waiting. */
    boolean judgeReview(String messageId, nl.bij.lifecycle.Judgment judgment, String by, java.time.Instant at);

    /**
     * A held notice fell due and its event was judged differently: its decision moves on from SCHEDULED, the
     * held notice is cancelled (in {@code change}), the new notices are stored, and the held copy is erased (or
     * kept as a review item for MANUAL_REVIEW). False if the decision was not SCHEDULED any more.
     */
    boolean judgedAgain(DecisionRecord decision, List<PendingNotice> notices, Optional<CaseChange> change,
                        Optional<EventCopy> reviewCopy);

    /** An operator acknowledged the flags of an event; false if none stood. */
    boolean acknowledgeFlags(String messageId, String by, java.time.Instant at);

    /** The case as it stands, if any event of it was seen. */
    Optional<CaseFile> caseFile(String caseId);

    /** A later state of a message's decision (delivery ended, or the notice left its schedule). */
    void update(DecisionRecord decision, int attempts);

    /** Moves a decision on only if it still is {@code expected}; false if something else finished it meanwhile. */
    boolean advance(DecisionRecord decision, Decision expected);

    Optional<DecisionRecord> byMessageId(String messageId);

    List<DecisionRecord> byEventId(String eventId);

    Map<Decision, Long> countByDecision();

    long size();
}
