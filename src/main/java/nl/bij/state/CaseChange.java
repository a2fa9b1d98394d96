package nl.bij.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How deciding one event changes its case, written in the decision's transaction.
 *
 * @param expectedVersion the case file's version when the event was decided (0: a new case); if another event
 *                        of the case changed it meanwhile, the transaction fails and the message is redelivered
 * @param changesActive   whether the standing notice changes (to {@code activeNoticeId}, or to none)
 * @param cancelled       pending notices that will never leave (their content is erased)
 * @param superseded      new decisions for the events whose notices were cancelled
 */
public record CaseChange(String caseId, Instant createdAt, String eventId, long expectedVersion, boolean changesActive,
                         Optional<String> activeNoticeId, Optional<String> activeMunicipality, List<String> cancelled,
                         List<DecisionRecord> superseded) {

    public CaseChange {
        cancelled = List.copyOf(cancelled);
        superseded = List.copyOf(superseded);
    }

    /** Only the newest event moves; the standing notice stays as it is. */
    public static CaseChange seen(CaseFile file, String eventId, Instant createdAt) {
        return new CaseChange(file.caseId(), createdAt, eventId, file.version(), false, file.activeNoticeId(),
                file.activeMunicipality(), List.of(), List.of());
    }
}
