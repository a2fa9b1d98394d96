package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import nl.bij.intake.Events;

/** The Prometheus endpoint counts what happened, by codes only, for a scraper with a viewer's login. */
class MetricsTest extends ServiceTestSupport {

    @Test
    void decisionsDeliveriesQueuesAndTheJvmAreCounted() throws Exception {
        sendAndAwait(text(MailDeliveryTest.qualifyingFor("0344", "00000000-0000-4000-8000-0000000000c7")),
                text(Events.withEventId(Events.minimal(), "00000000-0000-4000-8000-0000000000c8")));

        HttpResponse<String> metrics = admin("GET", "/metrics", AdminApiTest.VIEWER);

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("bij_decisions_total{decision=\"NOTIFIED\",reason=\"ROUTE_A_LIST1\"} 1.0")
                .contains("bij_decisions_total{decision=\"NOT_QUALIFYING\",reason=\"NOT_IRREVOCABLE\"} 1.0")
                .contains("bij_deliveries_total{channel=\"XML\",outcome=\"delivered\"} 1.0")
                .contains("bij_queue_depth{queue=\"bij.dlq\"} 0.0")
                .contains("bij_oldest_item_age_seconds{decision=\"FAILED\"} 0.0")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void healthSaysUpForBrokerAndDatabaseAndThatNoRelayIsConfigured() throws Exception {
        HttpResponse<String> health = admin("GET", "/health", AdminApiTest.VIEWER);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\",\"checks\":{\"broker\":\"UP\",\"database\":\"UP\","
                + "\"mailRelay\":\"NOT_CONFIGURED\"}}");
    }
}
