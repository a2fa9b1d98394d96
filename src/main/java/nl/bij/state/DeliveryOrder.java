package nl.bij.state;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the delivery queue carries beside the composed notice: the identifiers that the final decision needs,
 * as message headers (strings and numbers only; no personal data, which stays inside the notice).
 */
public record DeliveryOrder(String eventId, String messageId, String caseId, String noticeId, String municipality,
                            String reason, List<String> reviewReasons, long sentAt, int attempt, String noticeType,
                            String onDelivered) {

    /** {@link #onDelivered} of a notice whose delivery does not decide its event (the withdrawal to a former mayor). */
    public static final String NO_DECISION = "NONE";

    public static final String EVENT_ID = "bijEventId";
    public static final String MESSAGE_ID = "bijMessageId";
    public static final String CASE_ID = "bijCaseId";
    public static final String NOTICE_ID = "bijNoticeId";
    public static final String MUNICIPALITY = "bijMunicipality";
    public static final String REASON = "bijReason";
    public static final String REVIEW_REASONS = "bijReviewReasons";
    public static final String SENT_AT = "bijSentAt";
    public static final String ATTEMPT = "bijAttempt";
    public static final String NOTICE_TYPE = "bijNoticeType";
    public static final String ON_DELIVERED = "bijOnDelivered";

    public DeliveryOrder {
        reviewReasons = List.copyOf(reviewReasons);
    }

    /** Reads the headers of a message from the delivery queue; a missing one is a defect, said by its name. */
    public static DeliveryOrder fromHeaders(Map<String, Object> headers) {
        return new DeliveryOrder(text(headers, EVENT_ID), text(headers, MESSAGE_ID), text(headers, CASE_ID),
                text(headers, NOTICE_ID), text(headers, MUNICIPALITY), text(headers, REASON),
                Arrays.stream(Optional.ofNullable(headers.get(REVIEW_REASONS)).map(Object::toString).orElse("")
                        .split(",")).filter(s -> !s.isBlank()).toList(),
                Long.parseLong(text(headers, SENT_AT)), Integer.parseInt(text(headers, ATTEMPT)),
                text(headers, NOTICE_TYPE), text(headers, ON_DELIVERED));
    }

    public String reviewReasonsText() {
        return String.join(",", reviewReasons);
    }

    private static String text(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        if (value == null) {
            throw new IllegalArgumentException("delivery message without header " + name);
        }
        return value.toString();
    }
}
