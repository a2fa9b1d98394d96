package nl.bij.lifecycle;

import java.time.Instant;
import java.util.Optional;

/**
 * What is known of a case when one of its events is decided.
 *
 * @param newestCreatedAt Justid's {@code createdAt} of the newest event applied (events may arrive out of order)
 * @param active          the newest notice made for the case: waiting for its day, or given
 * @param held            the notice a mayor holds for the case (delivered, or being sent), if any
 * @param heldWithdrawalMade a withdrawal of the notice held has been made and has not reached the mayor yet
 */
public record CaseState(boolean known, Instant newestCreatedAt, String newestEventId, Optional<CaseNotice> active,
                        Optional<CaseNotice> held, boolean heldWithdrawalMade) {

    public CaseState(boolean known, Instant newestCreatedAt, String newestEventId, Optional<CaseNotice> active,
                     Optional<CaseNotice> held) {
        this(known, newestCreatedAt, newestEventId, active, held, false);
    }

    /** A notice of the case and its mayor; {@code given} once it reached the mayor or is being sent. */
    public record CaseNotice(String noticeId, String municipality, boolean given) {
    }

    public static CaseState none() {
        return new CaseState(false, Instant.MIN, "", Optional.empty(), Optional.empty());
    }

    /** The newest notice, if it has not reached its mayor: it can still be stopped, and no mayor hears of it. */
    public Optional<CaseNotice> waiting() {
        return active.filter(n -> !n.given());
    }

    /** The notice a mayor has: the newest one if it is given, else the one delivered before it. */
    public Optional<CaseNotice> given() {
        return active.filter(CaseNotice::given).or(() -> held);
    }
}
