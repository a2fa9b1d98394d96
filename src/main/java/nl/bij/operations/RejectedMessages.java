package nl.bij.operations;

import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.jms.ConnectionFactory;

/**
 * The rejected messages kept on the rejected queue (aftercare cut out), found by the JMS message id they came with
 * ({@code bijMessageId}), to inspect and delete.
 */
public final class RejectedMessages {

    /** A JMS message id as Artemis makes them; anything else never reaches a selector. */
    private static final Pattern MESSAGE_ID = Pattern.compile("ID:[0-9A-Za-z:.-]{1,100}");

    private final KeptQueue queue;

    public RejectedMessages(ConnectionFactory factory, String queue) {
        this.queue = new KeptQueue(factory, queue);
    }

    public Optional<byte[]> kept(String messageId) {
        return queue.browse(selector(messageId), 1, KeptQueue::body).stream().findFirst();
    }

    /** Removes the kept copy; false if there is none. */
    public boolean delete(String messageId) {
        return queue.delete(selector(messageId));
    }

    private static String selector(String messageId) {
        if (messageId == null || !MESSAGE_ID.matcher(messageId).matches()) {
            throw new AdminException(400, "not a JMS message id");
        }
        return "bijMessageId = '" + messageId + "'";
    }
}
