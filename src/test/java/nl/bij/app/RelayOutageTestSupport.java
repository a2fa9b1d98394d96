package nl.bij.app;

import java.util.Properties;

import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterAll;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The service with a mail relay that is down when the test starts (GreenMail, not yet started) and, by default, two
 * delivery attempts, so mail notices end FAILED quickly; the test starts {@link #relay} when the outage is over.
 */
abstract class RelayOutageTestSupport extends ServiceTestSupport {

    private static final int SMTP_PORT = AvailablePortFinder.getNextAvailable();
    protected final GreenMail relay = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @Override
    protected Properties overrides() {
        return MailDeliveryTest.relayAt(SMTP_PORT, "auto", maxAttempts());
    }

    /** All delivery attempts of a notice, the first included. */
    protected int maxAttempts() {
        return 2;
    }

    @AfterAll
    void stopRelay() {
        relay.stop();
    }
}
