package nl.bij.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The few JDBC steps every store here repeats: a statement with its parameters, an update, a UTC timestamp. */
public final class Jdbc {

    private Jdbc() {
    }

    public static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            s.setObject(i + 1, parameters[i]);
        }
        return s;
    }

    public static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, parameters)) {
            return s.executeUpdate();
        }
    }

    /** Work done on one connection, inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction of its own: committed when it returns, rolled back when it throws. A
     * database failure becomes what {@code failure} makes of it (each store says what a failure means to it).
     */
    public static <T> T inTransaction(javax.sql.DataSource db, Work<T> work,
            java.util.function.Function<SQLException, RuntimeException> failure) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure.apply(e);
        }
    }

    /** The first column of every row, as text. */
    public static java.util.List<String> strings(Connection c, String sql, Object... parameters) throws SQLException {
        java.util.List<String> values = new java.util.ArrayList<>();
        try (PreparedStatement s = prepare(c, sql, parameters); java.sql.ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** Timestamps go to the database with an offset (timestamp with time zone), always UTC. */
    public static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
