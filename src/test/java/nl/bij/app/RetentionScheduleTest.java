package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;

/**
 * The retention route as the service schedules it (routes/retention.camel.yaml, every bij.retention.check-ms):
 * it runs by itself, again and again, and forgets a decision older than bij.retention.days while keeping a recent
 * one and a failed one, whatever its age.
 */
class RetentionScheduleTest extends ServiceTestSupport {

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("bij.retention.first-check-ms", "500");
        p.setProperty("bij.retention.check-ms", "300");
        p.setProperty("bij.retention.days", "730");
        return p;
    }

    @Test
    void theScheduledPurgeForgetsWhatIsOldAndDoneAndKeepsTheRest() throws Exception {
        Instant now = Instant.now();
        DecisionRecord old = decided("00000000-0000-4000-8000-000000000701", Decision.NOT_QUALIFYING, now.minus(Duration.ofDays(731)));
        DecisionRecord recent = decided("00000000-0000-4000-8000-000000000702", Decision.NOT_QUALIFYING, now.minus(Duration.ofDays(729)));
        DecisionRecord failed = decided("00000000-0000-4000-8000-000000000703", Decision.FAILED, now.minus(Duration.ofDays(900)));
        NotifyBuilder twoRuns = new NotifyBuilder(context).fromRoute("bij-retention").whenCompleted(2).create();

        assertThat(twoRuns.matches(30, TimeUnit.SECONDS)).as("the timer fired twice by itself").isTrue();

        assertThat(decisionLog().byMessageId(old.messageId())).as("older than 730 days: forgotten").isEmpty();
        assertThat(decisionLog().byMessageId(recent.messageId())).as("729 days old: kept").isPresent();
        assertThat(decisionLog().byMessageId(failed.messageId())).as("failed: waits for an operator").isPresent();
    }

    private DecisionRecord decided(String eventId, Decision decision, Instant at) {
        DecisionRecord record = new DecisionRecord(Optional.of(eventId), "ID:" + eventId, Optional.of("C-" + eventId),
                decision, decision == Decision.FAILED ? "SMTPSendFailedException: 554" : "NOT_IRREVOCABLE", "test",
                Optional.of("0344"), List.of(), List.of(), at, at);
        decisionLog().recordEvent(record, List.of(), Optional.empty());
        return record;
    }
}
