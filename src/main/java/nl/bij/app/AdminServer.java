package nl.bij.app;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.bij.operations.Operators;

/**
 * The embedded HTTP server of the admin API (Vert.x, through camel-platform-http): on loopback unless configured
 * otherwise, with TLS when a keystore is given. Authentication is per route (AdminApi.authorize).
 */
final class AdminServer {

    private static final Logger LOG = LoggerFactory.getLogger("bij.startup");

    private AdminServer() {
    }

    static void start(CamelContext context, PropertiesComponent p, Operators operators) throws Exception {
        VertxPlatformHttpServerConfiguration config = new VertxPlatformHttpServerConfiguration();
        String host = BijConfiguration.property(p, "bij.admin.host");
        int port = Integer.parseInt(BijConfiguration.property(p, "bij.admin.port"));
        config.setBindHost(host);
        config.setBindPort(port);
        String keystore = BijConfiguration.property(p, "bij.admin.tls.keystore");
        if (keystore.isBlank() && !java.net.InetAddress.getByName(host).isLoopbackAddress()) {
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
        context.addService(new VertxPlatformHttpServer(config), true, true);
        if (operators.size() == 0) {
            LOG.warn("Admin API on {}:{} has no operators configured (bij.admin.operators): every call is refused", host, port);
        } else {
            LOG.info("Admin API on {}://{}:{}/api/v1 for {} operator(s)", keystore.isBlank() ? "http" : "https", host, port,
                    operators.size());
        }
    }
}
