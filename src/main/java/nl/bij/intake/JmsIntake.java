package nl.bij.intake;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import nl.bij.intake.IntakeOutcome.Rejected;

/**
 * The JMS edge of intake: enforces the size limit before the body is read (a {@code BytesMessage} is measured
 * by its length, never loaded when too large), then hands the body to the {@link ReleaseEventReader}.
 *
 * <p>Justid sends a {@code TextMessage} or {@code BytesMessage}; any other type holds no XML document and is
 * rejected without touching its body (an {@code ObjectMessage} is never deserialised).
 */
public final class JmsIntake {

    /** Justid's optional message property with the event id; the body is authoritative. */
    public static final String EVENT_ID_PROPERTY = "eventId";
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ReleaseEventReader reader;
    private final long maxBytes;
    private final int keptHeadBytes;

    public JmsIntake(ReleaseEventReader reader, long maxBytes, int keptHeadBytes) {
        if (maxBytes < 1024 * 1024) {
            throw new IllegalArgumentException("The size limit must be at least 1 MiB (INTERFACE.md §1), got " + maxBytes);
        }
        this.reader = reader;
        this.maxBytes = maxBytes;
        this.keptHeadBytes = keptHeadBytes;
    }

    public IntakeOutcome receive(Message message) throws JMSException {
        IntakeOutcome outcome = read(message);
        if (outcome instanceof Rejected rejected && rejected.eventId().isEmpty()) {
            return new Rejected(rejected.reason(), rejected.detail(), propertyEventId(message), rejected.keptBytes());
        }
        return outcome;
    }

    private IntakeOutcome read(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return readText(text.getText());
        }
        if (message instanceof BytesMessage bytes) {
            return readBytes(bytes);
        }
        String type = message.getClass().getSimpleName();
        return ReleaseEventReader.reject(RejectReason.MALFORMED_XML,
                "a " + type + " holds no XML document; send a TextMessage or BytesMessage", new byte[0]);
    }

    private IntakeOutcome readText(String text) {
        if (text == null) {
            return ReleaseEventReader.reject(RejectReason.MALFORMED_XML, "the message has no body", new byte[0]);
        }
        long size = Utf8.length(text);
        if (size > maxBytes) {
            String head = text.substring(0, Math.min(text.length(), keptHeadBytes));
            return tooLarge(size, head.getBytes(StandardCharsets.UTF_8));
        }
        return reader.read(text);
    }

    private IntakeOutcome readBytes(BytesMessage message) throws JMSException {
        long size = message.getBodyLength();
        if (size > maxBytes) {
            byte[] head = new byte[(int) Math.min(size, keptHeadBytes)];
            message.readBytes(head);
            return tooLarge(size, head);
        }
        byte[] body = new byte[(int) size];
        message.readBytes(body);
        return reader.read(body);
    }

    private Rejected tooLarge(long size, byte[] head) {
        return ReleaseEventReader.reject(RejectReason.TOO_LARGE, "the message has " + size
                + " bytes, over the limit of " + maxBytes + "; only its first " + head.length + " bytes are kept",
                head);
    }

    private static Optional<String> propertyEventId(Message message) throws JMSException {
        String value = message.getStringProperty(EVENT_ID_PROPERTY);
        return value != null && UUID.matcher(value).matches() ? Optional.of(value.toLowerCase()) : Optional.empty();
    }

    /** UTF-8 length of a string without encoding it. */
    static final class Utf8 {
        private Utf8() {
        }

        static long length(CharSequence text) {
            long bytes = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x80) {
                    bytes += 1;
                } else if (c < 0x800) {
                    bytes += 2;
                } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    bytes += 4;
                    i++;
                } else {
                    bytes += 3;
                }
            }
            return bytes;
        }
    }
}
