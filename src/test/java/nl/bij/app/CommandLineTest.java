package nl.bij.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import nl.bij.intake.Events;
import nl.bij.operations.Operators;
import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;

/**
 * The command line as an operator and an administrator type it: {@code send}, {@code hash-password} and every
 * {@code admin} subcommand, run through picocli against the running service, with their output and exit codes.
 */
class CommandLineTest extends ServiceTestSupport {

    private static final String OTTO = "operator-secret";
    private static final String VERA = "viewer-secret";

    /** What one command printed, and its exit code. */
    record Run(int exit, String out, String err) {
    }

    @Test
    void everyCommandHasHelpVersionAndExitCodesAndAFailureIsOneLineWithItsOwnCode() throws Exception {
        for (List<String> command : List.<List<String>>of(List.of(), List.of("admin"), List.of("admin", "status"),
                List.of("admin", "dead-letters"), List.of("send"), List.of("verify"), List.of("inbox"),
                List.of("hash-password"))) {
            List<String> help = new ArrayList<>(command);
            help.add("--help");
            Run usage = run(null, help.toArray(String[]::new));
            assertThat(usage.exit()).as(String.join(" ", help)).isZero();
            assertThat(usage.out()).as(String.join(" ", help)).contains("Usage: bij-service", "--version", "Exit codes:",
                    "could not be reached");
        }
        Run version = run(null, "admin", "status", "--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("bij-service ");

        int nothingThere = org.apache.camel.test.AvailablePortFinder.getNextAvailable();
        Run unreachable = run("secret", "admin", "status", "--url", "http://127.0.0.1:" + nothingThere, "-u", "vera");
        assertThat(unreachable.exit()).isEqualTo(CommandLineErrors.UNREACHABLE);
        assertThat(unreachable.err().lines()).singleElement().asString()
                .startsWith("bij-service admin status: cannot reach the service (");
        Path config = Files.writeString(Files.createTempFile("bij-unreachable", ".properties"),
                "bij.broker.url = tcp://127.0.0.1:" + nothingThere + "\n");
        Run send = run(null, "send", "--config", config.toString(), config.toString());
        assertThat(send.exit()).as(send.err()).isEqualTo(CommandLineErrors.UNREACHABLE);
        assertThat(send.err().lines()).singleElement().asString().startsWith("bij-service send: cannot reach the service");
        assertThat(run(null, "admin", "status", "--no-such-option").exit()).isEqualTo(2);
    }

    @Test
    void sendPutsEachFileOnTheReleaseQueueWithJustidsLoginAsTextOrBytes() throws Exception {
        Path folder = Files.createTempDirectory("bij-send");
        Path config = folder.resolve("service.properties");
        try (var out = Files.newBufferedWriter(config)) {
            settings.store(out, "the test service's settings");
        }
        Path xml = Files.writeString(folder.resolve("event.xml"),
                MailDeliveryTest.qualifyingFor("0344", "00000000-0000-4000-8000-000000000901"));
        Path bytes = Files.write(folder.resolve("event.bin"),
                Events.withEventId(Events.minimal(), "00000000-0000-4000-8000-000000000902").getBytes(UTF_8));

        // intake paused, so that the messages can be seen on the queue as Justid's login put them there
        context.getRouteController().stopRoute("bij-intake");
        Run sent;
        try {
            sent = run(null, "send", "--config", config.toString(), xml.toString(), bytes.toString());
            assertThat(browse("bij.queue.releases")).extracting(m -> m.getClass().getSimpleName().replace("ActiveMQ", ""))
                    .as("the .xml file as text, the other as bytes").containsExactly("TextMessage", "BytesMessage");
        } finally {
            context.getRouteController().startRoute("bij-intake");
        }

        assertThat(sent.exit()).as(sent.err()).isZero();
        List<String> messageIds = new ArrayList<>();
        Matcher line = Pattern.compile("sent (\\S+) as (ID:\\S+)").matcher(sent.out());
        while (line.find()) {
            messageIds.add(line.group(2));
        }
        assertThat(messageIds).hasSize(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> messageIds.stream()
                .allMatch(id -> decisionLog().byMessageId(id).filter(d -> d.decision().isFinal()).isPresent()));
        assertThat(decisionOf(messageIds.get(0)).decision()).isEqualTo(Decision.NOTIFIED);
        assertThat(decisionOf(messageIds.get(1))).satisfies(d -> {
            assertThat(d.decision()).isEqualTo(Decision.NOT_QUALIFYING);
            assertThat(d.eventId()).contains("00000000-0000-4000-8000-000000000902");
        });
    }

    @Test
    void hashPasswordPrintsALineTheServiceAcceptsAndRefusesAShortPassword() throws Exception {
        System.setProperty("BIJ_NEW_PASSWORD", "correct-horse-battery");
        Run hashed;
        try {
            hashed = run(null, "hash-password", "--name", "nina", "--role", "operator");
        } finally {
            System.clearProperty("BIJ_NEW_PASSWORD");
        }
        assertThat(hashed.exit()).isZero();
        assertThat(hashed.out()).doesNotContain("correct-horse-battery");
        String line = hashed.out().lines().filter(l -> l.startsWith("nina = ")).findFirst().orElseThrow();
        assertThat(line).startsWith("nina = operator:pbkdf2-sha256:600000:");

        Properties file = new Properties();
        file.load(new java.io.StringReader(line));
        Operators operators = Operators.load("operators.properties", file);
        assertThat(operators.authenticate(basic("nina", "correct-horse-battery")))
                .hasValueSatisfying(o -> assertThat(o.role()).isEqualTo(Operators.Role.OPERATOR));
        assertThat(operators.authenticate(basic("nina", "correct-horse-batterz"))).isEmpty();

        System.setProperty("BIJ_NEW_PASSWORD", "short");
        try {
            Run refused = run(null, "hash-password", "--name", "nina", "--role", "viewer");
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err()).contains("at least 12 characters");
            assertThat(refused.out()).doesNotContain("nina =");
        } finally {
            System.clearProperty("BIJ_NEW_PASSWORD");
        }
    }

