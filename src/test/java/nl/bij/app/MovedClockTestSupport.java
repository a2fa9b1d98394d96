package nl.bij.app;

import java.time.Instant;
import java.util.Properties;

import org.apache.camel.CamelContext;

/**
 * The service with a clock the test moves instead of waiting (the three-month window, a held notice's day). It
 * starts on 2024-11-01, when the minimal event's return of 2025-04-15 is before its window (open from 2025-01-15).
 */
abstract class MovedClockTestSupport extends ServiceTestSupport {

    protected final MovableClock clock = new MovableClock(Instant.parse("2024-11-01T09:00:00Z"));

    /**
     * A short lease: once a test lets its clock run ({@link MovableClock#runFrom}), a notice whose hand-over failed
     * is taken again within seconds, as in production within the minute, instead of never by a clock standing still.
     */
    @Override
    protected Properties overrides() {
        Properties lease = new Properties();
        lease.setProperty("bij.outbox.lease-ms", "2000");
        return lease;
    }

    @Override
    protected void beforeWiring(CamelContext camel) {
        camel.getRegistry().bind("clock", clock);
    }
}
