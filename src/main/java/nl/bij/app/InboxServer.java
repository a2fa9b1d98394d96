package nl.bij.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.bij.operations.LoginThrottle;
import nl.bij.operations.Operators;
import nl.bij.receiver.Inbox;
import nl.bij.receiver.NoticeVerifier;

/**
 * The inbox's two HTTP servers, on Vert.x: the receiving one (HTTPS, the sender's client certificate required,
 * {@code PUT .../notices/{noticeId}} only) and the office's page with its small JSON API, behind the same gate as the
 * service's admin API (security headers, no Basic challenge, X-Requested-With on POST, login throttling).
 */
final class InboxServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("bij.inbox");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** While this file is in the data folder, receiving answers 503 (maintenance): the sender retries later. */
    static final String MAINTENANCE = "maintenance";

    /** Where the two servers listen, and with which keys. */
    record Ports(String receiveHost, int receivePort, String officeHost, int officePort) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final Inbox inbox;
    private final Operators users;
    private final Path dataDir;

    InboxServer(Inbox inbox, Operators users, Path dataDir) {
        this.inbox = inbox;
        this.users = users;
        this.dataDir = dataDir;
    }

    void start(Ports ports, PfxOptions receiveKey, PfxOptions trustedSenders, Optional<PfxOptions> officeKey,
               java.util.Set<String> officeOrigins, LoginThrottle throttle) throws Exception {
        HttpServerOptions receive = new HttpServerOptions().setHost(ports.receiveHost()).setPort(ports.receivePort())
                .setSsl(true).setKeyCertOptions(receiveKey).setTrustOptions(trustedSenders)
                .setClientAuth(ClientAuth.REQUIRED);
        vertx.createHttpServer(receive).requestHandler(receiving()).listen().toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        HttpServerOptions office = new HttpServerOptions().setHost(ports.officeHost()).setPort(ports.officePort());
        officeKey.ifPresent(key -> office.setSsl(true).setKeyCertOptions(key));
        vertx.createHttpServer(office).requestHandler(office(officeOrigins, officeKey.isPresent(), throttle)).listen()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.info("Inbox receiving on https://{}:{} (client certificate required); office page on {}://{}:{}/",
                ports.receiveHost(), ports.receivePort(), officeKey.isPresent() ? "https" : "http", ports.officeHost(),
                ports.officePort());
    }

    /** Runs {@code task} now and then every {@code periodMs}, off the event loop. */
    void every(long periodMs, Runnable task) {
        vertx.executeBlocking(() -> {
            task.run();
            return null;
        }, false);
        vertx.setPeriodic(periodMs, id -> vertx.executeBlocking(() -> {
            task.run();
            return null;
        }, false));
    }

    private Router receiving() {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(NoticeVerifier.MAX_BYTES));
        router.putWithRegex(".*/notices/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})").handler(ctx -> {
            if (Files.exists(dataDir.resolve(MAINTENANCE))) {
                answer(ctx, 503, Map.of("reason", "maintenance; try again later"));
                return;
            }
            String noticeId = ctx.pathParam("param0");
            byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
            blocking(ctx, () -> inbox.receive(noticeId, body),
                    receipt -> answer(ctx, receipt.status(), Map.of("reason", receipt.reason())));
        });
        router.route().handler(ctx -> answer(ctx, 404, Map.of("reason", "only PUT .../notices/{noticeId}")));
        return router;
    }

    private Router office(java.util.Set<String> origins, boolean tls, LoginThrottle throttle) {
        Router router = Router.router(vertx);
        router.route().order(Integer.MIN_VALUE).handler(new AdminGate(origins, tls, throttle, new SimpleMeterRegistry()));
        router.route().handler(BodyHandler.create().setBodyLimit(4096));
        router.get("/api/notices").handler(ctx -> as(ctx, Operators.Role.VIEWER, who -> inbox.list()));
        router.get("/api/notices/:noticeId/tekst").handler(ctx -> as(ctx, Operators.Role.OPERATOR, who ->
                inbox.show(ctx.pathParam("noticeId"), who).map(text -> Map.of("tekst", text)).orElse(null)));
        router.post("/api/notices/:noticeId/maatregelen").handler(ctx -> as(ctx, Operators.Role.OPERATOR, who ->
                Map.of("vastgelegd", inbox.markMeasures(ctx.pathParam("noticeId"), who))));
        router.get("/api/audit").handler(ctx -> as(ctx, Operators.Role.VIEWER, who -> inbox.audit()));
        router.route("/*").handler(StaticHandler.create("inbox").setCachingEnabled(false).setIndexPage("index.html"));
        return router;
    }

    /** Authenticated with the role, off the event loop; null from {@code work} is a 404. */
    private void as(RoutingContext ctx, Operators.Role role, java.util.function.Function<String, Object> work) {
        blocking(ctx, () -> users.authenticate(ctx.request().getHeader("Authorization")), operator -> {
            if (operator.isEmpty()) {
                answer(ctx, 401, Map.of("error", "aanmelden mislukt"));
            } else if (!Operators.allows(operator.get(), role)) {
                answer(ctx, 403, Map.of("error", "dit mag uw rol niet"));
            } else {
                blocking(ctx, () -> Optional.ofNullable(work.apply(operator.get().name())), result ->
                        answer(ctx, result.isPresent() ? 200 : 404, result.orElse(Map.of("error", "niet gevonden"))));
            }
        });
    }

    private <T> void blocking(RoutingContext ctx, Callable<T> work, java.util.function.Consumer<T> then) {
        vertx.executeBlocking(work, false).onSuccess(then::accept).onFailure(failure -> {
            LOG.error("inbox request failed ({})", failure.getClass().getSimpleName());
            answer(ctx, 500, Map.of("error", "internal error; see the inbox's log"));
        });
    }

    private static void answer(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
