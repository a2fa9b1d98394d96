package nl.bij.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in tests that move time instead of waiting for it. It stands still where it is set, or runs
 * on from there ({@link #runFrom}) where a test needs what only passing time does (a lease running out).
 */
public final class MovableClock extends Clock {

    /** Where the clock was set, and the {@link System#nanoTime()} it runs from (none: it stands still). */
    private record Setting(Instant at, Long runningSince) {
        Instant now() {
            return runningSince == null ? at : at.plusNanos(System.nanoTime() - runningSince);
        }
    }

    private volatile Setting setting;

    public MovableClock(Instant start) {
        this.setting = new Setting(start, null);
    }

    public synchronized void advance(Duration by) {
        setting = new Setting(setting.now().plus(by), setting.runningSince() == null ? null : System.nanoTime());
    }

    public void set(Instant instant) {
        setting = new Setting(instant, null);
    }

    /** Set to {@code instant}, and from there on the clock runs with the real one. */
    public void runFrom(Instant instant) {
        setting = new Setting(instant, System.nanoTime());
    }

    @Override
    public Instant instant() {
        return setting.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return MovableClock.this.withZone(other);
            }

            @Override
            public Instant instant() {
                return MovableClock.this.instant();
            }
        };
    }
}
