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

    /**
     * What a failed statement means: an outage, unless the database answered with a complaint about the data (an
     * integrity constraint, SQLState class 23, or a syntax or access rule, 42), which no waiting can mend.
     */
    public static RuntimeException or(String what, SQLException cause, java.util.function.Supplier<RuntimeException> otherwise) {
        String state = cause.getSQLState() == null ? "" : cause.getSQLState();
        return state.startsWith("23") || state.startsWith("42") || state.startsWith("22") ? otherwise.get()
                : new StateUnavailable(what, cause);
    }
}
