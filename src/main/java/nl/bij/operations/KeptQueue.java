package nl.bij.operations;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * A queue where messages wait for an operator (rejected copies, dead letters): read without taking them, taken off
 * (deleted), or moved to another queue, one message at a time by a selector, each in a transaction of its own.
 */
final class KeptQueue {

    private static final long RECEIVE_MS = 2000;

    private final ConnectionFactory factory;
    private final String queue;

    KeptQueue(ConnectionFactory factory, String queue) {
        this.factory = factory;
        this.queue = queue;
    }

    String name() {
        return queue;
    }

    /** The messages matching {@code selector} (all if null), read as {@code reader} sees them, up to {@code max}. */
    <T> List<T> browse(String selector, int max, Reader<T> reader) {
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            List<T> read = new ArrayList<>();
            for (Object m : Collections.list(session.createBrowser(session.createQueue(queue), selector).getEnumeration())) {
                if (read.size() >= max) {
                    break;
                }
                read.add(reader.read((Message) m));
            }
            return read;
        } catch (JMSException e) {
            throw new IllegalStateException("cannot read the queue " + queue + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Takes off every message sent before {@code before} (by its JMS timestamp), a hundred per transaction; returns
     * how many. For retention: what is kept for operators is kept no longer than its period.
     */
    int forgetSentBefore(java.time.Instant before) {
        int forgotten = 0;
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue),
                    "JMSTimestamp < " + before.toEpochMilli());
            while (consumer.receive(RECEIVE_MS / 4) != null) {
                if (++forgotten % 100 == 0) {
                    session.commit();
                }
            }
            session.commit();
            return forgotten;
        } catch (JMSException e) {
            throw new IllegalStateException("cannot take from the queue " + queue + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** Takes the first message matching {@code selector} off the queue; false if there is none. */
    boolean delete(String selector) {
        return take(selector, (session, message) -> true);
    }

    /**
     * Moves the first message matching {@code selector} to the queue {@code to(message)} names (empty: it stays),
     * with its body and its application properties, in one transaction; false if there is none or it stays.
     */
    boolean moveTo(String selector, Function<Message, Optional<String>> to) {
        return take(selector, (session, message) -> {
            Optional<String> target = to.apply(message);
            if (target.isEmpty()) {
                return false;
            }
            MessageProducer producer = session.createProducer(session.createQueue(target.get()));
            producer.send(copy(session, message));
            return true;
        });
    }

    private boolean take(String selector, Step step) {
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector);
            Message message = consumer.receive(RECEIVE_MS);
            boolean done = message != null && step.apply(session, message);
            if (done) {
                session.commit();
            } else {
                session.rollback();
            }
            return done;
        } catch (JMSException e) {
            throw new IllegalStateException("cannot take from the queue " + queue + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** The same body and application properties (not the broker's own, which start with _AMQ or JMSX). */
    private static Message copy(Session session, Message original) throws JMSException {
        Message copy = original instanceof TextMessage text ? session.createTextMessage(text.getText())
                : session.createBytesMessage();
        if (copy instanceof BytesMessage bytes) {
            bytes.writeBytes(body(original));
        }
        for (Object name : Collections.list(original.getPropertyNames())) {
            String property = (String) name;
            if (!property.startsWith("_AMQ") && !property.startsWith("JMSX")) {
                copy.setObjectProperty(property, original.getObjectProperty(property));
            }
        }
        return copy;
    }

    static byte[] body(Message message) throws JMSException {
        if (message instanceof BytesMessage bytes) {
            bytes.reset();
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            return body;
        }
        if (message instanceof TextMessage text) {
            return text.getText() == null ? new byte[0] : text.getText().getBytes(StandardCharsets.UTF_8);
        }
        return new byte[0];
    }

    @FunctionalInterface
    interface Reader<T> {
        T read(Message message) throws JMSException;
    }

    @FunctionalInterface
    private interface Step {
        boolean apply(Session session, Message message) throws JMSException;
    }
}
