package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import nl.bij.intake.Events;
import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;

/** The admin API over real HTTP: who may do what, the fixed event lookup, and a dry run that changes nothing. */
class AdminApiTest extends ServiceTestSupport {

    static final String VIEWER = "vera:viewer-secret";
    static final String OPERATOR = "otto:operator-secret";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void withoutCredentialsEverythingIsRefused() throws Exception {
        HttpResponse<String> response = admin("GET", "/status", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).as("no challenge: see AdminSecurityTest").isEmpty();
        assertThat(admin("POST", "/replay/municipalities/0344", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aWrongPasswordAndAnUnknownNameGetTheSameAnswer() throws Exception {
        HttpResponse<String> wrongPassword = admin("GET", "/status", "vera:not-her-password");
        HttpResponse<String> unknownName = admin("GET", "/status", "nobody:viewer-secret");
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownName.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownName.body());
        assertThat(wrongPassword.headers().map().keySet()).isEqualTo(unknownName.headers().map().keySet());
    }

    @Test
    void aViewerMayLookButNotReplay() throws Exception {
        HttpResponse<String> status = admin("GET", "/status", VIEWER);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"queues\":{\"justid.bij.releases\":", "\"bij.dlq\":");
        HttpResponse<String> replay = admin("POST", "/replay/municipalities/0344", VIEWER);
        assertThat(replay.statusCode()).isEqualTo(403);
        assertThat(admin("POST", "/replay/events/00000000-0000-4000-8000-000000000000", VIEWER).statusCode()).isEqualTo(403);
    }

    @Test
    void theEventLookupAnswersTheFixedShapeOr404() throws Exception {
        String id = sendAndAwait(text(MailDeliveryTest.qualifyingFor("0344", "00000000-0000-4000-8000-0000000000f1"))).get(0);
        DecisionRecord decision = decisionOf(id);

        HttpResponse<String> found = admin("GET", "/events/00000000-0000-4000-8000-0000000000f1", VIEWER);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.headers().firstValue("Content-Type")).contains("application/json");
        @SuppressWarnings("unchecked")
        Map<String, Object> event = json.readValue(found.body(), Map.class);
        assertThat(event).containsEntry("eventId", "00000000-0000-4000-8000-0000000000f1")
                .containsEntry("decision", "NOTIFIED").containsEntry("reason", "ROUTE_A_LIST1")
                .containsEntry("municipality", "0344").containsEntry("noticeIds", decision.noticeIds())
                .containsEntry("reviewReasons", List.of()).containsKeys("caseId", "decidedAt");
        assertThat(found.headers().firstValue("Authorization")).as("the credentials never come back").isEmpty();

        assertThat(admin("GET", "/events/00000000-0000-4000-8000-00000000dead", VIEWER).statusCode()).isEqualTo(404);
    }

    @Test
    void aDryRunSaysWhatWouldHappenAndChangesNothing() throws Exception {
        String id = sendAndAwait(text(MailDeliveryTest.qualifyingFor("0344", "00000000-0000-4000-8000-0000000000f2"))).get(0);
        assertThat(decisionOf(id).decision()).isEqualTo(Decision.NOTIFIED);
        String auditBefore = admin("GET", "/audit", VIEWER).body();

        HttpResponse<String> dryRun = admin("POST", "/replay/events/00000000-0000-4000-8000-0000000000f2?dryRun=true&force=true", OPERATOR);

        assertThat(dryRun.statusCode()).isEqualTo(200);
        assertThat(dryRun.body()).contains("would be requeued: sent once more with the same noticeId (forced)");
        assertThat(admin("GET", "/audit", VIEWER).body()).isEqualTo(auditBefore);
        assertThat(admin("GET", "/trail?eventId=00000000-0000-4000-8000-0000000000f2", VIEWER).body())
                .contains("\"status\":\"DELIVERED\"").doesNotContain("PENDING");
    }

    @Test
    void aViewerMayNotSuppressCloseOrReadANoticeInFull() throws Exception {
        assertThat(admin("POST", "/suppressions?municipality=0344&reason=TICKET-1", VIEWER).statusCode()).isEqualTo(403);
        assertThat(admin("POST", "/suppressions/1/lift?reason=done", VIEWER).statusCode()).isEqualTo(403);
        assertThat(admin("POST", "/items/review/00000000-0000-4000-8000-000000000000/close?reason=x", VIEWER).statusCode())
                .isEqualTo(403);
        assertThat(admin("GET", "/notices/00000000-0000-4000-8000-000000000000", VIEWER).statusCode()).isEqualTo(403);
    }

