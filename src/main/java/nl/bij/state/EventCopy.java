package nl.bij.state;

import nl.bij.lifecycle.Judgment;

/**
 * An event kept as a copy (without aftercare and BSN, as intake made it): for a person to review, or for the day
 * its held notice falls due and the event is judged again. Personal data: erased the moment it is no longer
 * needed (the review resolved or closed, the notice given or cancelled).
 *
 * @param judgment what a person decided for it, applied again when the held notice falls due
 */
public record EventCopy(byte[] document, Judgment judgment) {
}
