package nl.bij.app;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.bij.operations.AdminApi;
import nl.bij.operations.LoginThrottle;
import nl.bij.operations.Operators;
import nl.bij.operations.Problem;

/**
 * What every request to the admin port passes before a route sees it, and every answer carries:
 * <ul>
 *   <li>security headers on every answer (a content security policy that allows only the console's own files and
 *       no framing, {@code nosniff}, no referrer, no caching unless a route says otherwise, HSTS under TLS);</li>
 *   <li>no cross-site request forgery: a state-changing call must carry {@code X-Requested-With: bij}, which a
 *       page of another site cannot send without this server's consent (it gives none: no CORS), and a call from
 *       a browser whose {@code Origin} is not this server is refused. No answer carries a {@code WWW-Authenticate}
 *       challenge, so a browser never keeps the operator's password for other sites to use;</li>
 *   <li>login throttling ({@link LoginThrottle}): a client or a name that failed too often waits, answered 429
 *       without its password being checked; each failed login is logged with the name hashed, and counted.</li>
 * </ul>
 */
final class AdminGate implements Handler<RoutingContext> {

    static final String REQUESTED_WITH = "X-Requested-With";
    static final String REQUESTED_WITH_VALUE = "bij";
    private static final String DEFAULT_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";
    private static final Set<HttpMethod> READING = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Logger LOG = LoggerFactory.getLogger("bij.admin");

    private final Set<String> ownOrigins;
    private final boolean tls;
    private final LoginThrottle throttle;
    private final Counter failedLogins;
    private final Counter throttledLogins;

    AdminGate(Set<String> ownOrigins, boolean tls, LoginThrottle throttle, MeterRegistry metrics) {
        this.ownOrigins = Set.copyOf(ownOrigins);
        this.tls = tls;
        this.throttle = throttle;
        this.failedLogins = Counter.builder("bij.admin.logins.failed")
                .description("Admin API calls with a wrong name or password").register(metrics);
        this.throttledLogins = Counter.builder("bij.admin.logins.throttled")
                .description("Admin API logins refused unchecked (429) after too many failures").register(metrics);
    }

    @Override
    public void handle(RoutingContext request) {
        request.addHeadersEndHandler(ignored -> secure(request.response()));
        Optional<String> refusal = forgeryRefusal(request.request());
        if (refusal.isPresent()) {
            answer(request.response(), 403, refusal.get());
            return;
        }
        String authorization = request.request().getHeader("Authorization");
        Optional<String> name = Operators.nameIn(authorization);
        if (name.isEmpty()) {
            request.next();
            return;
        }
        String client = request.request().remoteAddress() == null ? "unknown" : request.request().remoteAddress().host();
        Optional<Duration> locked = throttle.lockedFor(client, name.get());
        if (locked.isPresent()) {
            throttledLogins.increment();
            long seconds = Math.max(1, (locked.get().toMillis() + 999) / 1000);
            request.response().putHeader("Retry-After", Long.toString(seconds));
            answer(request.response(), 429, "too many failed logins; try again in " + seconds + " s");
            return;
        }
        request.addHeadersEndHandler(ignored -> learn(request.response().getStatusCode(), client, name.get()));
        request.next();
    }

    /** A state-changing call from a page of another site, or without the header a script sets, is refused. */
    private Optional<String> forgeryRefusal(HttpServerRequest request) {
        if (READING.contains(request.method())) {
            return Optional.empty();
        }
        if (!REQUESTED_WITH_VALUE.equals(request.getHeader(REQUESTED_WITH))) {
            return Optional.of("a state-changing call needs the header " + REQUESTED_WITH + ": " + REQUESTED_WITH_VALUE);
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !ownOrigins.contains(origin.toLowerCase(java.util.Locale.ROOT))) {
            return Optional.of("calls from another site's page are refused");
        }
        return Optional.empty();
    }

    private void learn(int status, String client, String name) {
        if (status == 401) {
            int failures = throttle.failed(client, name);
            failedLogins.increment();
            LOG.warn("failed admin login from {} for name #{} ({} failure(s) of this name in a row)", client,
                    LoginThrottle.hashed(name), failures);
        } else if (status < 400) {
            // only a call that was answered proves the login; a 404 of an unknown path checks no password
            throttle.succeeded(client, name);
        }
    }

    private void secure(HttpServerResponse response) {
        var headers = response.headers();
        if (!headers.contains("Content-Security-Policy")) {
            headers.set("Content-Security-Policy", DEFAULT_POLICY);
        }
        if (!headers.contains("Cache-Control")) {
            headers.set("Cache-Control", "no-store");
        }
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        // the Dutch API Design Rules: every answer says which version of the API gave it
        headers.set("API-Version", AdminApi.VERSION);
        headers.remove("WWW-Authenticate");
        if (tls) {
            headers.set("Strict-Transport-Security", "max-age=31536000");
        }
    }

    private static void answer(HttpServerResponse response, int status, String detail) {
        response.setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).end(Problem.json(status, detail));
    }
}
