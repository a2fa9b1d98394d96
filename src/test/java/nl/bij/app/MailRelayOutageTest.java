package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;

/**
 * The mail relay is down when a notice is due: the delivery is retried, and once the relay is back the notice
 * arrives exactly once. The retry budget (1,000 attempts, at most 0.5 s apart: minutes) cannot run out before the
 * test brings the relay back, however slow the machine.
 */
class MailRelayOutageTest extends RelayOutageTestSupport {

    @Override
    protected int maxAttempts() {
        return 1000;
    }

    @Override
    protected Properties overrides() {
        Properties p = super.overrides();
        p.setProperty("bij.delivery.max-retry-delay-ms", "500");
        return p;
    }

    @Test
    void anOutageOfTheRelayIsRetriedAndTheNoticeArrivesExactlyOnce() throws Exception {
        NotifyBuilder twoFailedAttempts = new NotifyBuilder(context).fromRoute("bij-delivery").whenDone(2).create();
        List<String> ids;
        try (JustidSender justid = new JustidSender(settings)) {
            ids = List.of(justid.send(justid.session().createTextMessage(
                    MailDeliveryTest.qualifyingFor("0193", "00000000-0000-4000-8000-0000000000a2"))));
        }
        assertThat(twoFailedAttempts.matches(60, TimeUnit.SECONDS)).as("two attempts failed while the relay is down").isTrue();
        assertThat(decisionLog().byMessageId(ids.get(0))).map(DecisionRecord::decision).contains(Decision.DELIVERING);
        assertThat(admin("GET", "/items/delivering", AdminApiTest.VIEWER).body()).as("on its way, for the operators")
                .contains("00000000-0000-4000-8000-0000000000a2");

        relay.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> decisionLog().byMessageId(ids.get(0))
                .filter(d -> d.decision().isFinal()).isPresent());

        DecisionRecord decision = decisionOf(ids.get(0));
        assertThat(decision.decision()).isEqualTo(Decision.NOTIFIED);
        assertThat(admin("GET", "/items/delivering", AdminApiTest.VIEWER).body()).doesNotContain(decision.eventId().orElseThrow());
        assertThat(admin("GET", "/items/recent?reason=ROUTE_A", AdminApiTest.VIEWER).body())
                .contains("\"eventId\":\"" + decision.eventId().orElseThrow() + "\",", "\"decision\":\"NOTIFIED\"");
        assertThat(decision.detail()).as("delivered after the failed attempts").containsPattern("on attempt ([3-9]|[1-9][0-9]+)$");
        String messageId = "<" + decision.noticeIds().get(0) + "@justid.example>";
        assertThat(relay.waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(List.of(relay.getReceivedMessages())).filteredOn(m -> messageId.equals(messageId(m))).hasSize(1);
    }

    private static String messageId(MimeMessage mail) {
        try {
            return mail.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
