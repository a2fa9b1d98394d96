package nl.bij.operations;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import nl.bij.operations.Operators.Operator;
import nl.bij.state.OperatorStore;
import nl.bij.operations.Operators.Role;

/**
 * The operators' view of the service and their levers (docs/contract.md §4), behind the admin API's routes: who may do
 * what, what is shown, and replay that never notifies a mayor twice unless an operator forces it, on the record.
 */
public final class AdminApi {

    /** The version of this API: its OpenAPI document (routes/admin-api.camel.yaml) and the API-Version header. */
    public static final String VERSION = "1.0.0";

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final Set<String> LISTS = Set.of("failed", "review", "confirm", "rejected", "delivering", "recent");
    private static final int MAX_PAGE = 200;

    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("[0-9]{4}");
    private static final int MAX_REASON = 200;

    private final Operators operators;
    private final OperatorStore store;
    private final nl.bij.delivery.Recipients recipients;
    private final RejectedMessages rejected;
    private final DeadLetters deadLetters;
    private final BrokerQueues brokerQueues;
    private final nl.bij.state.Decisions decisions;
    private final List<String> queues;
    private final Clock clock;

    /** @param queues the queues whose depth the status shows */
    public AdminApi(Operators operators, OperatorStore store, nl.bij.delivery.Recipients recipients,
                    RejectedMessages rejected, DeadLetters deadLetters, BrokerQueues brokerQueues,
                    nl.bij.state.Decisions decisions, List<String> queues, Clock clock) {
        this.operators = operators;
        this.store = store;
        this.recipients = recipients;
        this.rejected = rejected;
        this.deadLetters = deadLetters;
        this.brokerQueues = brokerQueues;
        this.decisions = decisions;
        this.queues = List.copyOf(queues);
        this.clock = clock;
    }

