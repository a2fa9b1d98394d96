package nl.bij.state;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import nl.bij.delivery.DeliveryFailures;
import nl.bij.delivery.Recipients;
import nl.bij.delivery.Suppression;
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
import nl.bij.notice.NoticeComposer;
import nl.bij.notice.NoticeDocuments;
import nl.bij.notice.wire.NoticeXml;

/** Turns the outcome of each stage into the one {@link DecisionRecord} an event ends with. */
public final class Decisions {

    /** Dutch law, Dutch calendar: "today" is the day in Amsterdam. */
    public static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    /** INTERFACE.md §2: an update or withdrawal of a case this service does not know. */
    public static final String ORPHAN_EVENT = "ORPHAN_EVENT";
    /** INTERFACE.md §2: the municipality has no delivery channel configured. */
    public static final String NOT_CONNECTED = "NOT_CONNECTED";

    /** DOMAIN.md §4: data may be given no earlier than three months before the expected return. */
    static final Period WINDOW = Period.ofMonths(3);
    public static final String BEFORE_WINDOW = "BEFORE_WINDOW";

    private final DecisionLog log;
    private final NoticeLedger ledger;
    private final EligibilityRules rules;
    private final MunicipalityRegister municipalities;
    private final Recipients recipients;
    private final NoticeComposer composer;
    private final NoticeDocuments documents;
    private final Clock clock;

    public Decisions(DecisionLog log, NoticeLedger ledger, EligibilityRules rules, MunicipalityRegister municipalities,
                     Recipients recipients, NoticeComposer composer, NoticeDocuments documents, Clock clock) {
        this.log = log;
        this.ledger = ledger;
        this.rules = rules;
        this.municipalities = municipalities;
        this.recipients = recipients;
        this.composer = composer;
        this.documents = documents;
        this.clock = clock;
    }

    public DecisionRecord rejected(Rejected rejected, String messageId, long sentAtMillis) {
        return log.record(new Draft(rejected.eventId(), Optional.empty(), messageId, sentAtMillis)
                .decide(Decision.REJECTED, rejected.reason().name(), rejected.detail()));
    }

