package nl.bij.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.bij.operations.BrokerQueues;

/**
 * A release message that leaves its queue undecided (its attempts used up, or expired) must reach the undecided
 * queue, from which the service keeps it on the dead-letter queue without aftercare (route bij-intake-undecided).
 * The embedded broker is made so. An external broker is configured by its administrators
 * ({@code scripts/artemis/address-settings.xml}), and a slip there keeps Justid's aftercare block on the dead-letter
 * queue, or leaves an expired event where nobody looks; so the service asks the broker at start and says so. A warning,
 * not a refusal: the broker may be unreachable or deny its management API at that moment, and a broker set up before
 * this check existed still keeps every message.
 */
final class UndecidedReleasesCheck {

    private static final Logger LOG = LoggerFactory.getLogger("bij.startup");

    private static final String NOT_KEPT = "The broker has no durable queue {} that it keeps when no one consumes it: while"
            + " the service is down, a release message dead-lettered or expired there is dropped; create it as"
            + " scripts/artemis-pair does (--queues)";

    private UndecidedReleasesCheck() {
    }

    /** Asks the broker in the background (it may be slow to answer at start) and warns of what is wrong. */
    static void warnIfMisrouted(BrokerQueues broker, String releaseQueue, String undecidedQueue) {
        Thread check = new Thread(() -> {
            Optional<Map<String, String>> settings = broker.deadLetterSettings(releaseQueue);
            if (settings.isEmpty()) {
                LOG.warn("Could not ask the broker where it sends {}'s dead letters and expired messages (its management"
                        + " API); they must go to {} (scripts/artemis/address-settings.xml)", releaseQueue, undecidedQueue);
                return;
            }
            problems(settings.get(), undecidedQueue).forEach(problem -> LOG.warn("The broker sends {}'s {}", releaseQueue, problem));
            if (broker.keeps(undecidedQueue).equals(Optional.of(false))) {
                LOG.warn(NOT_KEPT, undecidedQueue);
            }
        }, "bij-broker-check");
        check.setDaemon(true);
        check.start();
    }

    /** What is wrong with the release queue's settings, each said for an administrator; empty if nothing. */
    static List<String> problems(Map<String, String> settings, String undecidedQueue) {
        List<String> problems = new ArrayList<>();
        String dead = settings.getOrDefault("deadLetterAddress", "");
        if (!undecidedQueue.equals(dead)) {
            problems.add("dead letters to " + (dead.isEmpty() ? "no address (it drops them)" : dead) + ", not to "
                    + undecidedQueue + ": " + (dead.isEmpty() ? "they are lost" : "Justid's aftercare block stays in them")
                    + "; set its dead-letter-address as scripts/artemis/address-settings.xml does");
        }
        String expiry = settings.getOrDefault("expiryAddress", "");
        if (!undecidedQueue.equals(expiry)) {
            problems.add("expired messages to " + (expiry.isEmpty() ? "no address (it drops them)" : expiry) + ", not to "
                    + undecidedQueue + ": an expired release event never reaches an operator; set its expiry-address"
                    + " as scripts/artemis/address-settings.xml does");
        }
        return problems;
    }
}
