package nl.bij.state;

import java.time.Instant;
import java.util.Optional;

/**
 * What the service knows of a case: the newest event seen (by Justid's {@code createdAt}) and the notice that
 * stands, if any, with its mayor and its state.
 *
 * @param version for optimistic locking: two events of one case decided at once cannot both change it
 */
public record CaseFile(String caseId, Instant newestCreatedAt, String newestEventId, Optional<String> activeNoticeId,
                       Optional<String> activeMunicipality, Optional<NoticeLedger.Status> activeStatus,
                       Optional<String> activeMessageId, long version) {

    /** A case never seen before. */
    public static CaseFile none(String caseId) {
        return new CaseFile(caseId, Instant.MIN, "", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 0);
    }

    public boolean known() {
        return version > 0;
    }

    /** The standing notice has not reached the mayor and can still be stopped (only its schedule would change). */
    public boolean activeNotGiven() {
        return activeStatus.filter(NoticeLedger.Status::cancellable).isPresent();
    }

    /** The standing notice reached the mayor, or is being sent right now. */
    public boolean activeGiven() {
        return activeStatus.filter(s -> s == NoticeLedger.Status.SENDING || s == NoticeLedger.Status.DELIVERED).isPresent();
    }
}
