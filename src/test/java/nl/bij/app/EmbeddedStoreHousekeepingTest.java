package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.bij.state.Jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The embedded H2 file stays small under the state store's commit pattern when its housekeeping runs, and grows by
 * about 100 kB per event without it (issue 19: 1.9 GB after a 20,000-event drain). Both are measured here, so the test
 * fails if H2 stops growing on its own (the housekeeping could go) or if the housekeeping stops working (an H2 upgrade
 * that changes its engine classes fails at start, see EmbeddedStoreHousekeeping).
 */
class EmbeddedStoreHousekeepingTest {

    private static final int EVENTS = 1_500;
    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void theFileStaysSmallWithHousekeepingAndGrowsWithout() throws Exception {
        long without = fileAfterEvents(dir.resolve("without"), false);
        long with = fileAfterEvents(dir.resolve("with"), true);

        assertThat(with).as("file with housekeeping, bytes").isLessThan(20 * MB);
        assertThat(without).as("file without housekeeping, bytes").isGreaterThan(5 * with);
    }

    @Test
    void aRoundOnAClosedStoreDoesNothing() throws Exception {
        HikariDataSource pool = pool(dir.resolve("closed"));
        EmbeddedStoreHousekeeping housekeeping = EmbeddedStoreHousekeeping.start(pool, Duration.ZERO, Duration.ZERO);
        pool.close();

        housekeeping.run();
        housekeeping.close();
    }

    /** The size of the database file after EVENTS events, with a housekeeping round every 100 events or none. */
    private static long fileAfterEvents(Path folder, boolean housekept) throws SQLException {
        try (HikariDataSource pool = pool(folder)) {
            // retention zero: this test runs for seconds, where the service keeps five seconds of superseded chunks
            EmbeddedStoreHousekeeping housekeeping = housekept
                    ? EmbeddedStoreHousekeeping.start(pool, Duration.ZERO, Duration.ZERO) : null;
            try (Connection c = pool.getConnection()) {
                schema(c);
                byte[] content = new byte[5_000];
                new Random(19).nextBytes(content);
                for (int i = 0; i < EVENTS; i++) {
                    event(c, i, content);
                    if (housekeeping != null && i % 100 == 99) {
                        housekeeping.run();
                    }
                }
            }
            return Files.size(folder.resolve("db").resolve("bij.mv.db"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HikariDataSource pool(Path folder) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Database.embeddedUrl(folder));
        config.setUsername("bij");
        config.setAutoCommit(false);
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    private static void schema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table decision (message_id varchar(100) primary key, case_id varchar(64),"
                    + " decision varchar(20), detail varchar(1000), decided_at timestamp with time zone)");
            s.execute("create index decision_case_id on decision (case_id)");
            s.execute("create index decision_decision on decision (decision, decided_at)");
            s.execute("create table notice (notice_id integer primary key, status varchar(20), content varbinary(100000))");
        }
        c.commit();
    }

    /** A qualifying event as the state store writes it: recorded with its notice, claimed, delivered. */
    private static void event(Connection c, int i, byte[] content) throws SQLException {
        Jdbc.update(c, "insert into decision values (?, ?, 'DELIVERING', ?, current_timestamp)", "ID:" + i, "JD-" + i,
                "a notice is on its way ".repeat(20));
        Jdbc.update(c, "insert into notice values (?, 'DISPATCHED', ?)", i, content);
        c.commit();
        Jdbc.update(c, "update notice set status = 'SENDING' where notice_id = ?", i);
        c.commit();
        Jdbc.update(c, "update notice set status = 'DELIVERED', content = null where notice_id = ?", i);
        Jdbc.update(c, "update decision set decision = 'NOTIFIED', decided_at = current_timestamp where message_id = ?",
                "ID:" + i);
        c.commit();
    }
}
