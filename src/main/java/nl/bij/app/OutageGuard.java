package nl.bij.app;

import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.throttling.ThrottlingExceptionRoutePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.bij.state.StateUnavailable;

/**
 * Outages pause, they do not dead-letter. On the first {@link StateUnavailable} (the database refused, timed out or
 * went away) a route that takes work stops its consumer: Camel's circuit breaker route policy, one per route. The
 * message in hand is rolled back; nothing more is taken, so no message uses up its delivery attempts on an outage
 * and nothing is dead-lettered or recorded FAILED for it. Every {@code checkMs} the policy asks whether the
 * database answers again, and resumes the consumer when it does. A fault in a message or the code is not an
 * outage: it is rolled back and redelivered, and dead-lettered after its attempts, as before.
 */
final class OutageGuard implements RoutePolicyFactory {

    private static final Logger LOG = LoggerFactory.getLogger("bij.outage");

    /** The routes that take work: intake, delivery, the outbox relay, and the timers that read the database. */
    static final Set<String> GUARDED = Set.of("bij-intake", "bij-delivery", "bij-outbox-relay", "bij-alerts",
            "bij-retention");

    private final BooleanSupplier databaseAnswers;
    private final long checkMs;

    OutageGuard(BooleanSupplier databaseAnswers, long checkMs) {
        this.databaseAnswers = databaseAnswers;
        this.checkMs = checkMs;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return GUARDED.contains(routeId) ? new Breaker(routeId) : null;
    }

    /** The circuit breaker of one route, which says when it pauses and resumes. */
    private final class Breaker extends ThrottlingExceptionRoutePolicy {
        private final String routeId;

        Breaker(String routeId) {
            super(1, 60_000, checkMs, List.of(StateUnavailable.class));
            this.routeId = routeId;
            setHalfOpenHandler(databaseAnswers::getAsBoolean);
        }

        @Override
        protected void openCircuit(Route route) {
            boolean wasOpen = "opened".equals(getStateAsString());
            super.openCircuit(route);
            if (!wasOpen) {
                LOG.warn("route={} paused: the database is unavailable; nothing is taken until it answers again"
                        + " (checked every {} ms)", routeId, checkMs);
            }
        }

        @Override
        protected void closeCircuit(Route route) {
            boolean wasOpen = "opened".equals(getStateAsString());
            super.closeCircuit(route);
            if (wasOpen) {
                LOG.info("route={} resumed: the database answers again", routeId);
            }
        }
    }
}
