package nl.bij.state;

import java.sql.SQLException;

/**
 * The database cannot be reached or did not answer (refused, timed out, shut down): an outage, not a fault in the
 * event or the code. Routes pause on it (nothing is decided, delivered or dead-lettered meanwhile) and resume when
 * the database answers again; the message in hand is rolled back and taken again then.
 */
public final class StateUnavailable extends RuntimeException {

    StateUnavailable(String what, SQLException cause) {
        super(what + ": the database is unavailable (" + cause.getClass().getSimpleName() + ", SQLState "
                + cause.getSQLState() + ")", cause);
    }

    /** The embedded H2's own codes for storage it cannot use: an I/O error (a full or lost disk), a closed database. */
    private static final java.util.Set<String> H2_STORAGE = java.util.Set.of("90028", "90031", "90098", "90121");

    /**
     * What a failed statement means: an outage when the database cannot be reached or stopped answering (no
     * connection in time, refused, reset, shut down: SQLState classes 08, 53 and 57, or the driver's own connection
     * exceptions), or the embedded database cannot use its disk; otherwise {@code otherwise}, a fault that no
     * waiting mends (a constraint, bad data, a bug).
     */
    public static RuntimeException or(String what, SQLException cause, java.util.function.Supplier<RuntimeException> otherwise) {
        return isOutage(cause) ? new StateUnavailable(what, cause) : otherwise.get();
    }

    static boolean isOutage(SQLException cause) {
        if (cause instanceof java.sql.SQLTransientConnectionException || cause instanceof java.sql.SQLRecoverableException
                || cause instanceof java.sql.SQLNonTransientConnectionException) {
            return true;
        }
        String state = cause.getSQLState() == null ? "" : cause.getSQLState();
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57") || H2_STORAGE.contains(state);
    }
}
