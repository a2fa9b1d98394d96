package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;

import org.apache.camel.test.AvailablePortFinder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.jms.BytesMessage;

import nl.bij.intake.Events;

/**
 * A 500 MB message on the release queue, to the service in its own JVM with a heap of 256 MB: it is decided
 * REJECTED / TOO_LARGE from its declared size, its body streamed past, never loaded. Runs once, on the H2 pass.
 */
@OnceOnTheH2Pass
class OversizeTest {

    private static final long SIZE = 500L * 1024 * 1024;
    private static final String EVENT_ID = "00000000-0000-4000-8000-000000500000";

    @TempDir
    Path folder;

    @Test
    void aFiveHundredMegabyteBytesMessageIsTooLargeWithAHeapOf256Megabytes() throws Exception {
        Properties settings = Settings.load(java.util.Optional.empty());
        settings.setProperty("bij.data.dir", folder.resolve("data").toString());
        settings.setProperty("bij.delivery.outbox-dir", folder.resolve("outbox").toString());
        settings.setProperty("bij.broker.embedded.port", String.valueOf(AvailablePortFinder.getNextAvailable()));
        settings.setProperty("bij.admin.port", String.valueOf(AvailablePortFinder.getNextAvailable()));
        settings.setProperty("bij.admin.operators", "classpath:test-config/operators.properties");
        Path config = folder.resolve("bij.properties");
        try (var out = Files.newBufferedWriter(config)) {
            settings.store(out, "oversize test");
        }
        Process service = SeparateService.start(config, folder.resolve("service.log"), "-Xmx256m");
        try {
            try (JustidSender justid = new JustidSender(settings)) {
                BytesMessage message = justid.session().createBytesMessage();
                // streamed from the sender too: the test's own heap holds no 500 MB either
                message.setObjectProperty("JMS_AMQ_InputStream", body());
                justid.send(message);
            }

            String event;
            try {
                // a rejected message is no event of a case (GET /events answers 404): it is on the rejected list
                event = Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> admin(settings, "/items/rejected").body(), body -> body.contains(EVENT_ID));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("no decision; the service's log:\n" + Files.readString(folder.resolve("service.log"))
                        .lines().filter(l -> !l.startsWith("\tat ")).limit(200).collect(java.util.stream.Collectors.joining("\n")), e);
            }

            assertThat(event).contains("\"reason\":\"TOO_LARGE\"", "the message has 524288000 bytes");
            String metrics = admin(settings, "/metrics").body();
            assertThat(metrics).contains("jvm_memory_max_bytes{area=\"heap\"");
            assertThat(heapMax(metrics)).as("the service ran with a 256 MB heap").isLessThanOrEqualTo(256L * 1024 * 1024);
            assertThat(service.isAlive()).isTrue();
            assertThat(Files.readString(folder.resolve("service.log"))).doesNotContain("OutOfMemoryError");
        } finally {
            service.destroy();
            service.waitFor();
        }
    }

    /** A valid event's first lines (so its eventId is found), then padding to 500 MB. */
    private static InputStream body() {
        byte[] head = Events.withEventId(Events.minimal(), EVENT_ID).replace("</releaseEvent>", "<!--")
                .getBytes(StandardCharsets.UTF_8);
        InputStream padding = new InputStream() {
            private long left = SIZE - head.length;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
        return new SequenceInputStream(new java.io.ByteArrayInputStream(head), padding);
    }

    private static long heapMax(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("jvm_memory_max_bytes{area=\"heap\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .filter(v -> v > 0).sum();
    }

    private static HttpResponse<String> admin(Properties settings, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + settings.getProperty("bij.admin.port") + "/api/v1" + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        AdminApiTest.OPERATOR.getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
