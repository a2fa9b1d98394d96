package nl.bij.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import nl.bij.app.MovableClock;
import nl.bij.state.AlertMemory;
import nl.bij.state.OperatorStore;
import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;
import nl.bij.state.JdbcStateStore;
import nl.bij.state.TestDatabases;

/** One alert per municipality per period for exhausted deliveries, and one for review items waiting too long. */
class AlertsTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @AutoClose
    private final HikariDataSource db = TestDatabases.fresh();
    private final JdbcStateStore store = new JdbcStateStore(db);
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private long deadLetters;

    @Test
    void exhaustedDeliveriesAlertOncePerMunicipalityPerPeriod() {
        failed("E-1", "0193");
        failed("E-2", "0193");
        failed("E-3", "0344");

        assertThat(alerts(NOW).check()).extracting(Alerts.Alert::kind, Alerts.Alert::municipality)
                .containsExactly(tuple("DELIVERY_FAILED", "0193"), tuple("DELIVERY_FAILED", "0344"));
    }

    @Test
    void aSigningCertificateAlertsFromThirtyDaysBeforeItExpires() {
        MovableClock clock = new MovableClock(NOW);
        Alerts alerts = alerts(clock).watchCertificate(NOW.plus(Duration.ofDays(31)));
        assertThat(alerts.check()).as("31 days before").isEmpty();
        clock.advance(Duration.ofDays(2));
        assertThat(alerts.check()).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo("SIGNING_CERTIFICATE");
            assertThat(alert.text()).isEqualTo("the certificate that signs notices expires on 2026-12-30T12:00:00Z:"
                    + " install the renewed one (bij.notice.signing.keystore) and restart");
        });
    }

    @Test
    void theSameProblemIsNotAlertedAgainWithinThePeriodButIsAfterIt() {
        failed("E-4", "0193");
        MovableClock clock = new MovableClock(NOW);
        Alerts alerts = alerts(clock);
        assertThat(alerts.check()).hasSize(1);
        clock.advance(Duration.ofMinutes(59));
        assertThat(alerts.check()).as("59 minutes later, within the hour").isEmpty();
        assertThat(metrics.counter("bij_alerts", "kind", "DELIVERY_FAILED", "municipality", "0193").count()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        assertThat(alerts.check()).as("the same instance, 61 minutes after the first alert").singleElement()
                .extracting(Alerts.Alert::kind, Alerts.Alert::municipality).containsExactly("DELIVERY_FAILED", "0193");
        assertThat(alerts.check()).as("and then quiet for another period").isEmpty();
        assertThat(metrics.counter("bij_alerts", "kind", "DELIVERY_FAILED", "municipality", "0193").count()).isEqualTo(2);
    }

    @Test
    void aReviewItemOlderThanTheAgeAlertsWithoutNamingAnyone() {
        store.recordEvent(record("E-5", Decision.MANUAL_REVIEW, "ABROAD", null, NOW.minus(Duration.ofHours(30))),
                List.of(), Optional.empty());
        store.recordEvent(record("E-6", Decision.MANUAL_REVIEW, "ABROAD", null, NOW.minus(Duration.ofHours(2))),
                List.of(), Optional.empty());

        assertThat(alerts(NOW).check()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("REVIEW_WAITING");
            assertThat(a.municipality()).isEqualTo("-");
            // the whole sentence: a count, an age, a time and the command; no id of an event, message or case
            assertThat(a.text()).matches("1 review item\\(s\\) wait longer than 24 h \\(oldest since [0-9T:.+Z -]+\\):"
                    + " bij-service admin list review");
            assertThat(a.text()).doesNotContain("E-5", "E-6", "ABROAD");
        });
    }

    @Test
    void aFailedDeliveryAlertNamesTheMunicipalityAndCountButNoEvent() {
        failed("E-7", "0344");
        assertThat(alerts(NOW).check()).singleElement().satisfies(a -> {
            assertThat(a.text()).matches("1 notice\\(s\\) for municipality 0344 could not be delivered after all attempts"
                    + " \\(oldest since [0-9T:.+Z -]+\\); fix the cause, then: bij-service admin replay --municipality 0344");
            assertThat(a.text()).doesNotContain("E-7", "SMTPAddressFailedException");
        });
    }

    @Test
    void ofTwoInstancesOnlyOneRaisesAnAlertAndARestartDoesNotRaiseItAgain() {
        failed("E-8", "0599");
        MovableClock clock = new MovableClock(NOW);
        Alerts a = alerts(clock);
        Alerts b = alerts(clock);

        assertThat(a.check()).hasSize(1);
        assertThat(b.check()).as("the other instance, at the same moment").isEmpty();
        clock.advance(Duration.ofMinutes(30));
        assertThat(alerts(clock).check()).as("a restarted instance, within the period").isEmpty();
        clock.advance(Duration.ofMinutes(31));
        assertThat(b.check()).as("after the period, whichever instance looks first").hasSize(1);
        assertThat(a.check()).isEmpty();
    }

    @Test
    void aNoticeOnItsWayTooLongAndDeadLettersAreAlerted() {
        store.recordEvent(record("E-9", Decision.DELIVERING, "ROUTE_A_LIST1", "0344", NOW.minus(Duration.ofMinutes(90))),
                List.of(), Optional.empty());
        deadLetters = 2;

        assertThat(alerts(NOW).check()).extracting(Alerts.Alert::kind, Alerts.Alert::text).containsExactly(
                tuple("DELIVERY_STUCK", "1 event(s) have had a notice on its way for longer than 60 min (oldest since "
                        + "2026-11-29T10:30:00Z): bij-service admin status"),
                tuple("DEAD_LETTERS", "2 message(s) on the dead-letter queue: failed every attempt for a fault in the"
                        + " message or the code, or expired before intake took it: bij-service admin dead-letters"));
    }

    private Alerts alerts(Instant now) {
        return alerts(Clock.fixed(now, ZoneOffset.UTC));
    }

    private Alerts alerts(Clock clock) {
        return new Alerts(new OperatorStore(db), new AlertMemory(db), () -> deadLetters, clock, Duration.ofMinutes(60),
                new Alerts.Ages(Duration.ofHours(24), Duration.ofMinutes(60)), metrics, "");
    }

    private void failed(String eventId, String municipality) {
        store.recordEvent(record(eventId, Decision.FAILED, "SMTPAddressFailedException: 550", municipality,
                NOW.minus(Duration.ofHours(1))), List.of(), Optional.empty());
    }

    private static DecisionRecord record(String eventId, Decision decision, String reason, String municipality, Instant at) {
        return new DecisionRecord(Optional.of(eventId), "ID:" + eventId, Optional.of("C-" + eventId), decision, reason,
                "test", Optional.ofNullable(municipality), List.of(), List.of(), at, at);
    }
}
