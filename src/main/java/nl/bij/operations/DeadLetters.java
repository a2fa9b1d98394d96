package nl.bij.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;

import nl.bij.intake.KeptCopy;
import nl.bij.intake.ReleaseEventReader;

/**
 * What was dead-lettered (bij.dlq): a message that failed every delivery attempt for a fault in the message or the
 * code (an outage pauses the service instead), or a release message that expired before it was taken. A release
 * message is here as the service's copy, its aftercare removed on the way (route bij-intake-undecided); a notice as
 * the broker moved it. Operators list and view them (aftercare cut out), requeue one to the queue it came from once
 * the cause is fixed, or delete it with a reason.
 */
public final class DeadLetters {

    /** A JMS message id as Artemis makes them; anything else never reaches a selector. */
    private static final Pattern MESSAGE_ID = Pattern.compile("ID:[0-9A-Za-z:.-]{1,100}");
    /** Artemis' property naming the address a dead letter came from. */
    private static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";
    private static final int MAX_LISTED = 200;

    private final KeptQueue queue;
    private final Set<String> requeueable;

    /** @param requeueable the queues a dead letter may go back to: the release queue and the delivery queue */
    public DeadLetters(ConnectionFactory factory, String deadLetterQueue, Set<String> requeueable) {
        this.queue = new KeptQueue(factory, deadLetterQueue);
        this.requeueable = Set.copyOf(requeueable);
    }

    /** The dead-letter queue's name. */
    public String queue() {
        return queue.name();
    }

    /** Identifiers only: the message id, where it came from, when, its size, and the eventId found in its head. */
    public List<Map<String, Object>> list() {
        return queue.browse(null, MAX_LISTED, DeadLetters::summary);
    }

    /** The message's body with any aftercare block cut out. */
    public Optional<byte[]> view(String messageId) {
        return queue.browse(selector(messageId), 1, m -> KeptCopy.withoutAftercare(KeptQueue.body(m))).stream().findFirst();
    }

    /** Back to the queue it came from (the release or the delivery queue); false if there is no such message. */
    public boolean requeue(String messageId) {
        return queue.moveTo(selector(messageId), this::originOf);
    }

    public boolean delete(String messageId) {
        return queue.delete(selector(messageId));
    }

    /** Where a dead letter goes back to, if it is a queue of this service's that takes work. */
    public Optional<String> origin(String messageId) {
        return queue.browse(selector(messageId), 1, this::originOf).stream().findFirst().flatMap(o -> o);
    }

    private Optional<String> originOf(Message message) {
        try {
            return Optional.ofNullable(message.getStringProperty(ORIGINAL_ADDRESS)).filter(requeueable::contains);
        } catch (JMSException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> summary(Message message) throws JMSException {
        byte[] body = KeptQueue.body(message);
        Map<String, Object> letter = new LinkedHashMap<>();
        letter.put("messageId", message.getJMSMessageID());
        letter.put("from", message.getStringProperty(ORIGINAL_ADDRESS));
        // a release message is kept here by the service, as a copy (bij-intake-undecided): its own id and why it left
        letter.put("originalMessageId", Optional.ofNullable(message.getStringProperty("bijMessageId"))
                .orElse(message.getJMSMessageID()));
        // without bijUndecided: a delivery message, or a release message kept whole (the copy could not be made)
        letter.put("why", Optional.ofNullable(message.getStringProperty("bijUndecided"))
                .orElse(nl.bij.intake.JmsIntake.whyUndecided(message)));
        long sentAt = message.propertyExists("bijSentAt") ? message.getLongProperty("bijSentAt") : message.getJMSTimestamp();
        letter.put("sentAt", java.time.Instant.ofEpochMilli(sentAt).toString());
        letter.put("bytes", body.length);
        letter.put("eventId", Optional.ofNullable(message.getStringProperty("bijEventId")).filter(s -> !s.isBlank())
                .or(() -> ReleaseEventReader.findEventId(body)).orElse(null));
        letter.put("noticeId", message.getStringProperty("bijNoticeId"));
        return letter;
    }

    private static String selector(String messageId) {
        if (messageId == null || !MESSAGE_ID.matcher(messageId).matches()) {
            throw new AdminException(400, "not a JMS message id");
        }
        return "JMSMessageID = '" + messageId + "'";
    }
}
