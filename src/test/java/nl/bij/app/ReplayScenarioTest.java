package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;


import nl.bij.state.Decision;

/**
 * The operators' scenario of issue 6 (also in docs/operators.md): the relay is down, notices for a mail municipality end
 * FAILED; the relay comes back; a replay by municipality delivers each exactly once; a second replay sends
 * nothing; a forced replay sends one once more with the same noticeId, and the force is in the audit trail.
 */
class ReplayScenarioTest extends RelayOutageTestSupport {

    @Test
    void failedByAnOutageReplayedOnceAndForcedOnceOnTheRecord() throws Exception {
        List<String> ids = sendAndAwait(text(MailDeliveryTest.qualifyingFor("0193", "00000000-0000-4000-8000-0000000000a1")),
                text(MailDeliveryTest.qualifyingFor("0193", "00000000-0000-4000-8000-0000000000a2")));
        assertThat(ids).allSatisfy(id -> assertThat(decisionOf(id).decision()).isEqualTo(Decision.FAILED));

        HttpResponse<String> health = admin("GET", "/health", AdminApiTest.VIEWER);
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
        HttpResponse<String> response = admin(method, path, credentials);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
