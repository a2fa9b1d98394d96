package nl.bij.state;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
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
import nl.bij.intake.IntakeOutcome.Accepted;
import nl.bij.intake.IntakeOutcome.Rejected;
import nl.bij.intake.ReleaseEventReader;
import nl.bij.intake.ReleaseEvent;
import nl.bij.intake.ReleaseEvent.EventType;
import nl.bij.intake.ReleaseEvent.ReturnKind;
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
    /** INTERFACE.md §2: no notice by law, here because the return will not happen. */
    static final String EVENT_NOT_A_RETURN = "EVENT_NOT_A_RETURN";
    /** The reason of an event whose notice is a withdrawal (INTREKKING). */
    static final String WITHDRAWAL = "WITHDRAWAL";

    private final DecisionLog log;
    private final NoticeLedger ledger;
    private final EligibilityRules rules;
    private final MunicipalityRegister municipalities;
    private final Recipients recipients;
    private final NoticeComposer composer;
    private final NoticeDocuments documents;
    private final Clock clock;
    private final ReleaseEventReader reader = new ReleaseEventReader();

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
     * Decides a valid event by law, municipality, recipients and the state of its case (DOMAIN.md §2, §3, §4, §6;
     * INTERFACE.md §3). The notices it makes are stored with the decision, in one transaction; those due today
     * leave with the release message ({@link #handOver}), the outbox relay hands the others to delivery on their
     * day. A message seen before (redelivered after a crash) keeps its decision.
     */
    public DecisionRecord decide(ReleaseEvent event, byte[] reviewCopy, String messageId, long sentAtMillis) {
        Optional<DecisionRecord> earlier = log.byMessageId(messageId);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Decider decider = new Decider(event, messageId, sentAtMillis, ZonedDateTime.now(clock.withZone(AMSTERDAM)),
                log.caseFile(event.caseId()).orElse(CaseFile.none(event.caseId())), Optional.ofNullable(reviewCopy),
                Optional.empty());
        return decider.decide();
    }

    /** For callers without the document (tests): a review item then keeps no copy and cannot be resolved. */
    public DecisionRecord decide(ReleaseEvent event, String messageId, long sentAtMillis) {
        return decide(event, null, messageId, sentAtMillis);
    }

    /**
     * A person chose the municipality of a review item (INTERFACE.md §4): the event is decided with that mayor and
     * delivered like any other. Refused (IllegalStateException, a message for the operator) when the item is not
     * waiting, its document is gone, the law itself needs a person's judgment, or the municipality cannot receive.
     */
    public DecisionRecord resolve(String eventId, String municipality, String operator) {
        DecisionRecord waiting = log.byEventId(eventId).stream().filter(d -> d.decision() == Decision.MANUAL_REVIEW)
                .findFirst().orElseThrow(() -> new Refused("event " + eventId + " is not waiting for review"));
        byte[] copy = log.reviewCopy(waiting.messageId()).orElseThrow(() -> new Refused(
                "the document of event " + eventId + " is not kept; close the item instead"));
        if (!(reader.read(copy) instanceof Accepted accepted)) {
            throw new Refused("the kept document of event " + eventId + " cannot be read");
        }
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(AMSTERDAM));
        Mayor mayor = municipalities.current(municipality, now.toLocalDate()).orElseThrow(() ->
                new Refused(municipality + " is not a municipality on " + now.toLocalDate()));
        if (recipients.of(mayor.code()).isEmpty()) {
            throw new Refused("municipality " + mayor.code() + " has no delivery channel");
        }
        if (recipients.suppression(mayor.code(), now.toLocalDate()).or(() -> ledger.suppression(mayor.code(),
                now.toLocalDate())).isPresent()) {
            throw new Refused("municipality " + mayor.code() + " is suppressed");
        }
        ReleaseEvent event = accepted.event();
        return new Decider(event, waiting.messageId(), waiting.sentAt().toEpochMilli(), now,
                log.caseFile(event.caseId()).orElse(CaseFile.none(event.caseId())), Optional.empty(),
                Optional.of(new Chosen(mayor, operator))).resolve();
    }

    /** A resolution the service cannot carry out, with the reason for the operator (no personal data). */
    public static final class Refused extends IllegalStateException {
        Refused(String message) {
            super(message);
        }
    }

    /** The mayor a person chose for a review item, and who chose. */
    private record Chosen(Mayor mayor, String operator) {
    }

    /** The decision of one event, with its case as it stood when the event came. */
    private final class Decider {
        private final ReleaseEvent event;
        private final String messageId;
        private final long sentAtMillis;
        private final ZonedDateTime now;
        private final CaseFile file;
        private final Optional<byte[]> reviewCopy;
        private final Optional<Chosen> chosen;
        private final Draft draft;

        Decider(ReleaseEvent event, String messageId, long sentAtMillis, ZonedDateTime now, CaseFile file,
                Optional<byte[]> reviewCopy, Optional<Chosen> chosen) {
            this.event = event;
            this.messageId = messageId;
            this.sentAtMillis = sentAtMillis;
            this.now = now;
            this.file = file;
            this.reviewCopy = reviewCopy;
            this.chosen = chosen;
            this.draft = new Draft(Optional.of(event.eventId()), Optional.of(event.caseId()), messageId, sentAtMillis);
        }

        /** The review item's event with the chosen mayor: only if the law itself is settled. */
        DecisionRecord resolve() {
            if (file.known() && event.createdAt().toInstant().isBefore(file.newestCreatedAt())) {
                throw new Refused("a newer event of case " + event.caseId() + " was applied since");
            }
            if (!(rules.assess(event, now.toLocalDate()) instanceof Qualifies qualifies)) {
                throw new Refused("the law needs a person's judgment for event " + event.eventId()
                        + " (not only the municipality); close the item instead");
            }
            Mayor mayor = chosen.orElseThrow().mayor();
            draft.forMayor(mayor);
            return notify(qualifies, mayor, "qualifies by " + qualifies.route().reason() + "; municipality "
                    + mayor.code() + " chosen by " + chosen.get().operator());
        }

        DecisionRecord decide() {
            if (file.known() && event.createdAt().toInstant().isBefore(file.newestCreatedAt())) {
                // out of order: a newer event of this case was already applied; an older one never overrides it
                return record(draft.decide(Decision.MANUAL_REVIEW, ORPHAN_EVENT, "out of order: created before event "
                        + file.newestEventId() + " of this case, which was applied first; not applied"), List.of(), Optional.empty());
            }
            if (event.eventType() == EventType.WITHDRAW || event.ret().kind() == ReturnKind.DEATH) {
                return cancel();
            }
            if (event.eventType() == EventType.UPDATE && !file.known()) {
                return record(draft.decide(Decision.MANUAL_REVIEW, ORPHAN_EVENT, "update of a case without a known event"));
            }
            return assess();
        }

        /** WITHDRAW, or the person died: what waits is cancelled silently; what a mayor has is withdrawn. */
        private DecisionRecord cancel() {
            boolean withdraw = event.eventType() == EventType.WITHDRAW;
            if (!file.known() && withdraw) {
                return record(draft.decide(Decision.MANUAL_REVIEW, ORPHAN_EVENT, "withdrawal of a case without a known event"));
            }
            String what = withdraw ? "return withdrawn" : "the person died";
            if (file.activeNotGiven()) {
                return record(draft.decide(Decision.NOT_QUALIFYING, EVENT_NOT_A_RETURN, what + "; notice "
                        + file.activeNoticeId().get() + " was not given yet and is cancelled: no mayor was informed"),
                        List.of(), Optional.of(withoutActive(true)));
            }
            if (withdraw && file.activeGiven()) {
                Mayor former = formerMayor();
                NoticeXml withdrawal = composer.withdrawal(event, former, now, file.activeNoticeId().get());
                DecisionRecord decision = draft.forMunicipality(former.code()).withNotice(withdrawal.getNoticeId())
                        .decide(Decision.DELIVERING, WITHDRAWAL, what + "; withdrawal of notice "
                                + file.activeNoticeId().get() + " to the mayor of " + former.code());
                return record(decision, List.of(pending(withdrawal, former.code(), WITHDRAWAL, decision, now.toLocalDate(),
                        Decision.WITHDRAWN.name())), Optional.of(withoutActive(false)));
            }
            return record(draft.decide(Decision.NOT_QUALIFYING, EVENT_NOT_A_RETURN, what + (file.activeGiven()
                    ? "; the notice given stands (the mayor destroys it within 9 months)" : "; no notice stands")));
        }

        private DecisionRecord assess() {
            LocalDate provisionDate = now.toLocalDate();
            Eligibility eligibility = rules.assess(event, provisionDate);
            if (eligibility instanceof NotQualifying not) {
                return terminal(Decision.NOT_QUALIFYING, not.reason().name(), "no notice by law");
            }
            if (eligibility instanceof NeedsReview review) {
                return terminal(Decision.MANUAL_REVIEW, review.reason().name(), "a person must decide");
            }
            Qualifies qualifies = (Qualifies) eligibility;
            // the route code only: the ground (ZEDEN, GEWELD ...) is offence data and stays in the notice
            String grounds = "qualifies by " + qualifies.route().reason() + " on " + qualifies.convictions().size()
                    + " of " + event.convictions().size() + " conviction(s)";
            Resolution resolution = municipalities.resolve(event.destination(), provisionDate);
            if (resolution instanceof NoMayor none) {
                return terminal(Decision.MANUAL_REVIEW, none.reason().name(), grounds + "; no mayor to inform");
            }
            Mayor mayor = (Mayor) resolution;
            draft.forMayor(mayor);
            Optional<Suppression> suppression = recipients.suppression(mayor.code(), provisionDate)
                    .or(() -> ledger.suppression(mayor.code(), provisionDate));
            if (suppression.isPresent()) {
                return terminal(Decision.SUPPRESSED, suppression.get().reason(),
                        grounds + "; suppressed by an operator's rule for " + mayor.code());
            }
            if (recipients.of(mayor.code()).isEmpty()) {
                return terminal(Decision.MANUAL_REVIEW, NOT_CONNECTED,
                        grounds + "; no delivery channel for " + mayor.code() + " " + mayor.name());
            }
            return notify(qualifies, mayor, grounds);
        }

        /**
         * No notice follows from this event. If one stands for the case (this is an update), whether to withdraw it
         * is for a person: the event goes to review with the same reason code.
         */
        private DecisionRecord terminal(Decision decision, String reason, String detail) {
            if (file.activeNotGiven()) {
                // the notice that waits was made on facts that no longer hold: it never leaves
                return record(draft.decide(decision, reason, detail + "; notice " + file.activeNoticeId().get()
                        + " was not given yet and is cancelled"), List.of(), Optional.of(withoutActive(true)));
            }
            if (file.activeGiven()) {
                return record(draft.decide(Decision.MANUAL_REVIEW, reason, detail + "; notice " + file.activeNoticeId().get()
                        + " to " + file.activeMunicipality().orElse("?") + " stands: a person decides whether to withdraw it"));
            }
            return record(draft.decide(decision, reason, detail));
        }

        /** DOMAIN.md §4: first notice, a change to the same mayor, or a withdrawal to the old and a new notice to the new. */
        private DecisionRecord notify(Qualifies qualifies, Mayor mayor, String grounds) {
            String route = qualifies.route().reason();
            if (file.activeGiven() && formerMayor().code().equals(mayor.code())) {
                NoticeXml change = composer.change(event, qualifies, mayor, now, file.activeNoticeId().get());
                DecisionRecord decision = draft.withNotice(change.getNoticeId()).decide(Decision.DELIVERING, route,
                        grounds + "; change of notice " + file.activeNoticeId().get() + " to the mayor of " + mayor.code());
                return record(decision, List.of(pending(change, mayor.code(), route, decision, now.toLocalDate(),
                        Decision.UPDATED.name())), Optional.of(withActive(change.getNoticeId(), mayor.code(), false)));
            }
            NoticeXml notice = composer.compose(event, qualifies, mayor, now);
            LocalDate windowOpens = event.ret().expectedDate().minus(WINDOW);
            boolean beforeWindow = now.toLocalDate().isBefore(windowOpens);
            String to = "notice to the mayor of " + mayor.code() + " " + mayor.name();
            DecisionRecord decision = beforeWindow
                    ? draft.withNotice(notice.getNoticeId()).decide(Decision.SCHEDULED, BEFORE_WINDOW,
                            grounds + "; " + route + "; " + to + " held until " + windowOpens)
                    : draft.withNotice(notice.getNoticeId()).decide(Decision.DELIVERING, route, grounds + "; " + to);
            List<PendingNotice> notices = new ArrayList<>();
            boolean moving = file.activeGiven();
            notices.add(pending(notice, mayor.code(), route, decision, beforeWindow ? windowOpens : now.toLocalDate(),
                    (moving ? Decision.UPDATED : Decision.NOTIFIED).name()));
            if (moving) {
                Mayor former = formerMayor();
                NoticeXml withdrawal = composer.withdrawal(event, former, now, file.activeNoticeId().get());
                notices.add(pending(withdrawal, former.code(), WITHDRAWAL, decision, now.toLocalDate(),
                        DeliveryOrder.NO_DECISION));
            }
            return record(decision, notices, Optional.of(withActive(notice.getNoticeId(), mayor.code(),
                    file.activeNotGiven())));
        }

        private PendingNotice pending(NoticeXml notice, String municipality, String reason, DecisionRecord decision,
                                      LocalDate dueOn, String onDelivered) {
            DeliveryOrder order = new DeliveryOrder(event.eventId(), messageId, event.caseId(), notice.getNoticeId(),
                    municipality, reason, decision.reviewReasons(), sentAtMillis, 1, notice.getNoticeType().value(),
                    onDelivered);
            return new PendingNotice(order, dueOn, documents.toBytes(notice));
        }

        /** The mayor who has the standing notice: of its municipality, or of the one it has merged into since. */
        private Mayor formerMayor() {
            String code = file.activeMunicipality().orElseThrow();
            return municipalities.current(code, now.toLocalDate())
                    .orElse(new Mayor(code, municipalities.existingOn(code, now.toLocalDate()).orElse(code), List.of()));
        }

        /** A new standing notice; the one that waited (if {@code cancelsWaiting}) never leaves. */
        private CaseChange withActive(String noticeId, String municipality, boolean cancelsWaiting) {
            return change(true, Optional.of(noticeId), Optional.of(municipality), cancelsWaiting);
        }

        private CaseChange withoutActive(boolean cancelsWaiting) {
            return change(true, Optional.empty(), Optional.empty(), cancelsWaiting);
        }

        private CaseChange change(boolean changesActive, Optional<String> active, Optional<String> municipality,
                                  boolean cancelsWaiting) {
            List<String> cancelled = cancelsWaiting ? List.of(file.activeNoticeId().get()) : List.of();
            List<DecisionRecord> superseded = cancelsWaiting ? List.of(supersededDecision()) : List.of();
            return new CaseChange(event.caseId(), event.createdAt().toInstant(), event.eventId(), file.version(),
                    changesActive, active, municipality, cancelled, superseded);
        }

        /** The event whose notice waited and will not leave: it ends without a notice, and says why. */
        private DecisionRecord supersededDecision() {
            DecisionRecord waiting = log.byMessageId(file.activeMessageId().orElseThrow()).orElseThrow();
            return new DecisionRecord(waiting.eventId(), waiting.messageId(), waiting.caseId(), Decision.NOT_QUALIFYING,
                    EVENT_NOT_A_RETURN, "its notice " + file.activeNoticeId().get() + " was cancelled before it was given,"
                    + " by event " + event.eventId(), waiting.municipality(), waiting.noticeIds(), waiting.reviewReasons(),
                    waiting.sentAt(), clock.instant());
        }

        private DecisionRecord record(DecisionRecord decision) {
            return record(decision, List.of(), Optional.of(CaseChange.seen(file, event.eventId(), event.createdAt().toInstant())));
        }

        private DecisionRecord record(DecisionRecord decision, List<PendingNotice> notices, Optional<CaseChange> change) {
            if (chosen.isPresent()) {
                if (!log.resolveReview(decision, notices, change)) {
                    throw new Refused("event " + event.eventId() + " is no longer waiting for review");
                }
                return decision;
            }
            return log.recordEvent(decision, notices, change,
                    decision.decision() == Decision.MANUAL_REVIEW ? reviewCopy : Optional.empty());
        }
    }

    /**
     * The notices of this release message that leave now, in its own JMS transaction: those its decision made due
     * today, or, for a message redelivered after a crash before that transaction committed, those it made then.
     */
    public List<PendingNotice> handOver(String messageId) {
        return ledger.handOver(messageId);
    }

    /** The relay put a notice on the delivery queue: a scheduled event is now on its way. */
    public void dispatched(DeliveryOrder order) {
        ledger.dispatched(order.noticeId(), clock.instant());
        if (!DeliveryOrder.NO_DECISION.equals(order.onDelivered())) {
            log.advance(draftOf(order).decide(Decision.DELIVERING, order.reason(), "window open; notice "
                    + order.noticeId() + " handed to delivery"), Decision.SCHEDULED);
        }
    }

    /**
     * Whether a delivery attempt may start. Not for a notice delivered already (a redelivery, or the relay's second
     * hand-over after a crash) nor for one cancelled meanwhile (its case changed before it left).
     */
    public boolean startSending(String noticeId) {
        return ledger.startSending(noticeId);
    }

    /** A transient failure: until its retry starts, a change of the case may still stop the notice. */
    public void retrying(String noticeId) {
        ledger.retrying(noticeId);
    }

    /** The notice left over its channel: the event's decision is NOTIFIED, with the route as its reason. */
    public void delivered(DeliveryOrder order, String where) {
        Optional<DecisionRecord> decision = DeliveryOrder.NO_DECISION.equals(order.onDelivered()) ? Optional.empty()
                : Optional.of(draftOf(order).decide(Decision.valueOf(order.onDelivered()), order.reason(),
                        order.noticeType() + " notice " + order.noticeId() + " delivered (" + where + ") on attempt "
                        + order.attempt()));
        ledger.delivered(order.noticeId(), clock.instant(), decision, order.attempt());
    }

    /**
     * Delivery failed for good (permanent error, or retries exhausted): FAILED with the channel's error. A failed
     * withdrawal to a former mayor fails its event too: someone must see that the old mayor was not told.
     */
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

        Draft forMunicipality(String code) {
            municipality = Optional.of(code);
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
