package nl.bij.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrations V1, V2 and V7 once cited, in their comments, documents that the repository does not hold; the
 * comments now cite docs/law.md, docs/contract.md and docs/security.md instead. Nothing else changed, but Flyway
 * checksums the whole file, comments included, and would refuse to start on a database migrated with the old
 * text. Before Flyway validates, this moves exactly those three recorded checksums, and only from their old value
 * to their new one: any other difference between a migration and its record still stops the start, as it should.
 * (Flyway's own {@code repair} would accept every difference at once.)
 */
final class CommentOnlyChecksums implements Callback {

    private static final Logger LOG = LoggerFactory.getLogger("bij.startup");

    /** Version → {checksum of the old text, checksum of the new}; the statements are the same. */
    private static final Map<String, int[]> MOVED = Map.of(
            "1", new int[] {-1038182742, -576189573},
            "2", new int[] {-1767853737, 263828456},
            "7", new int[] {-2118195597, -1766947323});

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_VALIDATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        String table = context.getConfiguration().getTable();
        try {
            Connection c = context.getConnection();
            if (!exists(c, table)) {
                return;
            }
            for (Map.Entry<String, int[]> moved : MOVED.entrySet()) {
                try (PreparedStatement s = c.prepareStatement("update \"" + table + "\" set \"checksum\" = ?"
                        + " where \"version\" = ? and \"checksum\" = ?")) {
                    s.setInt(1, moved.getValue()[1]);
                    s.setString(2, moved.getKey());
                    s.setInt(3, moved.getValue()[0]);
                    if (s.executeUpdate() == 1) {
                        LOG.info("Migration V{}: its comments changed, not its statements; checksum recorded anew",
                                moved.getKey());
                    }
                }
            }
        } catch (SQLException e) {
            throw new FlywayException("cannot record the new checksums of migrations 1, 2 and 7", e);
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (ResultSet tables = c.getMetaData().getTables(null, c.getSchema(), table, null)) {
            return tables.next();
        }
    }

    @Override
    public String getCallbackName() {
        return "comment-only checksums";
    }
}
