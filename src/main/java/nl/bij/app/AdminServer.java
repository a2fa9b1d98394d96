package nl.bij.app;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.bij.operations.LoginThrottle;
import nl.bij.operations.Operators;

/**
 * The embedded HTTP server of the admin API (Vert.x, through camel-platform-http): on loopback unless configured
 * otherwise, with TLS when a keystore is given. Authentication is per route (AdminApi.authorize); what every
 * request passes first, and every answer carries, is the {@link AdminGate}.
 */
final class AdminServer {

    private static final Logger LOG = LoggerFactory.getLogger("bij.startup");

    private AdminServer() {
    }

    static void start(CamelContext context, PropertiesComponent p, Operators operators, Clock clock,
            MeterRegistry metrics) throws Exception {
        VertxPlatformHttpServerConfiguration config = new VertxPlatformHttpServerConfiguration();
        String host = BijConfiguration.property(p, "bij.admin.host");
        int port = Integer.parseInt(BijConfiguration.property(p, "bij.admin.port"));
        config.setBindHost(host);
        config.setBindPort(port);
        String keystore = BijConfiguration.property(p, "bij.admin.tls.keystore");
        if (keystore.isBlank() && !InetAddress.getByName(host).isLoopbackAddress()) {
            throw new IllegalStateException("bij.admin.host " + host + " is not loopback: set bij.admin.tls.keystore,"
                    + " or operators' passwords would cross the network in clear text");
        }
        // requests carry no body worth more than this; a larger one is refused before anyone is authenticated
        config.setMaxBodySize(64L * 1024);
        if (!keystore.isBlank()) {
            KeyStoreParameters store = new KeyStoreParameters();
            store.setResource(keystore);
            store.setPassword(BijConfiguration.property(p, "bij.admin.tls.password"));
            store.setType("PKCS12");
            KeyManagersParameters keys = new KeyManagersParameters();
            keys.setKeyStore(store);
            keys.setKeyPassword(BijConfiguration.property(p, "bij.admin.tls.password"));
            SSLContextParameters tls = new SSLContextParameters();
            tls.setKeyManagers(keys);
            config.setSslContextParameters(tls);
        }
        VertxPlatformHttpServer server = new VertxPlatformHttpServer(config);
        context.addService(server, true, true);
        // started now, not when the context starts: the gate must be in front before any route is added
        org.apache.camel.support.service.ServiceHelper.startService(server);
        LoginThrottle throttle = new LoginThrottle(clock, new LoginThrottle.Limits(
                Integer.parseInt(BijConfiguration.property(p, "bij.admin.login.free-failures")),
                Duration.ofSeconds(Long.parseLong(BijConfiguration.property(p, "bij.admin.login.longest-lock-seconds"))),
                10_000));
        AdminGate gate = new AdminGate(ownOrigins(host, port, !keystore.isBlank(),
                BijConfiguration.property(p, "bij.admin.origins")), !keystore.isBlank(), throttle, metrics);
        routerOf(context, server).route().order(Integer.MIN_VALUE).handler(gate);
        if (operators.size() == 0) {
            LOG.warn("Admin API on {}:{} has no operators configured (bij.admin.operators): every call is refused", host, port);
        } else {
            LOG.info("Admin API on {}://{}:{}/api/v1 for {} operator(s)", keystore.isBlank() ? "http" : "https", host, port,
                    operators.size());
        }
        if (!operators.weakHashes().isEmpty()) {
            LOG.warn("Operators {} have a password hash with fewer iterations than new ones get: each should make a"
                    + " new one (bij-service hash-password)", operators.weakHashes());
        }
    }

    /** The router camel-platform-http made for this server: the gate goes in front of every route on it. */
    private static VertxPlatformHttpRouter routerOf(CamelContext context, VertxPlatformHttpServer server) {
        return context.getRegistry().findByType(VertxPlatformHttpRouter.class).stream()
                .filter(router -> router.getServer() == server).findFirst()
                .orElseThrow(() -> new IllegalStateException("the admin server's router is not in the registry"));
    }

    /**
     * The origins a browser gives for this server's own console: the configured host and, on loopback, the names
     * a browser on this machine uses for it; plus any the administrator adds (a proxy's name, say).
     */
    static Set<String> ownOrigins(String host, int port, boolean tls, String extra) throws Exception {
        String scheme = tls ? "https://" : "http://";
        Set<String> hosts = new LinkedHashSet<>(Set.of(host.contains(":") ? "[" + host + "]" : host));
        if (InetAddress.getByName(host).isLoopbackAddress()) {
            hosts.addAll(Set.of("127.0.0.1", "localhost", "[::1]"));
        }
        Set<String> origins = new LinkedHashSet<>();
        hosts.forEach(h -> origins.add((scheme + h + ":" + port).toLowerCase(java.util.Locale.ROOT)));
        Arrays.stream(extra.split(",")).map(String::strip).filter(o -> !o.isEmpty())
                .forEach(o -> origins.add(o.toLowerCase(java.util.Locale.ROOT)));
        return origins;
    }
}
