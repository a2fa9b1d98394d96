package nl.bij.app;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.spi.PropertiesComponent;

import nl.bij.delivery.Channel;
import nl.bij.delivery.NoticeDelivery;
import nl.bij.delivery.Recipient;
import nl.bij.delivery.Recipients;

/**
 * The JMS channel: a municipality that takes its notices from a queue of its own on the service's broker
 * ({@code jms:queue:NAME} in the recipients file). Each notice is sent outside the delivery message's transaction,
 * through a connection factory of its own (registered as {@value NoticeDelivery#MUNICIPALITY_QUEUES}), so that it
 * is on the municipality's queue before the service records it delivered; a notice sent again after a crash in
 * between carries the same duplicate id, which the broker drops (Decisions.sendingId, nl.bij.delivery.NoticeDelivery).
 *
 * <p>A municipality's queue may not be one of the service's own (a notice on the release queue, say, would be read as
 * an event), nor one of the broker's ({@code activemq.*}: a notice sent to its management address would be taken for a
 * management request and vanish, recorded delivered).
 */
final class QueueChannel {

    private static final List<String> SERVICE_QUEUES = List.of("bij.queue.releases", "bij.queue.releases-undecided",
            "bij.queue.rejected", "bij.queue.deliveries", "bij.queue.delivery-failed", "bij.queue.dead-letter",
            "bij.queue.expiry");

    /** Artemis' management and notification addresses. */
    private static final String BROKERS_OWN = "activemq.";

    private QueueChannel() {
    }

    static void check(PropertiesComponent p, Recipients recipients) {
        Set<String> own = SERVICE_QUEUES.stream().map(key -> BijConfiguration.property(p, key))
                .collect(Collectors.toSet());
        for (Recipient recipient : recipients.all()) {
            if (recipient.channel() == Channel.XML && recipient.target().startsWith("jms:")) {
                String queue = Recipients.queueOf(recipient.target());
                String whose = own.contains(queue) ? "one of the service's own queues (bij.queue.*)"
                        : queue.startsWith(BROKERS_OWN) ? "an address of the broker's own (" + BROKERS_OWN + "*)" : null;
                if (whose != null) {
                    throw new IllegalStateException("recipients: municipality " + recipient.municipality()
                            + " would receive on " + queue + ", " + whose + "; give it a queue of its own");
                }
            }
        }
    }
}
