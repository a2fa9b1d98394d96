package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.LoggerContext;

/**
 * docs/logging.md lists exactly the log events the code emits; the shipped formats print what it says: text lines
 * with date, time and offset, or one JSON object per line with the identifiers and codes as fields of their own.
 */
class LogCatalogueTest {

    private static final Pattern JAVA_LOGGER = Pattern.compile("LoggerFactory\\.getLogger\\(([^)]*)\\)");
    private static final Pattern ROUTE_LOGGER = Pattern.compile("logName:\\s*(\\S+)");
    private static final Pattern DOCUMENTED = Pattern.compile("^\\| `(bij\\.[a-z.]+)` \\|", Pattern.MULTILINE);

    @Test
    void everyEventTheCodeEmitsIsDocumentedAndNothingElse() throws IOException {
        Set<String> emitted = new TreeSet<>();
        for (Path source : files(Path.of("src/main/java"), ".java")) {
            Matcher m = JAVA_LOGGER.matcher(Files.readString(source));
            while (m.find()) {
                assertThat(m.group(1)).as("%s names its log event, a \"bij.*\" logger", source).startsWith("\"bij.");
                emitted.add(m.group(1).replace("\"", ""));
            }
        }
        for (Path route : files(Path.of("routes"), ".yaml")) {
            Matcher m = ROUTE_LOGGER.matcher(Files.readString(route));
            while (m.find()) {
                emitted.add(m.group(1));
            }
        }
        Set<String> documented = new TreeSet<>();
        Matcher m = DOCUMENTED.matcher(Files.readString(Path.of("docs/logging.md"), StandardCharsets.UTF_8));
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(emitted).isNotEmpty().isEqualTo(documented);
    }

    @Test
    void theJsonFormatWritesOneObjectPerEventWithItsIdsDecisionAndReasonAsFieldsOfTheirOwn() throws Exception {
        String line = printedBy("config/logback-json.xml", logger -> {
            org.slf4j.MDC.put("bij.eventId", "E-1");
            try {
                logger.atInfo().addKeyValue("eventId", "E-1").addKeyValue("decision", "NOTIFIED")
                        .addKeyValue("reason", "ROUTE_A_LIST1").log("decision eventId={} decision={}", "E-1", "NOTIFIED");
            } finally {
                org.slf4j.MDC.remove("bij.eventId");
            }
        });

        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("logger_name").asText()).isEqualTo("bij.decision");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("@timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*");
        assertThat(json.get("eventId").asText()).isEqualTo("E-1");
        assertThat(json.get("decision").asText()).isEqualTo("NOTIFIED");
        assertThat(json.get("reason").asText()).isEqualTo("ROUTE_A_LIST1");
        assertThat(json.get("bij.eventId").asText()).as("the MDC").isEqualTo("E-1");
    }

    @Test
    void theTextFormatStartsWithTheDateTheTimeAndTheOffset() throws Exception {
        String line = printedBy("config/logback.xml", logger -> logger.info("decision eventId={}", "E-1"));

        assertThat(line).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) INFO  \\[.*\\]"
                + " bij.decision - decision eventId=E-1\\R?");
    }

    /** What a configuration of config/ prints for one bij.decision line, in a logging context of its own. */
    private static String printedBy(String configuration, java.util.function.Consumer<org.slf4j.Logger> logging)
            throws Exception {
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());   // the service's MDC, which the JSON lines carry
        System.setOut(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            ch.qos.logback.classic.joran.JoranConfigurator configurator = new ch.qos.logback.classic.joran.JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(Path.of(configuration).toFile());
            logging.accept(context.getLogger("bij.decision"));
        } finally {
            context.stop();
            System.setOut(out);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static Set<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return new TreeSet<>(all.filter(p -> p.toString().endsWith(suffix)).toList());
        }
    }
}
