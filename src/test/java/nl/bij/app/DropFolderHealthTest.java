package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * A drop folder the service cannot write to is a channel that cannot deliver: the detailed health says DOWN, not
 * UP; the readiness probe says DEGRADED and stays ready, for the service still takes and decides events.
 */
class DropFolderHealthTest extends ServiceTestSupport {

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        try {
            // under a file, where no folder can be made (a test that runs as root can write anywhere else)
            Path file = Files.createTempFile("not-a-folder", ".txt");
            p.setProperty("bij.delivery.outbox-dir", file.resolve("outbox").toString());
            p.setProperty("bij.delivery.recipients", "file:" + Files.writeString(Files.createTempFile("recipients", ".csv"),
                    "municipality,channel,target\n0344,XML,\n"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }

    @Test
    void healthIsDownWhenTheDropFolderCannotBeWritten() throws Exception {
        HttpResponse<String> health = admin("GET", "/health", AdminApiTest.VIEWER);

        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"dropFolder\":\"DOWN: not writable\"", "\"mailRelay\":\"NOT_CONFIGURED\"");
    }

    @Test
    void theProbesNeedNoLoginAndSayNoMoreThanTheirWords() throws Exception {
        HttpResponse<String> live = probe("/health/live");
        HttpResponse<String> ready = probe("/health/ready");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(ready.statusCode()).as("a channel that cannot deliver does not take the instance out").isEqualTo(200);
        assertThat(ready.body()).isEqualTo(
                "{\"status\":\"DEGRADED\",\"broker\":\"UP\",\"database\":\"UP\",\"channels\":\"DOWN\"}");
        assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(admin("GET", "/health", null).statusCode()).as("the detailed health stays behind the login")
                .isEqualTo(401);
    }
}
