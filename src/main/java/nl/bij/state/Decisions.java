package nl.bij.state;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import nl.bij.eligibility.Eligibility;
import nl.bij.eligibility.Eligibility.NeedsReview;
import nl.bij.eligibility.Eligibility.NotQualifying;
import nl.bij.eligibility.Eligibility.Qualifies;
import nl.bij.eligibility.EligibilityRules;
import nl.bij.intake.IntakeOutcome.Rejected;
import nl.bij.intake.ReleaseEvent;
import nl.bij.intake.ReleaseEvent.EventType;
import nl.bij.municipality.MunicipalityRegister;
import nl.bij.municipality.Resolution;
import nl.bij.municipality.Resolution.Mayor;
import nl.bij.municipality.Resolution.NoMayor;

/** Turns the outcome of each stage into the one {@link DecisionRecord} an event ends with. */
public final class Decisions {

    /** Dutch law, Dutch calendar: "today" is the day in Amsterdam. */
    public static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    /**
     * A qualifying event with a mayor to inform, until the delivery issue lands: put up for a person, with the
     * municipality set, rather than pretend to be notified. Not part of the INTERFACE.md §2 vocabulary on purpose.
     */
    public static final String READY_FOR_DELIVERY = "READY_FOR_DELIVERY";
    /** INTERFACE.md §2: an update or withdrawal of a case this service does not know. */
    public static final String ORPHAN_EVENT = "ORPHAN_EVENT";

    private final DecisionLog log;
    private final EligibilityRules rules;
    private final MunicipalityRegister municipalities;
    private final Clock clock;

    public Decisions(DecisionLog log, EligibilityRules rules, MunicipalityRegister municipalities, Clock clock) {
        this.log = log;
        this.rules = rules;
        this.municipalities = municipalities;
        this.clock = clock;
    }

    public DecisionRecord rejected(Rejected rejected, String messageId, long sentAtMillis) {
        return log(new Draft(rejected.eventId(), Optional.empty(), messageId, sentAtMillis)
                .decide(Decision.REJECTED, rejected.reason().name(), rejected.detail()));
    }

    /** Decides a valid event by law and municipality (DOMAIN.md §2, §3, §6). */
    public DecisionRecord decide(ReleaseEvent event, String messageId, long sentAtMillis) {
        Draft draft = new Draft(Optional.of(event.eventId()), Optional.of(event.caseId()), messageId, sentAtMillis);
        if (event.eventType() == EventType.WITHDRAW) {
            // the case ledger arrives with the durable-state issue; until then no earlier notice is known
            return log(draft.decide(Decision.MANUAL_REVIEW, ORPHAN_EVENT, "withdrawal of a case without a known notice"));
        }
        LocalDate provisionDate = LocalDate.now(clock.withZone(AMSTERDAM));
        Eligibility eligibility = rules.assess(event, provisionDate);
        if (eligibility instanceof NotQualifying not) {
            return log(draft.decide(Decision.NOT_QUALIFYING, not.reason().name(), "no notice by law"));
        }
        if (eligibility instanceof NeedsReview review) {
            return log(draft.decide(Decision.MANUAL_REVIEW, review.reason().name(), "a person must decide"));
        }
        Qualifies qualifies = (Qualifies) eligibility;
        String grounds = "qualifies by " + qualifies.route().reason() + " (" + qualifies.route().ground() + ") on "
                + qualifies.convictions().size() + " of " + event.convictions().size() + " conviction(s)";
        Resolution resolution = municipalities.resolve(event.destination(), provisionDate);
        if (resolution instanceof NoMayor none) {
            return log(draft.decide(Decision.MANUAL_REVIEW, none.reason().name(), grounds + "; no mayor to inform"));
        }
        Mayor mayor = (Mayor) resolution;
        return log(draft.forMayor(mayor).decide(Decision.MANUAL_REVIEW, READY_FOR_DELIVERY,
                grounds + "; for the mayor of " + mayor.code() + " " + mayor.name()
                        + "; delivery arrives with its own issue"));
    }

    private DecisionRecord log(DecisionRecord decision) {
        log.record(decision);
        return decision;
    }

    /** What is known of an event before its decision. */
    private final class Draft {
        private final Optional<String> eventId;
        private final Optional<String> caseId;
        private final String messageId;
        private final long sentAtMillis;
        private Optional<String> municipality = Optional.empty();
        private List<String> reviewReasons = List.of();

        Draft(Optional<String> eventId, Optional<String> caseId, String messageId, long sentAtMillis) {
            this.eventId = eventId;
            this.caseId = caseId;
            this.messageId = messageId;
            this.sentAtMillis = sentAtMillis;
        }

        Draft forMayor(Mayor mayor) {
            municipality = Optional.of(mayor.code());
            reviewReasons = mayor.reviewReasons().stream().map(Enum::name).toList();
            return this;
        }

        DecisionRecord decide(Decision decision, String reason, String detail) {
            return new DecisionRecord(eventId, messageId, caseId, decision, reason, detail, municipality, reviewReasons,
                    Instant.ofEpochMilli(sentAtMillis), clock.instant());
        }
    }
}
