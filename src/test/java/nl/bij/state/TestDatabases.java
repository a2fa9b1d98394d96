package nl.bij.state;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A fresh, migrated database per test class: H2 in memory by default (fast), or a new PostgreSQL database on
 * 127.0.0.1:5432 when the suite runs with {@code -Dbij.test.db=postgresql} (the second pass of {@code mvn test}).
 */
public final class TestDatabases {

    public static final String POSTGRES = "postgresql";
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private TestDatabases() {
    }

    public static boolean postgres() {
        return POSTGRES.equals(System.getProperty("bij.test.db"));
    }

    /** A JDBC URL of an empty database (PostgreSQL), or empty for the service's own embedded H2. */
    public static String freshUrlOrEmbedded() {
        return postgres() ? freshPostgres() : "";
    }

    /** Close it when the test is done ({@code @AutoClose}): PostgreSQL has a limited number of connections. */
    public static HikariDataSource fresh() {
        HikariDataSource pool = empty();
        migrate(pool);
        return pool;
    }

    /** A fresh database at an older schema version, to test an upgrade: {@link #migrate} brings it up to date. */
    public static HikariDataSource freshAt(String version) {
        HikariDataSource pool = empty();
        migrations(pool).target(version).load().migrate();
        return pool;
    }

    /** The rest of the migrations, as the service runs them at start-up. */
    public static void migrate(javax.sql.DataSource db) {
        migrations(db).load().migrate();
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration migrations(javax.sql.DataSource db) {
        return Flyway.configure().dataSource(db).locations("classpath:db/migration");
    }

    private static HikariDataSource empty() {
        String url = postgres() ? freshPostgres() : "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(postgres() ? "postgres" : "sa");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    /** An empty PostgreSQL database, whichever pass this is (for a test that runs once, on the H2 pass). */
    public static String freshPostgresUrl() {
        return freshPostgres();
    }

    private static String freshPostgres() {
        String name = "bij_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute("create database " + name);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(name)));
        } catch (SQLException e) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is required in CI; .ci/run starts it", e);
            }
            Assumptions.abort("PostgreSQL not reachable on 127.0.0.1:5432: " + e.getMessage());
        }
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    /** The test run's databases go when it ends, whatever still holds a connection. */
    private static void drop(String name) {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            System.err.println("could not drop test database " + name + ": " + e.getMessage());
        }
    }
}
