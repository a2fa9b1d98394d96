package nl.bij.app;

import java.time.Instant;

import org.apache.camel.CamelContext;

/**
 * The service with a clock the test moves instead of waiting (the three-month window, a held notice's day). It
 * starts on 2024-11-01, when the minimal event's return of 2025-04-15 is before its window (open from 2025-01-15).
 */
abstract class MovedClockTestSupport extends ServiceTestSupport {

    protected final MovableClock clock = new MovableClock(Instant.parse("2024-11-01T09:00:00Z"));

    @Override
    protected void beforeWiring(CamelContext camel) {
        camel.getRegistry().bind("clock", clock);
    }
}
