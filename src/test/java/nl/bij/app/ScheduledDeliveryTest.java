package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import nl.bij.state.Decision;
import nl.bij.state.DecisionLog;
import nl.bij.state.DecisionRecord;
import nl.bij.state.NoticeLedger;

/**
 * The three-month window: a notice held in the database survives a restart of the whole service (broker journal
 * and database on disk) and leaves on its day by the service's clock, which the test moves instead of waiting.
 */
class ScheduledDeliveryTest extends MovedClockTestSupport {

    @Test
    void aNoticeBeforeItsWindowIsHeldThroughARestartAndDeliveredOnItsDay() throws Exception {
        clock.set(Instant.parse("2024-11-01T09:00:00Z"));
        String id = sendAndAwait(text(MailDeliveryTest.qualifyingFor("0599", "00000000-0000-4000-8000-0000000000e2"))).get(0);
        DecisionRecord scheduled = decisionOf(id);
        assertThat(scheduled.decision()).isEqualTo(Decision.SCHEDULED);
        assertThat(scheduled.reason()).isEqualTo("BEFORE_WINDOW");
        assertThat(scheduled.detail()).contains("held until 2025-01-15");
        Path notice = outbox().resolve("0599").resolve(scheduled.noticeIds().get(0) + ".xml");

        CamelContext restarted = restart();
        try {
            DecisionLog log = restarted.getRegistry().lookupByNameAndType("decisionLog", DecisionLog.class);
            clock.set(Instant.parse("2025-01-14T22:59:00Z"));   // 23:59 in Amsterdam: still the day before
            NotifyBuilder polls = new NotifyBuilder(restarted).fromRoute("bij-outbox-relay").whenDone(3).create();
            assertThat(polls.matches(10, TimeUnit.SECONDS)).as("the relay looked, and found nothing due").isTrue();
            assertThat(log.byMessageId(id)).map(DecisionRecord::decision).contains(Decision.SCHEDULED);
            assertThat(notice).doesNotExist();

            // midnight in Amsterdam: the window opens, and time runs on (as it does for a relay that must wait out
            // its lease after a hand-over that failed)
            clock.runFrom(Instant.parse("2025-01-14T23:00:00Z"));
            NoticeLedger ledger = restarted.getRegistry().lookupByNameAndType("stateStore", NoticeLedger.class);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(log.byMessageId(id))
                    .as("the event's decision, its notice %s", ledger.status(scheduled.noticeIds().get(0)))
                    .map(DecisionRecord::decision).contains(Decision.NOTIFIED));
            assertThat(notice).isRegularFile();
            assertThat(Files.readString(notice)).contains("<urgent>false</urgent>", "<providedAt>2025-01-15T00:00:");
        } finally {
            restarted.stop();
        }
    }

    private Path outbox() {
        return Path.of(settings.getProperty("bij.delivery.outbox-dir"));
    }
}
