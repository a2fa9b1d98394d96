package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import nl.bij.state.Decision;

/**
 * The operators' scenario of issue 6 (also in the README): the relay is down, notices for a mail municipality end
 * FAILED; the relay comes back; a replay by municipality delivers each exactly once; a second replay sends
 * nothing; a forced replay sends one once more with the same noticeId, and the force is in the audit trail.
 */
class ReplayScenarioTest extends ServiceTestSupport {

    private static final int SMTP_PORT = AvailablePortFinder.getNextAvailable();
    private final GreenMail relay = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Properties overrides() {
        return MailDeliveryTest.relayAt(SMTP_PORT, "auto", 2);
    }

    @AfterAll
    void stopRelay() {
        relay.stop();
    }

    @Test
    void failedByAnOutageReplayedOnceAndForcedOnceOnTheRecord() throws Exception {
        List<String> ids = sendAndAwait(text(MailDeliveryTest.qualifyingFor("0193", "00000000-0000-4000-8000-0000000000a1")),
                text(MailDeliveryTest.qualifyingFor("0193", "00000000-0000-4000-8000-0000000000a2")));
        assertThat(ids).allSatisfy(id -> assertThat(decisionOf(id).decision()).isEqualTo(Decision.FAILED));

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + settings.getProperty("bij.admin.port") + "/api/v1/health"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        AdminApiTest.VIEWER.getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as("the relay is down").isEqualTo(503);
        assertThat(health.body()).contains("\"mailRelay\":\"DOWN: ConnectException\"");

        String failedNotice = decisionOf(ids.get(1)).noticeIds().get(0);
        assertThat(get("/notices/" + failedNotice, AdminApiTest.OPERATOR))
                .as("an operator deciding on a failed delivery sees the notice in full")
                .contains("<noticeId>" + failedNotice + "</noticeId>", "<surname>");
        assertThat(get("/audit?target=" + failedNotice, AdminApiTest.VIEWER)).contains("view-notice");

        assertThat(post("/replay/channels/MAIL?dryRun=true", AdminApiTest.OPERATOR))
                .contains("would be requeued: delivered again with its own noticeId");

        relay.start();
        String replay = post("/replay/municipalities/0193", AdminApiTest.OPERATOR);
        assertThat(replay).contains("requeued: delivered again with its own noticeId");
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(id -> decisionOf(id).decision() == Decision.NOTIFIED));
        assertThat(relay.waitForIncomingEmail(5_000, 2)).isTrue();
        assertThat(messageIds()).hasSize(2).doesNotHaveDuplicates();

        assertThat(post("/replay/municipalities/0193", AdminApiTest.OPERATOR)).contains("\"notices\":[]");
        assertThat(post("/replay/events/00000000-0000-4000-8000-0000000000a1", AdminApiTest.OPERATOR))
                .contains("nothing: delivered already (force to send it once more)");

        String noticeId = decisionOf(ids.get(0)).noticeIds().get(0);
        assertThat(post("/replay/events/00000000-0000-4000-8000-0000000000a1?force=true", AdminApiTest.OPERATOR))
                .contains("requeued: sent once more with the same noticeId (forced)");
        await().atMost(Duration.ofSeconds(20)).until(() -> messageIds().size() == 3);
        assertThat(messageIds()).filteredOn(("<" + noticeId + "@justid.example>")::equals).hasSize(2);
        assertThat(get("/audit?target=00000000-0000-4000-8000-0000000000a1", AdminApiTest.VIEWER))
                .contains("\"operator\":\"otto\"", "\"action\":\"replay-event-force\"");
    }

    private List<String> messageIds() {
        return Arrays.stream(relay.getReceivedMessages()).map(m -> {
            try {
                return m.getMessageID();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private String post(String path, String credentials) throws Exception {
        return send("POST", path, credentials);
    }

    private String get(String path, String credentials) throws Exception {
        return send("GET", path, credentials);
    }

    private String send(String method, String path, String credentials) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + settings.getProperty("bij.admin.port") + "/api/v1" + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