    @Test
    void anOperatorsSuppressionRuleStopsTheNextNoticeAndLiftingItLetsThemThrough() throws Exception {
        HttpResponse<String> added = admin("POST", "/suppressions?municipality=0268&reason=TICKET-7", OPERATOR);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        String id = String.valueOf(json.readTree(added.body()).get("id").asLong());

        DecisionRecord suppressed = decisionOf(sendAndAwait(text(MailDeliveryTest.qualifyingFor("0268",
                "00000000-0000-4000-8000-0000000000f4"))).get(0));
        assertThat(suppressed.decision()).isEqualTo(Decision.SUPPRESSED);
        assertThat(suppressed.reason()).isEqualTo("TICKET-7");

        assertThat(admin("POST", "/suppressions/" + id + "/lift?reason=TICKET-7%20done", OPERATOR).statusCode()).isEqualTo(200);
        DecisionRecord notified = decisionOf(sendAndAwait(text(MailDeliveryTest.qualifyingFor("0268",
                "00000000-0000-4000-8000-0000000000f5"))).get(0));
        assertThat(notified.decision()).isEqualTo(Decision.NOTIFIED);
        assertThat(admin("GET", "/audit?target=0268", VIEWER).body()).contains("suppress-add", "otto");
        assertThat(admin("GET", "/suppressions", VIEWER).body()).contains("\"liftedBy\":\"otto\"");
    }

    @Test
    void aReviewItemClosedByAnOperatorEndsWithTheirReason() throws Exception {
        reviewItem("00000000-0000-4000-8000-0000000000f6", HOME_IN_UTRECHT, "<abroad country=\"BE\"/>", "ABROAD");

        HttpResponse<String> closed = admin("POST", "/items/review/00000000-0000-4000-8000-0000000000f6/close?reason=BE-liaison-informed",
                OPERATOR);

        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        Map<?, ?> event = json.readValue(admin("GET", "/events/00000000-0000-4000-8000-0000000000f6", VIEWER).body(), Map.class);
        assertThat(event.get("decision")).isEqualTo("NOT_QUALIFYING");
        assertThat(event.get("reason")).isEqualTo("ABROAD");
        assertThat(admin("GET", "/items/review", VIEWER).body()).doesNotContain("00000000-0000-4000-8000-0000000000f6");
        assertThat(admin("GET", "/trail?eventId=00000000-0000-4000-8000-0000000000f6", VIEWER).body())
                .as("the change is in the trail").contains("closed by otto: BE-liaison-informed");
        // one writer: the operator's change passes the same metrics as every decision
        assertThat(admin("GET", "/metrics", VIEWER).body())
                .contains("bij_decisions_total{decision=\"NOT_QUALIFYING\",reason=\"ABROAD\"} 1.0");
    }

    @Test
    void aRejectedMessageIsInspectedByAnOperatorAndDeletedOnTheRecord() throws Exception {
        String broken = Events.withEventId(Events.full(), "00000000-0000-4000-8000-0000000000f7")
                .replace("</convictions>", "</convictionz>");
        String id = sendAndAwait(text(broken)).get(0);
        browseWhen("bij.queue.rejected", all -> all.stream().anyMatch(m -> id.equals(property(m, "bijMessageId"))));

        assertThat(admin("GET", "/rejected/" + id, VIEWER).statusCode()).isEqualTo(403);
        HttpResponse<String> kept = admin("GET", "/rejected/" + id, OPERATOR);
        assertThat(kept.statusCode()).isEqualTo(200);
        assertThat(kept.body()).contains("<convictions>", "not kept: the rest of the message from line")
                .doesNotContain(Events.AFTERCARE);

        assertThat(admin("POST", "/rejected/" + id + "/delete?reason=inspected%20TICKET-9", OPERATOR).statusCode()).isEqualTo(200);
        assertThat(admin("GET", "/rejected/" + id, OPERATOR).statusCode()).isEqualTo(404);
        assertThat(admin("GET", "/audit?target=" + id, VIEWER).body()).contains("view-rejected", "delete-rejected");
        assertThat(decisionOf(id).decision()).as("the decision stays").isEqualTo(Decision.REJECTED);
        assertThat(admin("GET", "/events/00000000-0000-4000-8000-0000000000f7", VIEWER).body())
                .as("the fixed lookup knows a rejected event by the eventId read from it")
                .contains("\"decision\":\"REJECTED\"", "\"reason\":\"MALFORMED_XML\"");

        String corrected = decisionOf(sendAndAwait(text(Events.withEventId(Events.minimal(),
                "00000000-0000-4000-8000-0000000000f7"))).get(0)).decision().name();
        assertThat(corrected).as("a rejection claims no eventId").isNotIn("REJECTED", "DUPLICATE");
        assertThat(admin("GET", "/events/00000000-0000-4000-8000-0000000000f7", VIEWER).body())
                .as("the corrected message's decision is the event's").contains("\"decision\":\"" + corrected + "\"");
    }

