package nl.bij.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * dead-letter queue without its aftercare block, raises the alert, shows in the API; once the cause is fixed a
 * requeue gives it its decision; another is deleted with a reason; every action is audited. A release message that
 * expires before intake takes it is dead-lettered the same way, never lost. The fault is injected in the decision
 * log (as in TransactionTest): no real message makes the code throw.
 */
class DeadLettersTest extends FailingLogTestSupport {

    private static final String POISON = "00000000-0000-4000-8000-0000000dead1";
    private static final String ALSO_POISON = "00000000-0000-4000-8000-0000000dead2";
    private static final String EXPIRES = "00000000-0000-4000-8000-0000000dead3";
    private static final String OVERSIZE = "00000000-0000-4000-8000-0000000dead4";

    private final ObjectMapper json = new ObjectMapper();

    /** The fault: both events fail every time, until the test fixes the cause. */
    DeadLettersTest() {
        super(new ConcurrentHashMap<>(Map.of(POISON, Integer.MAX_VALUE, ALSO_POISON, Integer.MAX_VALUE,
                OVERSIZE, Integer.MAX_VALUE)));
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
        assertThat(letter.get("why").asText()).isEqualTo("ATTEMPTS_USED_UP");
        assertThat(decisionLog().byEventId(POISON)).as("no decision yet").isEmpty();
        assertThat(onTheBroker(POISON)).as("the dead letter itself, as the broker holds it")
                .contains("<eventId>" + POISON + "</eventId>").doesNotContain(Events.AFTERCARE, "<aftercare");
        assertThat(browse("bij.queue.releases-undecided")).isEmpty();

        assertThat(context.getRegistry().lookupByNameAndType("alerts", Alerts.class).check())
                .extracting(Alerts.Alert::kind).contains("DEAD_LETTERS");
        assertThat(json.readTree(admin("GET", "/status", AdminApiTest.VIEWER).body()).get("deadLetters").asLong())
                .isGreaterThanOrEqualTo(1);
        String letterId = letter.get("messageId").asText();
        assertThat(admin("GET", "/dead-letters/" + letterId, AdminApiTest.VIEWER).statusCode()).isEqualTo(403);
        HttpResponse<String> body = admin("GET", "/dead-letters/" + letterId, AdminApiTest.OPERATOR);
        assertThat(body.statusCode()).isEqualTo(200);
        assertThat(body.body()).contains("<eventId>" + POISON + "</eventId>").doesNotContain(Events.AFTERCARE);

        seenInTheConsole(letterId);

        failingLog.fix(POISON);   // the cause is fixed
        HttpResponse<String> requeued = admin("POST", "/dead-letters/" + letterId + "/requeue?reason=TICKET-70%20fixed",
                AdminApiTest.OPERATOR);

        assertThat(requeued.statusCode()).as(requeued.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> decisionLog().byEventId(POISON).stream()
                .anyMatch(d -> d.decision() == Decision.NOTIFIED));
        assertThat(deadLetter(messageId)).as("off the dead-letter queue").isNull();
        assertThat(admin("GET", "/audit?target=" + letterId, AdminApiTest.VIEWER).body())
                .contains("view-dead-letter", "requeue-dead-letter", "TICKET-70 fixed");
    }

    @Test
    void aReleaseMessageThatExpiresBeforeIntakeTakesItIsDeadLetteredNotLost() throws Exception {
        context.getRouteController().stopRoute("bij-intake");
        String messageId;
        long sentAt;
        try (JustidSender justid = new JustidSender(settings)) {
            jakarta.jms.Session session = justid.session();
            jakarta.jms.Message message = session.createTextMessage(Events.withEventId(MailDeliveryTest.qualifyingFor(
                    "0344", EXPIRES).replace("</convictions>", "</convictions><aftercare><housing>" + Events.AFTERCARE
                    + "</housing></aftercare>"), EXPIRES));
            // Justid gave it a millisecond to live; intake is stopped far longer than that
            session.createProducer(session.createQueue(settings.getProperty("bij.queue.releases")))
                    .send(message, jakarta.jms.DeliveryMode.PERSISTENT, 4, 1);
            messageId = message.getJMSMessageID();
            sentAt = message.getJMSTimestamp();
        } finally {
            context.getRouteController().startRoute("bij-intake");
        }

        JsonNode letter = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(messageId), n -> n != null);
        assertThat(letter.get("why").asText()).isEqualTo("EXPIRED");
        assertThat(letter.get("sentAt").asText()).as("Justid's send time, not the copy's")
                .isEqualTo(java.time.Instant.ofEpochMilli(sentAt).toString());
        assertThat(letter.get("eventId").asText()).isEqualTo(EXPIRES);
        assertThat(onTheBroker(EXPIRES)).doesNotContain(Events.AFTERCARE, "<aftercare");
        assertThat(browse("bij.queue.expiry")).as("nothing left where nobody looks").isEmpty();

