package nl.bij.state;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import nl.bij.delivery.DeliveryFailures;
import nl.bij.delivery.Recipients;
import nl.bij.eligibility.EligibilityRules;
import nl.bij.intake.IntakeOutcome.Accepted;
import nl.bij.intake.IntakeOutcome.Rejected;
import nl.bij.intake.ReleaseEvent;
import nl.bij.intake.ReleaseEventReader;
import nl.bij.lifecycle.CaseRules;
import nl.bij.lifecycle.CaseRules.HeldNotice;
import nl.bij.lifecycle.CaseState;
import nl.bij.eligibility.Route;
import nl.bij.lifecycle.Judgment;
import nl.bij.lifecycle.Outcome;
import nl.bij.lifecycle.Outcome.CaseUpdate;
import nl.bij.lifecycle.Outcome.NoticeToGive;
import nl.bij.lifecycle.Outcome.NoticeType;
import nl.bij.lifecycle.Reach;
import nl.bij.municipality.MunicipalityRegister;
import nl.bij.notice.NoticeComposer;
import nl.bij.notice.NoticeDocuments;
import nl.bij.notice.wire.NoticeXml;

/**
 * The one writer of decisions: loads a case, asks the lifecycle rules ({@link CaseRules}) what an event, a
 * person's judgment or a due day means for it, composes the notices that answer says, and stores it all in one
 * transaction through the {@link DecisionLog}.
 */
public final class Decisions {

    /** Dutch law, Dutch calendar: "today" is the day in Amsterdam. */
    public static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    private final DecisionLog log;
    private final NoticeLedger ledger;
    private final CaseRules rules;
    private final NoticeComposer composer;
    private final NoticeDocuments documents;
    private final Clock clock;
    private final boolean fourEyes;
    private final ReleaseEventReader reader = new ReleaseEventReader();

    public Decisions(DecisionLog log, NoticeLedger ledger, EligibilityRules law, MunicipalityRegister municipalities,
                     Recipients recipients, NoticeComposer composer, NoticeDocuments documents, Clock clock) {
        this(log, ledger, law, municipalities, recipients, composer, documents, clock, true);
    }

    /** @param fourEyes a person's "qualifies" judgment needs a second operator's confirmation before a notice leaves */
    public Decisions(DecisionLog log, NoticeLedger ledger, EligibilityRules law, MunicipalityRegister municipalities,
                     Recipients recipients, NoticeComposer composer, NoticeDocuments documents, Clock clock,
                     boolean fourEyes) {
        this.log = log;
        this.ledger = ledger;
        this.rules = new CaseRules(law, municipalities, reach(recipients, ledger));
        this.composer = composer;
        this.documents = documents;
        this.clock = clock;
        this.fourEyes = fourEyes;
    }

    /** A mayor can be reached: a channel configured, and no suppression rule (from the file or an operator's). */
    private static Reach reach(Recipients recipients, NoticeLedger ledger) {
        return new Reach() {
            @Override
            public boolean connected(String municipality) {
                return recipients.of(municipality).isPresent();
            }

            @Override
            public Optional<String> suppression(String municipality, LocalDate day) {
                return recipients.suppression(municipality, day).or(() -> ledger.suppression(municipality, day))
                        .map(nl.bij.delivery.Suppression::reason);
            }
        };
    }

    public DecisionRecord rejected(Rejected rejected, String messageId, long sentAtMillis) {
        return log.record(new Draft(rejected.eventId(), Optional.empty(), messageId, sentAtMillis)
                .decide(Decision.REJECTED, rejected.reason().name(), rejected.detail()));
    }

