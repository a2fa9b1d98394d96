package nl.bij.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.Test;

import nl.bij.intake.Events;
import nl.bij.intake.HostileCorpus;
import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;

/** Release events through the embedded broker over its real protocol, into decisions. */
class IntakeEndToEndTest extends ServiceTestSupport {

    @Test
    void aQualifyingEventIsNotifiedToItsMayorThroughTheDropFolder() throws Exception {
        String qualifying = Events.minimalWith("<juvenileLaw>", "<irrevocableDate>2021-02-24</irrevocableDate><juvenileLaw>");
        String id = sendAndAwait(text(qualifying)).get(0);
        DecisionRecord decision = decisionOf(id);
        assertThat(decision.decision()).isEqualTo(Decision.NOTIFIED);
        assertThat(decision.reason()).isEqualTo("ROUTE_A_LIST1");
        assertThat(decision.municipality()).contains("0344");
        assertThat(decision.noticeIds()).hasSize(1);
        assertThat(Path.of(settings.getProperty("bij.delivery.outbox-dir"), "0344", decision.noticeIds().get(0) + ".xml"))
                .isRegularFile();
        assertThat(decision.eventId()).contains("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
        assertThat(decision.caseId()).contains("JD-MIN-1");   // sent without withEventId: the fixture's own case
    }

    @Test
    void aValidEventThatDoesNotQualifyIsDecidedByLaw() throws Exception {
        String id = sendAndAwait(text(Events.withEventId(Events.minimal(), "00000000-0000-4000-8000-000000000004"))).get(0);
        assertThat(decisionOf(id).decision()).isEqualTo(Decision.NOT_QUALIFYING);
        assertThat(decisionOf(id).reason()).isEqualTo("NOT_IRREVOCABLE");
    }

    @Test
    void theHostileCorpusIsRejectedCaseByCaseAndBlocksNothing() throws Exception {
        List<HostileCorpus.Case> corpus = HostileCorpus.cases();
        int rejectedBefore = browse("bij.queue.rejected").size();
        Sender[] senders = corpus.stream().map(c -> bytes(c.body())).toArray(Sender[]::new);
        List<String> ids = sendAndAwait(senders);

        Map<String, String> reasonByCase = new HashMap<>();
        Map<String, String> expectedByCase = new HashMap<>();
        for (int i = 0; i < corpus.size(); i++) {
            DecisionRecord decision = decisionOf(ids.get(i));
            assertThat(decision.decision()).as(corpus.get(i).name()).isEqualTo(Decision.REJECTED);
            reasonByCase.put(corpus.get(i).name(), decision.reason());
            expectedByCase.put(corpus.get(i).name(), corpus.get(i).expected().name());
        }
        assertThat(reasonByCase).isEqualTo(expectedByCase);

        List<Message> rejected = browseWhen("bij.queue.rejected", all -> all.size() >= rejectedBefore + corpus.size());
        assertThat(rejected).hasSize(rejectedBefore + corpus.size());
        assertThat(rejected).allSatisfy(m -> assertThat(m.getStringProperty("bijRejectReason")).isNotBlank());

        String afterwards = sendAndAwait(text(Events.withEventId(Events.minimal(), "00000000-0000-4000-8000-000000000001"))).get(0);
        assertThat(decisionOf(afterwards).decision()).isEqualTo(Decision.NOT_QUALIFYING);
        assertThat(browse("bij.queue.releases")).isEmpty();
    }

    @Test
    void anOversizeTextMessageIsRefusedBeforeParsing() throws Exception {
        String id = sendAndAwait(text(new String(HostileCorpus.oversize(), UTF_8))).get(0);
        assertThat(decisionOf(id).reason()).isEqualTo("TOO_LARGE");
        assertThat(decisionOf(id).detail()).contains("1048577 bytes");
    }

    @Test
    void messageTypesWithoutXmlAreRejectedUnread() throws Exception {
        List<String> ids = sendAndAwait(
                justid -> justid.send(justid.session().createObjectMessage(new java.util.ArrayList<>())),
                justid -> justid.send(justid.session().createMapMessage()),
                justid -> justid.send(justid.session().createStreamMessage()),
                justid -> justid.send(justid.session().createTextMessage(null)));
        assertThat(ids).allSatisfy(id -> assertThat(decisionOf(id).reason()).isEqualTo("MALFORMED_XML"));
    }

    @Test
    void aRejectedMessageIsKeptWithoutItsAftercare() throws Exception {
        String broken = Events.withEventId(Events.full(), "00000000-0000-4000-8000-000000000002")
                .replace("</convictions>", "</convictionz>");
        String id = sendAndAwait(text(broken)).get(0);

        Message kept = browseWhen("bij.queue.rejected", all -> all.stream().anyMatch(m -> id.equals(property(m, "bijMessageId"))))
                .stream().filter(m -> id.equals(property(m, "bijMessageId"))).findFirst().orElseThrow();
        String body = new String(body(kept), UTF_8);
        assertThat(body).contains("</convictionz>").doesNotContain(Events.AFTERCARE);
        assertThat(kept.getStringProperty("bijRejectReason")).isEqualTo("MALFORMED_XML");
        assertThat(kept.getStringProperty("bijEventId")).isEqualTo("00000000-0000-4000-8000-000000000002");
        assertThat(kept.getStringProperty("bijRejectDetail")).contains("line");
    }

    @Test
    void theEventIdPropertyIdentifiesABodyWithoutOne() throws Exception {
        String id = sendAndAwait(justid -> {
            TextMessage message = justid.session().createTextMessage("not xml");
            message.setStringProperty("eventId", "00000000-0000-4000-8000-000000000003");
            return justid.send(message);
        }).get(0);
        assertThat(decisionOf(id).eventId()).contains("00000000-0000-4000-8000-000000000003");
    }

    private static byte[] body(Message message) throws Exception {
        BytesMessage bytes = (BytesMessage) message;
        byte[] body = new byte[(int) bytes.getBodyLength()];
        bytes.readBytes(body);
        return body;
    }
}
