package nl.bij.receiver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The inbox's reminder by mail, 30 and 7 days before a destroy-by date: notice ids and days only, never what a
 * notice says (the mail leaves the inbox; the notice does not). STARTTLS is required unless the relay is on this
 * machine.
 */
public final class ReminderMail {

    private final Properties session = new Properties();
    private final String from;
    private final String to;

    public ReminderMail(String host, int port, String from, String to) {
        session.setProperty("mail.smtp.host", host);
        session.setProperty("mail.smtp.port", String.valueOf(port));
        session.setProperty("mail.smtp.starttls.enable", "true");
        session.setProperty("mail.smtp.starttls.required", String.valueOf(!loopback(host)));
        session.setProperty("mail.smtp.connectiontimeout", "30000");
        session.setProperty("mail.smtp.timeout", "30000");
        this.from = from;
        this.to = to;
    }

    public void send(List<Map.Entry<String, Integer>> reminders) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(session));
        message.setFrom(new InternetAddress(from));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
        message.setSubject("BIJ-inbox: herinnering vernietigingsdatum", "UTF-8");
        StringBuilder text = new StringBuilder("Deze BIJ-meldingen worden binnenkort vernietigd, tenzij in de inbox"
                + " is vastgelegd dat er maatregelen zijn genomen:\n\n");
        reminders.forEach(r -> text.append("- melding ").append(r.getKey()).append(": over ").append(r.getValue())
                .append(" dagen\n"));
        message.setText(text.toString(), "UTF-8");
        Transport.send(message);
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
