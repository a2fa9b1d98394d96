package nl.bij.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import nl.bij.app.MovableClock;

/** A growing wait per client and per name after the free failures; a success clears it. */
class LoginThrottleTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock, new LoginThrottle.Limits(5, Duration.ofMinutes(15), 3));

    @Test
    void theWaitGrowsPastTheFreeFailuresUpToTheLongest() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("10.0.0.1", "otto");
        }
        assertThat(throttle.lockedFor("10.0.0.1", "otto")).isEmpty();
        throttle.failed("10.0.0.1", "otto");
        assertThat(throttle.lockedFor("10.0.0.1", "otto")).contains(Duration.ofSeconds(1));
        throttle.failed("10.0.0.1", "otto");
        assertThat(throttle.lockedFor("10.0.0.1", "otto")).contains(Duration.ofSeconds(2));
        for (int i = 0; i < 20; i++) {
            throttle.failed("10.0.0.1", "otto");
        }
        assertThat(throttle.lockedFor("10.0.0.1", "otto")).contains(Duration.ofMinutes(15));
        assertThat(throttle.lockedFor("10.0.0.2", "otto")).as("the name is locked from any address").isPresent();
        assertThat(throttle.lockedFor("10.0.0.1", "olga")).as("the address is locked for any name").isPresent();
        assertThat(throttle.lockedFor("10.0.0.2", "olga")).isEmpty();

        clock.advance(Duration.ofMinutes(15));
        assertThat(throttle.lockedFor("10.0.0.1", "otto")).isEmpty();
        throttle.succeeded("10.0.0.1", "otto");
        throttle.failed("10.0.0.1", "otto");
        assertThat(throttle.lockedFor("10.0.0.1", "otto")).as("a success starts the count again").isEmpty();
    }

    @Test
    void itRemembersABoundedNumberAndNoNames() {
        for (String name : new String[] {"a1", "a2", "a3", "a4"}) {
            for (int i = 0; i < 6; i++) {
                throttle.failed("10.0.0.9", name);
            }
        }
        assertThat(throttle.lockedFor("10.0.0.8", "a1")).as("forgotten: the table holds three").isEmpty();
        assertThat(throttle.lockedFor("10.0.0.8", "a4")).isPresent();
        assertThat(LoginThrottle.hashed("otto")).hasSize(12).doesNotContain("otto").isEqualTo(LoginThrottle.hashed("otto"));
    }
}
