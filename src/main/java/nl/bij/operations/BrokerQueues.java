package nl.bij.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * How many messages wait on each queue, as the broker counts them (its management API, the queue's
 * {@code messageCount}, scheduled retries included): one request per queue, not a browse through every message.
 */
public final class BrokerQueues {

    private static final String MANAGEMENT = "activemq.management";

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
        Map<String, Long> depths = new LinkedHashMap<>();
        try (QueueConnection connection = factory.createQueueConnection()) {
            connection.start();
            QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueRequestor requestor = new QueueRequestor(session, session.createQueue(MANAGEMENT));
            for (String queue : queues) {
                Message request = session.createMessage();
                JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, "messageCount");
                Message reply = requestor.request(request);
                depths.put(queue, JMSManagementHelper.hasOperationSucceeded(reply)
                        ? ((Number) JMSManagementHelper.getResult(reply, Long.class)).longValue() : -1L);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot ask the broker for queue depths: " + e.getClass().getSimpleName(), e);
        }
        return depths;
    }

    public long depth(String queue) {
        return depths(List.of(queue)).get(queue);
    }
}
