package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import nl.bij.intake.Events;
import nl.bij.notice.Notices;
import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;

/**
 * A notice due when its event is decided leaves in the release message's own JMS transaction, without waiting for
 * the relay. If that transaction fails after the database committed (the broker connection drops, the process
 * dies), the redelivered message keeps its decision and hands the same notice over again: delivered once.
 */
class HandOverTest extends ServiceTestSupport {

    @Test
    void aHandOverThatRolledBackLeavesOnTheRedeliveryAndIsDeliveredOnce() throws Exception {
        AtomicInteger handOvers = new AtomicInteger();
        AdviceWith.adviceWith(context, "bij-hand-over", route -> route.weaveByToUri("jms:queue:*").after()
                .process(exchange -> {
                    if (handOvers.incrementAndGet() == 1) {
                        throw new IllegalStateException("broker connection lost before the commit (test)");
                    }
                }));
        NotifyBuilder rolledBack = new NotifyBuilder(context).fromRoute("bij-intake").whenFailed(1).create();
        NotifyBuilder delivered = new NotifyBuilder(context).fromRoute("bij-delivery").whenDone(1).create();

        DecisionRecord decision = decisionOf(sendAndAwait(text(Events.withEventId(Notices.fullAnnouncement(),
                "00000000-0000-4000-8000-0000000000c1"))).get(0));

        assertThat(rolledBack.matches(5, TimeUnit.SECONDS)).isTrue();
        assertThat(delivered.matches(20, TimeUnit.SECONDS)).isTrue();
        assertThat(decision.decision()).isEqualTo(Decision.NOTIFIED);
        assertThat(handOvers).as("the first hand-over rolled back, the redelivery's went through").hasValue(2);
        assertThat(decisionLog().byEventId("00000000-0000-4000-8000-0000000000c1")).hasSize(1);
        try (Stream<Path> files = Files.list(Path.of(settings.getProperty("bij.delivery.outbox-dir")).resolve("0344"))) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith(decision.noticeIds().get(0))))
                    .as("delivered once").hasSize(1);
        }
        assertThat(browse("bij.queue.deliveries")).as("no second copy waiting").isEmpty();
    }
}