    /**
     * Decides a valid event by law, municipality and the recipients configuration (DOMAIN.md §2, §3, §4, §6;
     * INTERFACE.md §3). A notice to deliver is composed here and stored with the decision, in one transaction;
     * the outbox relay hands it to delivery on its day. A message seen before (redelivered after a crash) gets
     * the decision it already has.
     */
    public DecisionRecord decide(ReleaseEvent event, String messageId, long sentAtMillis) {
        Optional<DecisionRecord> earlier = log.byMessageId(messageId);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Draft draft = new Draft(Optional.of(event.eventId()), Optional.of(event.caseId()), messageId, sentAtMillis);
        if (event.eventType() == EventType.WITHDRAW) {
            // the case ledger arrives with the durable-state issue; until then no earlier notice is known
            return decided(draft.decide(Decision.MANUAL_REVIEW, ORPHAN_EVENT, "withdrawal of a case without a known notice"));
        }
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(AMSTERDAM));
        LocalDate provisionDate = now.toLocalDate();
        Eligibility eligibility = rules.assess(event, provisionDate);
        if (eligibility instanceof NotQualifying not) {
            return decided(draft.decide(Decision.NOT_QUALIFYING, not.reason().name(), "no notice by law"));
        }
        if (eligibility instanceof NeedsReview review) {
            return decided(draft.decide(Decision.MANUAL_REVIEW, review.reason().name(), "a person must decide"));
        }
        Qualifies qualifies = (Qualifies) eligibility;
        String grounds = "qualifies by " + qualifies.route().reason() + " (" + qualifies.route().ground() + ") on "
                + qualifies.convictions().size() + " of " + event.convictions().size() + " conviction(s)";
        Resolution resolution = municipalities.resolve(event.destination(), provisionDate);
        if (resolution instanceof NoMayor none) {
            return decided(draft.decide(Decision.MANUAL_REVIEW, none.reason().name(), grounds + "; no mayor to inform"));
        }
        Mayor mayor = (Mayor) resolution;
        draft.forMayor(mayor);
        Optional<Suppression> suppression = recipients.suppression(mayor.code(), provisionDate);
        if (suppression.isPresent()) {
            return decided(draft.decide(Decision.SUPPRESSED, suppression.get().reason(),
                    grounds + "; suppressed by an operator's rule for " + mayor.code()));
        }
        if (recipients.of(mayor.code()).isEmpty()) {
            return decided(draft.decide(Decision.MANUAL_REVIEW, NOT_CONNECTED,
                    grounds + "; no delivery channel for " + mayor.code() + " " + mayor.name()));
        }
        return withNotice(event, messageId, sentAtMillis, draft, qualifies, mayor, now, grounds);
    }

    private DecisionRecord withNotice(ReleaseEvent event, String messageId, long sentAtMillis, Draft draft,
                                      Qualifies qualifies, Mayor mayor, ZonedDateTime now, String grounds) {
        NoticeXml notice = composer.compose(event, qualifies, mayor, now);
        LocalDate windowOpens = event.ret().expectedDate().minus(WINDOW);
        boolean beforeWindow = now.toLocalDate().isBefore(windowOpens);
        String route = qualifies.route().reason();
        DecisionRecord decision = beforeWindow
                ? draft.withNotice(notice.getNoticeId()).decide(Decision.SCHEDULED, BEFORE_WINDOW, grounds
                        + "; " + route + "; notice to the mayor of " + mayor.code() + " held until " + windowOpens)
                : draft.withNotice(notice.getNoticeId()).decide(Decision.DELIVERING, route,
                        grounds + "; notice to the mayor of " + mayor.code() + " " + mayor.name());
        DeliveryOrder order = new DeliveryOrder(event.eventId(), messageId, event.caseId(), notice.getNoticeId(),
                mayor.code(), route, decision.reviewReasons(), sentAtMillis, 1);
        return log.recordEvent(decision, Optional.of(new PendingNotice(order,
                beforeWindow ? windowOpens : now.toLocalDate(), documents.toBytes(notice))));
    }

    /** The relay put a notice on the delivery queue: a scheduled event is now on its way. */
    public void dispatched(DeliveryOrder order) {
        ledger.dispatched(order.noticeId(), clock.instant());
        log.byMessageId(order.messageId()).filter(d -> d.decision() == Decision.SCHEDULED).ifPresent(scheduled ->
                log.update(draftOf(order).decide(Decision.DELIVERING, order.reason(), "window open; notice "
                        + order.noticeId() + " handed to delivery"), 0));
    }

    /** A notice that comes round again (a redelivery, or the relay's second hand-over after a crash) is not sent twice. */
    public boolean alreadyDelivered(String noticeId) {
        return ledger.status(noticeId).filter(status -> status == NoticeLedger.Status.DELIVERED).isPresent();
    }

    /** The notice left over its channel: the event's decision is NOTIFIED, with the route as its reason. */
    public DecisionRecord delivered(DeliveryOrder order, String where) {
        DecisionRecord notified = draftOf(order).decide(Decision.NOTIFIED, order.reason(), "notice " + order.noticeId()
                + " delivered (" + where + ") on attempt " + order.attempt());
        log.update(notified, order.attempt());
        ledger.delivered(order.noticeId(), notified.decidedAt());
        return notified;
    }

    /** Delivery failed for good (permanent error, or retries exhausted): FAILED with the channel's error. */
    public DecisionRecord failed(DeliveryOrder order, Throwable failure) {
        DecisionRecord failed = draftOf(order).decide(Decision.FAILED, DeliveryFailures.describe(failure), "notice "
                + order.noticeId() + " not delivered after attempt " + order.attempt()
                + "; kept on the failed-delivery queue for replay");
        log.update(failed, order.attempt());
        ledger.failed(order.noticeId());
        return failed;
    }

    /** For the delivery route's error policy, which has the order as message headers. */
    public DecisionRecord failed(Map<String, Object> headers, Throwable failure) {
        return failed(DeliveryOrder.fromHeaders(headers), failure);
    }

    /** For the delivery route, which holds the order as message headers. */
    public static DeliveryOrder order(Map<String, Object> headers) {
        return DeliveryOrder.fromHeaders(headers);
    }

    /** A decision on a valid event: recorded with its eventId claimed, or DUPLICATE if another message has it. */
    private DecisionRecord decided(DecisionRecord record) {
        return log.recordEvent(record, Optional.empty());
    }

    private Draft draftOf(DeliveryOrder order) {
        Draft draft = new Draft(Optional.of(order.eventId()), Optional.of(order.caseId()), order.messageId(), order.sentAt());
        draft.municipality = Optional.of(order.municipality());
        draft.reviewReasons = order.reviewReasons();
        return draft.withNotice(order.noticeId());
    }

    /** What is known of an event before its decision. */
    private final class Draft {
        private final Optional<String> eventId;
        private final Optional<String> caseId;
        private final String messageId;
        private final long sentAtMillis;
        private Optional<String> municipality = Optional.empty();
        private List<String> reviewReasons = List.of();
        private List<String> noticeIds = List.of();

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

        Draft withNotice(String noticeId) {
            noticeIds = List.of(noticeId);
            return this;
        }

        DecisionRecord decide(Decision decision, String reason, String detail) {
            return new DecisionRecord(eventId, messageId, caseId, decision, reason, detail, municipality, noticeIds,
                    reviewReasons, Instant.ofEpochMilli(sentAtMillis), clock.instant());
        }
    }
}
