package nl.bij.state;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * The relay side of the transactional outbox: which stored notices are due (today, in Amsterdam, by the service's
 * clock), not held by another instance, and still right by the law of the day. The route hands each to the delivery queue, then marks it dispatched;
 * a crash in between hands it over again, which delivery recognises by its noticeId.
 */
public final class NoticeOutbox {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("bij.delivery");

    private final NoticeLedger ledger;
    private final Decisions decisions;
    private final Clock clock;
    private final Duration lease;
    private final Duration strandedAfter;
    private final int batch;

    /** @param strandedAfter how long a notice may sit DISPATCHED or SENDING, untouched, before it is taken again */
    public NoticeOutbox(NoticeLedger ledger, Decisions decisions, Clock clock, Duration lease, Duration strandedAfter,
                        int batch) {
        this.ledger = ledger;
        this.decisions = decisions;
        this.clock = clock;
        this.lease = lease;
        this.strandedAfter = strandedAfter;
        this.batch = batch;
    }

    /**
     * The due notices this instance claimed that may leave: a notice held for its window is judged again first
     * (docs/law.md §4, the law on the day the notice is given); if the answer changed it does not leave, and its
     * event has its new decision.
     */
    public List<PendingNotice> claimDue() {
        List<PendingNotice> due = new java.util.ArrayList<>(ledger.claimDue(LocalDate.now(clock.withZone(Decisions.AMSTERDAM)),
                clock.instant(), lease, batch));
        for (PendingNotice stranded : ledger.claimStranded(clock.instant(), strandedAfter, batch)) {
            LOG.atWarn().addKeyValue("noticeId", stranded.order().noticeId())
                    .addKeyValue("eventId", stranded.order().eventId())
                    .log("noticeId={} eventId={} was stranded on its way (nothing happened to it for {} s); handed over"
                            + " again with the same noticeId", stranded.order().noticeId(), stranded.order().eventId(),
                            strandedAfter.toSeconds());
            due.add(stranded);
        }
        return due.stream().filter(this::mayLeave).toList();
    }

    /** One notice that cannot be judged now (its case changed meanwhile, the database faltered) holds up no other. */
    private boolean mayLeave(PendingNotice notice) {
        try {
            return decisions.judgeAgain(notice);
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("noticeId", notice.order().noticeId()).addKeyValue("eventId", notice.order().eventId())
                    .log("noticeId={} eventId={} could not be judged again on its day ({}); taken again after the lease",
                            notice.order().noticeId(), notice.order().eventId(), e.getClass().getSimpleName());
            return false;
        }
    }

    public void dispatched(DeliveryOrder order) {
        decisions.dispatched(order);
    }
}