        HttpResponse<String> requeued = admin("POST", "/dead-letters/" + letter.get("messageId").asText()
                + "/requeue?reason=TICKET-72%20service%20was%20down", AdminApiTest.OPERATOR);
        assertThat(requeued.statusCode()).as(requeued.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> decisionLog().byEventId(EXPIRES).stream()
                .anyMatch(d -> d.decision() == Decision.NOTIFIED));
    }

    /**
     * A message over the size limit (the broker takes a little more than the service reads) that is dead-lettered
     * anyway is kept as its head only, as intake keeps a rejected one: read in part, never whole into memory.
     */
    @Test
    void aReleaseMessageOverTheLimitIsKeptAsItsHeadWithoutAftercare() throws Exception {
        int limit = Integer.parseInt(settings.getProperty("bij.intake.max-message-bytes"));
        String event = Events.withEventId(MailDeliveryTest.qualifyingFor("0344", OVERSIZE), OVERSIZE)
                .replace("</convictions>", "</convictions><aftercare><housing>" + Events.AFTERCARE
                        + "</housing></aftercare><padding></padding>");
        // kept content, not a comment: a copy of the whole body would be as large as the body
        String body = event.replace("<padding>", "<padding>" + "x".repeat(limit + 1 - event.getBytes(UTF_8).length));
        assertThat(body.getBytes(UTF_8)).hasSize(limit + 1);
        List<String> messageIds = new ArrayList<>();
        try (JustidSender justid = new JustidSender(settings)) {
            jakarta.jms.BytesMessage bytes = justid.session().createBytesMessage();
            bytes.writeBytes(body.getBytes(UTF_8));
            messageIds.add(justid.send(bytes));
            messageIds.add(justid.send(justid.session().createTextMessage(body)));
        }

        for (String messageId : messageIds) {
            JsonNode letter = await().atMost(Duration.ofSeconds(60)).until(() -> deadLetter(messageId), n -> n != null);
            assertThat(letter.get("eventId").asText()).as("found in the head").isEqualTo(OVERSIZE);
            assertThat(letter.get("bytes").asInt()).as("the head only, not the whole body").isLessThan(limit / 4);
        }
        assertThat(keptBodies()).filteredOn(kept -> kept.contains(OVERSIZE)).hasSize(2)
                .allSatisfy(kept -> assertThat(kept).doesNotContain(Events.AFTERCARE, "<aftercare"));
    }

    @Test
    void aDeadLetterIsDeletedOnlyWithAReasonAndOnTheRecord() throws Exception {
        String messageId;
        try (JustidSender justid = new JustidSender(settings)) {
            messageId = justid.send(justid.session().createTextMessage(
                    Events.withEventId(MailDeliveryTest.qualifyingFor("0344", ALSO_POISON), ALSO_POISON)));
        }
        String letterId = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(messageId), n -> n != null)
                .get("messageId").asText();

        assertThat(admin("POST", "/dead-letters/" + letterId + "/delete", AdminApiTest.OPERATOR).statusCode())
                .as("no reason").isEqualTo(400);
        assertThat(admin("POST", "/dead-letters/" + letterId + "/delete?reason=x", AdminApiTest.VIEWER).statusCode())
                .isEqualTo(403);
        assertThat(admin("POST", "/dead-letters/" + letterId + "/delete?reason=duplicate%20of%20TICKET-71",
                AdminApiTest.OPERATOR).statusCode()).isEqualTo(200);

        assertThat(deadLetter(messageId)).isNull();
        assertThat(admin("GET", "/audit?target=" + letterId, AdminApiTest.VIEWER).body()).contains("delete-dead-letter");
        assertThat(admin("POST", "/dead-letters/" + letterId + "/requeue?reason=x", AdminApiTest.OPERATOR).statusCode())
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

    /** The listed dead letter of the release message with this message id, or null. */
    private JsonNode deadLetter(String messageId) throws Exception {
        for (JsonNode letter : json.readTree(admin("GET", "/dead-letters", AdminApiTest.VIEWER).body())) {
            if (messageId.equals(letter.get("originalMessageId").asText())) {
                return letter;
            }
        }
        return null;
    }

    /** The body of the dead letter with this eventId as the broker holds it, read past the API. */
    private String onTheBroker(String eventId) throws Exception {
        return keptBodies().stream().filter(body -> body.contains(eventId)).findFirst().orElseThrow();
    }

    /** The bodies on the dead-letter queue, as the broker holds them. */
    private List<String> keptBodies() throws Exception {
        return browse("bij.queue.dead-letter").stream().map(m -> {
            try {
                return new String(m.getBody(byte[].class), UTF_8);
            } catch (jakarta.jms.JMSException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