    @Test
    void aReviewItemResolvedByChoosingAMunicipalityIsNotifiedLikeAnyOther() throws Exception {
        String id = reviewItem("00000000-0000-4000-8000-0000000000f8", HOME_IN_UTRECHT, "<abroad country=\"DE\"/>", "ABROAD");
        HttpResponse<String> document = admin("GET", "/items/review/00000000-0000-4000-8000-0000000000f8/document", OPERATOR);
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).as("whom it concerns, without BSN or aftercare").contains("<surname>")
                .doesNotContain("<bsn>", "aftercare>");
        assertThat(admin("POST", "/items/review/00000000-0000-4000-8000-0000000000f8/resolve?municipality=0344&reason=x",
                VIEWER).statusCode()).isEqualTo(403);

        HttpResponse<String> resolved = admin("POST",
                "/items/review/00000000-0000-4000-8000-0000000000f8/resolve?municipality=0344&reason=TICKET-11", OPERATOR);

        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> decisionOf(id).decision() == Decision.NOTIFIED);
        DecisionRecord notified = decisionOf(id);
        assertThat(notified.municipality()).contains("0344");
        assertThat(java.nio.file.Path.of(settings.getProperty("bij.delivery.outbox-dir"), "0344",
                notified.noticeIds().get(0) + ".xml")).isRegularFile();
        assertThat(admin("GET", "/trail?eventId=00000000-0000-4000-8000-0000000000f8", VIEWER).body())
                .contains("chosen by otto", "review-resolve");
        assertThat(admin("POST", "/items/review/00000000-0000-4000-8000-0000000000f8/resolve?municipality=0344&reason=again",
                OPERATOR).statusCode()).as("not waiting any more").isEqualTo(409);
    }

    @Test
    void anItemWhoseLawNeedsAPersonCannotBeResolvedByMunicipalityAlone() throws Exception {
        reviewItem("00000000-0000-4000-8000-0000000000f9", "<offence article=\"", "<offence attempt=\"true\" article=\"",
                "ATTEMPT_OR_PARTICIPATION");

        HttpResponse<String> refused = admin("POST",
                "/items/review/00000000-0000-4000-8000-0000000000f9/resolve?municipality=0344&reason=x", OPERATOR);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("the law needs a person's judgment");
    }

    @Test
    void theCommandLineShowsTablesAndRefusesAViewersReplay() throws Exception {
        sendAndAwait(text(MailDeliveryTest.qualifyingFor("0344", "00000000-0000-4000-8000-0000000000f3")));
        String url = "http://127.0.0.1:" + settings.getProperty("bij.admin.port");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        int status;
        int replay;
        try {
            System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
            // picocli reads ${BIJ_ADMIN_PASSWORD} from a system property before the environment
            System.setProperty("BIJ_ADMIN_PASSWORD", "viewer-secret");
            status = new picocli.CommandLine(new BijService()).execute("admin", "status", "--url", url, "-u", "vera");
            replay = new picocli.CommandLine(new BijService()).execute("admin", "replay", "--municipality", "0344",
                    "--url", url, "-u", "vera");
        } finally {
            System.setOut(original);
            System.clearProperty("BIJ_ADMIN_PASSWORD");
        }
        assertThat(status).isZero();
        assertThat(replay).as("refused: a viewer").isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("decisions (", "NOTIFIED", "municipalities (", "0344");
    }

    private static final String HOME_IN_UTRECHT = "<municipality code=\"0344\" addressKind=\"HOME\"/>";

    /** A qualifying event changed so that it goes to review for {@code reason}; returns its message id. */
    private String reviewItem(String eventId, String from, String to, String reason) throws Exception {
        String event = nl.bij.intake.Events.replace(MailDeliveryTest.qualifyingFor("0344", eventId), from, to);
        String id = sendAndAwait(text(event)).get(0);
        assertThat(decisionOf(id).reason()).isEqualTo(reason);
        return id;
    }

}
