package nl.bij.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What should wake an operator (issue 7): a municipality whose deliveries are exhausted (FAILED), and a review
 * item older than the configured age. One alert per municipality (or for the review list) per period, however
 * many items: a flood of alerts is as useless as none. Alerts name codes and counts only, never a person.
 *
 * <p>The last alert per key is kept in memory: after a restart an open problem is alerted once more, which errs
 * on the side of being heard.
 */
public final class Alerts {

    /** One alert: its kind, the municipality (or "-"), and a sentence for the operator. */
    public record Alert(String kind, String municipality, String text) {
    }

    private final AdminStore store;
    private final Clock clock;
    private final Duration period;
    private final Duration reviewAge;
    private final MeterRegistry metrics;
    private final String mailEndpoint;
    private final Map<String, Instant> lastAlerted = new ConcurrentHashMap<>();

    /** @param mailEndpoint the mail relay's endpoint if alerts also go by mail (a relay and an address set), else "" */
    public Alerts(AdminStore store, Clock clock, Duration period, Duration reviewAge, MeterRegistry metrics,
                  String mailEndpoint) {
        this.store = store;
        this.clock = clock;
        this.period = period;
        this.reviewAge = reviewAge;
        this.metrics = metrics;
        this.mailEndpoint = mailEndpoint;
    }

    public String mailEndpoint() {
        return mailEndpoint;
    }

    /** The alerts due now; each is counted in {@code bij_alerts_total}. */
    public List<Alert> check() {
        Instant now = clock.instant();
        List<Alert> due = new ArrayList<>();
        for (Map<String, Object> row : store.query("select municipality, count(*) as failed, min(decided_at) as since"
                + " from decision where decision = 'FAILED' group by municipality order by municipality")) {
            String municipality = String.valueOf(row.get("municipality"));
            if (dueFor("DELIVERY_FAILED:" + municipality, now)) {
                due.add(new Alert("DELIVERY_FAILED", municipality, row.get("failed") + " notice(s) for municipality "
                        + municipality + " could not be delivered after all attempts (oldest since " + row.get("since")
                        + "); fix the cause, then: bij-service admin replay --municipality " + municipality));
            }
        }
        Instant oldestAllowed = now.minus(reviewAge);
        List<Map<String, Object>> old = store.query("select count(*) as waiting, min(decided_at) as since from decision"
                + " where decision = 'MANUAL_REVIEW' and decided_at < ?", oldestAllowed.atOffset(java.time.ZoneOffset.UTC));
        long waiting = ((Number) old.get(0).get("waiting")).longValue();
        if (waiting > 0 && dueFor("REVIEW_WAITING", now)) {
            due.add(new Alert("REVIEW_WAITING", "-", waiting + " review item(s) wait longer than " + reviewAge.toHours()
                    + " h (oldest since " + old.get(0).get("since") + "): bij-service admin list review"));
        }
        due.forEach(a -> metrics.counter("bij_alerts", "kind", a.kind(), "municipality", a.municipality()).increment());
        return due;
    }

    private boolean dueFor(String key, Instant now) {
        Instant last = lastAlerted.get(key);
        if (last != null && now.isBefore(last.plus(period))) {
            return false;
        }
        lastAlerted.put(key, now);
        return true;
    }
}
