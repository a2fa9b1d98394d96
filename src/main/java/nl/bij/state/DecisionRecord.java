package nl.bij.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the service decided about one inbound message, and why. Identifiers and codes only: never a name, an
 * offence or aftercare data, so it may be logged, listed and kept.
 *
 * @param eventId     the event's id; empty when a rejected message did not reveal one
 * @param messageId   the JMS message id, which identifies even an unreadable message
 * @param caseId      the case, when known
 * @param reason      a reason code of docs/contract.md §2
 * @param detail      a precise explanation without personal data (e.g. line and column of an XML error)
 * @param municipality the 4-digit code of the mayor to inform, once known
 * @param noticeIds   the notices made for this event (one, or none)
 * @param reviewReasons reasons for an operator to look that do not stop the notice (INTENDED_MUNICIPALITY_DIFFERS)
 * @param sentAt      when Justid sent the message (JMS timestamp)
 * @param decidedAt   when the decision was taken
 */
public record DecisionRecord(
        Optional<String> eventId,
        String messageId,
        Optional<String> caseId,
        Decision decision,
        String reason,
        String detail,
        Optional<String> municipality,
        List<String> noticeIds,
        List<String> reviewReasons,
        Instant sentAt,
        Instant decidedAt) {

    public DecisionRecord {
        noticeIds = List.copyOf(noticeIds);
        reviewReasons = List.copyOf(reviewReasons);
    }
}
