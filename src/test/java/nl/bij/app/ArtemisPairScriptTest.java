package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.bij.state.TestDatabases;

/**
 * {@code scripts/artemis-pair create}, the production broker pair: no password of its own (each from the
 * environment, or it refuses), TLS unless on loopback, every password masked in the configuration it writes and in
 * none of its output. (The failover test then runs the pair it makes, TLS and masked passwords included.)
 */
class ArtemisPairScriptTest {

    @TempDir
    Path folder;

    /** The passwords the tests give the script (and the service its broker login). */
    static Map<String, String> passwords() {
        return Map.of("BIJ_ARTEMIS_ADMIN_PASSWORD", "admin-Secret-1", "BIJ_ARTEMIS_CLUSTER_PASSWORD", "cluster-Secret-2",
                "BIJ_BROKER_PASSWORD", "bij-service-local", "BIJ_BROKER_JUSTID_PASSWORD", "justid-local",
                "BIJ_ARTEMIS_OPERATOR_PASSWORD", "operator-Secret-5", "BIJ_ARTEMIS_TLS_PASSWORD", "tls-local");
    }

    @Test
    void withoutPasswordsItRefusesNamingThoseMissing() throws Exception {
        Result result = create(Map.of("BIJ_BROKER_PASSWORD", "bij-service-local"));

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.output()).contains("set BIJ_ARTEMIS_ADMIN_PASSWORD BIJ_ARTEMIS_CLUSTER_PASSWORD"
                + " BIJ_BROKER_JUSTID_PASSWORD BIJ_ARTEMIS_OPERATOR_PASSWORD BIJ_ARTEMIS_TLS_PASSWORD in the environment")
                .doesNotContain("bij-service-local");
        assertThat(folder.resolve("primary")).doesNotExist();
    }

    @Test
    void plainTcpBeyondLoopbackIsRefused() throws Exception {
        Map<String, String> env = new HashMap<>(passwords());
        env.put("BIJ_ARTEMIS_HOST", "192.0.2.10");
        env.put("BIJ_ARTEMIS_TLS", "0");

        Result result = create(env);

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.output()).contains("192.0.2.10 is not loopback: TLS is required there");
    }

    @Test
    void everyPasswordIsMaskedAndNonePrinted() throws Exception {
        assumeTrue(!TestDatabases.postgres(), "once, on the H2 pass");
        Result result = create(passwords());

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("TLS only");
        for (String instance : new String[] {"primary", "backup"}) {
            Path etc = folder.resolve(instance).resolve("etc");
            String broker = Files.readString(etc.resolve("broker.xml"));
            assertThat(broker).contains("sslEnabled=true;keyStorePath=", "keyStorePassword=ENC(",
                    "<cluster-password>ENC(");
            assertThat(Files.readString(etc.resolve("artemis-users.properties")))
                    .contains("bij-service = ENC(", "justid = ENC(", "operator = ENC(");
            try (Stream<Path> files = Files.walk(etc)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                    passwords().forEach((name, password) -> assertThat(text).as(name + " in " + file)
                            .doesNotContain(password));
                }
            }
        }
        passwords().forEach((name, password) -> assertThat(result.output()).as(name).doesNotContain(password));
    }

    private record Result(int exit, String output) {
    }

    private Result create(Map<String, String> env) throws Exception {
        ProcessBuilder script = new ProcessBuilder("bash", "scripts/artemis-pair", "create").redirectErrorStream(true);
        script.environment().keySet().removeIf(k -> k.startsWith("BIJ_"));
        script.environment().put("BIJ_ARTEMIS_BASE", folder.toString());
        script.environment().putAll(env);
        Process process = script.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
