package nl.bij.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The readiness probe without a broker: DOWN (503), for no event can be taken; and it names no failure. */
class HealthTest {

    @Test
    void notReadyWithoutTheBrokerAndSaysOnlyWhichPartIsDown() throws Exception {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:health-" + System.nanoTime());
        // a real client against a port nothing listens on: it fails at once, as with a broker that is gone
        ActiveMQConnectionFactory gone = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + closedPort()
                + "?initialConnectAttempts=1&reconnectAttempts=0&callTimeout=2000");
        Health health = new Health(gone, database, new Health.Mail("", 0, 0), Optional.empty(), "development");

        var ready = health.ready();

        assertThat(ready).containsEntry("status", "DOWN").containsEntry("broker", "DOWN")
                .containsEntry("database", "UP").containsEntry("channels", "UP");
        assertThat(health.httpStatus(ready)).isEqualTo(503);
        assertThat(ready.values()).allMatch(word -> word.equals("UP") || word.equals("DOWN"));
        assertThat(health.live()).containsEntry("status", "UP").hasSize(1);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
