package nl.bij.state;

import static nl.bij.eligibility.Law.adult;
import static nl.bij.eligibility.Law.article;
import static nl.bij.eligibility.Law.offences;
import static nl.bij.eligibility.Law.prison;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import nl.bij.delivery.Channel;
import nl.bij.delivery.Recipient;
import nl.bij.delivery.Recipients;
import nl.bij.delivery.Suppression;
import nl.bij.eligibility.AttemptPolicy;
import nl.bij.eligibility.EligibilityRules;
import nl.bij.eligibility.Law;
import nl.bij.intake.ReleaseEvent;
import nl.bij.intake.ReleaseEvent.AddressKind;
import nl.bij.intake.ReleaseEvent.Destination;
import nl.bij.intake.ReleaseEvent.EventType;
import nl.bij.intake.ReleaseEvent.IntendedMunicipality;
import nl.bij.intake.ReleaseEvent.Municipality;
import nl.bij.intake.ReleaseEvent.ReturnKind;
import nl.bij.municipality.MunicipalityRegister;
import nl.bij.notice.NoticeComposer;
import nl.bij.notice.NoticeDocuments;

/** The record each valid event ends with, over eligibility and municipality together (docs/contract.md §2). */
class DecisionsTest {

    @AutoClose
    private final HikariDataSource db = TestDatabases.fresh();
    private final JdbcStateStore log = new JdbcStateStore(db);
    private final Recipients recipients = new Recipients(
            List.of(new Recipient("1992", Channel.XML, ""), new Recipient("0344", Channel.MAIL, "bij@utrecht.example"),
                    new Recipient("0599", Channel.XML, "")),
            List.of(new Suppression("0599", Optional.of(LocalDate.of(2026, 11, 1)), Optional.empty(), "TICKET-42")));
    private final Decisions decisions = new Decisions(log, log,
            new EligibilityRules(Law.catalogue(), AttemptPolicy.MANUAL),
            MunicipalityRegister.load("municipalities.csv", resource("config/data/municipalities.csv"),
                    "mergers_annotated.csv", resource("config/data/mergers_annotated.csv")),
            recipients, new NoticeComposer(14), new NoticeDocuments(),
            Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), Decisions.AMSTERDAM));

    private final ReleaseEvent qualifying = Law.event(ReturnKind.FINAL_RELEASE,
            adult(offences(article("242")), prison("P4Y")));

    @Test
    void aQualifyingEventGoesToDeliveryToTheCurrentSuccessorOfAMergedMunicipality() {
        ReleaseEvent toWestvoorne = withDestination(qualifying, destination("0614", "Westvoorne", Optional.empty()));

        DecisionRecord record = decisions.decide(toWestvoorne, "ID:1", 0);

        assertThat(record.decision()).isEqualTo(Decision.DELIVERING);
        assertThat(record.reason()).isEqualTo("ROUTE_A_LIST1");
        assertThat(record.municipality()).contains("1992");
        assertThat(record.noticeIds()).hasSize(1);
        assertThat(log.byMessageId("ID:1")).contains(record);
        // due today: it leaves with the release message (handOver), not through the relay
        assertThat(log.status(record.noticeIds().get(0))).contains(NoticeLedger.Status.DISPATCHED);
        assertThat(decisions.handOver("ID:1")).singleElement().extracting(n -> n.order().noticeId())
                .isEqualTo(record.noticeIds().get(0));
    }

    @Test
    void aNotConnectedMunicipalityGoesToReview() {
        ReleaseEvent toAmsterdam = withDestination(qualifying, destination("0363", "Amsterdam", Optional.empty()));

        DecisionRecord record = decisions.decide(toAmsterdam, "ID:6", 0);

        assertThat(record.decision()).isEqualTo(Decision.MANUAL_REVIEW);
        assertThat(record.reason()).isEqualTo("NOT_CONNECTED");
        assertThat(record.municipality()).contains("0363");
    }

    @Test
    void aSuppressionRuleStopsTheNoticeWithItsReason() {
        ReleaseEvent toRotterdam = withDestination(qualifying, destination("0599", "Rotterdam", Optional.empty()));

        DecisionRecord record = decisions.decide(toRotterdam, "ID:7", 0);

        assertThat(record.decision()).isEqualTo(Decision.SUPPRESSED);
        assertThat(record.reason()).isEqualTo("TICKET-42");
        assertThat(record.noticeIds()).isEmpty();
    }

    @Test
    void aDifferingIntendedMunicipalityFlagsTheEventWithoutStoppingTheNotice() {
        ReleaseEvent differing = withDestination(qualifying,
                destination("0344", "Utrecht", Optional.of(new IntendedMunicipality("0363", "Amsterdam"))));

        DecisionRecord record = decisions.decide(differing, "ID:2", 0);

        assertThat(record.decision()).isEqualTo(Decision.DELIVERING);
        assertThat(record.municipality()).contains("0344");
        assertThat(record.reviewReasons()).containsExactly("INTENDED_MUNICIPALITY_DIFFERS");
    }

    @Test
    void aQualifyingEventWithoutADutchMayorGoesToReview() {
        ReleaseEvent rni = withDestination(qualifying, destination("1999", "RNI", Optional.empty()));

        DecisionRecord record = decisions.decide(rni, "ID:3", 0);

        assertThat(record.decision()).isEqualTo(Decision.MANUAL_REVIEW);
        assertThat(record.reason()).isEqualTo("NO_DUTCH_ADDRESS");
        assertThat(record.municipality()).isEmpty();
    }

    @Test
    void aWithdrawalOfAnUnknownCaseIsAnOrphanForAPerson() {
        ReleaseEvent withdrawal = new ReleaseEvent(qualifying.eventId(), EventType.WITHDRAW, Optional.empty(),
                qualifying.caseId(), qualifying.createdAt(), qualifying.subject(), qualifying.ret(),
                qualifying.destination(), qualifying.convictions());

        DecisionRecord record = decisions.decide(withdrawal, "ID:4", 0);

        assertThat(record.decision()).isEqualTo(Decision.MANUAL_REVIEW);
        assertThat(record.reason()).isEqualTo("ORPHAN_EVENT");
        assertThat(record.caseId()).contains("JD-1");
    }

    @Test
    void aNonQualifyingEventSaysWhyByLaw() {
        ReleaseEvent theft = Law.event(ReturnKind.FINAL_RELEASE, adult(offences(article("310")), prison("P4Y")));

        assertThat(decisions.decide(theft, "ID:5", 0))
                .extracting(DecisionRecord::decision, DecisionRecord::reason)
                .containsExactly(Decision.NOT_QUALIFYING, "OFFENCE_NOT_LISTED");
    }

    private static Destination destination(String code, String name, Optional<IntendedMunicipality> intended) {
        return new Destination(new Municipality(code, name, AddressKind.HOME), Optional.empty(), intended);
    }

    private static ReleaseEvent withDestination(ReleaseEvent event, Destination destination) {
        return new ReleaseEvent(event.eventId(), event.eventType(), event.supersedes(), event.caseId(),
                event.createdAt(), event.subject(), event.ret(), destination, event.convictions());
    }

    private static InputStreamReader resource(String name) {
        return new InputStreamReader(DecisionsTest.class.getClassLoader().getResourceAsStream(name),
                StandardCharsets.UTF_8);
    }
}
