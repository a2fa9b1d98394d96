package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import nl.bij.intake.Events;
import nl.bij.notice.Notices;
import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;

/**
 * A review can end in a notice (docs/law.md §2.3, docs/contract.md §4), through the real service: one operator judges
 * that the person qualifies, with the route and a written legal reason; the same operator cannot confirm it; a
 * second one does, and the notice leaves; the audit trail has both. A flag on a notified event stands on the review
 * list until acknowledged.
 */
class ReviewJudgmentTest extends ServiceTestSupport {

    static final String SECOND_OPERATOR = "olga:second-operator-secret";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aQualifiesJudgmentLeavesOnlyOnceASecondOperatorConfirmsIt() throws Exception {
        String eventId = "00000000-0000-4000-8000-000000000a31";
        String id = review(eventId, "<offence article=\"", "<offence attempt=\"true\" article=\"");
        assertThat(decisionOf(id).reason()).isEqualTo("ATTEMPT_OR_PARTICIPATION");

        HttpResponse<String> judged = admin("POST", "/items/review/" + eventId + "/resolve?route=ROUTE_A_LIST1&ground=ZEDEN"
                + "&reason=poging%20tot%20242%3A%20voltooid%20genoeg%20voor%20de%20regeling", AdminApiTest.OPERATOR);

        assertThat(judged.statusCode()).as(judged.body()).isEqualTo(200);
        assertThat(json.readTree(judged.body()).get("status").asText()).isEqualTo("AWAITING_CONFIRMATION");
        assertThat(decisionOf(id).decision()).as("nothing leaves on one person's word").isEqualTo(Decision.MANUAL_REVIEW);
        assertThat(admin("GET", "/items/review", AdminApiTest.VIEWER).body()).doesNotContain(eventId);
        assertThat(admin("GET", "/items/confirm", AdminApiTest.VIEWER).body()).contains(eventId, "\"judgedBy\":\"otto\"",
                "ROUTE_A_LIST1_ZEDEN");

        HttpResponse<String> sameOperator = admin("POST", "/items/review/" + eventId + "/confirm", AdminApiTest.OPERATOR);
        assertThat(sameOperator.statusCode()).isEqualTo(409);
        assertThat(sameOperator.body()).contains("a second operator must confirm");
        assertThat(admin("POST", "/items/review/" + eventId + "/confirm", AdminApiTest.VIEWER).statusCode()).isEqualTo(403);
        assertThat(decisionOf(id).decision()).isEqualTo(Decision.MANUAL_REVIEW);

        HttpResponse<String> confirmed = admin("POST", "/items/review/" + eventId + "/confirm", SECOND_OPERATOR);

        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> decisionOf(id).decision() == Decision.NOTIFIED);
        DecisionRecord notified = decisionOf(id);
        assertThat(notified.reason()).isEqualTo("ROUTE_A_LIST1");
        assertThat(Path.of(settings.getProperty("bij.delivery.outbox-dir"), "0344", notified.noticeIds().get(0) + ".xml"))
                .isRegularFile();
        assertThat(admin("GET", "/items/confirm", AdminApiTest.VIEWER).body()).doesNotContain(eventId);
        String trail = admin("GET", "/trail?eventId=" + eventId, AdminApiTest.VIEWER).body();
        assertThat(trail).contains("judged to qualify by ROUTE_A_LIST1 by otto, confirmed by olga");
        String audit = admin("GET", "/audit?target=" + eventId, AdminApiTest.VIEWER).body();
        assertThat(audit).contains("\"operator\":\"otto\",\"action\":\"review-judge\"",
                "\"operator\":\"otto\",\"action\":\"review-confirm\"", "refused: a second operator must confirm",
                "\"operator\":\"olga\",\"action\":\"review-confirm\"", "voltooid genoeg voor de regeling");
    }

    @Test
    void aJudgmentThatCannotLeadToANoticeIsRefusedAtOnce() throws Exception {
        String eventId = "00000000-0000-4000-8000-000000000a32";
        review(eventId, "<offence article=\"", "<offence attempt=\"true\" article=\"");

        assertThat(admin("POST", "/items/review/" + eventId + "/resolve?route=ROUTE_A_LIST1&ground=ZEDENN&reason=x",
                AdminApiTest.OPERATOR).statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/items/review/" + eventId + "/resolve?route=ROUTE_Z&reason=x", AdminApiTest.OPERATOR)
                .statusCode()).isEqualTo(400);
        HttpResponse<String> noChannel = admin("POST", "/items/review/" + eventId
                + "/resolve?route=ROUTE_A_LIST1&municipality=0363&reason=x", AdminApiTest.OPERATOR);
        assertThat(noChannel.statusCode()).isEqualTo(409);
        assertThat(noChannel.body()).contains("NOT_CONNECTED");
        assertThat(admin("GET", "/items/review", AdminApiTest.VIEWER).body()).as("still waiting").contains(eventId);
        HttpResponse<String> nothingGiven = admin("POST", "/items/review/" + eventId + "/withdraw?reason=x",
                AdminApiTest.OPERATOR);
        assertThat(nothingGiven.statusCode()).isEqualTo(409);
        assertThat(nothingGiven.body()).contains("nothing to withdraw");
        assertThat(admin("GET", "/audit?target=" + eventId, AdminApiTest.VIEWER).body()).as("every call audited")
                .contains("\"operator\":\"otto\",\"action\":\"review-resolve\"",
                        "qualifies by ROUTE_A_LIST1, municipality 0363: x; refused: ", "NOT_CONNECTED");
    }

    @Test
    void aNoticeAnUpdateLeftStandingIsWithdrawnByAPersonAndTheEventEndsWithdrawn() throws Exception {
        String announce = MailDeliveryTest.qualifyingFor("0344", "00000000-0000-4000-8000-000000000a36");
        String first = sendAndAwait(text(announce)).get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> decisionOf(first).decision() == Decision.NOTIFIED);
        DecisionRecord notified = decisionOf(first);
        // an escape is no return the service can judge: the notice stands and a person decides
        String eventId = "00000000-0000-4000-8000-000000000a37";
        String escape = Events.inCase(Events.replace(Events.replace(Events.withEventId(announce, eventId),
                "<eventType>ANNOUNCE</eventType>", "<eventType>UPDATE</eventType>"), "<kind>FINAL_RELEASE</kind>",
                "<kind>ESCAPE</kind>"), notified.caseId().orElseThrow());
        String id = sendAndAwait(text(escape)).get(0);
        assertThat(decisionOf(id).decision()).isEqualTo(Decision.MANUAL_REVIEW);
        assertThat(decisionOf(id).detail()).contains("stands: a person decides whether to withdraw it");

        assertThat(admin("POST", "/items/review/" + eventId + "/withdraw?reason=x", AdminApiTest.VIEWER).statusCode())
                .isEqualTo(403);
        assertThat(admin("POST", "/items/review/" + eventId + "/withdraw?why=LATER&reason=x", AdminApiTest.OPERATOR)
                .statusCode()).isEqualTo(400);
        HttpResponse<String> withdrawn = admin("POST", "/items/review/" + eventId
                + "/withdraw?reason=onttrokken%20TICKET-41", AdminApiTest.OPERATOR);

        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> decisionOf(id).decision() == Decision.WITHDRAWN);
        String intrekking = java.nio.file.Files.readString(Path.of(settings.getProperty("bij.delivery.outbox-dir"),
                "0344", decisionOf(id).noticeIds().get(0) + ".xml"));
        assertThat(intrekking).contains("<noticeType>INTREKKING</noticeType>",
                "<changesNoticeId>" + notified.noticeIds().get(0) + "</changesNoticeId>", "RETURN_CANCELLED");
        assertThat(admin("GET", "/items/review", AdminApiTest.VIEWER).body()).doesNotContain(eventId);
        assertThat(admin("GET", "/audit?target=" + eventId, AdminApiTest.VIEWER).body())
                .contains("\"action\":\"review-withdraw\"", "RETURN_CANCELLED: onttrokken TICKET-41");
        assertThat(admin("POST", "/items/review/" + eventId + "/withdraw?reason=x", AdminApiTest.OPERATOR).statusCode())
                .as("once").isEqualTo(409);
    }

    @Test
    void theFixedResolveCallTakesTheGroundOfList1FromTheOffencesWhereTheyTell() throws Exception {
        // docs/contract.md §4: route is one of the route codes; the notice's ground (ZEDEN, GEWELD) comes from 242
        String attempt = "00000000-0000-4000-8000-000000000a34";
        review(attempt, "<offence article=\"", "<offence attempt=\"true\" article=\"");
        HttpResponse<String> judged = admin("POST", "/items/review/" + attempt + "/resolve?route=ROUTE_A_LIST1"
                + "&reason=poging%20tot%20242", AdminApiTest.OPERATOR);
        assertThat(judged.statusCode()).as(judged.body()).isEqualTo(200);
        assertThat(admin("GET", "/items/confirm", AdminApiTest.VIEWER).body()).contains(attempt, "ROUTE_A_LIST1_ZEDEN");

        // an article the register does not know ("24", a typo for 242?) tells nothing: the operator must say which
        String unknown = "00000000-0000-4000-8000-000000000a35";
        String id = review(unknown, "article=\"242\"", "article=\"24\"");
        assertThat(decisionOf(id).reason()).isEqualTo("UNKNOWN_ARTICLE");
        HttpResponse<String> untold = admin("POST", "/items/review/" + unknown + "/resolve?route=ROUTE_A_LIST1&reason=x",
                AdminApiTest.OPERATOR);
        assertThat(untold.statusCode()).isEqualTo(400);
        assertThat(untold.body()).contains("name no list-1 article, so give ground=ZEDEN or ground=GEWELD");
        assertThat(admin("POST", "/items/review/" + unknown + "/resolve?route=ROUTE_A_LIST1&ground=ZEDEN"
                + "&reason=typefout%20voor%20242", AdminApiTest.OPERATOR).statusCode()).isEqualTo(200);
    }

    @Test
    void aFlagOnANotifiedEventStandsOnTheReviewListUntilAcknowledged() throws Exception {
        String eventId = "00000000-0000-4000-8000-000000000a33";
        String id = sendAndAwait(text(Events.withEventId(Notices.fullAnnouncement(), eventId))).get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> decisionOf(id).decision() == Decision.NOTIFIED);
        assertThat(decisionOf(id).reviewReasons()).containsExactly("INTENDED_MUNICIPALITY_DIFFERS");

        assertThat(admin("GET", "/items/review", AdminApiTest.VIEWER).body()).contains(eventId, "INTENDED_MUNICIPALITY_DIFFERS");
        assertThat(admin("POST", "/items/review/" + eventId + "/acknowledge?reason=x", AdminApiTest.VIEWER).statusCode())
                .isEqualTo(403);

        HttpResponse<String> acknowledged = admin("POST", "/items/review/" + eventId
                + "/acknowledge?reason=gemeente%20Den%20Haag%20gebeld%20TICKET-40", AdminApiTest.OPERATOR);

        assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(200);
        assertThat(admin("GET", "/items/review", AdminApiTest.VIEWER).body()).doesNotContain(eventId);
        assertThat(decisionOf(id).decision()).as("the notice stands").isEqualTo(Decision.NOTIFIED);
        assertThat(admin("POST", "/items/review/" + eventId + "/acknowledge?reason=again", AdminApiTest.OPERATOR)
                .statusCode()).isEqualTo(409);
        assertThat(admin("GET", "/audit?target=" + eventId, AdminApiTest.VIEWER).body()).contains("review-acknowledge");
    }

    /** A qualifying event for Utrecht, changed so that it goes to review; returns its message id. */
    private String review(String eventId, String from, String to) throws Exception {
        return sendAndAwait(text(Events.replace(MailDeliveryTest.qualifyingFor("0344", eventId), from, to))).get(0);
    }
}
