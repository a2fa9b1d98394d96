package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.bij.state.TestDatabases;

/**
 * A database migrated before the comments of V1, V2 and V7 changed still starts, with their checksums recorded
 * anew; any other difference between a migration and its record still stops the start.
 */
class CommentOnlyChecksumsTest {

    @TempDir
    Path dataDir;

    @Test
    void aDatabaseMigratedWithTheOldCommentsStartsAndAnyOtherDifferenceDoesNot() throws Exception {
        String url = TestDatabases.freshUrlOrEmbedded();
        start(url);
        Map<String, Integer> current = checksums(url);
        // as a database migrated before the change recorded them
        execute(url, "update \"flyway_schema_history\" set \"checksum\" = -1038182742 where \"version\" = '1'");
        execute(url, "update \"flyway_schema_history\" set \"checksum\" = -1767853737 where \"version\" = '2'");
        execute(url, "update \"flyway_schema_history\" set \"checksum\" = -2118195597 where \"version\" = '7'");

        start(url);

        assertThat(checksums(url)).isEqualTo(current);
        execute(url, "update \"flyway_schema_history\" set \"checksum\" = 12345 where \"version\" = '3'");
        assertThatThrownBy(() -> start(url)).isInstanceOf(FlywayException.class).hasMessageContaining("checksum");
    }

    private void start(String url) {
        Database database = new Database(url, "postgres", "", 2, 5000, dataDir);
        database.stop();
    }

    private Map<String, Integer> checksums(String url) throws SQLException {
        Map<String, Integer> checksums = new TreeMap<>();
        try (Connection c = connect(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select \"version\", \"checksum\" from \"flyway_schema_history\""
                     + " where \"version\" is not null")) {
            while (rs.next()) {
                checksums.put(rs.getString(1), rs.getInt(2));
            }
        }
        return checksums;
    }

    private void execute(String url, String sql) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private Connection connect(String url) throws SQLException {
        return url.isBlank() ? DriverManager.getConnection(Database.embeddedUrl(dataDir), "bij", "")
                : DriverManager.getConnection(url, "postgres", "");
    }
}
