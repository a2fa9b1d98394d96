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

    /** As above; a MANUAL_REVIEW decision also keeps {@code reviewCopy} (the event without aftercare and BSN). */
    DecisionRecord recordEvent(DecisionRecord decision, List<PendingNotice> notices, Optional<CaseChange> change,
                               Optional<byte[]> reviewCopy);

    /** The kept copy of an event waiting for review, if it is still waiting. */
    Optional<byte[]> reviewCopy(String messageId);

    /**
     * A person chose the municipality of a review item: its decision moves on from MANUAL_REVIEW (to DELIVERING or
     * SCHEDULED), with its notices and case change, and the review copy is erased. False if it was not waiting.
     */
    boolean resolveReview(DecisionRecord decision, List<PendingNotice> notices, Optional<CaseChange> change);

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
