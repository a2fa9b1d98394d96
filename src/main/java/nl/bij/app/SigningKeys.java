package nl.bij.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.bij.notice.NoticeSigner;

/**
 * The key that signs notices: the configured keystore (production: a PKIoverheid certificate), or, when none is
 * configured, a development key made once under the data folder with the JDK's keytool, loudly logged, so that
 * the embedded default run works on a fresh machine and nobody mistakes it for production.
 */
public final class SigningKeys {

    private static final Logger LOG = LoggerFactory.getLogger("bij.startup");
    static final String DEVELOPMENT_PASSWORD = "development-only";

    private SigningKeys() {
    }

    static NoticeSigner signer(String keystore, String password, String alias, Path dataDir) {
        if (!keystore.isBlank()) {
            return NoticeSigner.fromKeystore(Path.of(keystore), password.toCharArray(), alias);
        }
        Path development = developmentKeystore(dataDir);
        if (!Files.exists(development)) {
            makeDevelopmentKey(development, alias);
        }
        LOG.warn("Notices are signed with a DEVELOPMENT key ({}): set bij.notice.signing.keystore for production",
                development);
        return NoticeSigner.fromKeystore(development, DEVELOPMENT_PASSWORD.toCharArray(), alias);
    }

    /** Where the development key is kept under the data folder. */
    static Path developmentKeystore(Path dataDir) {
        return dataDir.resolve("signing").resolve("development-signing.p12");
    }

    /** The development key as the service makes it when none is configured. */
    static void makeDevelopmentKey(Path keystore, String alias) {
        generate(keystore, alias, DEVELOPMENT_PASSWORD, "CN=BIJ notification service (development key), O=BIJ, C=NL");
    }

    /** A fresh RSA key pair with a self-signed certificate in a PKCS#12 file, made by the running JDK's keytool. */
    public static void generate(Path keystore, String alias, String password, String subject, String... extraOptions) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        try {
            Files.createDirectories(keystore.toAbsolutePath().getParent());
            List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", alias,
                    "-keyalg", "RSA", "-keysize", "3072", "-sigalg", "SHA256withRSA", "-validity", "825",
                    "-dname", subject, "-storetype", "PKCS12", "-keystore", keystore.toString(),
                    "-storepass", password, "-keypass", password));
            command.addAll(List.of(extraOptions));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool could not make a signing key: " + output.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + keytool + " to make a development signing key; configure "
                    + "bij.notice.signing.keystore instead", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making a signing key", e);
        }
    }
}
