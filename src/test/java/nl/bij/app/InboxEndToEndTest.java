package nl.bij.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.camel.test.AvailablePortFinder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.w3c.dom.Document;

import nl.bij.notice.NoticeDocuments;
import nl.bij.notice.NoticeSigner;
import nl.bij.notice.Notices;

/**
 * Both ends, as two processes with their own key pairs made here with keytool: the service delivers a qualifying
 * event to the inbox over mutual TLS (after the inbox answered 503 while in maintenance, so the service retried);
 * the inbox verified it against the service's signing certificate and shows it on its page (headless Chromium,
 * screenshots target/inbox-*.png); the same notice sent again (a forced replay) is taken once; a notice signed by
 * another key and a client without the trusted certificate are refused. Runs once, on the H2 pass.
 */
@OnceOnTheH2Pass
class InboxEndToEndTest {

    private static final String EVENT_ID = "00000000-0000-4000-8000-000000000001";

    @TempDir
    Path folder;

    @Test
    void theServiceDeliversToTheInboxWhichVerifiesShowsAndTakesEachNoticeOnce() throws Exception {
        Path signing = TestKeys.keyPair(folder, "bij-notice", "CN=Justid BIJ signing (test), O=Justid, C=NL", "dns:justid.example");
        Path client = TestKeys.keyPair(folder, "bij-client", "CN=Justid BIJ client (test), O=Justid, C=NL", "dns:justid.example");
        Path server = TestKeys.keyPair(folder, "inbox", "CN=localhost", "dns:localhost,ip:127.0.0.1");
        Path stranger = TestKeys.keyPair(folder, "stranger", "CN=Not Justid, C=NL", "dns:stranger.example");
        TestKeys.trustStore(folder, "signing-cert", signing);   // exports bij-notice.crt: what Justid hands over
        Path inboxTrusts = TestKeys.trustStore(folder, "inbox-trust", client);
        Path serviceTrusts = TestKeys.trustStore(folder, "service-trust", server);

        int receivePort = AvailablePortFinder.getNextAvailable();
        int officePort = AvailablePortFinder.getNextAvailable();
        Path inboxData = folder.resolve("inbox-data");
        Process inbox = SeparateService.startInbox(write("inbox.properties", String.join("\n",
                "bij.inbox.data.dir=" + inboxData,
                "bij.inbox.sender.certificate=" + folder.resolve("bij-notice.crt"),
                "bij.inbox.receive.port=" + receivePort,
                "bij.inbox.receive.keystore=" + server, "bij.inbox.receive.password=" + TestKeys.PASSWORD,
                "bij.inbox.receive.truststore=" + inboxTrusts, "bij.inbox.receive.truststore-password=" + TestKeys.PASSWORD,
                "bij.inbox.office.port=" + officePort,
                "bij.inbox.office.users=" + Path.of("src/test/resources/test-config/operators.properties").toAbsolutePath())),
                folder.resolve("inbox.log"));
        Process service = null;
        try {
            // maintenance: the inbox answers 503 until the file goes
            Files.writeString(inboxData.resolve(InboxServer.MAINTENANCE), "");
            Properties settings = serviceSettings(receivePort, signing, client, serviceTrusts);
            service = SeparateService.start(write("service.properties", settings), folder.resolve("service.log"));
            SeparateService.sendQualifying(1, "8000", settings, 1, "0344");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(folder.resolve("service.log"))
                    .contains("failed on attempt 1 (HttpOperationFailedException); retried"));
            Files.delete(inboxData.resolve(InboxServer.MAINTENANCE));

            String noticeId = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> noticeIdOnTheInbox(officePort),
                    id -> id != null);
            assertThat(serviceAdmin(settings, "GET", "/events/" + EVENT_ID).body()).contains("\"decision\":\"NOTIFIED\"");

