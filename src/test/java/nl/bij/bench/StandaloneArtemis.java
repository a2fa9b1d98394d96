package nl.bij.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker made the standard way: an instance of the official Artemis distribution created with {@code artemis
 * create} and its defaults (it measures the disk and picks the journal type and buffer time-out itself), run in its
 * own process. The fair yardstick of issue 19, and the broker of the production topology in the benchmark.
 *
 * <p>One login (the instance's admin, allowed everything) serves the service and Justid alike: the benchmark
 * measures throughput, not the role split that docs/production.md and {@code scripts/artemis-pair} set up.
 * With {@code serviceRules}, the service's redelivery and dead-letter settings are added as the pair adds them.
 */
final class StandaloneArtemis implements AutoCloseable {

    static final String USER = "bench";
    static final String PASSWORD = "bench-" + Long.toHexString(System.nanoTime());
    private static final Duration START_PATIENCE = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private final int port;
    private final String tuning;

    private StandaloneArtemis(Process process, Path log, int port, String tuning) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.tuning = tuning;
    }

    /** Creates a fresh instance under {@code dir} and starts it; returns when it accepts connections. */
    static StandaloneArtemis start(Path home, Path dir, int port, boolean serviceRules) throws Exception {
        Path instance = dir.toAbsolutePath().resolve("broker");
        Path createLog = dir.toAbsolutePath().resolve("artemis-create.log");
        run(List.of(home.resolve("bin").resolve("artemis").toString(), "create", instance.toString(), "--force",
                "--silent", "--name", "bench", "--host", "127.0.0.1", "--default-port", String.valueOf(port),
                "--user", USER, "--password", PASSWORD, "--require-login", "--no-web",
                "--no-amqp-acceptor", "--no-stomp-acceptor", "--no-mqtt-acceptor", "--no-hornetq-acceptor"), createLog);
        if (serviceRules) {
            Path xml = instance.resolve("etc").resolve("broker.xml");
            String rules = Files.readString(Path.of("scripts/artemis/address-settings.xml"));
            Files.writeString(xml, Files.readString(xml).replaceFirst("<address-settings>", "<address-settings>\n"
                    + java.util.regex.Matcher.quoteReplacement(rules)));
        }
        Path log = dir.toAbsolutePath().resolve("artemis.log");
        Process process = new ProcessBuilder(instance.resolve("bin").resolve("artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        StandaloneArtemis broker = new StandaloneArtemis(process, log, port, tuning(instance));
        broker.awaitActive();
        return broker;
    }

    /** What {@code artemis create} chose for this disk, for the results. */
    String tuning() {
        return tuning;
    }

    /** CPU time (user + system) of the broker process so far. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    Broker client() {
        return new Broker(url(), USER, PASSWORD);
    }

    private static String tuning(Path instance) throws IOException {
        String xml = Files.readString(instance.resolve("etc").resolve("broker.xml"));
        return "journal " + between(xml, "<journal-type>", "</journal-type>") + ", buffer time-out "
                + between(xml, "<journal-buffer-timeout>", "</journal-buffer-timeout>") + " ns";
    }

    private static String between(String text, String open, String close) {
        int start = text.indexOf(open);
        return start < 0 ? "?" : text.substring(start + open.length(), text.indexOf(close, start)).trim();
    }

    private static void run(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("artemis create failed; see " + log);
        }
    }

    private void awaitActive() {
        ServiceProcess.awaitInLog(process, log, "AMQ221007", START_PATIENCE, "the standalone broker");   // active
    }

    /** A clean stop (SIGTERM: the launcher execs java, so this is the broker itself). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
    }
}