    /**
     * Decides a valid event by law, municipality, recipients and the state of its case. The notices it makes are
     * stored with the decision, in one transaction; those due today leave with the release message
     * ({@link #handOver}), the outbox relay hands the others to delivery on their day, after judging them again. A
     * message seen before (redelivered after a crash) keeps its decision.
     *
     * @param copy the event without aftercare and BSN: kept for a review, or for the day a held notice falls due
     *             (made only then)
     */
    public DecisionRecord decide(ReleaseEvent event, java.util.function.Supplier<byte[]> copy, String messageId,
            long sentAtMillis) {
        Optional<DecisionRecord> earlier = log.byMessageId(messageId);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        ZonedDateTime now = now();
        CaseFile file = caseFile(event);
        Outcome outcome = rules.decide(event, file.state(), now.toLocalDate());
        Stored stored = compose(event, messageId, sentAtMillis, now, file, outcome, "");
        Optional<EventCopy> kept = keeps(stored.decision()) ? Optional.ofNullable(copy)
                .map(document -> new EventCopy(document.get(), Judgment.none())) : Optional.empty();
        return log.recordEvent(stored.decision(), stored.notices(), stored.change(), kept);
    }

    /** For callers without the document (tests): a review item then keeps no copy and cannot be resolved. */
    public DecisionRecord decide(ReleaseEvent event, String messageId, long sentAtMillis) {
        return decide(event, null, messageId, sentAtMillis);
    }

    /** What came of a person's resolution: the event's new decision, or a judgment waiting for a second operator. */
    public record Resolution(Optional<DecisionRecord> decision, boolean awaitsConfirmation) {
    }

    /**
     * A person resolved a review item (docs/contract.md §4): chose its municipality, and/or judged that it qualifies by
     * a route. A "qualifies" judgment waits for a second operator's confirmation when four eyes are required (it
     * is checked now, so that what cannot lead to a notice is refused at once); otherwise the event is decided
     * with the judgment and delivered like any other (or held for its window). Refused (a message for the
     * operator) when the item is not waiting or the judgment cannot lead to a notice.
     */
    public Resolution resolve(String eventId, Judgment judgment, String operator) {
        ReviewItem item = waitingItem(eventId);
        if (item.judged().isPresent()) {
            throw new Refused("event " + eventId + " already has a judgment by " + item.judged().get().by()
                    + " that waits for confirmation");
        }
        ReleaseEvent event = read(item, eventId);
        Outcome outcome = resolved(event, judgment);
        if (judgment.route().isPresent() && fourEyes) {
            if (!log.judgeReview(item.messageId(), judgment, operator, clock.instant())) {
                throw new Refused("event " + eventId + " is no longer waiting for review");
            }
            return new Resolution(Optional.empty(), true);
        }
        return new Resolution(Optional.of(apply(item, event, judgment, outcome, describe(judgment, operator, null))), false);
    }

    /**
     * The list-1 route that the offences of an event waiting for review name (ZEDEN before GEWELD), for a judgment
     * of ROUTE_A_LIST1 that gave no ground; empty if no offence is on list 1. Refused when it is not waiting.
     */
    public Optional<Route> list1RouteOf(String eventId) {
        ReleaseEvent event = read(waitingItem(eventId), eventId);
        return rules.list1RouteOf(event, today());
    }

    /** A second operator confirms a "qualifies" judgment (four eyes): the notice then leaves, or is held. */
    public DecisionRecord confirm(String eventId, String operator) {
        ReviewItem item = waitingItem(eventId);
        ReviewItem.Judged judged = item.judged().orElseThrow(() ->
                new Refused("event " + eventId + " has no judgment waiting for confirmation"));
        if (judged.by().equals(operator)) {
            throw new Refused("a second operator must confirm the judgment of " + judged.by() + " (four eyes)");
        }
        ReleaseEvent event = read(item, eventId);
        Outcome outcome = resolved(event, judged.judgment());
        return apply(item, event, judged.judgment(), outcome, describe(judged.judgment(), judged.by(), operator));
    }

    /**
     * A person decided that the notice a mayor has for a review item's case is withdrawn (the item said the notice
     * stands and a person decides): the withdrawal leaves like any other, and the event ends WITHDRAWN once it is
     * delivered. Refused when the item is not waiting, a judgment on it waits for confirmation, or no mayor has a
     * notice of the case.
     */
    public DecisionRecord withdraw(String eventId, Outcome.Withdrawal why, String operator) {
        ReviewItem item = waitingItem(eventId);
        if (item.judged().isPresent()) {
            throw new Refused("event " + eventId + " has a judgment by " + item.judged().get().by()
                    + " that waits for confirmation");
        }
        ReleaseEvent event = read(item, eventId);
        Outcome outcome;
        try {
            outcome = rules.withdraw(event, caseFile(event).state(), today(), why);
        } catch (CaseRules.Refused refused) {
            throw new Refused(refused.getMessage());
        }
        return apply(item, event, Judgment.none(), outcome, "; withdrawn by " + operator);
    }

