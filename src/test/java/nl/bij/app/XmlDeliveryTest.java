package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

import nl.bij.intake.Events;
import nl.bij.notice.NoticeDocuments;
import nl.bij.notice.NoticeSigner;
import nl.bij.notice.Notices;
import nl.bij.notice.wire.NoticeXml;
import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;
import nl.bij.state.DeliveryOrder;

/** The XML channel: the default drop folder, written atomically, named by noticeId, never overwritten. */
class XmlDeliveryTest extends ServiceTestSupport {

    private final NoticeDocuments documents = new NoticeDocuments();

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("bij.eligibility.attempt-or-participation", "QUALIFY");
        return p;
    }

    @Test
    void aNoticeLandsInTheMunicipalitysFolderSignedAndValid() throws Exception {
        DecisionRecord decision = decisionOf(sendAndAwait(text(Events.withEventId(Notices.fullAnnouncement(),
                "00000000-0000-4000-8000-0000000000b1"))).get(0));
        assertThat(decision.decision()).isEqualTo(Decision.NOTIFIED);

        Path folder = outbox().resolve("0344");
        Path notice = folder.resolve(decision.noticeIds().get(0) + ".xml");
        byte[] xml = Files.readAllBytes(notice);
        documents.validate(xml);
        assertThat(NoticeSigner.verify(documents.parse(xml), serviceCertificate().getPublicKey())).isTrue();
        assertThat(Notices.elementNames(documents.parse(xml))).isSubsetOf(Notices.CLOSED_LIST);
        assertThat(Notices.withoutSignature(xml)).contains("<grounds>").doesNotContain("SignatureValue")
                .doesNotContain(Notices.FORBIDDEN);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.startsWith(".writing-"));
        }
    }

    @Test
    void aNoticeFileAlreadyThereIsNeverOverwritten() throws Exception {
        // as after a crash between writing the file and recording the delivery: the file is there, unrecorded
        NoticeXml composed = Notices.full();
        Path file = Files.createDirectories(outbox().resolve("0344")).resolve(composed.getNoticeId() + ".xml");
        Files.writeString(file, "the first delivery");
        NotifyBuilder handled = new NotifyBuilder(context).fromRoute("bij-delivery").whenDone(1).create();

        // the notice in the ledger, as the decide route stores it, and handed to delivery as it does
        DeliveryOrder order = new DeliveryOrder("00000000-0000-4000-8000-0000000000b2", "ID:unrecorded",
                composed.getCaseId(), composed.getNoticeId(), "0344", "ROUTE_B_TBS", List.of(), 0, 1, "NIEUW", "NOTIFIED");
        context.getRegistry().lookupByNameAndType("stateStore", nl.bij.state.DecisionLog.class).recordEvent(
                new DecisionRecord(java.util.Optional.of(order.eventId()), order.messageId(), java.util.Optional.of(order.caseId()),
                        Decision.DELIVERING, "ROUTE_B_TBS", "test", java.util.Optional.of("0344"), List.of(order.noticeId()),
                        List.of(), java.time.Instant.now(), java.time.Instant.now()),
                List.of(new nl.bij.state.PendingNotice(order, java.time.LocalDate.now(), documents.toBytes(composed))),
                java.util.Optional.empty());
        deliver(composed, order.eventId(), order.messageId());

        assertThat(handled.matches(20, TimeUnit.SECONDS)).isTrue();
        // the delivery ran to its end on the first attempt: the file there counts as delivered, and is kept as it was
        DecisionRecord recorded = decisionOf(order.messageId());
        assertThat(recorded.decision()).isEqualTo(Decision.NOTIFIED);
        assertThat(recorded.detail()).contains(composed.getNoticeId() + " delivered (XML to file:").endsWith("on attempt 1");
        assertThat(Files.readString(file)).isEqualTo("the first delivery");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.filter(f -> f.getFileName().toString().contains(composed.getNoticeId()))).hasSize(1);
        }
    }

    @Test
    void aDeliveredNoticeThatComesRoundAgainIsNotSentAgain() throws Exception {
        DecisionRecord decision = decisionOf(sendAndAwait(text(Events.withEventId(Notices.fullAnnouncement(),
                "00000000-0000-4000-8000-0000000000b3"))).get(0));
        String noticeId = decision.noticeIds().get(0);
        Path file = outbox().resolve("0344").resolve(noticeId + ".xml");
        byte[] first = Files.readAllBytes(file);
        Files.delete(file);
        NotifyBuilder handled = new NotifyBuilder(context).fromRoute("bij-delivery").whenDone(1).create();
        List<ILoggingEvent> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();
        AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getFormattedMessage().contains("before; not sent")) {
                    refusals.add(event);
                }
            }
        };
        capture.start();
        Logger deliveryLog = (Logger) LoggerFactory.getLogger("bij.delivery");
        deliveryLog.addAppender(capture);

        // the relay's second hand-over after a crash: same notice, same noticeId
        NoticeXml again = Notices.full();
        again.setNoticeId(noticeId);
        try {
            deliver(again, "00000000-0000-4000-8000-0000000000b3", decision.messageId());
            assertThat(handled.matches(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            deliveryLog.detachAppender(capture);
        }
        assertThat(refusals).as("the ledger refused to start a second delivery of the notice").singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).isEqualTo("noticeId=" + noticeId
                        + " was delivered or cancelled before; not sent"));
        assertThat(file).as("not written again").doesNotExist();
        assertThat(first).isNotEmpty();
        assertThat(decisionOf(decision.messageId()).decision()).isEqualTo(Decision.NOTIFIED);
    }

    /** Puts a composed notice on the delivery queue, as the decide route does. */
    private void deliver(NoticeXml notice, String eventId, String messageId) throws Exception {
        var factory = new ActiveMQConnectionFactory(Settings.brokerUrl(settings), settings.getProperty("bij.broker.user"),
                settings.getProperty("bij.broker.password"));
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(settings.getProperty("bij.queue.deliveries")));
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(documents.toBytes(notice));
            for (var header : List.of(List.of(DeliveryOrder.EVENT_ID, eventId), List.of(DeliveryOrder.MESSAGE_ID, messageId),
                    List.of(DeliveryOrder.CASE_ID, notice.getCaseId()), List.of(DeliveryOrder.NOTICE_ID, notice.getNoticeId()),
                    List.of(DeliveryOrder.MUNICIPALITY, "0344"), List.of(DeliveryOrder.REASON, "ROUTE_B_TBS"),
                    List.of(DeliveryOrder.REVIEW_REASONS, ""), List.of(DeliveryOrder.SENT_AT, "0"),
                    List.of(DeliveryOrder.ATTEMPT, "1"), List.of(DeliveryOrder.NOTICE_TYPE, "NIEUW"),
                    List.of(DeliveryOrder.ON_DELIVERED, "NOTIFIED"))) {
                message.setStringProperty(header.get(0), header.get(1));
            }
            producer.send(message);
        }
    }

    private Path outbox() {
        return Path.of(settings.getProperty("bij.delivery.outbox-dir"));
    }
}
