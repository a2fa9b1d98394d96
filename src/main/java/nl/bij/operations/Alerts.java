package nl.bij.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.MeterRegistry;

import nl.bij.state.AlertMemory;
import nl.bij.state.OperatorStore;

/**
 * What should wake an operator: a municipality whose deliveries are exhausted (FAILED), a review item older than
 * the configured age, an event whose notice has been on its way (DELIVERING) longer than it should, and anything
 * on the dead-letter queue. One alert per municipality (or per kind) per period, however many items: a flood of
 * alerts is as useless as none. Alerts name codes and counts only, never a person.
 *
 * <p>When each alert was last raised is kept in the database ({@link AlertMemory}): of two instances only one
 * raises it, and a restart does not raise it again within its period.
 */
public final class Alerts {

    /** One alert: its kind, the municipality (or "-"), and a sentence for the operator. */
    public record Alert(String kind, String municipality, String text) {
    }

    /**
     * How long things may take before an operator hears of them.
     *
     * @param reviewErased how long a review item may wait before retention erases its copy (0: never)
     */
    public record Ages(Duration review, Duration delivering, Duration reviewErased) {

        public Ages(Duration review, Duration delivering) {
            this(review, delivering, Duration.ZERO);
        }
    }

    /** Retention erases a waiting review item's copy; this long before, the operators hear of it. */
    static final Duration ERASURE_WARNING = Duration.ofDays(30);

    private final OperatorStore store;
    private final AlertMemory memory;
    private final LongSupplier deadLetters;
    private final Clock clock;
    private final Duration period;
    private final Ages ages;
    private final MeterRegistry metrics;
    private final String mailEndpoint;
    private volatile Instant certificateNotAfter = Instant.MAX;

    /**
     * @param deadLetters  how many messages wait on the dead-letter queue
     * @param mailEndpoint the mail relay's endpoint if alerts also go by mail (a relay and an address set), else ""
     */
    public Alerts(OperatorStore store, AlertMemory memory, LongSupplier deadLetters, Clock clock, Duration period, Ages ages,
                  MeterRegistry metrics, String mailEndpoint) {
        this.store = store;
        this.memory = memory;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.period = period;
        this.ages = ages;
        this.metrics = metrics;
        this.mailEndpoint = mailEndpoint;
    }

    /** The signing certificate's end: from 30 days before it, an alert (receivers refuse notices signed after). */
    public Alerts watchCertificate(Instant notAfter) {
        this.certificateNotAfter = notAfter;
        return this;
    }

    public String mailEndpoint() {
        return mailEndpoint;
    }

    /** The alerts due now; each is counted in {@code bij_alerts_total}. */
    public List<Alert> check() {
        Instant now = clock.instant();
        List<Alert> due = new ArrayList<>();
        for (Map<String, Object> row : store.failedByMunicipality()) {
            String municipality = String.valueOf(row.get("municipality"));
            if (dueFor("DELIVERY_FAILED:" + municipality, now)) {
                due.add(new Alert("DELIVERY_FAILED", municipality, row.get("failed") + " notice(s) for municipality "
                        + municipality + " could not be delivered after all attempts (oldest since " + row.get("since")
                        + "); fix the cause, then: bij-service admin replay --municipality " + municipality));
            }
        }
        olderThan("MANUAL_REVIEW", ages.review(), now).ifPresent(row -> {
            if (dueFor("REVIEW_WAITING", now)) {
                due.add(new Alert("REVIEW_WAITING", "-", row.get("waiting") + " review item(s) wait longer than "
                        + ages.review().toHours() + " h (oldest since " + row.get("since") + "): bij-service admin list review"));
            }
        });
        if (!ages.reviewErased().isZero()) {
            olderThan("MANUAL_REVIEW", ages.reviewErased().minus(ERASURE_WARNING), now).ifPresent(row -> {
                if (dueFor("REVIEW_ERASED_SOON", now)) {
                    due.add(new Alert("REVIEW_ERASED_SOON", "-", row.get("waiting") + " review item(s) have waited"
                            + " almost the retention period (oldest since " + row.get("since") + "): within "
                            + ERASURE_WARNING.toDays() + " days retention erases their copy; decide or close them now"));
                }
            });
        }
        olderThan("DELIVERING", ages.delivering(), now).ifPresent(row -> {
            if (dueFor("DELIVERY_STUCK", now)) {
                due.add(new Alert("DELIVERY_STUCK", "-", row.get("waiting") + " event(s) have had a notice on its way"
                        + " for longer than " + ages.delivering().toMinutes() + " min (oldest since " + row.get("since")
                        + "): bij-service admin status"));
            }
        });
        if (now.plus(Duration.ofDays(30)).isAfter(certificateNotAfter) && dueFor("SIGNING_CERTIFICATE", now)) {
            due.add(new Alert("SIGNING_CERTIFICATE", "-", "the certificate that signs notices expires on "
                    + certificateNotAfter + ": install the renewed one (bij.notice.signing.keystore) and restart"));
        }
        long dead = deadLetters.getAsLong();
        if (dead > 0 && dueFor("DEAD_LETTERS", now)) {
            due.add(new Alert("DEAD_LETTERS", "-", dead + " message(s) on the dead-letter queue: failed every attempt"
                    + " for a fault in the message or the code, or expired before intake took it: bij-service admin"
                    + " dead-letters"));
        }
        due.forEach(a -> metrics.counter("bij_alerts", "kind", a.kind(), "municipality", a.municipality()).increment());
        return due;
    }

    /** How many events are in {@code decision} since before {@code age} ago, and since when; empty if none. */
    private java.util.Optional<Map<String, Object>> olderThan(String decision, Duration age, Instant now) {
        Map<String, Object> row = store.waitingSince(decision, now.minus(age));
        return ((Number) row.get("waiting")).longValue() > 0 ? java.util.Optional.of(row) : java.util.Optional.empty();
    }

    private boolean dueFor(String key, Instant now) {
        return memory.raise(key, now, period);
    }
}
