package nl.bij.receiver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import nl.bij.state.Jdbc;

/** The inbox's own database: the notices as received, their legal stage, and the audit list. */
public final class InboxStore {

    /** One received notice, without its content. */
    public record Entry(String noticeId, String noticeType, Optional<String> changesNoticeId, String caseId,
                        boolean urgent, Instant providedAt, LocalDate destroyBy, Instant receivedAt,
                        Optional<Instant> measuresTakenAt, Optional<String> measuresTakenBy, LegalClock.Stage stage,
                        Optional<LocalDate> archivedOn, Optional<Integer> remindedDays) {
    }

    private static final String ENTRY = "select notice_id, notice_type, changes_notice_id, case_id, urgent, provided_at,"
            + " destroy_by, received_at, measures_taken_at, measures_taken_by, stage, archived_on, reminded_days"
            + " from inbox_notice";

    private final DataSource db;

    public InboxStore(DataSource db) {
        this.db = db;
    }

    /** Stores a notice once; false if its noticeId is there already (or was, and is erased: then it is not taken again). */
    public boolean add(Entry entry, byte[] content, Instant at) {
        return inTransaction(c -> {
            if (!Jdbc.strings(c, "select notice_id from inbox_audit where notice_id = ? and action = 'received'",
                    entry.noticeId()).isEmpty()) {
                return false;
            }
            Jdbc.update(c, "insert into inbox_notice (notice_id, notice_type, changes_notice_id, case_id, urgent,"
                    + " provided_at, destroy_by, received_at, content, stage) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    entry.noticeId(), entry.noticeType(), entry.changesNoticeId().orElse(null), entry.caseId(),
                    entry.urgent(), Jdbc.time(entry.providedAt()), entry.destroyBy(), Jdbc.time(entry.receivedAt()),
                    content, LegalClock.Stage.WORKING.name());
            audit(c, at, "afzender", "received", entry.noticeId(), entry.noticeType());
            return true;
        });
    }

    /** Newest first, urgent ones before the rest; archived ones last. */
    public List<Entry> all() {
        return inTransaction(c -> entries(c, ENTRY + " order by case when stage = 'WORKING' then 0 else 1 end,"
                + " urgent desc, received_at desc"));
    }

    public Optional<Entry> entry(String noticeId) {
        return inTransaction(c -> entries(c, ENTRY + " where notice_id = ?", noticeId).stream().findFirst());
    }

    /** The notice as received, recorded as viewed by {@code who}. */
    public Optional<byte[]> view(String noticeId, String who, Instant at) {
        return inTransaction(c -> {
            try (PreparedStatement s = Jdbc.prepare(c, "select content from inbox_notice where notice_id = ?", noticeId);
                 ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                audit(c, at, who, "viewed", noticeId, "");
                return Optional.of(rs.getBytes(1));
            }
        });
    }

    public boolean markMeasures(String noticeId, String who, Instant at) {
        return inTransaction(c -> {
            int marked = Jdbc.update(c, "update inbox_notice set measures_taken_at = ?, measures_taken_by = ?"
                    + " where notice_id = ? and measures_taken_at is null and stage = 'WORKING'", Jdbc.time(at), who, noticeId);
            if (marked == 1) {
                audit(c, at, who, "measures-taken", noticeId, "maatregelen genomen");
            }
            return marked == 1;
        });
    }

    public void erase(String noticeId, String action, String detail, Instant at) {
        inTransaction(c -> {
            Jdbc.update(c, "delete from inbox_notice where notice_id = ?", noticeId);
            audit(c, at, "wettelijke termijn", action, noticeId, detail);
            return null;
        });
    }

    public void archive(String noticeId, LocalDate on, Instant at) {
        inTransaction(c -> {
            Jdbc.update(c, "update inbox_notice set stage = 'ARCHIVED', archived_on = ? where notice_id = ?", on, noticeId);
            audit(c, at, "wettelijke termijn", "archived", noticeId, "maatregelen genomen: 5 jaar in het archief");
            return null;
        });
    }

    public void reminded(String noticeId, int days, Instant at) {
        inTransaction(c -> {
            Jdbc.update(c, "update inbox_notice set reminded_days = ? where notice_id = ?", days, noticeId);
            audit(c, at, "wettelijke termijn", "reminded", noticeId, days + " dagen voor de vernietigingsdatum");
            return null;
        });
    }

    /** The audit list, newest first. */
    public List<Map<String, Object>> audit(int max) {
        return inTransaction(c -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            try (PreparedStatement s = Jdbc.prepare(c, "select at, who, action, notice_id, detail from inbox_audit"
                    + " order by id desc"); ResultSet rs = s.executeQuery()) {
                while (rs.next() && rows.size() < max) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("at", rs.getObject(1, OffsetDateTime.class).toInstant().toString());
                    row.put("who", rs.getString(2));
                    row.put("action", rs.getString(3));
                    row.put("noticeId", rs.getString(4));
                    row.put("detail", rs.getString(5));
                    rows.add(row);
                }
            }
            return rows;
        });
    }

    private static void audit(Connection c, Instant at, String who, String action, String noticeId, String detail)
            throws SQLException {
        Jdbc.update(c, "insert into inbox_audit (at, who, action, notice_id, detail) values (?, ?, ?, ?, ?)",
                Jdbc.time(at), who, action, noticeId, detail);
    }

    private static List<Entry> entries(Connection c, String sql, Object... parameters) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement s = Jdbc.prepare(c, sql, parameters); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                entries.add(new Entry(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
                        rs.getString(4), rs.getBoolean(5), instant(rs, 6), rs.getObject(7, LocalDate.class),
                        instant(rs, 8), Optional.ofNullable(rs.getObject(9, OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                        Optional.ofNullable(rs.getString(10)), LegalClock.Stage.valueOf(rs.getString(11)),
                        Optional.ofNullable(rs.getObject(12, LocalDate.class)),
                        Optional.ofNullable((Integer) rs.getObject(13))));
            }
        }
        return entries;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private <T> T inTransaction(Jdbc.Work<T> work) {
        return Jdbc.inTransaction(db, work,
                e -> new IllegalStateException("the inbox database failed (SQLState " + e.getSQLState() + ")", e));
    }
}
