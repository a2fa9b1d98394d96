package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import ch.qos.logback.classic.spi.ILoggingEvent;

import nl.bij.intake.Events;

/**
 * The admin surface as an attacker meets it, over real HTTP: no Basic challenge, no cross-site request forgery,
 * security headers on every answer, kept documents only as sandboxed attachments, and password guessing throttled.
 * The throttling test runs last: it locks the test's own address until the clock is moved.
 */
@OnceOnTheH2Pass
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminSecurityTest extends MovedClockTestSupport {

    private static final String OPERATOR = AdminApiTest.OPERATOR;
    private final CapturedLog log = new CapturedLog();

    @AfterAll
    void release() {
        log.close();
    }

    @Test
    @Order(1)
    void noAnswerChallengesForBasicAndEveryAnswerCarriesTheSecurityHeaders() throws Exception {
        HttpResponse<String> refused = admin("GET", "/status", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).isEmpty();
        HttpResponse<String> wrong = admin("GET", "/status", "otto:not-his-password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).isEmpty();

        for (HttpResponse<String> answer : List.of(refused, admin("GET", "/status", OPERATOR),
                admin("GET", "/no-such-thing", OPERATOR), console("/console/"), console("/console/console.js"))) {
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as(answer.uri().toString())
                    .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'", "default-src 'self'"));
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(answer.headers().firstValue("Referrer-Policy")).contains("no-referrer");
            assertThat(answer.headers().firstValue("Strict-Transport-Security")).as("plain HTTP on loopback").isEmpty();
        }
    }

    @Test
    @Order(2)
    void aStateChangingCallNeedsTheHeaderAndOurOrigin() throws Exception {
        String suppress = "/suppressions?municipality=0363&from=2025-01-01&reason=CSRF-";
        HttpResponse<String> withoutHeader = admin("POST", suppress + "1", OPERATOR, Map.of());
        assertThat(withoutHeader.statusCode()).isEqualTo(403);
        assertThat(withoutHeader.body()).contains("X-Requested-With: bij");

        HttpResponse<String> foreign = admin("POST", suppress + "2", OPERATOR,
                Map.of("X-Requested-With", "bij", "Origin", "https://evil.example"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("another site");

        HttpResponse<String> wrongPort = admin("POST", suppress + "3", OPERATOR,
                Map.of("X-Requested-With", "bij", "Origin", "http://127.0.0.1:1"));
        assertThat(wrongPort.statusCode()).isEqualTo(403);

        assertThat(admin("GET", "/suppressions", OPERATOR).body()).doesNotContain("CSRF-");

        HttpResponse<String> ours = admin("POST", suppress + "4", OPERATOR, Map.of("X-Requested-With", "bij",
                "Origin", "http://localhost:" + settings.getProperty("bij.admin.port")));
        assertThat(ours.statusCode()).as(ours.body()).isEqualTo(200);
        HttpResponse<String> script = admin("POST", suppress + "5", OPERATOR);
        assertThat(script.statusCode()).as("a script (the CLI) sends the header and no Origin").isEqualTo(200);
        assertThat(admin("GET", "/suppressions", OPERATOR).body()).contains("CSRF-4", "CSRF-5")
                .doesNotContain("CSRF-1", "CSRF-2", "CSRF-3");
    }

    @Test
    @Order(3)
    void keptDocumentsAreSandboxedAttachments() throws Exception {
        String event = Events.replace(MailDeliveryTest.qualifyingFor("0344", "00000000-0000-4000-8000-0000000005a1"),
                "<municipality code=\"0344\" addressKind=\"HOME\"/>", "<abroad country=\"BE\"/>");
        sendAndAwait(text(event));

        HttpResponse<String> document = admin("GET", "/items/review/00000000-0000-4000-8000-0000000005a1/document",
                OPERATOR);

        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.headers().firstValue("Content-Disposition"))
                .contains("attachment; filename=\"review-00000000-0000-4000-8000-0000000005a1.xml\"");
        assertThat(document.headers().firstValue("Content-Security-Policy")).contains("sandbox; default-src 'none'");
        assertThat(document.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    @Order(4)
    void twentyWrongPasswordsAreThrottledLoggedHashedAndCounted() throws Exception {
        int throttled = 0;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> answer = admin("GET", "/status", "olga:guess-" + i);
            assertThat(answer.statusCode()).isIn(401, 429);
            if (answer.statusCode() == 429) {
                throttled++;
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            }
        }
        assertThat(throttled).as("after 5 free failures every guess waits, and the clock does not move")
                .isEqualTo(14);
        HttpResponse<String> right = admin("GET", "/status", ReviewJudgmentTest.SECOND_OPERATOR);
        assertThat(right.statusCode()).as("while locked, not even the right password is checked").isEqualTo(429);

        String olga = "#" + nl.bij.operations.LoginThrottle.hashed("olga");
        assertThat(log.events()).filteredOn(e -> e.getLoggerName().equals("bij.admin")
                && e.getFormattedMessage().startsWith("failed admin login")
                && e.getFormattedMessage().contains(olga)).hasSize(6);
        assertThat(log.events()).filteredOn(e -> e.getLoggerName().equals("bij.admin"))
                .map(ILoggingEvent::getFormattedMessage).noneMatch(line -> line.contains("olga"));

        clock.advance(Duration.ofMinutes(16));
        assertThat(admin("GET", "/status", ReviewJudgmentTest.SECOND_OPERATOR).statusCode()).isEqualTo(200);
        String metrics = admin("GET", "/metrics", OPERATOR).body();
        assertThat(metrics).contains("bij_admin_logins_failed_total 7.0", "bij_admin_logins_throttled_total 15.0");
    }

    private HttpResponse<String> console(String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + settings.getProperty("bij.admin.port") + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