    /** An operator saw the flags of a notified event (INTENDED_MUNICIPALITY_DIFFERS): they leave the review list. */
    public void acknowledge(String eventId, String operator) {
        boolean any = log.byEventId(eventId).stream()
                .anyMatch(d -> log.acknowledgeFlags(d.messageId(), operator, clock.instant()));
        if (!any) {
            throw new Refused("event " + eventId + " has no flag waiting to be acknowledged");
        }
    }

    private ReviewItem waitingItem(String eventId) {
        DecisionRecord waiting = log.byEventId(eventId).stream().filter(d -> d.decision() == Decision.MANUAL_REVIEW)
                .findFirst().orElseThrow(() -> new Refused("event " + eventId + " is not waiting for review"));
        return log.reviewItem(waiting.messageId()).orElseThrow(() -> new Refused(
                "the document of event " + eventId + " is not kept; close the item instead"));
    }

    private ReleaseEvent read(ReviewItem item, String eventId) {
        if (!(reader.read(item.document()) instanceof Accepted accepted)) {
            throw new Refused("the kept document of event " + eventId + " cannot be read");
        }
        return accepted.event();
    }

    private Outcome resolved(ReleaseEvent event, Judgment judgment) {
        try {
            return rules.resolve(event, caseFile(event).state(), today(), judgment);
        } catch (CaseRules.Refused refused) {
            throw new Refused(refused.getMessage());
        }
    }

    private DecisionRecord apply(ReviewItem item, ReleaseEvent event, Judgment judgment, Outcome outcome, String by) {
        DecisionRecord waiting = log.byMessageId(item.messageId()).orElseThrow();
        Stored stored = compose(event, item.messageId(), waiting.sentAt().toEpochMilli(), now(), caseFile(event),
                outcome, by);
        Optional<EventCopy> held = stored.decision().decision() == Decision.SCHEDULED
                ? Optional.of(new EventCopy(item.document(), judgment)) : Optional.empty();
        if (!log.resolveReview(stored.decision(), stored.notices(), stored.change(), held)) {
            throw new Refused("event " + event.eventId() + " is no longer waiting for review");
        }
        return stored.decision();
    }

    private static String describe(Judgment judgment, String judgedBy, String confirmedBy) {
        String what = judgment.route().map(r -> "judged to qualify by " + r.reason()).orElse("")
                + (judgment.route().isPresent() && judgment.municipality().isPresent() ? ", " : "")
                + judgment.municipality().map(m -> "municipality " + m + " chosen").orElse("");
        return "; " + what + " by " + judgedBy + (confirmedBy == null ? "" : ", confirmed by " + confirmedBy);
    }

