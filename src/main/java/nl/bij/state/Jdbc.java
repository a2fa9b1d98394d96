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