    @Test
    void eventTrailAndShowTellWhatBecameOfAnEvent() throws Exception {
        String eventId = "00000000-0000-4000-8000-000000000911";
        DecisionRecord decision = decisionOf(sendAndAwait(text(MailDeliveryTest.qualifyingFor("0344", eventId))).get(0));
        String noticeId = decision.noticeIds().get(0);

        Run event = cli("vera", VERA, "event", eventId);
        assertThat(event.exit()).isZero();
        assertThat(event.out()).contains("eventId: " + eventId, "decision: NOTIFIED", "reason: ROUTE_A_LIST1",
                "municipality: 0344", "noticeIds: " + noticeId);

        Run trail = cli("vera", VERA, "trail", "--event", eventId);
        assertThat(trail.exit()).isZero();
        assertThat(trail.out()).contains(noticeId, "NOTIFIED", "DELIVERED");

        Run json = cli("vera", VERA, "event", eventId, "--json");
        assertThat(json.out().lines().filter(l -> l.startsWith("{")))
                .as("the API's JSON, a line of its own (the service's log lines share the test's stdout)")
                .singleElement().satisfies(l -> assertThat(l).contains("\"decision\":\"NOTIFIED\""));

        Run notice = cli("otto", OTTO, "show", "--notice", noticeId);
        assertThat(notice.exit()).isZero();
        assertThat(notice.out()).contains("<noticeId>" + noticeId + "</noticeId>", "<surname>Minimaal</surname>");
        assertThat(cli("vera", VERA, "show", "--notice", noticeId).exit()).as("a viewer may not read it").isEqualTo(3);
        assertThat(cli("otto", OTTO, "audit", "--target", noticeId).out()).contains("view-notice", "otto");

        Run unknown = cli("vera", VERA, "event", "00000000-0000-4000-8000-00000000dead");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("HTTP 404");
        assertThat(cli("vera", VERA, "event", "../status").exit()).as("not an id").isEqualTo(2);
    }

