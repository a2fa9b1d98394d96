package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.bij.intake.Events;
import nl.bij.operations.Alerts;
import nl.bij.state.Decision;

/**
 * Dead letters are visible and recoverable: a message that keeps failing for a fault in the code lands on the
 * dead-letter queue, raises the alert, shows in the API (aftercare cut out); once the cause is fixed a requeue gives
 * it its decision; another is deleted with a reason; every action is audited. The fault is injected in the decision
 * log (as in TransactionTest): no real message makes the code throw.
 */
class DeadLettersTest extends FailingLogTestSupport {

    private static final String POISON = "00000000-0000-4000-8000-0000000dead1";
    private static final String ALSO_POISON = "00000000-0000-4000-8000-0000000dead2";

    private final ObjectMapper json = new ObjectMapper();

    /** The fault: both events fail every time, until the test fixes the cause. */
    DeadLettersTest() {
        super(new ConcurrentHashMap<>(Map.of(POISON, Integer.MAX_VALUE, ALSO_POISON, Integer.MAX_VALUE)));
    }

    @Test
    void aPoisonMessageIsDeadLetteredShownAlertedAndRequeuedOnceItsCauseIsFixed() throws Exception {
        String messageId;
        try (JustidSender justid = new JustidSender(settings)) {
            messageId = justid.send(justid.session().createTextMessage(Events.withEventId(
                    MailDeliveryTest.qualifyingFor("0344", POISON).replace("</convictions>",
                            "</convictions><aftercare><housing>" + Events.AFTERCARE + "</housing></aftercare>"), POISON)));
        }
        JsonNode letter = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(messageId), n -> n != null);
        assertThat(letter.get("from").asText()).isEqualTo(settings.getProperty("bij.queue.releases"));
        assertThat(letter.get("eventId").asText()).isEqualTo(POISON);
        assertThat(decisionLog().byEventId(POISON)).as("no decision yet").isEmpty();

        assertThat(context.getRegistry().lookupByNameAndType("alerts", Alerts.class).check())
                .extracting(Alerts.Alert::kind).contains("DEAD_LETTERS");
        assertThat(json.readTree(admin("GET", "/status", AdminApiTest.VIEWER).body()).get("deadLetters").asLong())
                .isGreaterThanOrEqualTo(1);
        assertThat(admin("GET", "/dead-letters/" + messageId, AdminApiTest.VIEWER).statusCode()).isEqualTo(403);
        HttpResponse<String> body = admin("GET", "/dead-letters/" + messageId, AdminApiTest.OPERATOR);
        assertThat(body.statusCode()).isEqualTo(200);
        assertThat(body.body()).contains("<eventId>" + POISON + "</eventId>").doesNotContain(Events.AFTERCARE);

        seenInTheConsole(messageId);

        failingLog.fix(POISON);   // the cause is fixed
        HttpResponse<String> requeued = admin("POST", "/dead-letters/" + messageId + "/requeue?reason=TICKET-70%20fixed",
                AdminApiTest.OPERATOR);

        assertThat(requeued.statusCode()).as(requeued.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> decisionLog().byEventId(POISON).stream()
                .anyMatch(d -> d.decision() == Decision.NOTIFIED));
        assertThat(deadLetter(messageId)).as("off the dead-letter queue").isNull();
        assertThat(admin("GET", "/audit?target=" + messageId, AdminApiTest.VIEWER).body())
                .contains("view-dead-letter", "requeue-dead-letter", "TICKET-70 fixed");
    }

    @Test
    void aDeadLetterIsDeletedOnlyWithAReasonAndOnTheRecord() throws Exception {
        String messageId;
        try (JustidSender justid = new JustidSender(settings)) {
            messageId = justid.send(justid.session().createTextMessage(
                    Events.withEventId(MailDeliveryTest.qualifyingFor("0344", ALSO_POISON), ALSO_POISON)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(messageId), n -> n != null);

        assertThat(admin("POST", "/dead-letters/" + messageId + "/delete", AdminApiTest.OPERATOR).statusCode())
                .as("no reason").isEqualTo(400);
        assertThat(admin("POST", "/dead-letters/" + messageId + "/delete?reason=x", AdminApiTest.VIEWER).statusCode())
                .isEqualTo(403);
        assertThat(admin("POST", "/dead-letters/" + messageId + "/delete?reason=duplicate%20of%20TICKET-71",
                AdminApiTest.OPERATOR).statusCode()).isEqualTo(200);

        assertThat(deadLetter(messageId)).isNull();
        assertThat(admin("GET", "/audit?target=" + messageId, AdminApiTest.VIEWER).body()).contains("delete-dead-letter");
        assertThat(admin("POST", "/dead-letters/" + messageId + "/requeue?reason=x", AdminApiTest.OPERATOR).statusCode())
                .isEqualTo(409);
    }

    /** The console's status shows the dead letter red, and its own view lists it (screenshot kept). */
    private void seenInTheConsole(String messageId) throws Exception {
        if (nl.bij.state.TestDatabases.postgres()) {
            return;   // the browser part runs once, on the H2 pass
        }
        if (!java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/chromedriver"))) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("chromium and chromium-driver are required in CI; .ci/run installs them");
            }
            return;
        }
        org.openqa.selenium.WebDriver chrome = ConsoleBrowserTest.chrome();
        try {
            var wait = new org.openqa.selenium.support.ui.WebDriverWait(chrome, Duration.ofSeconds(20));
            chrome.get("http://127.0.0.1:" + settings.getProperty("bij.admin.port") + "/console/");
            chrome.findElement(org.openqa.selenium.By.id("user")).sendKeys("otto");
            chrome.findElement(org.openqa.selenium.By.id("password")).sendKeys("operator-secret");
            chrome.findElement(org.openqa.selenium.By.cssSelector("#login button[type=submit]")).click();
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe(
                    org.openqa.selenium.By.xpath("//tr[td[1][text()='Dode brieven']]"), "class", "rood"));
            chrome.findElement(org.openqa.selenium.By.cssSelector("nav button[data-view=deadLetters]")).click();
            wait.until(org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated(
                    org.openqa.selenium.By.xpath("//tr[td[1][text()='" + messageId + "']]")));
            ConsoleBrowserTest.screenshot(chrome, "console-5-dead-letters.png");
        } finally {
            chrome.quit();
        }
    }

    /** The listed dead letter with this message id, or null. */
    private JsonNode deadLetter(String messageId) throws Exception {
        for (JsonNode letter : json.readTree(admin("GET", "/dead-letters", AdminApiTest.VIEWER).body())) {
            if (messageId.equals(letter.get("messageId").asText())) {
                return letter;
            }
        }
        return null;
    }
}
