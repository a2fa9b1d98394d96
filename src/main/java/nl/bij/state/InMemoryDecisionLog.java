package nl.bij.state;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps decisions in memory and writes each one to the log ({@code bij.decision}) as it is taken: enough until
 * the durable-state issue puts a database behind {@link DecisionLog}. Not durable across restarts.
 */
public final class InMemoryDecisionLog implements DecisionLog {

    private static final Logger LOG = LoggerFactory.getLogger("bij.decision");

    private final Map<String, DecisionRecord> byMessageId = new ConcurrentHashMap<>();

    @Override
    public void record(DecisionRecord d) {
        byMessageId.put(d.messageId(), d);
        LOG.info("decision eventId={} messageId={} caseId={} decision={} reason={} municipality={} notices={} review={} detail=\"{}\"",
                d.eventId().orElse("-"), d.messageId(), d.caseId().orElse("-"), d.decision(), d.reason(),
                d.municipality().orElse("-"), d.noticeIds(), d.reviewReasons(), d.detail());
    }

    @Override
    public Optional<DecisionRecord> byMessageId(String messageId) {
        return Optional.ofNullable(byMessageId.get(messageId));
    }

    @Override
    public List<DecisionRecord> byEventId(String eventId) {
        return byMessageId.values().stream().filter(d -> d.eventId().filter(eventId::equals).isPresent()).toList();
    }

    @Override
    public Map<Decision, Long> countByDecision() {
        Map<Decision, Long> counts = new EnumMap<>(Decision.class);
        byMessageId.values().forEach(d -> counts.merge(d.decision(), 1L, Long::sum));
        return counts;
    }

    @Override
    public long size() {
        return byMessageId.size();
    }
}
