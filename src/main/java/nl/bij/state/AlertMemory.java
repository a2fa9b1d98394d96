package nl.bij.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

/**
 * When each alert was last raised, in the database: so that of two instances only one raises it, and a restart
 * does not raise it again within its period.
 */
public final class AlertMemory {

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource db;

    public AlertMemory(DataSource db) {
        this.db = db;
    }

    /**
     * Whether this caller raises the alert {@code key} now: true once per {@code period}, for whichever instance
     * asks first; the moment is recorded in the same step.
     */
    public boolean raise(String key, Instant now, Duration period) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean raised = Jdbc.update(c, "update alert_raised set raised_at = ? where alert_key = ? and raised_at <= ?",
                        Jdbc.time(now), key, Jdbc.time(now.minus(period))) == 1
                        || Jdbc.update(c, "insert into alert_raised (alert_key, raised_at) select ?, ? where not exists"
                        + " (select 1 from alert_raised where alert_key = ?)", key, Jdbc.time(now), key) == 1;
                c.commit();
                return raised;
            } catch (SQLException e) {
                c.rollback();
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return false;   // another instance raised it at the same moment
                }
                throw e;
            }
        } catch (SQLException e) {
            throw StateUnavailable.or("alerts", e, () -> new IllegalStateException("alert memory failed (SQLState "
                    + e.getSQLState() + ")", e));
        }
    }
}
