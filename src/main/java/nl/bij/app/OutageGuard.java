package nl.bij.app;

import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.bij.state.StateUnavailable;

/**
 * Outages pause, they do not dead-letter. On the first {@link StateUnavailable} (the database refused, timed out or
 * went away) a route that takes work suspends its consumer: the message in hand is rolled back, nothing more is
 * taken, so no message uses up its delivery attempts on an outage and nothing is dead-lettered or recorded FAILED
 * for it. Every {@code checkMs} one check asks whether the database answers again, and the consumer resumes when
 * it does. A fault in a message or the code is not an outage: it is rolled back and redelivered, and dead-lettered
 * after its attempts, as before.
 *
 * <p>Written here rather than with Camel's {@code ThrottlingExceptionRoutePolicy}: with concurrent consumers two
 * failures at once opened that circuit twice, its half-open timers cancelled each other, and intake stayed paused
 * after the database came back (seen in {@code OutageTest} on Camel 4.18.0). Pausing is a compare-and-set here, and
 * one scheduled check per paused route resumes it.
 */
final class OutageGuard implements RoutePolicyFactory {

    private static final Logger LOG = LoggerFactory.getLogger("bij.outage");

    /** The routes that take work: intake, delivery, the outbox relay, and the timers that read the database. */
    static final Set<String> GUARDED = Set.of("bij-intake", "bij-delivery", "bij-outbox-relay", "bij-alerts",
            "bij-retention");

    private final BooleanSupplier databaseAnswers;
    private final long checkMs;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bij-outage-check");
        thread.setDaemon(true);
        return thread;
    });

    OutageGuard(BooleanSupplier databaseAnswers, long checkMs) {
        this.databaseAnswers = databaseAnswers;
        this.checkMs = checkMs;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return GUARDED.contains(routeId) ? new Pause(routeId) : null;
    }

    /** One route's pause: taken by the first outage, ended by the check that finds the database answering. */
    private final class Pause extends RoutePolicySupport {
        private final String routeId;
        private final AtomicBoolean paused = new AtomicBoolean();

        Pause(String routeId) {
            this.routeId = routeId;
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            if (exchange.getException(StateUnavailable.class) != null && paused.compareAndSet(false, true)) {
                try {
                    suspendOrStopConsumer(route.getConsumer());
                } catch (Exception e) {
                    paused.set(false);
                    LOG.error("route={} could not be paused for the outage ({})", routeId, e.getClass().getSimpleName());
                    return;
                }
                LOG.warn("route={} paused: the database is unavailable; nothing is taken until it answers again"
                        + " (checked every {} ms)", routeId, checkMs);
                checks.schedule(() -> check(route), checkMs, TimeUnit.MILLISECONDS);
            }
        }

        private void check(Route route) {
            if (route.getCamelContext().isStopping() || route.getCamelContext().isStopped()) {
                return;   // the service is stopping
            }
            if (!databaseAnswers.getAsBoolean()) {
                checks.schedule(() -> check(route), checkMs, TimeUnit.MILLISECONDS);
                return;
            }
            try {
                resumeOrStartConsumer(route.getConsumer());
                paused.set(false);
                LOG.info("route={} resumed: the database answers again", routeId);
            } catch (Exception e) {
                LOG.error("route={} could not be resumed ({}); trying again", routeId, e.getClass().getSimpleName());
                checks.schedule(() -> check(route), checkMs, TimeUnit.MILLISECONDS);
            }
        }
    }
}
