package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import nl.bij.intake.Events;
import nl.bij.state.Decision;

/** With bij.review.four-eyes=false one operator's "qualifies" judgment is enough, and is on the record. */
class ReviewWithoutFourEyesTest extends ServiceTestSupport {

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("bij.review.four-eyes", "false");
        return p;
    }

    @Test
    void oneOperatorsJudgmentSendsTheNotice() throws Exception {
        String eventId = "00000000-0000-4000-8000-000000000a41";
        String id = sendAndAwait(text(Events.replace(MailDeliveryTest.qualifyingFor("0344", eventId),
                "<sanction type=\"GEVANGENISSTRAF\" duration=\"P4Y\"/>", "<sanction type=\"OTHER\"/>"))).get(0);
        assertThat(decisionOf(id).reason()).isEqualTo("SANCTION_UNCLEAR");

        HttpResponse<String> resolved = admin("POST", "/items/review/" + eventId
                + "/resolve?route=ROUTE_A_LIST1&ground=ZEDEN&reason=ISD%20is%20een%20vrijheidsbenemende%20maatregel",
                AdminApiTest.OPERATOR);

        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.body()).doesNotContain("AWAITING_CONFIRMATION");
        await().atMost(Duration.ofSeconds(20)).until(() -> decisionOf(id).decision() == Decision.NOTIFIED);
        assertThat(admin("GET", "/audit?target=" + eventId, AdminApiTest.VIEWER).body()).contains("review-resolve",
                "qualifies by ROUTE_A_LIST1: ISD is een vrijheidsbenemende maatregel").doesNotContain("ZEDEN");
    }
}
