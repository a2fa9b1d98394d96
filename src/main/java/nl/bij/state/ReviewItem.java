package nl.bij.state;

import java.time.Instant;
import java.util.Optional;

import nl.bij.lifecycle.Judgment;

/**
 * An event waiting for a person (MANUAL_REVIEW), with its kept copy; and, when one operator has judged that it
 * qualifies and four eyes are required, that judgment waiting for a second operator's confirmation.
 */
public record ReviewItem(String messageId, byte[] document, Optional<Judged> judged) {

    /** A judgment waiting for confirmation: what, by whom, when. */
    public record Judged(Judgment judgment, String by, Instant at) {
    }
}
