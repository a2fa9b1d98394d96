package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;

/**
 * The law on the day the notice is given (docs/law.md §4), through the real service with its clock moved: a notice
 * held for its window is judged again when it falls due, and leaves only if the answer still holds.
 */
class JudgedAgainTest extends MovedClockTestSupport {

    @Test
    void arsonHeldBeforeItsEffectiveDateIsGivenWhenItsWindowOpens() throws Exception {
        // arson (157) is covered from 2025-01-01 (bij.eligibility.arson-effective-date): not yet on the day the
        // event comes, but on the day the notice may be given (2025-01-15) it is
        clock.set(Instant.parse("2024-11-01T09:00:00Z"));
        String id = sendAndAwait(text(MailDeliveryTest.qualifyingFor("0268", "00000000-0000-4000-8000-0000000000e5")
                .replace("article=\"242\"", "article=\"157\""))).get(0);
        assertThat(decisionOf(id).decision()).isEqualTo(Decision.SCHEDULED);
        assertThat(decisionOf(id).detail()).contains("ROUTE_A_ARSON", "held until 2025-01-15");

        clock.runFrom(Instant.parse("2025-01-15T08:00:00Z"));
        await().atMost(Duration.ofSeconds(20)).until(() -> decisionOf(id).decision() == Decision.NOTIFIED);
        assertThat(decisionOf(id).reason()).isEqualTo("ROUTE_A_ARSON");
        assertThat(outbox().resolve("0268").resolve(decisionOf(id).noticeIds().get(0) + ".xml")).isRegularFile();
    }

    @Test
    void aSuppressionAddedWhileANoticeWaitedStopsItOnItsDay() throws Exception {
        clock.set(Instant.parse("2024-11-01T09:00:00Z"));
        String id = sendAndAwait(text(MailDeliveryTest.qualifyingFor("0344", "00000000-0000-4000-8000-0000000000e6"))).get(0);
        DecisionRecord scheduled = decisionOf(id);
        assertThat(scheduled.decision()).isEqualTo(Decision.SCHEDULED);
        assertThat(admin("POST", "/suppressions?municipality=0344&from=2025-01-01&reason=TICKET-51", AdminApiTest.OPERATOR)
                .statusCode()).isEqualTo(200);

        clock.runFrom(Instant.parse("2025-01-15T08:00:00Z"));
        await().atMost(Duration.ofSeconds(20)).until(() -> decisionOf(id).decision() == Decision.SUPPRESSED);

        DecisionRecord suppressed = decisionOf(id);
        assertThat(suppressed.reason()).isEqualTo("TICKET-51");
        assertThat(suppressed.detail()).startsWith("judged again on 2025-01-15 when notice " + scheduled.noticeIds().get(0)
                + " fell due, and it does not leave:");
        assertThat(outbox().resolve("0344").resolve(scheduled.noticeIds().get(0) + ".xml")).doesNotExist();
        assertThat(admin("GET", "/trail?eventId=00000000-0000-4000-8000-0000000000e6", AdminApiTest.VIEWER).body())
                .contains("\"status\":\"CANCELLED\"");
    }

    private Path outbox() {
        return Path.of(settings.getProperty("bij.delivery.outbox-dir"));
    }
}
