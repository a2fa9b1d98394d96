package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.BytesMessage;
import jakarta.jms.Message;

import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import nl.bij.notice.NoticeDocuments;
import nl.bij.notice.NoticeSigner;
import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;

/**
 * The JMS channel: a municipality's queue on the service's broker. A notice is on the queue before it is recorded
 * delivered, and is read there once, whichever side of the record a crash falls: after the record (a notice sent in
 * the delivery's own transaction would then be rolled back, and never sent again, for it was recorded delivered) and
 * before it (the redelivery sends it again under the same duplicate id, which the broker drops).
 */
@OnceOnTheH2Pass
class QueueDeliveryTest extends ServiceTestSupport {

    private static final String UTRECHT = "gemeente.utrecht.bij";
    private static final String NIJMEGEN = "gemeente.nijmegen.bij";
    private static final String ROTTERDAM = "gemeente.rotterdam.bij";
    private static final String AMSTERDAM = "gemeente.amsterdam.bij";

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        try {
            Path recipients = Files.writeString(Files.createTempFile("recipients", ".csv"), "municipality,channel,target\n"
                    + "0344,XML,jms:queue:" + UTRECHT + "\n"
                    + "0268,XML,jms:queue:" + NIJMEGEN + "\n"
                    + "0599,XML,jms:queue:" + ROTTERDAM + "\n"
                    + "0363,XML,jms:queue:" + AMSTERDAM + "\n");
            p.setProperty("bij.delivery.recipients", "file:" + recipients);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.setProperty("bij.delivery.suppressions", "classpath:test-config/no-suppressions.csv");
        return p;
    }

    @Test
    void aNoticeIsPutOnTheMunicipalitysQueueSignedWithItsNoticeId() throws Exception {
        DecisionRecord decision = decided("0344", "00000000-0000-4000-8000-0000000a0e51", 1);
        String noticeId = decision.noticeIds().get(0);

        Message message = browseQueue(UTRECHT).get(0);
        assertThat(message).isInstanceOf(BytesMessage.class);
        assertThat(message.getStringProperty("bijNoticeId")).isEqualTo(noticeId);
        byte[] xml = message.getBody(byte[].class);
        NoticeDocuments documents = new NoticeDocuments();
        documents.validate(xml);
        assertThat(NoticeSigner.verify(documents.parse(xml), serviceCertificate().getPublicKey())).isTrue();
        assertThat(new String(xml, java.nio.charset.StandardCharsets.UTF_8)).contains("<noticeId>" + noticeId);
    }

    @Test
    void aCrashAfterTheRecordStillLeavesTheNoticeOnTheQueueOnce() throws Exception {
        assertOnTheQueueOnceAfterACrash(".*delivered\\(.*", "0268", NIJMEGEN);
    }

    @Test
    void aNoticeSentAgainAfterACrashBeforeTheRecordIsReadOnce() throws Exception {
        assertOnTheQueueOnceAfterACrash("SetProperty\\[sent.*", "0599", ROTTERDAM);
    }

    @Test
    void anOperatorsForcedResendArrivesAgain() throws Exception {
        String eventId = "00000000-0000-4000-8000-0000000a0363";
        DecisionRecord decision = decided("0363", eventId, 1);
        NotifyBuilder resent = new NotifyBuilder(context).fromRoute("bij-delivery").whenCompleted(1).create();

        assertThat(admin("POST", "/replay/events/" + eventId + "?force=true", AdminApiTest.OPERATOR).body())
                .contains("requeued: sent once more with the same noticeId (forced)");

        assertThat(resent.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(browseQueue(AMSTERDAM)).as("not taken for a duplicate").hasSize(2).allSatisfy(m ->
                assertThat(m.getStringProperty("bijNoticeId")).isEqualTo(decision.noticeIds().get(0)));
    }

    private void assertOnTheQueueOnceAfterACrash(String step, String municipality, String queue) throws Exception {
        AtomicInteger crashes = crashOnceAfter(step, municipality);
        // two runs of the delivery: the one that crashed, and its redelivery
        DecisionRecord decision = decided(municipality, "00000000-0000-4000-8000-0000000a" + municipality, 2);

        assertThat(crashes).as("the crash happened").hasValue(1);
        assertThat(browseQueue(queue)).singleElement().satisfies(m ->
                assertThat(m.getStringProperty("bijNoticeId")).isEqualTo(decision.noticeIds().get(0)));
    }

    /** The delivery route fails once, for this municipality's notice, right after the step the pattern names. */
    private AtomicInteger crashOnceAfter(String step, String municipality) throws Exception {
        AtomicInteger crashes = new AtomicInteger();
        AdviceWith.adviceWith(context, "bij-delivery", route -> route.weaveByToString(step).after().process(exchange -> {
            String where = exchange.getProperty("parcel", nl.bij.delivery.Parcel.class).municipality();
            if (municipality.equals(where) && crashes.compareAndSet(0, 1)) {
                throw new IllegalStateException("the process dies here (test)");
            }
        }));
        return crashes;
    }

    /** The event's decision once the delivery route has run {@code deliveryRuns} times (crashes included). */
    private DecisionRecord decided(String municipality, String eventId, int deliveryRuns) throws Exception {
        NotifyBuilder delivered = new NotifyBuilder(context).fromRoute("bij-delivery").whenDone(deliveryRuns).create();
        String id = sendAndAwait(text(MailDeliveryTest.qualifyingFor(municipality, eventId))).get(0);
        assertThat(delivered.matches(30, TimeUnit.SECONDS)).as("the delivery ran " + deliveryRuns + " times").isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> decisionOf(id).decision() == Decision.NOTIFIED);
        return decisionOf(id);
    }
}