    @Test
    void listShowResolveAndCloseWorkTheReviewList() throws Exception {
        String chosen = "00000000-0000-4000-8000-000000000921";
        String closed = "00000000-0000-4000-8000-000000000922";
        for (String eventId : List.of(chosen, closed)) {
            String abroad = Events.replace(MailDeliveryTest.qualifyingFor("0344", eventId),
                    "<municipality code=\"0344\" addressKind=\"HOME\"/>", "<abroad country=\"BE\"/>");
            assertThat(decisionOf(sendAndAwait(text(abroad)).get(0)).reason()).isEqualTo("ABROAD");
        }

        Run review = cli("vera", VERA, "list", "review");
        assertThat(review.exit()).isZero();
        assertThat(review.out()).contains(chosen, closed, "ABROAD");
        assertThat(cli("vera", VERA, "list", "review", "--reason", "NOT_CONNECTED").out()).doesNotContain(chosen);

        Run document = cli("otto", OTTO, "show", "--review", chosen);
        assertThat(document.exit()).isZero();
        assertThat(document.out()).contains("<surname>Minimaal</surname>").doesNotContain("<bsn>");

        assertThat(cli("otto", OTTO, "resolve", "--event", chosen).exit()).as("no --reason").isEqualTo(2);
        assertThat(cli("otto", OTTO, "resolve", "--event", chosen, "--reason", "x").exit())
                .as("neither --municipality nor --close").isEqualTo(2);
        Run resolved = cli("otto", OTTO, "resolve", "--event", chosen, "--municipality", "0344", "--reason", "TICKET-21");
        assertThat(resolved.exit()).as(resolved.err()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> decisionLog().byEventId(chosen).stream()
                .anyMatch(d -> d.decision() == Decision.NOTIFIED));

        Run withdraw = cli("otto", OTTO, "withdraw", "--event", closed, "--reason", "x");
        assertThat(withdraw.exit()).as("no mayor has a notice of its case").isNotZero();
        assertThat(withdraw.err() + withdraw.out()).contains("nothing to withdraw");

        Run close = cli("otto", OTTO, "resolve", "--event", closed, "--close", "--reason", "BE-liaison-informed");
        assertThat(close.exit()).as(close.err()).isZero();
        assertThat(decisionLog().byEventId(closed)).singleElement()
                .satisfies(d -> assertThat(d.decision()).isEqualTo(Decision.NOT_QUALIFYING));

        assertThat(cli("vera", VERA, "list", "review").out()).doesNotContain(chosen, closed);
        assertThat(cli("vera", VERA, "audit").out()).contains("review-resolve", "review-close", chosen, closed);
    }

    @Test
    void aQualifiesJudgmentIsMadeByOneOperatorAndConfirmedByAnother() throws Exception {
        String eventId = "00000000-0000-4000-8000-000000000925";
        String id = sendAndAwait(text(Events.replace(MailDeliveryTest.qualifyingFor("0344", eventId),
                "<offence article=\"", "<offence attempt=\"true\" article=\""))).get(0);

        Run judged = cli("otto", OTTO, "resolve", "--event", eventId, "--route", "ROUTE_A_LIST1", "--ground", "ZEDEN",
                "--reason", "de poging valt onder de regeling");
        assertThat(judged.exit()).as(judged.err()).isZero();
        assertThat(judged.out()).contains("status: AWAITING_CONFIRMATION", "judgedBy: otto");
        assertThat(cli("vera", VERA, "list", "confirm").out()).contains(eventId, "otto");

        Run refused = cli("otto", OTTO, "confirm", "--event", eventId);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("HTTP 409", "a second operator must confirm");

        Run confirmed = cli("olga", "second-operator-secret", "confirm", "--event", eventId);
        assertThat(confirmed.exit()).as(confirmed.err()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> decisionOf(id).decision() == Decision.NOTIFIED);
        assertThat(cli("vera", VERA, "audit", "--target", eventId).out()).contains("review-judge", "review-confirm", "olga");
    }

