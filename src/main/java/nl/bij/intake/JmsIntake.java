package nl.bij.intake;

import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import nl.bij.intake.IntakeOutcome.Rejected;

/**
 * The JMS edge of intake: enforces the size limit before the body is read, then hands the body to the
 * {@link ReleaseEventReader}. A message too large for the broker to hold in one piece (an Artemis "large message")
 * declares its size in {@value #LARGE_SIZE}: one over the limit is rejected from that figure, and of its body only
 * the head is read, streamed past the rest, so a 500 MB message costs no more heap than a small one. (Asking a large
 * {@code BytesMessage} its body length would load the whole body first.)
 *
 * <p>Justid sends a {@code TextMessage} or {@code BytesMessage}; any other type holds no XML document and is
 * rejected without touching its body (an {@code ObjectMessage} is never deserialised).
 */
public final class JmsIntake {

    /** Justid's optional message property with the event id; the body is authoritative. */
    public static final String EVENT_ID_PROPERTY = "eventId";
    /** Artemis' property with the body size of a large message (sent in chunks, kept in a file by the broker). */
    static final String LARGE_SIZE = "_AMQ_LARGE_SIZE";
    /** Artemis' property on a message it expired: when it did. */
    private static final String ACTUAL_EXPIRY = "_AMQ_ACTUAL_EXPIRY";
    /** Artemis' property that streams a large message's body into an OutputStream, blocking until it is read. */
    private static final String SAVE_STREAM = "JMS_AMQ_SaveStream";
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ReleaseEventReader reader;
    private final long maxBytes;
    private final int keptHeadBytes;

    public JmsIntake(ReleaseEventReader reader, long maxBytes, int keptHeadBytes) {
        if (maxBytes < 1024 * 1024) {
            throw new IllegalArgumentException("The size limit must be at least 1 MiB (docs/contract.md §1), got " + maxBytes);
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

    /**
     * The copy kept of a release message that left its queue without a decision (its delivery attempts used up, or
     * expired before it was taken): its body with the aftercare block removed, and of one over the size limit only
     * its head. A text message too large to read in part, or a message of another type, leaves an empty copy.
     */
    public byte[] undecidedCopy(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return largeSize(text) > 2 * maxBytes + 16 ? new byte[0] : KeptCopy.withoutAftercare(within(text.getText()));
        }
        if (message instanceof BytesMessage bytes) {
            return KeptCopy.withoutAftercare(within(bytes));
        }
        return new byte[0];
    }

    /** Why a release message left its queue undecided: Artemis marks one it expired with the time it did. */
    public static String whyUndecided(Message message) throws JMSException {
        return message.propertyExists(ACTUAL_EXPIRY) ? "EXPIRED" : "ATTEMPTS_USED_UP";
    }

    private String within(String text) {
        if (text == null || Utf8.length(text) <= maxBytes) {
            return text == null ? "" : text;
        }
        return text.substring(0, Math.min(text.length(), keptHeadBytes));
    }

    private byte[] within(BytesMessage message) throws JMSException {
        if (largeSize(message) > maxBytes) {
            return streamedHead(message);
        }
        long size = message.getBodyLength();
        byte[] body = new byte[(int) (size > maxBytes ? Math.min(size, keptHeadBytes) : size)];
        message.readBytes(body);
        return body;
    }

    private IntakeOutcome read(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return readText(text);
        }
        if (message instanceof BytesMessage bytes) {
            return readBytes(bytes);
        }
        String type = message.getClass().getSimpleName();
        return ReleaseEventReader.reject(RejectReason.MALFORMED_XML,
                "a " + type + " holds no XML document; send a TextMessage or BytesMessage", new byte[0]);
    }

    private IntakeOutcome readText(TextMessage message) throws JMSException {
        // Artemis encodes text as UTF-16 (two bytes a character), and UTF-8 takes at least one byte a character:
        // a large text message whose encoded body is over twice the limit is over the limit in UTF-8 too
        long encoded = largeSize(message);
        if (encoded > 2 * maxBytes + 16) {
            return ReleaseEventReader.reject(RejectReason.TOO_LARGE, "the message has about " + encoded / 2
                    + " characters, over the limit of " + maxBytes + " bytes; none of it is kept (a text message"
                    + " cannot be read in part)", new byte[0]);
        }
        String text = message.getText();
        if (text == null) {
            return ReleaseEventReader.reject(RejectReason.MALFORMED_XML, "the message has no body", new byte[0]);
        }
        long size = Utf8.length(text);
        if (size > maxBytes) {
            String head = text.substring(0, Math.min(text.length(), keptHeadBytes));
            return ReleaseEventReader.reject(RejectReason.TOO_LARGE, tooLarge(size, Utf8.length(head)), head);
        }
        return reader.read(text);
    }

    private IntakeOutcome readBytes(BytesMessage message) throws JMSException {
        long large = largeSize(message);
        if (large > maxBytes) {
            byte[] head = streamedHead(message);
            return ReleaseEventReader.reject(RejectReason.TOO_LARGE, tooLarge(large, head.length), head);
        }
        long size = message.getBodyLength();
        if (size > maxBytes) {
            byte[] head = new byte[(int) Math.min(size, keptHeadBytes)];
            message.readBytes(head);
            return ReleaseEventReader.reject(RejectReason.TOO_LARGE, tooLarge(size, head.length), head);
        }
        byte[] body = new byte[(int) size];
        message.readBytes(body);
        return reader.read(body);
    }

    /** The declared size of an Artemis large message, or -1 for any other. */
    private static long largeSize(Message message) throws JMSException {
        return message.propertyExists(LARGE_SIZE) ? message.getLongProperty(LARGE_SIZE) : -1;
    }

    /** The first bytes of a large message, the rest streamed past into nothing. */
    private byte[] streamedHead(BytesMessage message) throws JMSException {
        Head head = new Head(keptHeadBytes);
        message.setObjectProperty(SAVE_STREAM, head);
        return head.bytes();
    }

    private String tooLarge(long size, long kept) {
        return "the message has " + size + " bytes, over the limit of " + maxBytes + "; only its first " + kept
                + " bytes are kept";
    }

    /** Keeps the first bytes written to it and counts the rest without keeping them. */
    private static final class Head extends java.io.OutputStream {
        private final byte[] kept;
        private int length;

        Head(int capacity) {
            this.kept = new byte[capacity];
        }

        @Override
        public void write(int b) {
            if (length < kept.length) {
                kept[length++] = (byte) b;
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int count) {
            int taken = Math.min(count, kept.length - length);
            if (taken > 0) {
                System.arraycopy(bytes, offset, kept, length, taken);
                length += taken;
            }
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(kept, length);
        }
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
