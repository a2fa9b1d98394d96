package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

/** The admin API with TLS configured: HTTPS with the configured key, and no plain HTTP on that port. */
@OnceOnTheH2Pass
class AdminTlsTest extends ServiceTestSupport {

    private static final String PASSWORD = "test-only";
    private static final Path KEYSTORE = keystore();

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("bij.admin.tls.keystore", KEYSTORE.toString());
        p.setProperty("bij.admin.tls.password", PASSWORD);
        return p;
    }

    @Test
    void theApiAnswersOverHttpsOnlyWithTheConfiguredCertificate() throws Exception {
        String base = "127.0.0.1:" + settings.getProperty("bij.admin.port") + "/api/v1/status";
        HttpClient https = HttpClient.newBuilder().sslContext(trusting(KEYSTORE)).build();
        HttpResponse<String> status = https.send(HttpRequest.newBuilder(URI.create("https://" + base))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        AdminApiTest.VIEWER.getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.headers().firstValue("Strict-Transport-Security")).as("HSTS under TLS").contains("max-age=31536000");

        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + base)).build(),
                HttpResponse.BodyHandlers.ofString())).as("no plain HTTP").isInstanceOf(java.io.IOException.class);
    }

    private static Path keystore() {
        try {
            Path file = Files.createTempDirectory("bij-admin-tls").resolve("admin.p12");
            SigningKeys.generate(file, "admin", PASSWORD, "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost");
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
