package nl.bij.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import nl.bij.app.MovableClock;

/** Password hashes with their own work factor, and a verified login remembered briefly. */
class OperatorsTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T09:00:00Z"));

    @Test
    void newHashesUseOwaspsFigureAndOlderOnesStillWork() {
        String line = Operators.hash(Operators.Role.OPERATOR, "correct-horse-battery".toCharArray());
        assertThat(line).startsWith("operator:pbkdf2-sha256:600000:");

        Properties file = new Properties();
        file.setProperty("nina", line);
        // vera's line from the test operators: made when the service used 210,000 iterations
        file.setProperty("vera", "viewer:pbkdf2-sha256:210000:Dz5RsNF50fzlUlQ2vf7V5A==:"
                + "Ey/IWJ2qFUdl5op8b8xEbNrTKy44fBgwySESCAG4G6o=");
        Operators operators = Operators.load("operators.properties", file);

        assertThat(operators.authenticate(basic("nina", "correct-horse-battery"))).isPresent();
        assertThat(operators.authenticate(basic("vera", "viewer-secret"))).isPresent();
        assertThat(operators.authenticate(basic("vera", "viewer-secreT"))).isEmpty();
        assertThat(operators.weakHashes()).containsExactly("vera");
    }

    @Test
    void aHashWithTooFewIterationsStopsTheStart() {
        Properties file = new Properties();
        file.setProperty("weak", "viewer:pbkdf2-sha256:1000:Dz5RsNF50fzlUlQT0/3mWw==:o0a0g8hiGcnPdBRtrkcaoyl4Vj6bgMBG+0OAujlSqt4=");
        assertThatThrownBy(() -> Operators.load("operators.properties", file))
                .hasMessageContaining("operator 'weak' has 1000 iterations").hasMessageNotContaining("o0a0g8");
    }

    @Test
    void aVerifiedLoginIsRememberedBrieflyAndAWrongOneNever() {
        Properties file = new Properties();
        file.setProperty("nina", Operators.hash(Operators.Role.VIEWER, "correct-horse-battery".toCharArray()));
        Operators operators = Operators.load("operators.properties", file, clock, Duration.ofSeconds(60));

        assertThat(operators.authenticate(basic("nina", "correct-horse-battery"))).isPresent();
        assertThat(operators.authenticate(basic("nina", "correct-horse-battery"))).isPresent();
        assertThat(operators.passwordChecks()).as("the second call within a minute is not hashed again").isEqualTo(1);

        assertThat(operators.authenticate(basic("nina", "wrong-horse-battery"))).isEmpty();
        assertThat(operators.authenticate(basic("nina", "wrong-horse-battery"))).isEmpty();
        assertThat(operators.passwordChecks()).as("a wrong password is checked every time").isEqualTo(3);

        clock.advance(Duration.ofSeconds(61));
        assertThat(operators.authenticate(basic("nina", "correct-horse-battery"))).isPresent();
        assertThat(operators.passwordChecks()).as("checked again after a minute").isEqualTo(4);
    }

    static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
