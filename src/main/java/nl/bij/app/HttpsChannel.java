package nl.bij.app;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

import nl.bij.delivery.Recipients;

/**
 * The https channel: Camel's https component with the service's client certificate (mutual TLS), the servers it
 * trusts (a trust store of its own, never "trust all"; the host name is checked, as the component does by
 * default), and time-outs for connecting, the TLS handshake and reading the answer, so that a receiver that hangs
 * is a transient failure, retried with the backoff, not a delivery thread lost.
 */
final class HttpsChannel {

    private HttpsChannel() {
    }

    /** Configures the component if any municipality receives over https; refuses to start without the keys. */
    static void configure(CamelContext context, PropertiesComponent p, Recipients recipients) {
        long https = recipients.receivingOver("https");
        if (https == 0) {
            return;
        }
        String keystore = BijConfiguration.property(p, "bij.delivery.https.keystore");
        String truststore = BijConfiguration.property(p, "bij.delivery.https.truststore");
        if (keystore.isBlank() || truststore.isBlank()) {
            throw new IllegalStateException(https + " municipalities receive notices over https: set"
                    + " bij.delivery.https.keystore (the service's client certificate) and bij.delivery.https.truststore"
                    + " (the receivers' servers or their CA)");
        }
        HttpComponent component = context.getComponent("https", HttpComponent.class);
        component.setSslContextParameters(tls(keystore, BijConfiguration.property(p, "bij.delivery.https.password"),
                truststore, BijConfiguration.property(p, "bij.delivery.https.truststore-password")));
        int connect = Integer.parseInt(BijConfiguration.property(p, "bij.delivery.https.connect-timeout-ms"));
        int response = Integer.parseInt(BijConfiguration.property(p, "bij.delivery.https.response-timeout-ms"));
        component.setConnectTimeout(connect);
        component.setConnectionRequestTimeout(connect);
        // the socket time-out bounds every blocking read, the TLS handshake's included
        component.setSoTimeout(response);
        component.setResponseTimeout(response);
    }

    private static SSLContextParameters tls(String keystore, String password, String truststore, String trustPassword) {
        KeyManagersParameters keys = new KeyManagersParameters();
        keys.setKeyStore(store(keystore, password));
        keys.setKeyPassword(password);
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(store(truststore, trustPassword));
        SSLContextParameters tls = new SSLContextParameters();
        tls.setKeyManagers(keys);
        tls.setTrustManagers(trust);
        return tls;
    }

    private static KeyStoreParameters store(String resource, String password) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource(resource);
        store.setPassword(password);
        store.setType("PKCS12");
        return store;
    }
}
