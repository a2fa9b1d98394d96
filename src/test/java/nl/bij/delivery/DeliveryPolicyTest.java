package nl.bij.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.apache.camel.RuntimeCamelException;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SftpException;
import org.junit.jupiter.api.Test;

import nl.bij.notice.InvalidNoticeException;

/** Which failures are retried, when, and how the mail relay is reached. */
class DeliveryPolicyTest {

    private static final Backoff SHIPPED = shipped();

    @Test
    void transientFailuresAreRetried() throws Exception {
        for (Throwable t : List.of(new ConnectException("refused"), new SocketTimeoutException("slow"),
                new MailConnectException(new org.eclipse.angus.mail.util.SocketConnectException("refused", new ConnectException(), "relay", 25, 1000)),
                new SMTPSendFailedException("DATA", 451, "451 try later", null, null, null, null),
                new RuntimeCamelException(new SMTPAddressFailedException(new InternetAddress("a@b.example"), "RCPT", 450, "450 busy")),
                new IllegalStateException("something unforeseen"))) {
            assertThat(DeliveryFailures.isPermanent(t)).as(t.toString()).isFalse();
        }
    }

    @Test
    void permanentFailuresAreNot() throws Exception {
        SendFailedException rejected = new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(
                new InternetAddress("bij@utrecht.example"), "RCPT TO", 550, "550 5.1.1 User unknown"));
        for (Throwable t : List.of(rejected, new AddressException("Missing final '@domain'"),
                new AuthenticationFailedException("535 5.7.8 credentials invalid"),
                new SMTPSendFailedException("DATA", 552, "552 too big", null, null, null, null),
                new InvalidNoticeException("breaks the schema"), new NotConnectedException("0363"))) {
            assertThat(DeliveryFailures.isPermanent(t)).as(t.toString()).isTrue();
        }
        assertThat(DeliveryFailures.describe(new RuntimeCamelException(rejected)))
                .isEqualTo("SMTPAddressFailedException: 550 5.1.1 User unknown");
    }

    @Test
    void anSftpServerThatRefusesTheFolderIsPermanentAndOneThatFailsOtherwiseIsNot() {
        for (int refused : List.of(ChannelSftp.SSH_FX_NO_SUCH_FILE, ChannelSftp.SSH_FX_PERMISSION_DENIED)) {
            assertThat(DeliveryFailures.isPermanent(new RuntimeCamelException("Cannot store file: x.xml",
                    new SftpException(refused, "refused")))).as("SFTP status " + refused).isTrue();
        }
        assertThat(DeliveryFailures.isPermanent(new RuntimeCamelException("Cannot store file: x.xml",
                new SftpException(ChannelSftp.SSH_FX_FAILURE, "disk full")))).isFalse();
        assertThat(DeliveryFailures.isPermanent(new RuntimeCamelException("Cannot connect",
                new JSchException("java.net.ConnectException: Connection refused", new ConnectException())))).isFalse();
        assertThat(DeliveryFailures.isPermanent(new RuntimeCamelException("Cannot connect",
                new JSchException("Auth fail for methods 'publickey'")))).isTrue();
    }

    @Test
    void theBackoffGrowsThreefoldToAnHourAndStopsAfterTenAttempts() {
        assertThat(SHIPPED.delayAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(SHIPPED.delayAfter(2)).isEqualTo(Duration.ofSeconds(90));
        assertThat(SHIPPED.delayAfter(5)).isEqualTo(Duration.ofSeconds(2430));
        assertThat(SHIPPED.delayAfter(6)).isEqualTo(Duration.ofHours(1));
        assertThat(SHIPPED.retriesAfter(9)).isTrue();
        assertThat(SHIPPED.retriesAfter(10)).isFalse();
    }

    @Test
    void theDeliveryGuaranteesShowTheShippedBackoffTable() throws IOException {
        String guarantees = Files.readString(Path.of("docs/delivery-guarantees.md"), StandardCharsets.UTF_8);
        assertThat(guarantees).contains(String.join("\n", SHIPPED.table()));
    }

    @Test
    void starttlsIsRequiredForEveryRelayOffThisMachine() {
        assertThat(relay("smtp.gemeente.example", "auto").endpointUri()).contains("mail.smtp.starttls.required=true");
        assertThat(relay("127.0.0.1", "auto").endpointUri()).contains("mail.smtp.starttls.required=false");
        assertThat(relay("127.0.0.1", "required").endpointUri()).contains("mail.smtp.starttls.required=true");
        assertThat(relay("", "auto").configured()).isFalse();
        assertThatThrownBy(() -> relay("smtp.gemeente.example", "optional"))
                .hasMessageContaining("only allowed for a relay on loopback");
    }

    @Test
    void theRelayPasswordIsPassedRawAndTheUserEncoded() {
        MailRelay relay = new MailRelay("smtp.example", 587, "bij service", "p&ss=w?rd", "auto", 5000, "");
        assertThat(relay.endpointUri()).startsWith("smtp://smtp.example:587?connectionTimeout=5000&username=bij+service"
                + "&password=RAW(p&ss=w?rd)&mail.smtp.starttls.enable=true");
    }

    /** The backoff of config/application.properties, so that the table of docs/delivery-guarantees.md cannot drift from it. */
    private static Backoff shipped() {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(Path.of("config/application.properties"), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Backoff(Integer.parseInt(p.getProperty("bij.delivery.max-attempts")),
                Duration.ofMillis(Long.parseLong(p.getProperty("bij.delivery.retry-delay-ms"))),
                Double.parseDouble(p.getProperty("bij.delivery.retry-multiplier")),
                Duration.ofMillis(Long.parseLong(p.getProperty("bij.delivery.max-retry-delay-ms"))));
    }

    private static MailRelay relay(String host, String starttls) {
        return new MailRelay(host, 25, "", "", starttls, 5000, "");
    }
}
