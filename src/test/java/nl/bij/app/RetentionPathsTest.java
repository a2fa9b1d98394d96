package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.jms.Connection;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import nl.bij.delivery.DropFolderSweep;
import nl.bij.intake.Events;
import nl.bij.operations.Alerts;
import nl.bij.operations.KeptMessages;
import nl.bij.state.Decision;
import nl.bij.state.Retention;

/**
 * Every retention path erases what holds personal data, when its time is up and not before, with the clock moved
 * instead of waited for: a notice file in the drop folder (14 days), rejected copies and dead letters on the broker
 * (90 days), a failed notice's content and its copy (past its destroy-by date, 9 months), and a review item's copy
 * (the retention period, alerted 30 days before). What retention erases, the decision says.
 */
class RetentionPathsTest extends RelayOutageTestSupport {

    private final MovableClock clock = new MovableClock(Instant.now());

    @Override
    protected void beforeWiring(CamelContext camel) {
        camel.getRegistry().bind("clock", clock);
    }

    @Override
    protected java.util.Properties overrides() {
        java.util.Properties p = super.overrides();
        // a shorter retention of decisions: the test moves the clock past each limit once
        p.setProperty("bij.retention.days", "400");
        try {
            // Utrecht by the drop folder, Zwolle by mail over the relay that stays down
            Path recipients = Files.createTempFile("recipients", ".csv");
            Files.writeString(recipients, "municipality,channel,target\n0344,XML,\n0193,MAIL,bij@zwolle.example\n");
            p.setProperty("bij.delivery.recipients", "file:" + recipients);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }

    @Test
    void eachPathErasesWhatItHoldsWhenItsTimeIsUp() throws Exception {
        String delivered = sendAndAwait(text(MailDeliveryTest.qualifyingFor("0344", "00000000-0000-4000-8000-0000000007a1"))).get(0);
        String failed = sendAndAwait(text(MailDeliveryTest.qualifyingFor("0193", "00000000-0000-4000-8000-0000000007a2"))).get(0);
        String rejected = sendAndAwait(text("<not-a-release-event/>")).get(0);
        String review = sendAndAwait(text(Events.replace(MailDeliveryTest.qualifyingFor("0344",
                "00000000-0000-4000-8000-0000000007a3"), "<municipality code=\"0344\" addressKind=\"HOME\"/>",
                "<abroad country=\"BE\"/>"))).get(0);
        assertThat(decisionOf(delivered).decision()).isEqualTo(Decision.NOTIFIED);
        assertThat(decisionOf(failed).decision()).isEqualTo(Decision.FAILED);
        assertThat(decisionOf(review).decision()).isEqualTo(Decision.MANUAL_REVIEW);
        putDeadLetter();
        assertThat(dropFolderFiles()).hasSize(1);
        assertThat(depths()).containsEntry("bij.rejected", 1L).containsEntry("bij.dlq", 1L)
                .containsEntry("bij.delivery.failed", 1L);

        runRetention();
        assertThat(dropFolderFiles()).as("nothing is due on the first day").hasSize(1);

        clock.advance(Duration.ofDays(15));
        runRetention();
        assertThat(dropFolderFiles()).as("14 days after delivery the receiver has had it").isEmpty();
        assertThat(depths()).containsEntry("bij.rejected", 1L).containsEntry("bij.dlq", 1L);

        clock.advance(Duration.ofDays(80));
        runRetention();
        assertThat(depths()).as("after 90 days the copies kept for operators go")
                .containsEntry("bij.rejected", 0L).containsEntry("bij.dlq", 0L).containsEntry("bij.delivery.failed", 1L);
        assertThat(decisionOf(rejected).decision()).as("the decision itself stays").isEqualTo(Decision.REJECTED);
        String failedNotice = decisionOf(failed).noticeIds().get(0);
        assertThat(admin("GET", "/notices/" + failedNotice, AdminApiTest.OPERATOR).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofDays(190));
        runRetention();
        assertThat(depths()).as("past its destroy-by date the failed notice goes").containsEntry("bij.delivery.failed", 0L);
        assertThat(admin("GET", "/notices/" + failedNotice, AdminApiTest.OPERATOR).statusCode()).isEqualTo(404);
        assertThat(decisionOf(failed).decision()).isEqualTo(Decision.FAILED);
        assertThat(decisionOf(failed).detail()).startsWith("notice content erased: past its destroy-by date");
        assertThat(admin("POST", "/replay/events/00000000-0000-4000-8000-0000000007a2", AdminApiTest.OPERATOR).body())
                .contains("nothing: past its destroy-by date its content was erased");

        assertThat(alerts().check()).extracting(Alerts.Alert::kind).doesNotContain("REVIEW_ERASED_SOON");
        clock.advance(Duration.ofDays(90));
        runRetention();
        assertThat(alerts().check()).as("25 days before its copy is erased, the operators hear of the review item")
                .extracting(Alerts.Alert::kind).contains("REVIEW_ERASED_SOON");
        assertThat(admin("GET", "/items/review/00000000-0000-4000-8000-0000000007a3/document", AdminApiTest.OPERATOR)
                .statusCode()).isEqualTo(200);

        clock.advance(Duration.ofDays(30));
        runRetention();
        assertThat(admin("GET", "/items/review/00000000-0000-4000-8000-0000000007a3/document", AdminApiTest.OPERATOR)
                .statusCode()).as("the copy is erased").isEqualTo(404);
        assertThat(decisionOf(review).decision()).as("the item still waits, to be closed").isEqualTo(Decision.MANUAL_REVIEW);
        assertThat(decisionOf(review).detail()).startsWith("review copy erased: it waited longer than the retention period");
        assertThat(admin("GET", "/trail?eventId=00000000-0000-4000-8000-0000000007a3", AdminApiTest.OPERATOR).body())
                .contains("review copy erased");
    }

    private void runRetention() {
        context.getRegistry().lookupByNameAndType("retention", Retention.class).purge();
        context.getRegistry().lookupByNameAndType("keptMessages", KeptMessages.class).purge();
        context.getRegistry().lookupByNameAndType("dropFolder", DropFolderSweep.class).sweep();
    }

    private Alerts alerts() {
        return context.getRegistry().lookupByNameAndType("alerts", Alerts.class);
    }

    private List<Path> dropFolderFiles() throws Exception {
        Path outbox = Path.of(settings.getProperty("bij.delivery.outbox-dir"));
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(outbox)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** What the broker moves to the dead-letter queue after the last attempt, put there directly. */
    private void putDeadLetter() throws Exception {
        var factory = new ActiveMQConnectionFactory(Settings.brokerUrl(settings), settings.getProperty("bij.broker.user"),
                settings.getProperty("bij.broker.password"));
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("bij.dlq")).send(session.createTextMessage(Events.full()));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Long> depths() throws Exception {
        Map<String, Object> status = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(admin("GET", "/status", AdminApiTest.OPERATOR).body(), Map.class);
        Map<String, Long> depths = new java.util.HashMap<>();
        ((Map<String, Number>) status.get("queues")).forEach((q, n) -> depths.put(q, n.longValue()));
        return depths;
    }
}
