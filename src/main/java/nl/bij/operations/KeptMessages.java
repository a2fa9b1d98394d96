package nl.bij.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.jms.ConnectionFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.bij.state.Retention;

/**
 * Retention of the messages kept on the broker for operators, which hold personal data: rejected copies and dead
 * letters go after their own period, the notices of failed deliveries once past the date their mayor would have had
 * to destroy them (as their content in the database, {@link Retention}). Run with the rest of retention.
 */
public final class KeptMessages {

    private static final Logger LOG = LoggerFactory.getLogger("bij.retention");

    /** The queues and how long each keeps a message. */
    public record Queues(String rejected, String deadLetters, String failedDeliveries) {
    }

    private final ConnectionFactory broker;
    private final Queues queues;
    private final Duration keep;
    private final Clock clock;

    public KeptMessages(ConnectionFactory broker, Queues queues, Duration keep, Clock clock) {
        this.broker = broker;
        this.queues = queues;
        this.keep = keep;
        this.clock = clock;
    }

    /** @return per queue, how many messages were taken off */
    public Map<String, Integer> purge() {
        Instant now = clock.instant();
        Instant pastDestroyBy = now.atZone(ZoneOffset.UTC).minus(Retention.DESTROY_BY).toInstant();
        Map<String, Integer> forgotten = new LinkedHashMap<>();
        forgotten.put(queues.rejected(), new KeptQueue(broker, queues.rejected()).forgetSentBefore(now.minus(keep)));
        forgotten.put(queues.deadLetters(), new KeptQueue(broker, queues.deadLetters()).forgetSentBefore(now.minus(keep)));
        forgotten.put(queues.failedDeliveries(),
                new KeptQueue(broker, queues.failedDeliveries()).forgetSentBefore(pastDestroyBy));
        LOG.info("retention: messages taken off the kept queues {}", forgotten);
        return forgotten;
    }
}
