package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import nl.bij.intake.Events;
import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;

/** Durable state through the running service: one notice per eventId (DUPLICATE), a withdrawal after delivery. */
class DurableStateTest extends MovedClockTestSupport {

    @Test
    void theSameEventTwiceIsOneNoticeAndOneDuplicate() throws Exception {
        clock.set(Instant.parse("2025-04-01T09:00:00Z"));
        String event = MailDeliveryTest.qualifyingFor("0344", "00000000-0000-4000-8000-0000000000e1");
        List<String> ids = sendAndAwait(text(event), text(event));

        assertThat(ids.stream().map(this::decisionOf).map(DecisionRecord::decision))
                .containsExactlyInAnyOrder(Decision.NOTIFIED, Decision.DUPLICATE);
        DecisionRecord notified = ids.stream().map(this::decisionOf).filter(d -> d.decision() == Decision.NOTIFIED)
                .findFirst().orElseThrow();
        try (Stream<Path> files = Files.list(outbox().resolve("0344"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".xml"))).hasSize(1)
                    .allMatch(f -> f.getFileName().toString().equals(notified.noticeIds().get(0) + ".xml"));
        }
    }

    @Test
    void aWithdrawalAfterDeliveryReachesTheSameMayorAsAnIntrekking() throws Exception {
        clock.set(Instant.parse("2025-04-01T09:00:00Z"));
        String announce = MailDeliveryTest.qualifyingFor("0268", "00000000-0000-4000-8000-0000000000e3");
        DecisionRecord notified = decisionOf(sendAndAwait(text(announce)).get(0));
        assertThat(notified.decision()).isEqualTo(Decision.NOTIFIED);

        String withdraw = nl.bij.intake.Events.replace(Events.withEventId(announce, "00000000-0000-4000-8000-0000000000e4"),
                "<eventType>ANNOUNCE</eventType>", "<eventType>WITHDRAW</eventType>");
        withdraw = Events.inCase(withdraw, notified.caseId().orElseThrow());
        DecisionRecord withdrawn = decisionOf(sendAndAwait(text(withdraw)).get(0));

        assertThat(withdrawn.decision()).isEqualTo(Decision.WITHDRAWN);
        assertThat(withdrawn.municipality()).contains("0268");
        String intrekking = Files.readString(outbox().resolve("0268").resolve(withdrawn.noticeIds().get(0) + ".xml"));
        assertThat(intrekking).contains("<noticeType>INTREKKING</noticeType>",
                "<changesNoticeId>" + notified.noticeIds().get(0) + "</changesNoticeId>").doesNotContain("<grounds>");
    }

    private Path outbox() {
        return Path.of(settings.getProperty("bij.delivery.outbox-dir"));
    }
}
