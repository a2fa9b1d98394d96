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
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;

/** docs/logging.md lists exactly the log events the code emits, and the JSON format is one object per line. */
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
    void theJsonFormatWritesOneObjectPerEventWithItsName() throws IOException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.start();
        Logger logger = context.getLogger("bij.decision");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO,
                "decision eventId={} decision={}", null, new Object[] {"E-1", "NOTIFIED"});

        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("loggerName").asText()).isEqualTo("bij.decision");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(line).contains("E-1");
    }

    private static Set<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return new TreeSet<>(all.filter(p -> p.toString().endsWith(suffix)).toList());
        }
    }
}