    /**
     * A held notice falls due (the relay claimed it): its event is judged again with today's data. True if the
     * answer is the same notice to the same mayor, which then leaves; false if not: the event then has its new
     * decision (recorded here, with the reason), the held notice is cancelled, and any new notice waits for the
     * relay's next round. Notices that were not held (or whose event's copy is gone) leave as they are.
     */
    public boolean judgeAgain(PendingNotice notice) {
        DeliveryOrder order = notice.order();
        if (DeliveryOrder.NO_DECISION.equals(order.onDelivered())) {
            return true;   // a withdrawal to a former mayor (one replayed, say) is no notice held for its day
        }
        Optional<DecisionRecord> decision = log.byMessageId(order.messageId());
        Optional<EventCopy> copy = log.heldEvent(order.messageId());
        if (decision.filter(d -> d.decision() == Decision.SCHEDULED).isEmpty() || copy.isEmpty()
                || !(reader.read(copy.get().document()) instanceof Accepted accepted)) {
            return true;
        }
        ReleaseEvent event = accepted.event();
        ZonedDateTime now = now();
        CaseFile file = caseFile(event);
        HeldNotice held = new HeldNotice(order.noticeId(), NoticeType.valueOf(order.noticeType()), order.municipality());
        Optional<Outcome> changed = rules.judgeAgain(event, file.state(), now.toLocalDate(), copy.get().judgment(), held);
        if (changed.isEmpty()) {
            return true;
        }
        Stored stored = compose(event, order.messageId(), order.sentAt(), now, file, changed.get(), "");
        Optional<EventCopy> review = stored.decision().decision() == Decision.MANUAL_REVIEW ? copy : Optional.empty();
        if (!log.judgedAgain(stored.decision(), stored.notices(), stored.change(), review)) {
            throw new IllegalStateException("notice " + order.noticeId() + " was held but its event "
                    + order.eventId() + " is no longer SCHEDULED; the relay takes it again");
        }
        return false;
    }

    /** A resolution the service cannot carry out, with the reason for the operator (no personal data). */
    public static final class Refused extends IllegalStateException {
        Refused(String message) {
            super(message);
        }
    }

    /** The decision, the notices and the change of the case that an outcome comes to. */
    private record Stored(DecisionRecord decision, List<PendingNotice> notices, Optional<CaseChange> change) {
    }

    /** Composes the notices of an outcome and turns it into what the log stores. */
    private Stored compose(ReleaseEvent event, String messageId, long sentAtMillis, ZonedDateTime now, CaseFile file,
                           Outcome outcome, String detailSuffix) {
        Draft draft = new Draft(Optional.of(event.eventId()), Optional.of(event.caseId()), messageId, sentAtMillis);
        draft.municipality = outcome.municipality();
        draft.reviewReasons = outcome.reviewReasons();
        List<NoticeXml> composed = new ArrayList<>();
        for (NoticeToGive give : outcome.notices()) {
            composed.add(compose(event, give, now));
        }
        if (!composed.isEmpty()) {
            draft.withNotice(composed.get(0).getNoticeId());
        }
        DecisionRecord decision = draft.decide(decisionOf(outcome.verdict()), outcome.reason(),
                outcome.detail() + detailSuffix);
        List<PendingNotice> notices = new ArrayList<>();
        for (int i = 0; i < composed.size(); i++) {
            notices.add(pending(event, messageId, sentAtMillis, outcome.notices().get(i), composed.get(i), decision));
        }
        return new Stored(decision, notices, change(event, messageId, file, outcome, composed));
    }

    private NoticeXml compose(ReleaseEvent event, NoticeToGive give, ZonedDateTime now) {
        return switch (give.type()) {
            case NIEUW -> composer.compose(event, give.grounds().orElseThrow(), give.mayor(), now);
            case WIJZIGING -> composer.change(event, give.grounds().orElseThrow(), give.mayor(), now,
                    give.changes().orElseThrow());
            case INTREKKING -> composer.withdrawal(event, give.mayor(), now, give.changes().orElseThrow(),
                    give.withdrawal().orElseThrow());
        };
    }

    private PendingNotice pending(ReleaseEvent event, String messageId, long sentAtMillis, NoticeToGive give,
                                  NoticeXml notice, DecisionRecord decision) {
        String reason = give.grounds().map(q -> q.route().reason()).orElse(CaseRules.WITHDRAWAL);
        String onDelivered = give.onDelivered() == Outcome.OnDelivered.NOTHING ? DeliveryOrder.NO_DECISION
                : give.onDelivered().name();
        DeliveryOrder order = new DeliveryOrder(event.eventId(), messageId, event.caseId(), notice.getNoticeId(),
                give.mayor().code(), reason, decision.reviewReasons(), sentAtMillis, 1, notice.getNoticeType().value(),
                onDelivered);
        return new PendingNotice(order, give.dueOn(), documents.toBytes(notice), give.changes());
    }

