package nl.bij.state;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Every notice made, its mayor and its state: the case ledger, and the outbox the relay hands to delivery. */
public interface NoticeLedger {

    /** The life of a notice. Content is kept only while PENDING, DISPATCHED or FAILED. */
    enum Status { PENDING, DISPATCHED, DELIVERED, FAILED, CANCELLED }

    /**
     * Claims up to {@code max} notices due on or before {@code today} that no one holds (or whose claim is older
     * than {@code lease}, left by a relay that died), so that two service instances never both take one.
     */
    List<PendingNotice> claimDue(LocalDate today, Instant now, Duration lease, int max);

    /** On the delivery queue now: no longer the relay's to hand over. */
    void dispatched(String noticeId, Instant at);

    Optional<Status> status(String noticeId);

    /** Delivered: the content is erased, the ledger keeps who got which notice when. */
    void delivered(String noticeId, Instant at);

    void failed(String noticeId);
}
