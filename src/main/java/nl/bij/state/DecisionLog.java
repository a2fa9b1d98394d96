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
     * Records the decision on a valid event: claims its eventId, and stores the notice it makes (if any) in the
     * same transaction. If another message claimed the eventId first, records {@link Decision#DUPLICATE} instead.
     */
    DecisionRecord recordEvent(DecisionRecord decision, Optional<PendingNotice> notice);

    /** A later state of a message's decision (delivery ended, or the notice left its schedule). */
    void update(DecisionRecord decision, int attempts);

    Optional<DecisionRecord> byMessageId(String messageId);

    List<DecisionRecord> byEventId(String eventId);

    Map<Decision, Long> countByDecision();

    long size();
}