    @Test
    void acknowledgeTakesAFlagOffTheReviewList() throws Exception {
        String eventId = "00000000-0000-4000-8000-000000000926";
        String id = sendAndAwait(text(Events.withEventId(nl.bij.notice.Notices.fullAnnouncement(), eventId))).get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> decisionOf(id).decision() == Decision.NOTIFIED);
        assertThat(cli("vera", VERA, "list", "review").out()).contains(eventId, "INTENDED_MUNICIPALITY_DIFFERS");

        Run acknowledged = cli("otto", OTTO, "acknowledge", "--event", eventId, "--reason", "TICKET-60");
        assertThat(acknowledged.exit()).as(acknowledged.err()).isZero();
        assertThat(cli("vera", VERA, "list", "review").out()).doesNotContain(eventId);
    }

    @Test
    void listFailedAndRejectedShowWhatWaitsForAnOperator() throws Exception {
        String failed = "00000000-0000-4000-8000-000000000931";
        Instant at = Instant.now().minus(Duration.ofHours(2));
        decisionLog().recordEvent(new DecisionRecord(Optional.of(failed), "ID:" + failed, Optional.of("C-" + failed),
                Decision.FAILED, "SMTPSendFailedException: 554", "test", Optional.of("0193"), List.of(), List.of(), at, at),
                List.of(), Optional.empty());
        String rejected = sendAndAwait(text("<not-a-release-event/>")).get(0);

        Run failedList = cli("vera", VERA, "list", "failed", "--municipality", "0193");
        assertThat(failedList.exit()).isZero();
        assertThat(failedList.out()).contains(failed, "0193", "SMTPSendFailedException");
        assertThat(cli("vera", VERA, "list", "failed", "--municipality", "0344").out()).doesNotContain(failed);

        Run rejectedList = cli("vera", VERA, "list", "rejected");
        assertThat(rejectedList.exit()).isZero();
        assertThat(rejectedList.out()).contains(rejected, "SCHEMA_VIOLATION");
    }

    @Test
    void suppressAddsListsAndLiftsARuleOnTheRecord() throws Exception {
        Run added = cli("otto", OTTO, "suppress", "--municipality", "0268", "--until", "2099-12-31", "--reason", "TICKET-31");
        assertThat(added.exit()).as(added.err()).isZero();
        Matcher id = Pattern.compile("id: (\\d+)").matcher(added.out());
        assertThat(id.find()).as(added.out()).isTrue();

        assertThat(cli("vera", VERA, "suppress").out()).contains("0268", "TICKET-31", "2099-12-31");
        assertThat(cli("vera", VERA, "suppress", "--municipality", "0268", "--reason", "x").exit())
                .as("a viewer may not add one").isEqualTo(3);

        Run lifted = cli("otto", OTTO, "suppress", "--lift", id.group(1), "--reason", "TICKET-31 done");
        assertThat(lifted.exit()).as(lifted.err()).isZero();
        assertThat(cli("vera", VERA, "suppress").out()).contains("otto");
        assertThat(cli("vera", VERA, "audit", "--target", "0268").out()).contains("suppress-add", "suppress-lift");
    }

    private Run cli(String user, String password, String... args) {
        List<String> all = new ArrayList<>(List.of("admin"));
        all.addAll(List.of(args));
        all.addAll(List.of("--url", "http://127.0.0.1:" + settings.getProperty("bij.admin.port"), "-u", user));
        return run(password, all.toArray(String[]::new));
    }

    /** Runs the command as {@code bij-service ARGS}; the admin password as BIJ_ADMIN_PASSWORD (picocli reads it). */
    static synchronized Run run(String password, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        try {
            System.setOut(new PrintStream(out, true, UTF_8));
            System.setErr(new PrintStream(err, true, UTF_8));
            if (password != null) {
                System.setProperty("BIJ_ADMIN_PASSWORD", password);
            }
            int exit = BijService.commandLine().execute(args);
            return new Run(exit, out.toString(UTF_8), err.toString(UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
            System.clearProperty("BIJ_ADMIN_PASSWORD");
        }
    }

    private static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(UTF_8));
    }
}
