package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.bij.operations.BrokerQueues;

/**
 * The release queue's dead letters and expired messages must reach the undecided queue. The embedded broker is
 * asked as an external one would be (ArtemisPairScriptTest asks the production recipe's); a broker set up otherwise
 * is named with what it costs.
 */
class UndecidedReleasesCheckTest extends ServiceTestSupport {

    @Test
    void theEmbeddedBrokerSendsTheReleaseQueuesDeadLettersAndExpiredMessagesToTheUndecidedQueue() {
        BrokerQueues broker = new BrokerQueues(new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(
                Settings.brokerUrl(settings), settings.getProperty("bij.broker.user"),
                settings.getProperty("bij.broker.password")));
        String undecided = settings.getProperty("bij.queue.releases-undecided");

        assertThat(broker.deadLetterSettings(settings.getProperty("bij.queue.releases"))).contains(
                Map.of("deadLetterAddress", undecided, "expiryAddress", undecided));
        assertThat(broker.keeps(undecided)).as("the queue stays while no one consumes it").contains(true);
        assertThat(broker.keeps("bij.no.such.queue")).contains(false);
        assertThat(broker.deadLetterSettings(settings.getProperty("bij.queue.deliveries"))).contains(Map.of(
                "deadLetterAddress", settings.getProperty("bij.queue.dead-letter"),
                "expiryAddress", settings.getProperty("bij.queue.expiry")));
    }

    @Test
    void aBrokerThatDeadLettersReleasesElsewhereIsNamedWithWhatItCosts() {
        assertThat(UndecidedReleasesCheck.problems(Map.of("deadLetterAddress", "bij.dlq", "expiryAddress", ""),
                "bij.releases.undecided")).containsExactly(
                "dead letters to bij.dlq, not to bij.releases.undecided: Justid's aftercare block stays in them; set its"
                        + " dead-letter-address as scripts/artemis/address-settings.xml does",
                "expired messages to no address (it drops them), not to bij.releases.undecided: an expired release"
                        + " event never reaches an operator; set its expiry-address as"
                        + " scripts/artemis/address-settings.xml does");
        assertThat(UndecidedReleasesCheck.problems(Map.of("deadLetterAddress", "bij.releases.undecided",
                "expiryAddress", "bij.releases.undecided"), "bij.releases.undecided")).isEmpty();
    }
}