    /** How the case changes; a cancelled waiting notice of another event gives that event its final decision. */
    private Optional<CaseChange> change(ReleaseEvent event, String messageId, CaseFile file, Outcome outcome,
                                        List<NoticeXml> composed) {
        CaseUpdate update = outcome.update();
        if (!update.applied()) {
            return Optional.empty();
        }
        Optional<String> active = file.activeNoticeId();
        Optional<String> municipality = file.activeMunicipality();
        switch (update.newest()) {
            case NONE -> {
                active = Optional.empty();
                municipality = Optional.empty();
            }
            case THE_ONE_GIVEN -> {
                active = file.heldNoticeId();
                municipality = file.heldMunicipality();
            }
            case FIRST_NOTICE -> {
                NoticeXml first = composed.stream().filter(n -> !"INTREKKING".equals(n.getNoticeType().value()))
                        .findFirst().orElseThrow();
                active = Optional.of(first.getNoticeId());
                municipality = Optional.of(first.getRecipient().getMunicipalityCode());
            }
            default -> {
            }
        }
        List<String> cancelled = update.cancels().stream().toList();
        List<DecisionRecord> superseded = update.cancels().isPresent()
                && !file.activeMessageId().orElse("").equals(messageId)
                ? List.of(supersededDecision(file, event)) : List.of();
        return Optional.of(new CaseChange(event.caseId(), event.createdAt().toInstant(), event.eventId(), file.version(),
                update.newest() != CaseUpdate.Newest.UNCHANGED, active, municipality, cancelled, superseded));
    }

    /** The event whose notice waited and will not leave: it ends without a notice, and says why. */
    private DecisionRecord supersededDecision(CaseFile file, ReleaseEvent by) {
        DecisionRecord waiting = log.byMessageId(file.activeMessageId().orElseThrow()).orElseThrow();
        return new DecisionRecord(waiting.eventId(), waiting.messageId(), waiting.caseId(), Decision.NOT_QUALIFYING,
                CaseRules.EVENT_NOT_A_RETURN, "its notice " + file.activeNoticeId().get()
                + " was cancelled before it was given, by event " + by.eventId(), waiting.municipality(),
                waiting.noticeIds(), waiting.reviewReasons(), waiting.sentAt(), clock.instant());
    }

    private static Decision decisionOf(Outcome.Verdict verdict) {
        return switch (verdict) {
            case DELIVER -> Decision.DELIVERING;
            case SCHEDULE -> Decision.SCHEDULED;
            case NOT_QUALIFYING -> Decision.NOT_QUALIFYING;
            case REVIEW -> Decision.MANUAL_REVIEW;
            case SUPPRESSED -> Decision.SUPPRESSED;
        };
    }

    /** A copy is kept for a review item, and for an event whose notice is held for its day. */
    private static boolean keeps(DecisionRecord decision) {
        return decision.decision() == Decision.MANUAL_REVIEW || decision.decision() == Decision.SCHEDULED;
    }

    private CaseFile caseFile(ReleaseEvent event) {
        return log.caseFile(event.caseId()).orElse(CaseFile.none(event.caseId()));
    }

    private ZonedDateTime now() {
        return ZonedDateTime.now(clock.withZone(AMSTERDAM));
    }

    private LocalDate today() {
        return now().toLocalDate();
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
        return ledger.startSending(noticeId, clock.instant());
    }

    /**
     * Names this sending of a notice for a receiver that drops what it has seen (a municipality's queue, whose
     * broker keeps duplicate ids): the noticeId, the same when a crash sends it again; for an operator's forced
     * resend also the time of the delivery before, for that one must arrive again.
     */
    public String sendingId(String noticeId) {
        return ledger.deliveredAt(noticeId).map(before -> noticeId + "/resent-after-" + before.toEpochMilli())
                .orElse(noticeId);
    }

    /**
     * A transient failure: until its retry starts, a change of the case may still stop the notice.
     *
     * @param retryAtMillis when the scheduled retry is due (a notice not taken by then is stranded, see claimDue)
     */
    public void retrying(String noticeId, long retryAtMillis) {
        ledger.retrying(noticeId, Instant.ofEpochMilli(retryAtMillis));
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
