package nl.bij.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When a failed delivery is tried again: exponential, capped, and a fixed number of attempts in all. The retry
 * is an Artemis scheduled message, so waiting holds no thread and survives a restart.
 *
 * @param maxAttempts all attempts, the first included; after the last one the notice is FAILED
 * @param firstDelay  the wait after the first failure
 * @param multiplier  each next wait is this many times longer ...
 * @param maxDelay    ... up to this
 */
public record Backoff(int maxAttempts, Duration firstDelay, double multiplier, Duration maxDelay) {

    public Backoff {
        if (maxAttempts < 1 || firstDelay.isNegative() || multiplier < 1 || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("delivery backoff: need attempts >= 1, multiplier >= 1, max delay >= first delay");
        }
    }

    /** Whether a delivery that failed on this attempt (1 = the first) gets another. */
    public boolean retriesAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /** The wait after attempt {@code attempt} failed. */
    public Duration delayAfter(int attempt) {
        double millis = firstDelay.toMillis() * Math.pow(multiplier, attempt - 1);
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis(Math.round(millis));
    }

    /** The table of docs/delivery-guarantees.md: attempt, the wait before it, and the time since the first attempt. */
    public List<String> table() {
        List<String> rows = new ArrayList<>();
        Duration elapsed = Duration.ZERO;
        rows.add("| 1 | - | 0 |");
        for (int attempt = 2; attempt <= maxAttempts; attempt++) {
            Duration wait = delayAfter(attempt - 1);
            elapsed = elapsed.plus(wait);
            rows.add("| " + attempt + " | " + human(wait) + " | " + human(elapsed) + " |");
        }
        return rows;
    }

    private static String human(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        return (seconds / 3600) + " h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + " min");
    }
}
