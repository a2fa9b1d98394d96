package nl.bij.intake;

import java.util.Optional;

/** What intake makes of one inbound message: a release event to decide on, or a rejection. */
public sealed interface IntakeOutcome permits IntakeOutcome.Accepted, IntakeOutcome.Rejected {

    boolean isRejected();

    /** The eventId, when the message told us one. */
    Optional<String> eventId();

    /**
     * @param event      the event, mapped
     * @param reviewCopy the document without aftercare and BSN, made (by the parser) only if the event is kept for
     *                   a person or for its window
     */
    record Accepted(ReleaseEvent event, java.util.function.Supplier<byte[]> reviewCopy) implements IntakeOutcome {
        @Override
        public boolean isRejected() {
            return false;
        }

        @Override
        public Optional<String> eventId() {
            return Optional.of(event.eventId());
        }
    }

    /**
     * An invalid message. {@code detail} is precise (line and column for XML errors) but never quotes the
     * message's values, so it is safe to log and to show. {@code keptBytes} are the original bytes with any
     * aftercare block removed; for an over-size message only its head is kept.
     */
    record Rejected(RejectReason reason, String detail, Optional<String> eventId, byte[] keptBytes)
            implements IntakeOutcome {
        @Override
        public boolean isRejected() {
            return true;
        }
    }
}
