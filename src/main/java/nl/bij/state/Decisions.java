package nl.bij.state;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import nl.bij.intake.IntakeOutcome.Rejected;
import nl.bij.intake.ReleaseEvent;

/** Turns the outcome of each stage into the one {@link DecisionRecord} an event ends with. */
public final class Decisions {

    /**
     * Until the eligibility issue lands, a valid event is put up for review rather than pretend to be decided.
     * Not part of the INTERFACE.md §2 vocabulary on purpose: it must not survive that issue.
     */
    public static final String ELIGIBILITY_PENDING = "ELIGIBILITY_NOT_YET_IMPLEMENTED";

    private final DecisionLog log;
    private final Clock clock;

    public Decisions(DecisionLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    public DecisionRecord rejected(Rejected rejected, String messageId, long sentAtMillis) {
        return record(new DecisionRecord(rejected.eventId(), messageId, Optional.empty(), Decision.REJECTED,
                rejected.reason().name(), rejected.detail(), Optional.empty(), Instant.ofEpochMilli(sentAtMillis),
                clock.instant()));
    }

    public DecisionRecord awaitingEligibility(ReleaseEvent event, String messageId, long sentAtMillis) {
        return record(new DecisionRecord(Optional.of(event.eventId()), messageId, Optional.of(event.caseId()),
                Decision.MANUAL_REVIEW, ELIGIBILITY_PENDING, "valid release event; eligibility rules not yet in force",
                Optional.empty(), Instant.ofEpochMilli(sentAtMillis), clock.instant()));
    }

    private DecisionRecord record(DecisionRecord decision) {
        log.record(decision);
        return decision;
    }
}