    /** Replays every FAILED notice of the municipalities that use this channel (XML or MAIL). */
    public Map<String, Object> replayChannel(Operator operator, String channel, String dryRun) {
        nl.bij.delivery.Channel wanted;
        try {
            wanted = nl.bij.delivery.Channel.valueOf(channel == null ? "" : channel.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new AdminException(400, "channel must be XML or MAIL");
        }
        List<String> codes = recipients.all().stream().filter(r -> r.channel() == wanted)
                .map(nl.bij.delivery.Recipient::municipality).toList();
        List<Map<String, Object>> notices = store.failedNotices(codes);
        return replay(operator, "replay-channel", wanted.name(), notices, "true".equalsIgnoreCase(dryRun), false);
    }

    /** What a reviewer needs to decide: the event as it came, without aftercare and BSN; each view recorded. */
    public byte[] reviewDocument(Operator operator, String eventId) {
        byte[] document = store.reviewDocument(eventId)
                .orElseThrow(() -> AdminException.notFound("review document of event " + eventId));
        store.audit(clock.instant(), operator.name(), "view-review", eventId, "viewed");
        return document;
    }

    /**
     * A person resolved a review item (docs/contract.md §4). Without a route: they chose its municipality, and the event
     * is decided with that mayor and delivered like any other (or held for its window). With a route (one of the
     * route codes; for ROUTE_A_LIST1 the ground ZEDEN or GEWELD, given or read from the offences): they judged
     * that the person qualifies, with a written legal reason; with four eyes the notice leaves only once a second
     * operator confirms. Refused with 409 and the reason when that cannot lead to a notice.
     */
    public Map<String, Object> resolve(Operator operator, String eventId, String municipality, String route,
                                       String ground, String reason) {
        String why = checkedReason(reason);
        String chosen = municipality == null || municipality.isBlank() ? null : municipality;
        if (chosen != null && !CODE.matcher(chosen).matches()) {
            throw new AdminException(400, "municipality must be a 4-digit code");
        }
        Optional<nl.bij.eligibility.Route> judged = route == null || route.isBlank() ? Optional.empty()
                : Optional.of(route(eventId, route, ground));
        if (judged.isEmpty() && chosen == null) {
            throw new AdminException(400, "give municipality, or route, with a reason");
        }
        nl.bij.lifecycle.Judgment judgment = new nl.bij.lifecycle.Judgment(Optional.ofNullable(chosen), judged);
        // the route code only: the audit trail is kept without offence details, and the ground (ZEDEN or GEWELD)
        // says what kind of offence it was; the judgment itself holds it, for the second operator
        String what = judged.map(r -> "qualifies by " + r.reason()).orElse("")
                + (judged.isPresent() && chosen != null ? ", " : "") + (chosen == null ? "" : "municipality " + chosen);
        nl.bij.state.Decisions.Resolution resolution;
        try {
            resolution = decisions.resolve(eventId, judgment, operator.name());
        } catch (nl.bij.state.Decisions.Refused refused) {
            store.audit(clock.instant(), operator.name(), "review-resolve", eventId, what + ": " + why + "; refused: "
                    + refused.getMessage());
            throw new AdminException(409, refused.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("eventId", eventId);
        if (resolution.awaitsConfirmation()) {
            store.audit(clock.instant(), operator.name(), "review-judge", eventId, what + ": " + why
                    + "; waits for a second operator's confirmation");
            answer.put("status", "AWAITING_CONFIRMATION");
            answer.put("judgedBy", operator.name());
            return answer;
        }
        store.audit(clock.instant(), operator.name(), "review-resolve", eventId, what + ": " + why);
        return withDecision(answer, resolution.decision().orElseThrow());
    }

    private static Map<String, Object> withDecision(Map<String, Object> answer, nl.bij.state.DecisionRecord decision) {
        answer.put("decision", decision.decision().name());
        answer.put("reason", decision.reason());
        answer.put("municipality", decision.municipality().orElse(null));
        answer.put("noticeIds", decision.noticeIds());
        return answer;
    }

    /** A second operator confirms a "qualifies" judgment (four eyes); the one who judged may not. */
    public Map<String, Object> confirm(Operator operator, String eventId) {
        nl.bij.state.DecisionRecord decision;
        try {
            decision = decisions.confirm(eventId, operator.name());
        } catch (nl.bij.state.Decisions.Refused refused) {
            store.audit(clock.instant(), operator.name(), "review-confirm", eventId, "refused: " + refused.getMessage());
            throw new AdminException(409, refused.getMessage());
        }
        store.audit(clock.instant(), operator.name(), "review-confirm", eventId, "confirmed: " + decision.decision()
                + " " + decision.reason());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("eventId", eventId);
        answer.put("decision", decision.decision().name());
        answer.put("reason", decision.reason());
        answer.put("municipality", decision.municipality().orElse(null));
        answer.put("noticeIds", decision.noticeIds());
        return answer;
    }

    /** An operator saw a flag on a notified event (INTENDED_MUNICIPALITY_DIFFERS): it leaves the review list. */
    public Map<String, Object> acknowledge(Operator operator, String eventId, String reason) {
        String why = checkedReason(reason);
        try {
            decisions.acknowledge(eventId, operator.name());
        } catch (nl.bij.state.Decisions.Refused refused) {
            throw new AdminException(409, refused.getMessage());
        }
        store.audit(clock.instant(), operator.name(), "review-acknowledge", eventId, why);
        return Map.of("eventId", eventId, "outcome", "acknowledged: " + why);
    }

    /**
     * A person decided that the notice a mayor has for a review item's case is withdrawn: RETURN_CANCELLED (the
     * default: the return as announced will not happen) or OTHER_MUNICIPALITY (the person goes elsewhere). Refused
     * with 409 when no mayor has a notice of the case; audited either way.
     */
    public Map<String, Object> withdraw(Operator operator, String eventId, String why, String reason) {
        String because = checkedReason(reason);
        nl.bij.lifecycle.Outcome.Withdrawal withdrawal = withdrawal(why);
        nl.bij.state.DecisionRecord decision;
        try {
            decision = decisions.withdraw(eventId, withdrawal, operator.name());
        } catch (nl.bij.state.Decisions.Refused refused) {
            store.audit(clock.instant(), operator.name(), "review-withdraw", eventId, withdrawal + ": " + because
                    + "; refused: " + refused.getMessage());
            throw new AdminException(409, refused.getMessage());
        }
        store.audit(clock.instant(), operator.name(), "review-withdraw", eventId, withdrawal + ": " + because);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("eventId", eventId);
        return withDecision(answer, decision);
    }

    private static nl.bij.lifecycle.Outcome.Withdrawal withdrawal(String why) {
        if (why == null || why.isBlank()) {
            return nl.bij.lifecycle.Outcome.Withdrawal.RETURN_CANCELLED;
        }
        try {
            return nl.bij.lifecycle.Outcome.Withdrawal.valueOf(why);
        } catch (IllegalArgumentException e) {
            throw new AdminException(400, "why must be RETURN_CANCELLED or OTHER_MUNICIPALITY");
        }
    }

    /**
     * A route code of docs/contract.md §2. The notice names list 1's ground (ZEDEN or GEWELD): {@code ground} gives
     * it, else the event's offences do, and only where they name no list-1 article must the operator say which.
     */
    private nl.bij.eligibility.Route route(String eventId, String code, String ground) {
        List<nl.bij.eligibility.Route> matching = java.util.Arrays.stream(nl.bij.eligibility.Route.values())
                .filter(r -> r.reason().equals(code)).toList();
        if (matching.isEmpty()) {
            throw new AdminException(400, "route must be one of ROUTE_A_LIST1, ROUTE_A_LIST2, ROUTE_A_ARSON,"
                    + " ROUTE_B_TBS, ROUTE_C_PIJ");
        }
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (ground == null || ground.isBlank()) {
            return list1RouteOf(eventId).orElseThrow(() -> new AdminException(400, code + ": the offences of event "
                    + eventId + " name no list-1 article, so give ground=ZEDEN or ground=GEWELD"));
        }
        return matching.stream().filter(r -> r.ground().equalsIgnoreCase(ground)).findFirst()
                .orElseThrow(() -> new AdminException(400, "ground must be ZEDEN or GEWELD"));
    }

    private Optional<nl.bij.eligibility.Route> list1RouteOf(String eventId) {
        try {
            return decisions.list1RouteOf(eventId);
        } catch (nl.bij.state.Decisions.Refused refused) {
            throw new AdminException(409, refused.getMessage());
        }
    }

    /** HTTP Basic: the same refusal for an unknown name and a wrong password. */
    public Operator authorize(String authorization, String role) {
        Operator operator = operators.authenticate(authorization).orElseThrow(AdminException::notAuthenticated);
        if (!Operators.allows(operator, Role.valueOf(role))) {
            throw AdminException.forbidden();
        }
        return operator;
    }

    public Map<String, Object> status() {
        Map<String, Object> status = store.status();
        Map<String, Long> depths = brokerQueues.depths(queues);
        status.put("queues", depths);
        status.put("deadLetters", depths.getOrDefault(deadLetters.queue(), brokerQueues.depth(deadLetters.queue())));
        return status;
    }

    /** docs/contract.md §4, fixed for scripts: the decision of one event, or 404. */
    public Map<String, Object> event(String eventId) {
        Map<String, Object> row = store.event(eventId).orElseThrow(() -> AdminException.notFound("event " + eventId));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", row.get("eventId"));
        event.put("caseId", row.get("caseId"));
        event.put("decision", row.get("decision"));
        event.put("reason", row.get("reason"));
        event.put("municipality", row.get("municipality"));
        event.put("noticeIds", store.noticeIdsOf(eventId));
        String review = (String) row.get("reviewReasons");
        event.put("reviewReasons", review == null || review.isBlank() ? List.of() : List.of(review.split(",")));
        event.put("decidedAt", row.get("decidedAt"));
        return event;
    }

    /** Everything the service did about an event or a case, in order; identifiers and codes only. */
    public Map<String, Object> trail(String eventId, String caseId) {
        boolean byCase = eventId == null || eventId.isBlank();
        if (byCase && (caseId == null || caseId.isBlank())) {
            throw new AdminException(400, "give eventId or caseId");
        }
        return store.trail(byCase ? caseId : eventId, byCase);
    }

    /**
     * Review items, failed deliveries, rejected messages, notices on their way (oldest first) or the recent decisions,
     * filterable and paged.
     */
    public List<Map<String, Object>> list(String kind, String municipality, String reason, String since, Integer page,
                                          Integer size) {
        if (!LISTS.contains(kind)) {
            throw new AdminException(400, "list one of " + LISTS);
        }
        int pageSize = Math.min(size == null || size < 1 ? 50 : size, MAX_PAGE);
        return store.items(kind, new OperatorStore.Filter(blankToNull(municipality), blankToNull(reason),
                since == null || since.isBlank() ? null : LocalDate.parse(since).atStartOfDay(AMSTERDAM).toOffsetDateTime(),
                page == null ? 0 : page, pageSize));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /**
     * Replays the notices of one event: a FAILED one goes out again (same noticeId); a delivered one only with
     * {@code force}; one still on its way, or cancelled, is left alone. A dry run says what would happen.
     */
    public Map<String, Object> replayEvent(Operator operator, String eventId, String dryRun, String force) {
        return replayEventOf(operator, eventId, "true".equalsIgnoreCase(dryRun), "true".equalsIgnoreCase(force));
    }

    private Map<String, Object> replayEventOf(Operator operator, String eventId, boolean dryRun, boolean force) {
        List<Map<String, Object>> notices = store.noticesOfEvent(eventId);
        if (notices.isEmpty()) {
            throw AdminException.notFound("notices of event " + eventId);
        }
        return replay(operator, "replay-event", eventId, notices, dryRun, force);
    }

    /** Replays every FAILED notice of a municipality (never a delivered one: a bulk replay cannot force). */
    public Map<String, Object> replayMunicipality(Operator operator, String municipality, String dryRun) {
        return replayMunicipalityOf(operator, municipality, "true".equalsIgnoreCase(dryRun));
    }

    private Map<String, Object> replayMunicipalityOf(Operator operator, String municipality, boolean dryRun) {
        List<Map<String, Object>> notices = store.failedNotices(List.of(municipality));
        return replay(operator, "replay-municipality", municipality, notices, dryRun, false);
    }

    public List<Map<String, Object>> audit(String target) {
        return store.audit(target);
    }

    private Map<String, Object> replay(Operator operator, String action, String target, List<Map<String, Object>> notices,
                                       boolean dryRun, boolean force) {
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (Map<String, Object> notice : notices) {
            String noticeId = (String) notice.get("noticeId");
            String outcome = plan((String) notice.get("status"), ((Number) notice.get("hasContent")).intValue() == 1, force);
            String audited = force ? action + "-force" : action;
            if (!dryRun && outcome.startsWith("requeued")) {
                boolean done = store.requeue(noticeId, force, LocalDate.now(clock.withZone(AMSTERDAM)), clock.instant(),
                        "replayed by " + operator.name() + (force ? " (forced)" : ""),
                        new OperatorStore.Audit(clock.instant(), operator.name(), audited, noticeId, outcome));
                outcome = done ? outcome : "nothing: its state changed meanwhile";
            } else if (!dryRun) {
                store.audit(clock.instant(), operator.name(), audited, noticeId, outcome);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("noticeId", noticeId);
            row.put("municipality", notice.get("municipality"));
            row.put("status", notice.get("status"));
            row.put("outcome", (dryRun ? "would be " : "") + outcome);
            outcomes.add(row);
        }
        if (!dryRun) {
            store.audit(clock.instant(), operator.name(), action + (force ? "-force" : ""), target,
                    outcomes.size() + " notice(s): " + outcomes.stream().map(o -> (String) o.get("outcome")).toList());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("dryRun", dryRun);
        result.put("force", force);
        result.put("notices", outcomes);
        return result;
    }

    private static String plan(String status, boolean hasContent, boolean force) {
        return switch (status) {
            case "FAILED" -> hasContent ? "requeued: delivered again with its own noticeId"
                    : "nothing: past its destroy-by date its content was erased; it may no longer be sent";
            case "DELIVERED" -> !force ? "nothing: delivered already (force to send it once more)"
                    : hasContent ? "requeued: sent once more with the same noticeId (forced)"
                    : "nothing: delivered, and its content is no longer kept";
            case "CANCELLED" -> "nothing: cancelled (its case changed before it left)";
            default -> "nothing: on its way (" + status + ")";
        };
    }

    /** The rules from config/suppressions.csv and those operators added (lifted ones too, for the record). */
    public Map<String, Object> suppressions() {
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("configured", recipients.suppressions().stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("municipality", r.municipality());
            row.put("validFrom", r.from().map(Object::toString).orElse(null));
            row.put("validUntil", r.until().map(Object::toString).orElse(null));
            row.put("reason", r.reason());
            return row;
        }).toList());
        rules.put("added", store.suppressionRules());
        return rules;
    }

    /** A new suppression rule from an operator: qualifying events for the municipality become SUPPRESSED. */
    public Map<String, Object> suppress(Operator operator, String municipality, String from, String until, String reason) {
        if (municipality == null || !CODE.matcher(municipality).matches()) {
            throw new AdminException(400, "municipality must be a 4-digit code");
        }
        String why = checkedReason(reason);
        LocalDate start = from == null || from.isBlank() ? null : LocalDate.parse(from);
        LocalDate end = until == null || until.isBlank() ? null : LocalDate.parse(until);
        if (start != null && end != null && end.isBefore(start)) {
            throw new AdminException(400, "until is before from");
        }
        long id = store.insertSuppression(municipality, start, end, why, operator.name(), clock.instant(),
                new OperatorStore.Audit(clock.instant(), operator.name(), "suppress-add", municipality, why));
        return Map.of("id", id, "municipality", municipality, "outcome", "rule " + id + " added: " + why);
    }

    public Map<String, Object> lift(Operator operator, String id, String reason) {
        String why = checkedReason(reason);
        long ruleId;
        try {
            ruleId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw AdminException.notFound("rule " + id);
        }
        String outcome = "rule " + ruleId + " lifted: " + why;
        if (!store.liftSuppression(ruleId, operator.name(), clock.instant(),
                new OperatorStore.Audit(clock.instant(), operator.name(), "suppress-lift", String.valueOf(ruleId), outcome))) {
            throw AdminException.notFound("active rule " + id);
        }
        return Map.of("id", ruleId, "outcome", outcome);
    }

    /**
     * A person decided that a review item leads to no notice: its event ends NOT_QUALIFYING with its reason code,
     * and the operator's name and reason in the detail and the audit trail.
     */
    public Map<String, Object> close(Operator operator, String eventId, String reason) {
        String why = checkedReason(reason);
        if (!store.closeReview(eventId, "closed by " + operator.name() + ": " + why, clock.instant(),
                new OperatorStore.Audit(clock.instant(), operator.name(), "review-close", eventId, why))) {
            throw AdminException.notFound("review item of event " + eventId);
        }
        return Map.of("eventId", eventId, "decision", "NOT_QUALIFYING", "outcome", "closed: " + why);
    }

    /**
     * A notice in full, as the mayor would receive it (person and grounds included): for an operator who must
     * decide on a failed delivery. Each view is on the record, since it shows personal data.
     */
    public String notice(Operator operator, String noticeId) {
        String content = store.noticeContent(noticeId)
                .orElseThrow(() -> AdminException.notFound("content of notice " + noticeId));
        store.audit(clock.instant(), operator.name(), "view-notice", noticeId, "viewed");
        return content;
    }

    /** What the broker dead-lettered: identifiers only (the message id, where it came from, when, the eventId). */
    public List<Map<String, Object>> deadLetters() {
        return deadLetters.list();
    }

    /** A dead letter's body, aftercare cut out; each view recorded. */
    public byte[] deadLetter(Operator operator, String messageId) {
        byte[] body = deadLetters.view(messageId).orElseThrow(() -> AdminException.notFound("dead letter " + messageId));
        store.audit(clock.instant(), operator.name(), "view-dead-letter", messageId, "viewed");
        return body;
    }

    /**
     * A dead letter back to the queue it came from, once its cause is fixed: the release queue (it is decided
     * then; an event decided before is a DUPLICATE, never a second notice) or the delivery queue (the notice's own
     * ledger refuses a second delivery). Recorded.
     */
    public Map<String, Object> requeueDeadLetter(Operator operator, String messageId, String reason) {
        String why = checkedReason(reason);
        String to = deadLetters.origin(messageId).orElseThrow(() -> new AdminException(409, "dead letter " + messageId
                + " is not there, or did not come from a queue of this service"));
        if (!deadLetters.requeue(messageId)) {
            throw AdminException.notFound("dead letter " + messageId);
        }
        store.audit(clock.instant(), operator.name(), "requeue-dead-letter", messageId, "to " + to + ": " + why);
        return Map.of("messageId", messageId, "outcome", "requeued to " + to + ": " + why);
    }

    /** Deletes a dead letter after inspection, with a reason; recorded. */
    public Map<String, Object> deleteDeadLetter(Operator operator, String messageId, String reason) {
        String why = checkedReason(reason);
        if (!deadLetters.delete(messageId)) {
            throw AdminException.notFound("dead letter " + messageId);
        }
        store.audit(clock.instant(), operator.name(), "delete-dead-letter", messageId, why);
        return Map.of("messageId", messageId, "outcome", "deleted: " + why);
    }

    /** A rejected message as it was kept (aftercare cut out), to inspect or download; each view recorded. */
    public byte[] rejectedMessage(Operator operator, String messageId) {
        byte[] kept = rejected.kept(messageId).orElseThrow(() -> AdminException.notFound("rejected message " + messageId));
        store.audit(clock.instant(), operator.name(), "view-rejected", messageId, "viewed");
        return kept;
    }

    /** Deletes a rejected message after inspection; its REJECTED decision stays, the deletion is recorded. */
    public Map<String, Object> deleteRejected(Operator operator, String messageId, String reason) {
        String why = checkedReason(reason);
        if (!rejected.delete(messageId)) {
            throw AdminException.notFound("rejected message " + messageId);
        }
        store.audit(clock.instant(), operator.name(), "delete-rejected", messageId, why);
        return Map.of("messageId", messageId, "outcome", "deleted: " + why);
    }

    private static String checkedReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new AdminException(400, "a reason is required (a ticket or agreement reference)");
        }
        if (reason.length() > MAX_REASON) {
            throw new AdminException(400, "a reason of at most " + MAX_REASON + " characters");
        }
        return reason.strip();
    }

    /** The HTTP status of a refusal, however Camel wrapped the exception that carries it. */
    public int statusOf(Throwable failure) {
        return refusal(failure).status();
    }

    /** The body of a refusal, application/problem+json. */
    public String errorOf(Throwable failure) {
        AdminException refusal = refusal(failure);
        return Problem.json(refusal.status(), refusal.getMessage());
    }

    /** The body of a refusal the error policy words itself (a bad parameter, an outage, an unexpected failure). */
    public String problem(int status, String detail) {
        return Problem.json(status, detail);
    }

    private static AdminException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AdminException refusal) {
                return refusal;
            }
        }
        return new AdminException(500, "internal error; see the service log");
    }

}
