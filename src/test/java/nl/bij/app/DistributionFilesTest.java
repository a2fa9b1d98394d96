package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The container image and the production topology in containers ({@code dist/Dockerfile}, {@code dist/compose.yaml}).
 * No Docker engine runs here, so their settings are held against what the tests do run: the brokers are made by the
 * script that makes the failover test's pair, the instances follow the pair with that test's parameters, every
 * setting they get is one the service has, production mode finds their traffic safe, and the image's health check
 * is run against a live service. ({@code dist/check} lets docker-compose validate the file itself.)
 */
class DistributionFilesTest extends ServiceTestSupport {

    private static final List<String> BROKERS = List.of("artemis-primary", "artemis-backup");
    private static final List<String> INSTANCES = List.of("bij-a", "bij-b");
    private static final Pattern INTERPOLATED = Pattern.compile("\\$\\{([A-Z0-9_]+)(:[?-][^}]*)?}");

    private final Map<String, Object> services = services();

    @Test
    void theBrokersAreMadeByTheFailoverTestsScriptInTheOfficialImageOfTheArtemisVersionWeTestWith() throws Exception {
        for (String broker : BROKERS) {
            Map<String, Object> service = service(broker);
            String other = BROKERS.stream().filter(b -> !b.equals(broker)).findFirst().orElseThrow();
            assertThat(service.get("image")).isEqualTo("apache/activemq-artemis:" + pomProperty("artemis.version"));
            assertThat(service.get("entrypoint")).isEqualTo(List.of("/bij/scripts/artemis-pair"));
            assertThat(service.get("command")).isEqualTo(List.of("instance", broker.replace("artemis-", "")));
            Map<String, Object> env = environment(broker);
            assertThat(env).containsEntry("BIJ_ARTEMIS_HOST", broker).containsEntry("BIJ_ARTEMIS_PEER", other + ":61616")
                    .containsEntry("BIJ_ARTEMIS_HOME", "/opt/activemq-artemis");
            assertThat(volumes(broker)).contains("../scripts:/bij/scripts:ro",
                    "broker-tls:" + env.get("BIJ_ARTEMIS_TLS_DIR") + ":ro");
            ArtemisPairScriptTest.passwords().keySet().forEach(name -> assertThat(env.get(name))
                    .as(name + " comes from dist/.env, with no default").asString().startsWith("${" + name + ":?"));
        }
        Map<String, Object> tls = environment("broker-tls");
        assertThat(service("broker-tls").get("entrypoint")).isEqualTo(List.of("/bij/scripts/artemis-pair", "tls"));
        assertThat(String.valueOf(tls.get("BIJ_ARTEMIS_TLS_NAMES")).split(",")).containsExactlyInAnyOrderElementsOf(BROKERS);
    }

