package nl.bij.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which database failures are an outage (pause and wait) and which a fault (retry, then dead-letter). */
class StateUnavailableTest {

    @ParameterizedTest(name = "SQLState {0}: outage {1}")
    @CsvSource({
        "08001, true",    // PostgreSQL: connection refused
        "08006, true",    // PostgreSQL: connection failure mid-statement
        "57P01, true",    // PostgreSQL: administrator shutdown
        "53300, true",    // PostgreSQL: too many connections
        "90028, true",    // H2: I/O error (a full or lost disk)
        "90098, true",    // H2: the database is closed
        "23505, false",   // a unique constraint
        "22001, false",   // a value too long
        "22023, false",   // a data exception raised on purpose (the outage test's poison)
        "42P01, false",   // a missing table: a bug, not an outage
        "40001, false"})  // a serialization failure: retried by the broker, not a pause
    void anOutageIsTheDatabaseNotAnsweringNotTheDatabaseRefusingTheData(String state, boolean outage) {
        RuntimeException seen = StateUnavailable.or("test", new SQLException("x", state), IllegalStateException::new);
        assertThat(seen instanceof StateUnavailable).isEqualTo(outage);
    }

    @Test
    void noConnectionInTimeIsAnOutageWhateverItsState() {
        assertThat(StateUnavailable.or("test", new SQLTransientConnectionException("pool timeout"),
                IllegalStateException::new)).isInstanceOf(StateUnavailable.class);
    }
}
