package nl.bij.delivery;

import java.time.Clock;

/**
 * The delivery route's retry policy: whether a failure is tried again, and when. A retry is the same notice put
 * back on the delivery queue as an Artemis scheduled message ({@code _AMQ_SCHED_DELIVERY}), in the transaction that
 * takes it off; so no thread waits, and a restart in between loses nothing.
 */
public final class DeliveryRetries {

    /** Artemis' message property for scheduled delivery (epoch milliseconds). */
    public static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";

    private final Backoff backoff;
    private final Clock clock;

    public DeliveryRetries(Backoff backoff, Clock clock) {
        this.backoff = backoff;
        this.clock = clock;
    }

    /** @param attempt the attempt that failed; null when the message lacks it, which no retry can mend */
    public boolean shouldRetry(Throwable failure, Integer attempt) {
        return attempt != null && !DeliveryFailures.isPermanent(failure) && backoff.retriesAfter(attempt);
    }

    /** When the next attempt may start, after {@code attempt} failed. */
    public long retryAt(int attempt) {
        return clock.millis() + backoff.delayAfter(attempt).toMillis();
    }

    public int next(int attempt) {
        return attempt + 1;
    }

    /** The failure in an operator's words, for the failed-delivery queue. */
    public String describe(Throwable failure) {
        return DeliveryFailures.describe(failure);
    }
}
