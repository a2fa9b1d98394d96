package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;

/**
 * A relay that does not offer STARTTLS while STARTTLS is required (the default for any relay off this machine):
 * nothing is sent in clear text; the notice ends FAILED after its attempts, for an operator to look at.
 */
@OnceOnTheH2Pass
class StartTlsRequiredTest extends ServiceTestSupport {

    private static final int SMTP_PORT = AvailablePortFinder.getNextAvailable();
    private final GreenMail plainRelay = startPlainRelay();

    @Override
    protected Properties overrides() {
        return MailDeliveryTest.relayAt(SMTP_PORT, "required", 2);
    }

    @AfterAll
    void stopRelay() {
        plainRelay.stop();
    }

    @Test
    void withoutStartTlsNothingIsSentInClearText() throws Exception {
        DecisionRecord decision = decisionOf(sendAndAwait(text(
                MailDeliveryTest.qualifyingFor("0344", "00000000-0000-4000-8000-0000000000c1"))).get(0));

        assertThat(decision.decision()).isEqualTo(Decision.FAILED);
        assertThat(decision.reason()).contains("STARTTLS is required");
        assertThat(plainRelay.getReceivedMessages()).isEmpty();
    }

    private static GreenMail startPlainRelay() {
        GreenMail mail = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return mail;
    }
}
