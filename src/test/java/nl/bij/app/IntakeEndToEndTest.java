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

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import nl.bij.intake.Events;
import nl.bij.intake.HostileCorpus;
import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;

/** Release events through the embedded broker over its real protocol, into decisions. */
class IntakeEndToEndTest extends ServiceTestSupport {

    /** The broker's own maximum (a second line behind the service's 1 MiB limit), low enough to test. */
    @Override
    protected java.util.Properties overrides() {
        java.util.Properties p = new java.util.Properties();
        // a 1 MiB text message takes 2 MiB on the broker (UTF-16)
        p.setProperty("bij.broker.embedded.max-message-mb", "3");
        return p;
    }

    @Test
    void aQualifyingEventIsNotifiedToItsMayorThroughTheDropFolder() throws Exception {
        String qualifying = Events.minimalWith("<juvenileLaw>", "<irrevocableDate>2021-02-24</irrevocableDate><juvenileLaw>");
        String id = sendAndAwait(text(qualifying)).get(0);
        DecisionRecord decision = decisionOf(id);
        assertThat(decision.decision()).isEqualTo(Decision.NOTIFIED);
        assertThat(decision.reason()).isEqualTo("ROUTE_A_LIST1");
        assertThat(decision.municipality()).contains("0344");
        assertThat(decision.noticeIds()).hasSize(1);
        Path notice = Path.of(settings.getProperty("bij.delivery.outbox-dir"), "0344", decision.noticeIds().get(0) + ".xml");
        assertThat(notice).isRegularFile();
        assertThat(java.nio.file.Files.getPosixFilePermissions(notice)).as("the service's own drop folder: its user only")
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(java.nio.file.Files.getPosixFilePermissions(notice.getParent()))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
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

        // the copies of this test's messages only: another test's copy may still be on its way to the queue
        List<Message> kept = browseWhen("bij.queue.rejected", all -> copiesOf(all, ids).size() >= ids.size());
        assertThat(copiesOf(kept, ids)).as("one kept copy per rejected message").hasSize(ids.size())
                .extracting(m -> property(m, "bijMessageId")).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(copiesOf(kept, ids)).allSatisfy(m -> assertThat(m.getStringProperty("bijRejectReason")).isNotBlank());

        String afterwards = sendAndAwait(text(Events.withEventId(Events.minimal(), "00000000-0000-4000-8000-000000000001"))).get(0);
        assertThat(decisionOf(afterwards).decision()).isEqualTo(Decision.NOT_QUALIFYING);
        assertThat(browse("bij.queue.releases")).isEmpty();
    }

    static Stream<Arguments> sizes() {
        return Stream.of(
                Arguments.of("a TextMessage of exactly the limit", true, 0, "00000000-0000-4000-8000-0000000000e1"),
                Arguments.of("a BytesMessage of exactly the limit", false, 0, "00000000-0000-4000-8000-0000000000e2"),
                Arguments.of("a TextMessage one byte over", true, 1, "00000000-0000-4000-8000-0000000000e3"),
                Arguments.of("a BytesMessage one byte over", false, 1, "00000000-0000-4000-8000-0000000000e4"));
    }

    /** The limit where it is enforced (JmsIntake, before the body is parsed), through the real queue. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sizes")
    void theSizeLimitHoldsToTheByte(String name, boolean asText, int over, String eventId) throws Exception {
        int limit = Integer.parseInt(settings.getProperty("bij.intake.max-message-bytes"));
        byte[] body = HostileCorpus.paddedTo(Events.withEventId(Events.minimal(), eventId), limit + over);
        String id = sendAndAwait(asText ? text(new String(body, UTF_8)) : bytes(body)).get(0);

        DecisionRecord decision = decisionOf(id);
        if (over == 0) {
            assertThat(decision.decision()).as(name).isEqualTo(Decision.NOT_QUALIFYING);
            assertThat(decision.reason()).isEqualTo("NOT_IRREVOCABLE");
        } else {
            assertThat(decision.decision()).as(name).isEqualTo(Decision.REJECTED);
            assertThat(decision.reason()).isEqualTo("TOO_LARGE");
            assertThat(decision.detail()).contains((limit + 1) + " bytes, over the limit of " + limit,
                    "only its first " + settings.getProperty("bij.intake.kept-head-bytes") + " bytes are kept");
            assertThat(decision.eventId()).as("found in the kept head").contains(eventId);
        }
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
        assertThat(body).as("the parser's copy, up to where the message breaks")
                .contains("<convictions>", "not kept: the rest of the message from line").doesNotContain(Events.AFTERCARE);
        assertThat(kept.getStringProperty("bijRejectReason")).isEqualTo("MALFORMED_XML");
        assertThat(kept.getStringProperty("bijEventId")).isEqualTo("00000000-0000-4000-8000-000000000002");
        assertThat(kept.getStringProperty("bijRejectDetail")).contains("line");
    }

    @Test
    void aUtf16MessageIsKeptInUtf16WithoutItsAftercare() throws Exception {
        String broken = Events.withEventId(Events.full(), "00000000-0000-4000-8000-000000000004")
                .replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"").replace("</releaseEvent>", "</releaseEvenz>");
        String id = sendAndAwait(bytes(broken.getBytes(java.nio.charset.StandardCharsets.UTF_16))).get(0);

        Message kept = browseWhen("bij.queue.rejected", all -> all.stream().anyMatch(m -> id.equals(property(m, "bijMessageId"))))
                .stream().filter(m -> id.equals(property(m, "bijMessageId"))).findFirst().orElseThrow();
        String body = new String(body(kept), java.nio.charset.StandardCharsets.UTF_16);
        assertThat(body).contains("<surname>Zwaantjes-Plantinga</surname>", "aftercare removed at intake")
                .doesNotContain(Events.AFTERCARE);
    }

    @Test
    void markupInASurnameIsDescribedInFixedWords() throws Exception {
        String event = Events.withEventId(Events.full(), "00000000-0000-4000-8000-000000000005")
                .replace("<surname>Zwaantjes-Plantinga</surname>", "<surname>Zwaantjes &Plantinga;</surname>");
        DecisionRecord rejected = decisionOf(sendAndAwait(text(event)).get(0));

        assertThat(rejected.reason()).isEqualTo("MALFORMED_XML");
        assertThat(rejected.detail()).matches("an '&' does not start a valid character or entity reference"
                + " \\(write &amp;\\) \\(line \\d+, column \\d+\\)").doesNotContain("Plantinga");
    }

    @Test
    void theBrokerRefusesAMessageOverItsOwnMaximum() throws Exception {
        byte[] fourMegabytes = new byte[4 * 1024 * 1024];
        java.util.Arrays.fill(fourMegabytes, (byte) 'x');
        try (JustidSender justid = new JustidSender(settings)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> justid.sendBytes(fourMegabytes))
                    .isInstanceOf(jakarta.jms.JMSException.class)
                    .hasMessageContaining("over the broker's limit of 3145728 bytes for justid.bij.releases");
        }
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

    private static List<Message> copiesOf(List<Message> kept, List<String> messageIds) {
        return kept.stream().filter(m -> messageIds.contains(property(m, "bijMessageId"))).toList();
    }

    private static byte[] body(Message message) throws Exception {
        BytesMessage bytes = (BytesMessage) message;
        byte[] body = new byte[(int) bytes.getBodyLength()];
        bytes.readBytes(body);
        return body;
    }
}
