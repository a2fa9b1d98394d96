package nl.bij.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The benchmark's side of a broker, with one login: Justid's sends, and the raw Artemis baseline the service is
 * held against.
 */
final class Broker {

    /** How long the baseline's consumers wait for one more message before they decide the backlog is gone. */
    private static final Duration IDLE = Duration.ofSeconds(5);

    private final String url;
    private final String user;
    private final String password;

    Broker(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The service's embedded broker (on loopback, plain TCP). */
    static Broker embedded(int port, String user, String password) {
        return new Broker("tcp://127.0.0.1:" + port, user, password);
    }

    /** A backlog: {@code count} persistent messages, committed in batches so that filling is quick. */
    void fill(String queue, int count, IntFunction<String> body) throws JMSException {
        try (Connection connection = connect()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < count; i++) {
                producer.send(session.createTextMessage(body.apply(i)));
                if (i % 500 == 499) {
                    session.commit();
                }
            }
            session.commit();
        }
    }

    /**
     * The raw Artemis baseline: what the broker alone allows on the service's own path, with the service's intake
     * concurrency. Each of {@code consumers} sessions on one connection (as Camel's listener container does)
     * receives a message, sends its body to another queue and commits both in one local transaction, as intake
     * does, until the backlog is empty. A consumer on another connection drains that queue meanwhile, as the
     * service's delivery route drains its own, so that the broker never pages the relayed messages. Returns the
     * time from the first receive to the last commit.
     */
    Duration relay(String from, String to, int consumers, int count) throws Exception {
        try (Connection connection = connect(); Connection draining = connect()) {
            connection.start();
            draining.start();
            AtomicInteger done = new AtomicInteger();
            AtomicLong first = new AtomicLong(Long.MAX_VALUE);
            AtomicLong last = new AtomicLong();
            Thread drain = new Thread(() -> drain(draining, to, count), "baseline-drain");
            drain.start();
            Thread[] threads = new Thread[consumers];
            for (int t = 0; t < consumers; t++) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                threads[t] = new Thread(() -> relayUntilEmpty(session, from, to, count, done, first, last),
                        "baseline-" + t);
                threads[t].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            drain.join();
            if (done.get() != count) {
                throw new IllegalStateException("baseline moved " + done.get() + " of " + count + " messages");
            }
            return Duration.ofNanos(last.get() - first.get());
        }
    }

    private static void relayUntilEmpty(Session session, String from, String to, int count,
                                        AtomicInteger done,
                                        AtomicLong first,
                                        AtomicLong last) {
        try {
            Queue out = session.createQueue(to);
            MessageConsumer consumer = session.createConsumer(session.createQueue(from));
            MessageProducer producer = session.createProducer(out);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            while (done.get() < count) {
                Message message = consumer.receive(IDLE.toMillis());
                if (message == null) {
                    return;
                }
                first.accumulateAndGet(System.nanoTime(), Math::min);
                producer.send(session.createTextMessage(message.getBody(String.class)));
                session.commit();
                done.incrementAndGet();
                last.accumulateAndGet(System.nanoTime(), Math::max);
            }
        } catch (JMSException e) {
            throw new IllegalStateException("baseline relay failed", e);
        }
    }

    /** Takes the relayed messages off their queue, a commit per hundred, until all arrived or none came for a while. */
    private static void drain(Connection connection, String queue, int count) {
        try {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            for (int i = 0; i < count; i++) {
                if (consumer.receive(IDLE.toMillis() * 2) == null) {
                    break;
                }
                if (i % 100 == 99) {
                    session.commit();
                }
            }
            session.commit();
        } catch (JMSException e) {
            throw new IllegalStateException("baseline drain failed", e);
        }
    }

    /** Whether a queue has no message waiting (messages a consumer holds uncommitted are not counted). */
    boolean isEmpty(String queue) throws JMSException {
        try (Connection connection = connect()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            return !session.createBrowser(session.createQueue(queue)).getEnumeration().hasMoreElements();
        }
    }

    /** A connection with this broker's login, for Justid's steady sends (one persistent send per tick). */
    Connection connect() throws JMSException {
        return new ActiveMQConnectionFactory(url, user, password).createConnection();
    }
}
