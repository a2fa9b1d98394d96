package nl.bij.delivery;

import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The SMTP relay as a camel-mail endpoint URI. STARTTLS is required whenever the relay is not on this machine:
 * notices carry personal data and must never cross a network in clear text. On loopback (a local MTA that relays
 * onward with TLS itself) it is used when offered.
 *
 * @param starttls {@code auto} (required unless loopback), {@code required}, or {@code optional} (loopback only)
 * @param trust    hosts whose certificate is trusted without a CA ({@code mail.smtp.ssl.trust}); empty: the JDK's CAs
 */
public record MailRelay(String host, int port, String username, String password, String starttls,
                        int connectionTimeoutMs, String trust) {

    public MailRelay {
        if (!List.of("auto", "required", "optional").contains(starttls)) {
            throw new IllegalArgumentException("bij.mail.starttls must be auto, required or optional, not '" + starttls + "'");
        }
        if ("optional".equals(starttls) && !host.isBlank() && !isLoopback(host)) {
            throw new IllegalArgumentException("bij.mail.starttls=optional is only allowed for a relay on loopback, not "
                    + host + ": notices must not cross a network in clear text");
        }
    }

    public boolean configured() {
        return !host.isBlank();
    }

    public boolean startTlsRequired() {
        return "required".equals(starttls) || "auto".equals(starttls) && !isLoopback(host);
    }

    /** Empty when no relay is configured. */
    public String endpointUri() {
        if (!configured()) {
            return "";
        }
        List<String> options = new ArrayList<>();
        options.add("connectionTimeout=" + connectionTimeoutMs);
        if (!username.isBlank()) {
            options.add("username=" + encode(username));
            options.add("password=RAW(" + password + ")");
        }
        options.add("mail.smtp.starttls.enable=true");
        options.add("mail.smtp.starttls.required=" + startTlsRequired());
        options.add("mail.smtp.ssl.checkserveridentity=true");
        if (!trust.isBlank()) {
            options.add("mail.smtp.ssl.trust=" + encode(trust));
        }
        return "smtp://" + host + ":" + port + "?" + String.join("&", options);
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
