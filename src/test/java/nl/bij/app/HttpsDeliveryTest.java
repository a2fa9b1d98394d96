package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.test.AvailablePortFinder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;

import nl.bij.notice.NoticeDocuments;
import nl.bij.notice.NoticeSigner;
import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;

/**
 * The https channel against a real HTTPS server that requires the service's client certificate (mutual TLS, keys
 * made with keytool for this test): PUT {target}/notices/{noticeId} with the signed XML; 2xx and 409 are delivered,
 * a 503 is retried and then delivered, a 400 is FAILED at once, a server whose certificate does not name the host
 * is never sent anything.
 */
@OnceOnTheH2Pass
class HttpsDeliveryTest extends ServiceTestSupport {

    /** What the receiver saw of one request. */
    record Received(String method, String path, String contentType, String client, String body) {
    }

    private static final Path KEYS = folder();
    private static final Path CLIENT = TestKeys.keyPair(KEYS, "bij-client", "CN=BIJ service test client, O=BIJ, C=NL",
            "dns:bij.example");
    private static final Path SERVER = TestKeys.keyPair(KEYS, "inbox", "CN=localhost", "dns:localhost,ip:127.0.0.1");
    private static final Path OTHER = TestKeys.keyPair(KEYS, "other", "CN=other.example", "dns:other.example");
    private static final int PORT = AvailablePortFinder.getNextAvailable();
    private static final int OTHER_PORT = AvailablePortFinder.getNextAvailable();

    private final Vertx vertx = Vertx.vertx();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<HttpServer> servers = List.of(receiver(SERVER, PORT), receiver(OTHER, OTHER_PORT));

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        String base = "https://localhost:" + PORT;
        try {
            Path recipients = Files.writeString(KEYS.resolve("recipients.csv"), "municipality,channel,target\n"
                    + "0344," + "XML," + base + "/ok/\n"
                    + "0268,XML," + base + "/busy-once\n"
                    + "0599,XML," + base + "/has-it\n"
                    + "0014,XML," + base + "/refuses\n"
                    + "0193,XML,https://localhost:" + OTHER_PORT + "/wrong-name\n");
            p.setProperty("bij.delivery.recipients", "file:" + recipients);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        p.setProperty("bij.delivery.suppressions", "classpath:test-config/no-suppressions.csv");
        p.setProperty("bij.delivery.https.keystore", "file:" + CLIENT);
        p.setProperty("bij.delivery.https.password", TestKeys.PASSWORD);
        // the service trusts both servers' certificates: the one for other.example fails on its name alone
        p.setProperty("bij.delivery.https.truststore", "file:" + TestKeys.trustStore(KEYS, "service-trust", SERVER, OTHER));
        p.setProperty("bij.delivery.https.truststore-password", TestKeys.PASSWORD);
        p.setProperty("bij.delivery.max-attempts", "3");
        return p;
    }

    @AfterAll
    void stopReceivers() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aNoticeIsPutOverMutualTlsSignedAndAsXml() throws Exception {
        DecisionRecord decision = decided("0344", "00000000-0000-4000-8000-000000000e01", Decision.NOTIFIED);
        String noticeId = decision.noticeIds().get(0);

        Received put = requestsTo("/ok/notices/" + noticeId).get(0);
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.contentType()).isEqualTo("application/xml");
        assertThat(put.client()).as("the service's client certificate").contains("CN=BIJ service test client");
        NoticeDocuments documents = new NoticeDocuments();
        byte[] xml = put.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        documents.validate(xml);
        assertThat(NoticeSigner.verify(documents.parse(xml), serviceCertificate().getPublicKey())).isTrue();
        assertThat(put.body()).contains("<noticeId>" + noticeId + "</noticeId>");
    }

    @Test
    void a503IsRetriedAndThenDelivered() throws Exception {
        DecisionRecord decision = decided("0268", "00000000-0000-4000-8000-000000000e02", Decision.NOTIFIED);
        assertThat(requestsTo("/busy-once/notices/" + decision.noticeIds().get(0))).hasSize(2);
    }

    @Test
    void a409MeansTheReceiverHasItAlready() throws Exception {
        DecisionRecord decision = decided("0599", "00000000-0000-4000-8000-000000000e03", Decision.NOTIFIED);
        assertThat(requestsTo("/has-it/notices/" + decision.noticeIds().get(0))).hasSize(1);
    }

    @Test
    void anotherClientErrorIsPermanentAndNotRetried() throws Exception {
        DecisionRecord decision = decided("0014", "00000000-0000-4000-8000-000000000e04", Decision.FAILED);
        assertThat(requestsTo("/refuses/notices/" + decision.noticeIds().get(0))).as("tried once only").hasSize(1);
        assertThat(decision.reason()).as("the reason an operator reads").contains("statusCode: 400")
                .doesNotContain("Minimaal");
    }

    @Test
    void aServerWhoseCertificateDoesNotNameTheHostIsSentNothing() throws Exception {
        decided("0193", "00000000-0000-4000-8000-000000000e05", Decision.FAILED);
        assertThat(received).noneMatch(r -> r.path().startsWith("/wrong-name"));
    }

    /** Sends a qualifying event for the municipality and waits until its delivery ended as {@code expected}. */
    private DecisionRecord decided(String municipality, String eventId, Decision expected) throws Exception {
        String id = sendAndAwait(text(MailDeliveryTest.qualifyingFor(municipality, eventId))).get(0);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> decisionOf(id).decision() == expected);
        return decisionOf(id);
    }

    private List<Received> requestsTo(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** A receiver that requires a client certificate it trusts (the service's) and answers by its path. */
    private HttpServer receiver(Path key, int port) {
        HttpServerOptions options = new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(port)
                .setKeyCertOptions(new PfxOptions().setPath(key.toString()).setPassword(TestKeys.PASSWORD))
                .setTrustOptions(new PfxOptions().setPath(TestKeys.trustStore(KEYS, "receiver-trust-" + port, CLIENT)
                        .toString()).setPassword(TestKeys.PASSWORD))
                .setClientAuth(ClientAuth.REQUIRED);
        HttpServer server = vertx.createHttpServer(options).requestHandler(request -> request.body().onSuccess(body -> {
            String client;
            try {
                client = ((java.security.cert.X509Certificate) request.connection().peerCertificates().get(0))
                        .getSubjectX500Principal().getName();
            } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                client = "none";
            }
            received.add(new Received(request.method().name(), request.path(), request.getHeader("Content-Type"),
                    client, body.toString()));
            request.response().setStatusCode(status(request.path())).end();
        }));
        try {
            return server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the test receiver did not start", e);
        }
    }

    private int status(String path) {
        int call = calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        if (path.startsWith("/busy-once/")) {
            return call == 1 ? 503 : 201;
        }
        if (path.startsWith("/has-it/")) {
            return 409;
        }
        return path.startsWith("/refuses/") ? 400 : 201;
    }

    private static Path folder() {
        try {
            return Files.createTempDirectory("https-keys");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
