package nl.bij.app;

import java.nio.file.Path;

/**
 * How the embedded broker is laid out. Queue names come from configuration; the dead-letter and expiry queues
 * are created explicitly, because Artemis drops a message after its last delivery attempt when no dead-letter
 * address exists, and may delete auto-created ones. The release queue dead-letters and expires into a queue of its
 * own, {@code releaseUndecidedQueue}, from which the service keeps a copy without aftercare on the dead-letter queue.
 */
record BrokerSettings(
        Path dataDir,
        String host,
        int port,
        String serviceUser,
        String servicePassword,
        String justidUser,
        String justidPassword,
        String releaseQueue,
        String releaseUndecidedQueue,
        String rejectedQueue,
        String deliveryQueue,
        String deliveryFailedQueue,
        String deadLetterQueue,
        String expiryQueue,
        int maxDeliveryAttempts,
        long redeliveryDelayMs,
        double redeliveryMultiplier,
        long maxRedeliveryDelayMs,
        long memoryMb,
        long maxMessageMb,
        String journalType,
        String journalBufferTimeoutNs) {

    String url() {
        return "tcp://" + host + ":" + port;
    }
}
