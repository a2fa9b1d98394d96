package nl.bij.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * How many messages wait on each queue, as the broker counts them (its management API, the queue's
 * {@code messageCount}, scheduled retries included): one request per queue, not a browse through every message.
 */
public final class BrokerQueues {

    private static final String MANAGEMENT = "activemq.management";
    /** Where the answers come: a temporary queue of the service's own under the management address. */
    private static final String ANSWERS = MANAGEMENT + ".bij.";
    private static final long ANSWER_WITHIN_MS = 10_000;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("bij.startup");

    private final ActiveMQConnectionFactory factory;
    private volatile boolean browsing;

    public BrokerQueues(ActiveMQConnectionFactory factory) {
        this.factory = factory;
    }

    /**
     * The depth of each queue; -1 for one the broker does not know. A broker that refuses its management API to the
     * service's login (it needs the manage permission, and a temporary queue for the answer) is counted by browsing
     * instead, which misses scheduled retries; that is logged once.
     */
    public Map<String, Long> depths(List<String> queues) {
        try {
            return managed(queues);
        } catch (IllegalStateException e) {
            if (!browsing) {
                browsing = true;
                LOG.warn("the broker refuses its management API to the service's login ({}); queue depths are counted by"
                        + " browsing, without scheduled retries: grant it the manage permission", e.getCause().getClass().getSimpleName());
            }
            return browsed(queues);
        }
    }

    private Map<String, Long> browsed(List<String> queues) {
        Map<String, Long> depths = new LinkedHashMap<>();
        for (String queue : queues) {
            depths.put(queue, (long) new KeptQueue(factory, queue).browse(null, Integer.MAX_VALUE, m -> 1).size());
        }
        return depths;
    }

    private Map<String, Long> managed(List<String> queues) {
        try {
            return withManagement((session, requestor) -> {
                Map<String, Long> depths = new LinkedHashMap<>();
                for (String queue : queues) {
                    ClientMessage reply = ask(session, requestor,
                            request -> ManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, "messageCount"));
                    depths.put(queue, ManagementHelper.hasOperationSucceeded(reply)
                            ? ((Number) ManagementHelper.getResult(reply, Long.class)).longValue() : -1L);
                }
                return depths;
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot ask the broker for queue depths: " + e.getClass().getSimpleName(), e);
        }
    }

    public long depth(String queue) {
        return depths(List.of(queue)).get(queue);
    }

    /**
     * Where the broker sends a message of {@code queue} that used up its delivery attempts, and one that expired, as
     * it applies its address settings (every match merged): {@code deadLetterAddress} and {@code expiryAddress}, an
     * empty string for none. Empty if the broker refuses its management API or does not answer.
     */
    public Optional<Map<String, String>> deadLetterSettings(String queue) {
        try {
            return withManagement((session, requestor) -> {
                ClientMessage reply = ask(session, requestor, request -> ManagementHelper.putOperationInvocation(request,
                        ResourceNames.BROKER, "getAddressSettingsAsJSON", queue));
                if (!ManagementHelper.hasOperationSucceeded(reply)) {
                    return Optional.<Map<String, String>>empty();
                }
                JsonNode settings = new ObjectMapper().readTree((String) ManagementHelper.getResult(reply, String.class));
                return Optional.of(Map.of("deadLetterAddress", settings.path("deadLetterAddress").asText(""),
                        "expiryAddress", settings.path("expiryAddress").asText("")));
            });
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the broker has {@code queue} as a durable queue it never deletes on its own (not auto-delete): a queue
     * that exists only while someone consumes it is gone, with what is routed to it, while the service is down. False
     * if there is no such queue (or the broker will not say); empty if the broker does not answer.
     */
    public Optional<Boolean> keeps(String queue) {
        try {
            return withManagement((session, requestor) -> Optional.of(
                    Boolean.TRUE.equals(attribute(session, requestor, queue, "durable"))
                            && Boolean.FALSE.equals(attribute(session, requestor, queue, "autoDelete"))));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** A queue's attribute; null if the broker has no such queue. */
    private static Object attribute(ClientSession session, Requestor requestor, String queue, String name)
            throws Exception {
        ClientMessage reply = ask(session, requestor,
                request -> ManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, name));
        return ManagementHelper.hasOperationSucceeded(reply) ? ManagementHelper.getResult(reply, Boolean.class) : null;
    }

    /**
     * A session with the broker's management API, in Artemis' core protocol, so that the answers' queue can have a
     * name the production broker's rules can single out ({@code activemq.management.bij.<uuid>}); a JMS temporary
     * queue has a bare UUID for a name, which only a rule for every address could allow.
     */
    private <T> T withManagement(Questions<T> questions) throws Exception {
        try (ClientSessionFactory sessions = factory.getServerLocator().createSessionFactory();
             ClientSession session = sessions.createSession(factory.getUser(), factory.getPassword(), false, true, true,
                     false, 0)) {
            session.start();
            try (Requestor requestor = new Requestor(session)) {
                return questions.ask(session, requestor);
            }
        }
    }

    private static ClientMessage ask(ClientSession session, Requestor requestor,
            Question question) throws Exception {
        ClientMessage request = session.createMessage(false);
        question.put(request);
        ClientMessage reply = requestor.request(request, ANSWER_WITHIN_MS);
        if (reply == null) {
            throw new IllegalStateException("the broker's management API did not answer within " + ANSWER_WITHIN_MS + " ms");
        }
        return reply;
    }

    /**
     * Artemis' own {@code ClientRequestor}, but with its answers' queue under {@code activemq.management.bij.}, so
     * that the production broker can let the service make and read that queue and no other under the management
     * address (scripts/artemis/security-settings.xml).
     */
    private static final class Requestor implements AutoCloseable {
        private final ClientProducer requests;
        private final ClientConsumer answers;
        private final SimpleString answerQueue = SimpleString.of(ANSWERS + UUID.randomUUID());

        Requestor(ClientSession session) throws Exception {
            requests = session.createProducer(MANAGEMENT);
            session.createQueue(QueueConfiguration.of(answerQueue).setDurable(false).setTemporary(true));
            answers = session.createConsumer(answerQueue);
        }

        ClientMessage request(ClientMessage request, long timeoutMs) throws Exception {
            request.setReplyTo(answerQueue);
            requests.send(request);
            return answers.receive(timeoutMs);
        }

        @Override
        public void close() throws Exception {
            answers.close();
            requests.close();
        }
    }

    @FunctionalInterface
    private interface Question {
        void put(ClientMessage request) throws Exception;
    }

    @FunctionalInterface
    private interface Questions<T> {
        T ask(ClientSession session, Requestor requestor) throws Exception;
    }
}
