package nl.bij.state;

import java.time.Instant;
import java.util.Optional;

import nl.bij.lifecycle.CaseState;
import nl.bij.lifecycle.CaseState.CaseNotice;

/**
 * What the service knows of a case: the newest event seen (by Justid's {@code createdAt}), the newest notice made
 * for it (waiting for its day, or given) with its mayor and state, and the notice a mayor holds (the last one
 * delivered: a WIJZIGING held for its window does not replace it until it leaves).
 *
 * @param version for optimistic locking: two events of one case decided at once cannot both change it
 * @param heldWithdrawalMade a withdrawal of the notice held has been made: on its way, or failed and waiting for a
 *                           replay (the mayor holds the notice until it is delivered)
 */
public record CaseFile(String caseId, Instant newestCreatedAt, String newestEventId, Optional<String> activeNoticeId,
                       Optional<String> activeMunicipality, Optional<NoticeLedger.Status> activeStatus,
                       Optional<String> activeMessageId, Optional<String> heldNoticeId,
                       Optional<String> heldMunicipality, long version, boolean heldWithdrawalMade) {

    /** A case never seen before. */
    public static CaseFile none(String caseId) {
        return new CaseFile(caseId, Instant.MIN, "", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), 0, false);
    }

    public boolean known() {
        return version > 0;
    }

    /** The newest notice reached the mayor, or is being sent right now (it can no longer be stopped). */
    public boolean activeGiven() {
        return activeStatus.filter(s -> s == NoticeLedger.Status.SENDING || s == NoticeLedger.Status.DELIVERED).isPresent();
    }

    /** The case as the lifecycle rules see it. */
    public CaseState state() {
        Optional<CaseNotice> active = activeNoticeId.map(id -> new CaseNotice(id, activeMunicipality.orElseThrow(),
                activeGiven()));
        Optional<CaseNotice> held = heldNoticeId.map(id -> new CaseNotice(id, heldMunicipality.orElseThrow(), true));
        return new CaseState(known(), newestCreatedAt, newestEventId, active, held, heldWithdrawalMade);
    }
}
