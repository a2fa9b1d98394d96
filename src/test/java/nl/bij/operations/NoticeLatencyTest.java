package nl.bij.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Timer;

import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;
import nl.bij.state.OperatorStore;
import nl.bij.state.TestDatabases;

/** The latency histogram counts the wait a mayor's office has, and leaves out the notices held for their window. */
class NoticeLatencyTest {

    private static final Instant SENT = Instant.parse("2026-11-30T09:00:00Z");

    @Test
    void aNoticeDeliveredAtOnceCountsWithItsWholeWaitAndOneHeldForItsWindowNot() {
        Metrics metrics = new Metrics(new OperatorStore(TestDatabases.fresh()), null, List.of(), Clock.systemUTC());

        metrics.delivered(delivered(SENT.plus(Duration.ofSeconds(3))), false);
        metrics.delivered(delivered(SENT.plus(Duration.ofHours(2))), false);   // retried until the relay was back
        metrics.delivered(delivered(SENT.plus(Duration.ofDays(60))), true);

        Timer latency = metrics.registry().find("bij_notice_latency").timer();
        assertThat(latency.count()).isEqualTo(2);
        assertThat(latency.max(TimeUnit.SECONDS)).isEqualTo(7200.0);
        assertThat(metrics.scrape()).contains("bij_notice_latency_seconds_bucket{le=\"5.0\"} 1",
                "bij_notice_latency_seconds_bucket{le=\"21600.0\"} 2");
    }

    private static DecisionRecord delivered(Instant at) {
        return new DecisionRecord(Optional.of("E-1"), "M-1", Optional.of("JD-1"), Decision.NOTIFIED, "ROUTE_A_LIST1",
                "test", Optional.of("0344"), List.of("N-1"), List.of(), SENT, at);
    }
}
