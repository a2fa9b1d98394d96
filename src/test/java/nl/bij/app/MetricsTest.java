package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import nl.bij.intake.Events;
import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;

/** The Prometheus endpoint counts what happened, by codes only, for a scraper with a viewer's login. */
class MetricsTest extends ServiceTestSupport {

    @Test
    void decisionsDeliveriesQueuesAndTheJvmAreCounted() throws Exception {
        // a failed delivery and a review item that have waited an hour, as the state holds them after a while
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        waiting("00000000-0000-4000-8000-0000000000c5", Decision.FAILED, anHourAgo);
        waiting("00000000-0000-4000-8000-0000000000c6", Decision.MANUAL_REVIEW, anHourAgo.minus(Duration.ofMinutes(30)));
        sendAndAwait(text(MailDeliveryTest.qualifyingFor("0344", "00000000-0000-4000-8000-0000000000c7")),
                text(Events.withEventId(Events.minimal(), "00000000-0000-4000-8000-0000000000c8")),
                text("not xml at all"));

        // counters are incremented just after the decision's commit: wait for what is asserted, not for the decision
        String scraped = await().atMost(Duration.ofSeconds(20)).until(() -> admin("GET", "/metrics", AdminApiTest.VIEWER).body(),
                body -> body.contains("bij_deliveries_total{channel=\"XML\",outcome=\"delivered\"} 1.0")
                        && body.contains("bij_queue_depth{queue=\"bij.rejected\"} 1.0"));

        assertThat(scraped)
                .contains("bij_decisions_total{decision=\"NOTIFIED\",reason=\"ROUTE_A_LIST1\"} 1.0")
                .contains("bij_decisions_total{decision=\"NOT_QUALIFYING\",reason=\"NOT_IRREVOCABLE\"} 1.0")
                .contains("bij_decisions_total{decision=\"REJECTED\",reason=\"MALFORMED_XML\"} 1.0")
                .contains("bij_decisions_total{decision=\"FAILED\",reason=\"other\"} 1.0")
                .contains("bij_queue_depth{queue=\"bij.dlq\"} 0.0")
                .contains("jvm_memory_used_bytes")
                .containsPattern("bij_build_info\\{version=\"development\"} 1(\\.0)?\\n")
                .contains("routeId=\"bij-decide\"");
        assertThat(gauge(scraped, "bij_notice_latency_seconds_count")).as("the delivered notice, not held").isEqualTo(1.0);
        assertThat(gauge(scraped, "bij_notice_latency_seconds_bucket{le=\"60.0\"}")).as("delivered within a minute")
                .isEqualTo(1.0);
        assertThat(gauge(scraped, "bij_oldest_item_age_seconds{decision=\"FAILED\"}")).isBetween(3600.0, 3600.0 + 300);
        assertThat(gauge(scraped, "bij_oldest_item_age_seconds{decision=\"MANUAL_REVIEW\"}")).isBetween(5400.0, 5400.0 + 300);

        HttpResponse<String> metrics = admin("GET", "/metrics", AdminApiTest.VIEWER);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    }

    /** An event decided at {@code at} and still waiting for an operator. */
    private void waiting(String eventId, Decision decision, Instant at) {
        decisionLog().recordEvent(new DecisionRecord(Optional.of(eventId), "ID:" + eventId, Optional.of("C-" + eventId),
                decision, decision == Decision.FAILED ? "SMTPSendFailedException: 554" : "ABROAD", "test",
                Optional.of("0344"), List.of(), List.of(), at, at), List.of(), Optional.empty());
    }

    private static double gauge(String scraped, String series) {
        return scraped.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .orElseThrow(() -> new AssertionError("no " + series + " in the scrape"));
    }

    @Test
    void healthSaysDownWhenMunicipalitiesReceiveMailButNoRelayIsConfigured() throws Exception {
        HttpResponse<String> health = admin("GET", "/health", AdminApiTest.VIEWER);

        assertThat(health.statusCode()).as("the shipped recipients have three MAIL rows").isEqualTo(503);
        assertThat(health.body()).isEqualTo("{\"status\":\"DOWN\",\"mode\":\"development\",\"checks\":{"
                + "\"broker\":\"UP\",\"database\":\"UP\",\"mailRelay\":\"DOWN: no relay configured for the 3"
                + " municipalities that receive mail\",\"dropFolder\":\"UP\"}}");
        assertThat(admin("GET", "/metrics", AdminApiTest.VIEWER).body())
                .containsPattern("bij_signing_certificate_expiry_seconds [0-9.E]+");
    }
}
