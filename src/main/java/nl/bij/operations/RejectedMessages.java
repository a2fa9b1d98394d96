package nl.bij.operations;

import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * The service's queues as operators see them: the rejected messages kept on the rejected queue (aftercare cut
 * out), found by the JMS message id they came with, to inspect and delete; and how many messages wait where.
 */
public final class RejectedMessages {

    /** A JMS message id as Artemis makes them; anything else never reaches a selector. */
    private static final Pattern MESSAGE_ID = Pattern.compile("ID:[0-9A-Za-z:.-]{1,100}");

    private final ConnectionFactory factory;
    private final String queue;

    public RejectedMessages(ConnectionFactory factory, String queue) {
        this.factory = factory;
        this.queue = queue;
    }

    public Optional<byte[]> kept(String messageId) {
        String selector = selector(messageId);
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue(queue), selector);
            var messages = browser.getEnumeration();
            return messages.hasMoreElements() ? Optional.of(body((Message) messages.nextElement())) : Optional.empty();
        } catch (JMSException e) {
            throw new IllegalStateException("cannot read the rejected queue: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Removes the kept copy; false if there is none. */
    public boolean delete(String messageId) {
        String selector = selector(messageId);
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector);
            Message message = consumer.receive(2000);
            session.commit();
            return message != null;
        } catch (JMSException e) {
            throw new IllegalStateException("cannot delete from the rejected queue: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Messages waiting on each queue (scheduled retries are not visible to a browser until their time). */
    public java.util.Map<String, Integer> depths(java.util.List<String> queues) {
        java.util.Map<String, Integer> depths = new java.util.LinkedHashMap<>();
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String name : queues) {
                int count = 0;
                for (var e = session.createBrowser(session.createQueue(name)).getEnumeration(); e.hasMoreElements(); e.nextElement()) {
                    count++;
                }
                depths.put(name, count);
            }
        } catch (JMSException e) {
            throw new IllegalStateException("cannot browse the queues: " + e.getClass().getSimpleName(), e);
        }
        return depths;
    }

    private static String selector(String messageId) {
        if (messageId == null || !MESSAGE_ID.matcher(messageId).matches()) {
            throw new AdminException(400, "not a JMS message id");
        }
        return "bijMessageId = '" + messageId + "'";
    }

    private static byte[] body(Message message) throws JMSException {
        if (message instanceof BytesMessage bytes) {
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            return body;
        }
        if (message instanceof TextMessage text) {
            return text.getText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return new byte[0];
    }
}