    @Test
    void twoInstancesFollowThePairAsTheFailoverTestsInstancesDoAndShareItsDatabaseAndDropFolder() {
        assertThat(services.keySet().stream().filter(name -> service(name).containsKey("build")))
                .containsExactlyElementsOf(INSTANCES);
        Map<String, Object> env = environment("bij-a");
        assertThat(environment("bij-b")).isEqualTo(env);
        assertThat(String.valueOf(env.get("BIJ_BROKER_URL"))).startsWith("(tcp://artemis-primary:61616,"
                + "tcp://artemis-backup:61616)?" + FailoverTest.FAILOVER_PARAMETERS
                + "&sslEnabled=true&trustStorePath=/bij/broker-tls/trust.p12&trustStorePassword=${");
        for (String instance : INSTANCES) {
            assertThat(volumes(instance)).contains("broker-tls:/bij/broker-tls:ro",
                    "drop-folder:/var/lib/bij-service/outbox", instance + ":/var/lib/bij-service");
            assertThat(service(instance).get("depends_on")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKeys("artemis-primary", "postgres");
        }
        assertThat(String.valueOf(env.get("BIJ_DB_URL"))).startsWith("jdbc:postgresql://postgres:5432/");
    }

    @Test
    void everySettingTheInstancesAreGivenIsOneTheServiceHas() throws Exception {
        Set<String> known = Settings.load(Optional.empty(), Map.of(), new Properties()).stringPropertyNames().stream()
                .map(Settings::environmentName).collect(Collectors.toSet());

        assertThat(environment("bij-a").keySet()).allSatisfy(name -> assertThat(known).as(name).contains(name));
        assertThat(dockerfile()).contains("ENV BIJ_CONFIG_DIR=/etc/bij-service");
        assertThat(known).contains("BIJ_CONFIG_DIR");
    }

    @Test
    void productionModeFindsTheirBrokerAndDatabaseTrafficSafe() {
        Map<String, Object> env = environment("bij-a");
        java.util.function.Function<String, String> setting = key -> INTERPOLATED.matcher(String.valueOf(
                env.getOrDefault(Settings.environmentName(key), settings.getProperty(key, "")))).replaceAll("secret");

        assertThat(ProductionReadiness.mode(setting)).isEqualTo(ProductionReadiness.Mode.PRODUCTION);
        assertThat(ProductionReadiness.transport(new ProductionReadiness.Facts(setting, new Properties(), null, null,
                Optional.empty(), Instant.now()))).isEmpty();
    }

    @Test
    void theImageRunsTheUnpackedArchiveAsAUserOfItsOwn() throws Exception {
        String dockerfile = dockerfile();

        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:17-jre")
                .contains("ADD target/bij-service-${VERSION}.tar.gz /opt/",
                        "ENTRYPOINT [\"/opt/bij-service/bin/bij-service\"]");
        Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(dockerfile);
        assertThat(user.find()).as("a USER line").isTrue();
        assertThat(user.group(1)).isNotIn("root", "0");
        assertThat(Files.readString(Path.of("pom.xml"))).as("the archive the image unpacks")
                .contains("<finalName>bij-service-${project.version}</finalName>");
        assertThat(service("bij-a").get("build")).asString().contains("dockerfile=dist/Dockerfile");
    }

    @Test
    void theImagesHealthCheckAsksTheLiveProbeWithBashAlone() throws Exception {
        assertThat(healthCheck(settings.getProperty("bij.admin.port"))).as("the service is live").isZero();
        assertThat(healthCheck(String.valueOf(AvailablePortFinder.getNextAvailable()))).as("nothing listening")
                .isNotZero();
    }

    /** The HEALTHCHECK's command, run as Docker runs it, with the admin port the container would have. */
    private int healthCheck(String adminPort) throws Exception {
        String joined = dockerfile().replace("\\\n", " ");
        Matcher check = Pattern.compile("(?m)^HEALTHCHECK .*? CMD (\\[.*])$").matcher(joined);
        assertThat(check.find()).as("a HEALTHCHECK with a command").isTrue();
        List<String> command = List.of(new ObjectMapper().readValue(check.group(1), String[].class));
        ProcessBuilder probe = new ProcessBuilder(command).redirectErrorStream(true);
        probe.environment().put("BIJ_ADMIN_PORT", adminPort);
        Process process = probe.start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private static String dockerfile() throws Exception {
        return Files.readString(Path.of("dist/Dockerfile"), StandardCharsets.UTF_8);
    }

    private static String pomProperty(String name) throws Exception {
        Matcher value = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(Path.of("pom.xml")));
        assertThat(value.find()).as(name + " in pom.xml").isTrue();
        return value.group(1);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> service(String name) {
        assertThat(services).containsKey(name);
        return (Map<String, Object>) services.get(name);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> environment(String name) {
        return (Map<String, Object>) service(name).get("environment");
    }

    @SuppressWarnings("unchecked")
    private List<String> volumes(String name) {
        return (List<String>) service(name).get("volumes");
    }

    /** The services of dist/compose.yaml with YAML merge keys ({@code <<: *anchor}) applied, as Compose applies them. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() {
        try {
            Object compose = new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(Path.of("dist/compose.yaml"), StandardCharsets.UTF_8));
            return (Map<String, Object>) ((Map<String, Object>) merged(compose)).get("services");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object merged(Object node) {
        if (node instanceof List<?> list) {
            return list.stream().map(DistributionFilesTest::merged).toList();
        }
        if (!(node instanceof Map<?, ?> map)) {
            return node;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (map.get("<<") instanceof Map<?, ?> base) {
            result.putAll((Map<String, Object>) merged(base));
        }
        map.forEach((key, value) -> {
            if (!"<<".equals(key)) {
                result.put(String.valueOf(key), merged(value));
            }
        });
        return result;
    }
}
