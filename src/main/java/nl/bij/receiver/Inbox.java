package nl.bij.receiver;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.bij.notice.NoticeText;
import nl.bij.notice.wire.NoticeXml;

/**
 * The mayor's-office inbox: takes a notice from the one sender it trusts (verified against the sender's certificate
 * it was given, never the one in the notice; valid against the schema; each noticeId once), shows it to the office
 * as Dutch text, records that measures were taken, and keeps the legal clock ({@link LegalClock}): destroyed at its
 * destroy-by date without measures, archived for five years with them, reminders 30 and 7 days before.
 */
public final class Inbox {

    private static final Logger LOG = LoggerFactory.getLogger("bij.inbox");
    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    /** The answer to a sender: an HTTP status and a short reason that quotes nothing from the notice. */
    public record Receipt(int status, String reason) {
    }

    private final NoticeVerifier verifier = new NoticeVerifier();
    private final List<X509Certificate> senders;
    private final InboxStore store;
    private final NoticeText text;
    private final Clock clock;

    /**
     * @param senders the certificates Justid gave this office, with one of which every notice must be signed: one,
     *                or two while Justid rolls its signing key over (the old and the new)
     */
    public Inbox(List<X509Certificate> senders, InboxStore store, NoticeText text, Clock clock) {
        this.senders = List.copyOf(senders);
        this.store = store;
        this.text = text;
        this.clock = clock;
    }

    /** A PUT of {@code noticeId}: 201 taken, 409 had it already, 400 refused (with why), 413 too large. */
    public Receipt receive(String noticeId, byte[] body) {
        if (body.length > NoticeVerifier.MAX_BYTES) {
            return new Receipt(413, "larger than a notice can be");
        }
        NoticeVerifier.Verdict verdict = verified(body);
        if (!verdict.valid()) {
            LOG.warn("notice refused at {}: {}", noticeId, verdict.reason());
            return new Receipt(400, verdict.reason());
        }
        NoticeXml notice = verdict.notice().get();
        if (!notice.getNoticeId().equals(noticeId)) {
            return new Receipt(400, "the noticeId in the address is not the notice's own");
        }
        Instant now = clock.instant();
        boolean added = store.add(entryOf(notice, now), body, now);
        LOG.atInfo().addKeyValue("noticeId", noticeId)
                .log("noticeId={} {}", noticeId, added ? "received" : "received before; not taken again");
        return added ? new Receipt(201, "received") : new Receipt(409, "this notice was received before");
    }

    /** The list for the page: each notice's identifiers, dates and what is due (no personal data). */
    public List<Map<String, Object>> list() {
        LocalDate today = today();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (InboxStore.Entry e : store.all()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("noticeId", e.noticeId());
            row.put("type", e.noticeType());
            row.put("changes", e.changesNoticeId().orElse(null));
            row.put("caseId", e.caseId());
            row.put("urgent", e.urgent());
            row.put("receivedAt", e.receivedAt().toString());
            row.put("destroyBy", e.destroyBy().toString());
            row.put("daysLeft", java.time.temporal.ChronoUnit.DAYS.between(today, e.destroyBy()));
            row.put("stage", e.stage().name());
            row.put("measuresTaken", e.measuresTakenAt().isPresent());
            row.put("reminder", LegalClock.reminder(e.destroyBy(), e.measuresTakenAt().isPresent(), today).orElse(null));
            rows.add(row);
        }
        return rows;
    }

    /** The notice as readable Dutch text, recorded as viewed by {@code who}. */
    public Optional<String> show(String noticeId, String who) {
        return store.view(noticeId, who, clock.instant())
                .map(bytes -> text.render(verified(bytes).notice()
                        .orElseThrow(() -> new IllegalStateException("a stored notice no longer verifies"))));
    }

    public boolean markMeasures(String noticeId, String who) {
        return store.markMeasures(noticeId, who, clock.instant());
    }

    public List<Map<String, Object>> audit() {
        return store.audit(500);
    }

    /**
     * Runs the legal clock for today: destroys, archives and erases what is due, and returns the reminders due
     * (noticeId and days before its destroy-by date), each once.
     */
    public List<Map.Entry<String, Integer>> runClock() {
        LocalDate today = today();
        Instant now = clock.instant();
        List<Map.Entry<String, Integer>> reminders = new ArrayList<>();
        for (InboxStore.Entry e : store.all()) {
            boolean measures = e.measuresTakenAt().isPresent();
            switch (LegalClock.due(e.destroyBy(), measures, e.stage(), e.archivedOn(), today)) {
                case DESTROY -> store.erase(e.noticeId(), "destroyed", "vernietigd op de vernietigingsdatum"
                        + " (geen maatregelen genomen)", now);
                case ARCHIVE -> store.archive(e.noticeId(), today, now);
                case ERASE -> store.erase(e.noticeId(), "erased", "uit het archief gewist na 5 jaar", now);
                case NOTHING -> LegalClock.reminder(e.destroyBy(), measures, today)
                        .filter(days -> e.remindedDays().map(sent -> sent > days).orElse(true))
                        .ifPresent(days -> {
                            store.reminded(e.noticeId(), days, now);
                            reminders.add(Map.entry(e.noticeId(), days));
                        });
            }
        }
        return reminders;
    }

    /** Valid if signed by any of the sender's certificates; otherwise the first certificate's reason. */
    private NoticeVerifier.Verdict verified(byte[] body) {
        NoticeVerifier.Verdict first = null;
        for (X509Certificate sender : senders) {
            NoticeVerifier.Verdict verdict = verifier.verify(body, sender);
            if (verdict.valid()) {
                return verdict;
            }
            first = first == null ? verdict : first;
        }
        return first;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), AMSTERDAM);
    }

    private static InboxStore.Entry entryOf(NoticeXml notice, Instant now) {
        return new InboxStore.Entry(notice.getNoticeId(), notice.getNoticeType().value(),
                Optional.ofNullable(notice.getChangesNoticeId()), notice.getCaseId(), notice.isUrgent(),
                notice.getProvidedAt().toGregorianCalendar().toInstant(),
                LocalDate.of(notice.getDestroyBy().getYear(), notice.getDestroyBy().getMonth(), notice.getDestroyBy().getDay()),
                now, Optional.empty(), Optional.empty(), LegalClock.Stage.WORKING, Optional.empty(), Optional.empty());
    }
}
