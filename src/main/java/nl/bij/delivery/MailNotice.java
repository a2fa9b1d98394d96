package nl.bij.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Date;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * The mail a mayor's office receives: the Dutch text as body, the signed XML attached, a subject without personal
 * data, and one-way by construction: {@code Auto-Submitted} so that no auto-reply comes back, no Reply-To. The
 * Message-ID is derived from the noticeId, so a notice sent twice (after a crash) can be recognised as one.
 *
 * <p>Built here rather than by camel-mail's binding, which would copy route headers into the mail.
 */
public final class MailNotice {

    private final InternetAddress from;
    private final String messageIdDomain;

    /** @param from the sender, e.g. {@code BIJ-meldingen Justid <bij-noreply@justid.example>} */
    public MailNotice(String from) {
        try {
            this.from = new InternetAddress(from, true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("bij.mail.from is not a mail address", e);
        }
        this.messageIdDomain = this.from.getAddress().substring(this.from.getAddress().indexOf('@') + 1);
    }

    public MimeMessage compose(String noticeId, String to, String subject, String text, byte[] signedXml) {
        try {
            MimeMessage mail = new FixedIdMimeMessage(messageId(noticeId));
            mail.setFrom(from);
            mail.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to, true));
            mail.setSubject(subject, "UTF-8");
            mail.setSentDate(new Date());
            mail.setHeader("Auto-Submitted", "auto-generated");
            // Exchange and Outlook: send no out-of-office or read receipts back to a one-way sender
            mail.setHeader("X-Auto-Response-Suppress", "All");
            MimeBodyPart body = new MimeBodyPart();
            body.setText(text, "UTF-8", "plain");
            MimeBodyPart attachment = new MimeBodyPart();
            attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(signedXml, "application/xml; charset=UTF-8")));
            attachment.setFileName(noticeId + ".xml");
            attachment.setDisposition(MimeBodyPart.ATTACHMENT);
            mail.setContent(new MimeMultipart(body, attachment));
            mail.saveChanges();
            return mail;
        } catch (MessagingException e) {
            throw new IllegalArgumentException("cannot compose the mail for notice " + noticeId + ": " + e.getMessage(), e);
        }
    }

    /** The mail as an .eml file, for the embedded run without a mail relay. */
    public static byte[] toEml(MimeMessage mail) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            mail.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    String messageId(String noticeId) {
        return "<" + noticeId + "@" + messageIdDomain + ">";
    }

    /** JavaMail replaces the Message-ID on every save; this one keeps the one derived from the noticeId. */
    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(String messageId) {
            super((Session) null);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
