package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.camel.test.AvailablePortFinder;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import nl.bij.notice.NoticeDocuments;
import nl.bij.notice.NoticeSigner;
import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;

/**
 * The sftp channel against real SFTP servers in this JVM (Apache MINA SSHD), keys made with keytool for this test:
 * the service logs in with its key and writes the signed notice as {@code <noticeId>.xml}; a server whose host key
 * the service does not know, and a login the server refuses, are FAILED at once, with nothing written.
 */
@OnceOnTheH2Pass
class SftpDeliveryTest extends ServiceTestSupport {

    private static final Path KEYS = folder("sftp-keys");
    private static final KeyPair SERVICE_KEY = keyPair("bij-sftp-client");
    private static final KeyPair HOST_KEY = keyPair("sftp-host");
    private static final KeyPair OTHER_HOST_KEY = keyPair("other-sftp-host");
    private static final int PORT = AvailablePortFinder.getNextAvailable();
    private static final int OTHER_PORT = AvailablePortFinder.getNextAvailable();

    private final Path root = folder("sftp-root");
    private final Path otherRoot = folder("other-sftp-root");
    private final List<SshServer> servers = List.of(server(HOST_KEY, PORT, root), server(OTHER_HOST_KEY, OTHER_PORT, otherRoot));

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        try {
            Path recipients = Files.writeString(KEYS.resolve("recipients.csv"), "municipality,channel,target\n"
                    + "0344,XML,sftp://bij@127.0.0.1:" + PORT + "/notices/utrecht\n"
                    + "0268,XML,sftp://stranger@127.0.0.1:" + PORT + "/notices/nijmegen\n"
                    + "0599,XML,sftp://bij@127.0.0.1:" + OTHER_PORT + "/notices/rotterdam\n");
            p.setProperty("bij.delivery.recipients", "file:" + recipients);
            p.setProperty("bij.delivery.sftp.private-key-file", pem(SERVICE_KEY.getPrivate()).toString());
            // only the first server's host key is known: the second one's is never accepted
            p.setProperty("bij.delivery.sftp.known-hosts-file", Files.writeString(KEYS.resolve("known_hosts"),
                    "[127.0.0.1]:" + PORT + " " + PublicKeyEntry.toString(HOST_KEY.getPublic()) + "\n").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.setProperty("bij.delivery.suppressions", "classpath:test-config/no-suppressions.csv");
        p.setProperty("bij.delivery.max-attempts", "3");
        return p;
    }

    @AfterAll
    void stopServers() throws IOException {
        for (SshServer server : servers) {
            server.stop(true);
        }
    }

    @Test
    void aNoticeIsWrittenSignedIntoTheMunicipalitysFolderUnderItsNoticeId() throws Exception {
        DecisionRecord decision = decided("0344", "00000000-0000-4000-8000-000000000f51", Decision.NOTIFIED);
        String noticeId = decision.noticeIds().get(0);

        Path file = root.resolve("notices/utrecht/" + noticeId + ".xml");
        assertThat(file).isRegularFile();
        byte[] xml = Files.readAllBytes(file);
        NoticeDocuments documents = new NoticeDocuments();
        documents.validate(xml);
        assertThat(NoticeSigner.verify(documents.parse(xml), serviceCertificate().getPublicKey())).isTrue();
        assertThat(new String(xml, StandardCharsets.UTF_8)).contains("<noticeId>" + noticeId + "</noticeId>");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file is left").containsExactly(file);
        }
    }

    @Test
    void aLoginTheServerRefusesIsPermanentAndWritesNothing() throws Exception {
        DecisionRecord decision = decided("0268", "00000000-0000-4000-8000-000000000f52", Decision.FAILED);
        assertThat(decision.detail()).as("failed on its first attempt, not after the retries").contains("attempt 1");
        assertThat(decision.reason()).as("the reason an operator reads").contains("Auth").doesNotContain("Minimaal");
        assertThat(root.resolve("notices/nijmegen")).doesNotExist();
    }

    @Test
    void aServerWhoseHostKeyTheServiceDoesNotKnowIsSentNothing() throws Exception {
        DecisionRecord decision = decided("0599", "00000000-0000-4000-8000-000000000f53", Decision.FAILED);
        assertThat(decision.detail()).contains("attempt 1");
        assertThat(decision.reason()).contains("HostKey");
        try (Stream<Path> anything = Files.walk(otherRoot)) {
            assertThat(anything).containsExactly(otherRoot);
        }
    }

    /** Sends a qualifying event for the municipality and waits until its delivery ended as {@code expected}. */
    private DecisionRecord decided(String municipality, String eventId, Decision expected) throws Exception {
        String id = sendAndAwait(text(MailDeliveryTest.qualifyingFor(municipality, eventId))).get(0);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> decisionOf(id).decision() == expected);
        return decisionOf(id);
    }

    /** An SFTP server that lets in user "bij" with the service's key only, its files under {@code home}. */
    private static SshServer server(KeyPair hostKey, int port, Path home) {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> "bij".equals(user)
                && KeyUtils.compareKeys(key, SERVICE_KEY.getPublic()));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(home));
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the test's SFTP server did not start", e);
        }
        return server;
    }

    /** A key pair made by keytool, as the service's and the servers' keys are made in practice. */
    private static KeyPair keyPair(String name) {
        Path store = TestKeys.keyPair(KEYS, name, "CN=" + name, "dns:localhost");
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, TestKeys.PASSWORD.toCharArray());
            PublicKey publicKey = keys.getCertificate(name).getPublicKey();
            return new KeyPair(publicKey, (PrivateKey) keys.getKey(name, TestKeys.PASSWORD.toCharArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private key as PKCS#8 PEM, which the service's sftp client reads. */
    private static Path pem(PrivateKey key) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        Path file = Files.writeString(KEYS.resolve("bij-sftp.pem"),
                "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static Path folder(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
