package nl.bij.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Plays Justid: puts release events on the release queue with Justid's login, as persistent messages. Used by
 * the sample run and by {@code bij-service send}; files ending in {@code .xml} go as a TextMessage, anything
 * else as a BytesMessage.
 */
final class JustidSender implements AutoCloseable {

    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;

    JustidSender(Properties settings) throws JMSException {
        var factory = new ActiveMQConnectionFactory(Settings.brokerUrl(settings),
                settings.getProperty("bij.broker.justid.user"), settings.getProperty("bij.broker.justid.password"));
        connection = factory.createConnection();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        producer = session.createProducer(session.createQueue(settings.getProperty("bij.queue.releases")));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
    }

    /** Sends one file and returns its JMS message id. */
    String send(Path file) throws JMSException, IOException {
        byte[] body = Files.readAllBytes(file);
        return file.getFileName().toString().endsWith(".xml")
                ? send(session.createTextMessage(new String(body, StandardCharsets.UTF_8)))
                : sendBytes(body);
    }

    String sendBytes(byte[] body) throws JMSException {
        BytesMessage bytes = session.createBytesMessage();
        bytes.writeBytes(body);
        return send(bytes);
    }

    String send(Message message) throws JMSException {
        producer.send(message);
        return message.getJMSMessageID();
    }

    /** For messages of other kinds (tests send an ObjectMessage or a MapMessage, as a confused client might). */
    Session session() {
        return session;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