            // the same notice once more (forced by an operator): the inbox takes it once
            assertThat(serviceAdmin(settings, "POST", "/replay/events/" + EVENT_ID + "?force=true").body())
                    .contains("sent once more with the same noticeId");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(folder.resolve("inbox.log"))
                    .contains("noticeId=" + noticeId + " received before; not taken again"));
            assertThat(office(officePort, "/api/audit").body().split("\"action\":\"received\"", -1)).hasSize(2);

            HttpClient asJustid = client(client, serviceTrusts);
            byte[] otherKey = signedBy(TestKeys.keyPair(folder, "not-justid", "CN=Not Justid, C=NL", "dns:x.example"));
            String otherId = new NoticeDocuments().read(otherKey).getNoticeId();
            HttpResponse<String> refused = asJustid.send(HttpRequest.newBuilder(URI.create("https://localhost:" + receivePort
                    + "/bij/notices/" + otherId)).PUT(HttpRequest.BodyPublishers.ofByteArray(otherKey))
                    .header("Content-Type", "application/xml").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("the signature does not verify");

            HttpClient asStranger = client(stranger, serviceTrusts);
            assertThatThrownBy(() -> asStranger.send(HttpRequest.newBuilder(URI.create("https://localhost:" + receivePort
                    + "/bij/notices/" + otherId)).PUT(HttpRequest.BodyPublishers.ofByteArray(otherKey)).build(),
                    HttpResponse.BodyHandlers.ofString())).as("no trusted client certificate: no handshake")
                    .isInstanceOf(java.io.IOException.class);

            onThePage(officePort, noticeId);
        } finally {
            if (service != null) {
                service.destroy();
                service.waitFor();
            }
            inbox.destroy();
            inbox.waitFor();
        }
    }

    private void onThePage(int officePort, String noticeId) throws Exception {
        try {
            ConsoleBrowserTest.assumeBrowser();
        } catch (org.opentest4j.TestAbortedException e) {
            return;
        }
        WebDriver chrome = ConsoleBrowserTest.chrome();
        try {
            WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(20));
            chrome.get("http://127.0.0.1:" + officePort + "/");
            chrome.findElement(By.id("gebruiker")).sendKeys("otto");
            chrome.findElement(By.id("wachtwoord")).sendKeys("operator-secret");
            chrome.findElement(By.cssSelector("#aanmelden button[type=submit]")).click();
            By row = By.xpath("//tr[td[1][starts-with(text(), '" + noticeId + "')]]");
            wait.until(ExpectedConditions.visibilityOfElementLocated(row));
            ConsoleBrowserTest.screenshot(chrome, "inbox-1-list.png");
            chrome.findElement(By.xpath("//tr[td[1][starts-with(text(), '" + noticeId + "')]]//button[text()='Lees']")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("melding"), "Kenmerk:    " + noticeId));
            ConsoleBrowserTest.screenshot(chrome, "inbox-2-notice.png");
            assertThat(chrome.findElement(By.id("melding")).getText()).contains("Justitiële Informatiedienst (Justid)");
        } catch (RuntimeException | AssertionError e) {
            ConsoleBrowserTest.screenshot(chrome, "inbox-error.png");
            throw new AssertionError("inbox page " + chrome.getCurrentUrl() + " when it failed:\n" + chrome.getPageSource(), e);
        } finally {
            chrome.quit();
        }
    }

    private Properties serviceSettings(int receivePort, Path signing, Path client, Path trust) throws Exception {
        Properties p = new Properties();
        p.setProperty("bij.mode", "development");
        p.setProperty("bij.data.dir", folder.resolve("service-data").toString());
        p.setProperty("bij.delivery.outbox-dir", folder.resolve("outbox").toString());
        p.setProperty("bij.broker.embedded.port", String.valueOf(AvailablePortFinder.getNextAvailable()));
        p.setProperty("bij.admin.port", String.valueOf(AvailablePortFinder.getNextAvailable()));
        p.setProperty("bij.admin.operators", "classpath:test-config/operators.properties");
        p.setProperty("bij.delivery.recipients", "file:" + write("recipients.csv",
                "municipality,channel,target\n0344,XML,https://localhost:" + receivePort + "/bij\n"));
        p.setProperty("bij.delivery.suppressions", "classpath:test-config/no-suppressions.csv");
        p.setProperty("bij.notice.signing.keystore", signing.toString());
        p.setProperty("bij.notice.signing.password", TestKeys.PASSWORD);
        p.setProperty("bij.notice.signing.alias", "bij-notice");
        p.setProperty("bij.delivery.https.keystore", "file:" + client);
        p.setProperty("bij.delivery.https.password", TestKeys.PASSWORD);
        p.setProperty("bij.delivery.https.truststore", "file:" + trust);
        p.setProperty("bij.delivery.https.truststore-password", TestKeys.PASSWORD);
        p.setProperty("bij.delivery.retry-delay-ms", "500");
        p.setProperty("bij.delivery.max-retry-delay-ms", "1000");
        p.setProperty("bij.outbox.poll-ms", "200");
        Properties all = Settings.load(java.util.Optional.empty());
        all.putAll(p);
        return all;
    }

    private String noticeIdOnTheInbox(int officePort) throws Exception {
        HttpResponse<String> list = office(officePort, "/api/notices");
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"noticeId\":\"([0-9a-f-]{36})\"").matcher(list.body());
        return id.find() ? id.group(1) : null;
    }

    private static HttpResponse<String> office(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", basic(AdminApiTest.OPERATOR)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> serviceAdmin(Properties settings, String method, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + settings.getProperty("bij.admin.port") + "/api/v1" + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("X-Requested-With", "bij")
                .header("Authorization", basic(AdminApiTest.OPERATOR)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(UTF_8));
    }

    /** Java's own HTTP client with this key pair as its client certificate, trusting {@code trust}. */
    private static HttpClient client(Path keyPair, Path trust) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keyPair), TestKeys.PASSWORD.toCharArray());
        TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusted.init(load(trust));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trusted.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static KeyStore load(Path store) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, TestKeys.PASSWORD.toCharArray());
        }
        return keyStore;
    }

    private static byte[] signedBy(Path keyPair) {
        NoticeDocuments documents = new NoticeDocuments();
        Document document = documents.toDocumentForSigning(Notices.full());
        NoticeSigner.fromKeystore(keyPair, TestKeys.PASSWORD.toCharArray(), "not-justid").sign(document);
        return documents.toBytes(document);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(folder.resolve(name), text);
    }

    private Path write(String name, Properties properties) throws Exception {
        Path file = folder.resolve(name);
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, name);
        }
        return file;
    }
}
