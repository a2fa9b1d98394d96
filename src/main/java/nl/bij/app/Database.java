package nl.bij.app;

import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import org.apache.camel.support.service.ServiceSupport;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The service's database: PostgreSQL when {@code bij.db.url} names one, else an embedded H2 file under the data
 * folder. Its schema is brought up to date by Flyway at start-up, before any route runs.
 */
final class Database extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger("bij.startup");

    /** How often the embedded database's file is synced and its sparse chunks rewritten. */
    private static final Duration HOUSEKEEPING_PERIOD = Duration.ofMillis(500);
    /** How long H2 keeps a superseded chunk: two periods, so a sync has passed since what superseded it was written. */
    private static final Duration CHUNK_RETENTION = HOUSEKEEPING_PERIOD.multipliedBy(2);

    private final HikariDataSource pool;
    private final EmbeddedStoreHousekeeping housekeeping;

    /** @param connectTimeoutMs how long a caller waits for a connection before the database counts as unavailable */
    Database(String url, String user, String password, int poolSize, long connectTimeoutMs, Path dataDir) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.isBlank() ? embeddedUrl(dataDir) : url);
        config.setUsername(url.isBlank() ? "bij" : user);
        config.setPassword(url.isBlank() ? "" : password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("bij-db");
        config.setConnectionTimeout(connectTimeoutMs);
        config.setAutoCommit(false);
        this.pool = new HikariDataSource(config);
        var result = Flyway.configure().dataSource(pool).locations("classpath:db/migration")
                .callbacks(new CommentOnlyChecksums()).load().migrate();
        LOG.info("Database {} at schema version {}", url.isBlank() ? "embedded H2 in " + dataDir.resolve("db") : "external",
                result.targetSchemaVersion == null ? Flyway.configure().dataSource(pool).load().info().current().getVersion()
                        : result.targetSchemaVersion);
        this.housekeeping = url.isBlank() ? housekeeping(pool) : null;
    }

    private static EmbeddedStoreHousekeeping housekeeping(HikariDataSource pool) {
        try {
            return EmbeddedStoreHousekeeping.start(pool, HOUSEKEEPING_PERIOD, CHUNK_RETENTION);
        } catch (java.sql.SQLException e) {
            pool.close();
            throw new IllegalStateException("the embedded database could not be prepared: " + e.getMessage(), e);
        }
    }

    /**
     * H2 in a file, crash-safe: WRITE_DELAY=0 makes every commit reach the file before it returns, so a kill -9
     * loses no committed decision (the broker may already have forgotten the message). QUERY_CACHE_SIZE: H2 keeps 8
     * parsed statements per connection by default, fewer than the store's hot path uses, so it parsed most SQL on
     * every call (4% of the CPU per event in the profile of issue 19). WRITE_DELAY=0 also stops H2's background
     * writer: EmbeddedStoreHousekeeping does its chores, so the file stays small.
     */
    static String embeddedUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("db").resolve("bij").toAbsolutePath()
                + ";WRITE_DELAY=0;QUERY_CACHE_SIZE=" + QUERY_CACHE_SIZE;
    }

    /** Room for every distinct statement of the state stores (some fifty), hot path or not. */
    private static final int QUERY_CACHE_SIZE = 128;

    DataSource dataSource() {
        return pool;
    }

    @Override
    protected void doStart() {
        // the pool opened in the constructor: the schema must be migrated before routes are even created
    }

    @Override
    protected void doStop() {
        if (housekeeping != null) {
            housekeeping.close();
        }
        pool.close();
    }
}
