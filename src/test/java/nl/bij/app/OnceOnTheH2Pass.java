package nl.bij.app;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * A test class that runs once, on the H2 pass, because nothing it tests depends on the database (a channel, TLS, the
 * admin surface's headers): the PostgreSQL pass would repeat it at the cost of the suite's time budget, and the
 * database side of what it touches is tested on both passes elsewhere. Skipped before the service starts.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@DisabledIfSystemProperty(named = "bij.test.db", matches = "postgresql",
        disabledReason = "runs once, on the H2 pass: nothing it tests depends on the database")
@interface OnceOnTheH2Pass {
}
