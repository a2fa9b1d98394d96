package nl.bij.app;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * The embedded broker's own maximum for a message sent to the release queue: the sender's send fails with a clear
 * error, and the message is never queued. Artemis has no such setting, only address-wide limits; this is the one
 * hook it offers (a broker plugin). It is a second line: the service itself rejects anything over its own, much
 * lower limit as {@code TOO_LARGE} without reading the body, so this only stops what would fill the disk.
 */
final class MessageSizeLimit implements ActiveMQServerMessagePlugin {

    private final String address;
    private final long maxBytes;

    MessageSizeLimit(String address, long maxBytes) {
        this.address = address;
        this.maxBytes = maxBytes;
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
            boolean noAutoCreateQueue) throws ActiveMQException {
        long size = message.getWholeMessageSize();
        if (address.equals(message.getAddress()) && size > maxBytes) {
            throw new ActiveMQException(ActiveMQExceptionType.ILLEGAL_STATE, "message of " + size + " bytes refused:"
                    + " over the broker's limit of " + maxBytes + " bytes for " + address);
        }
    }
}
