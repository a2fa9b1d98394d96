package nl.bij.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The record of every decision. The durable-state issue backs it with a database; the contract stays. */
public interface DecisionLog {

    void record(DecisionRecord decision);

    Optional<DecisionRecord> byMessageId(String messageId);

    List<DecisionRecord> byEventId(String eventId);

    Map<Decision, Long> countByDecision();

    long size();
}
