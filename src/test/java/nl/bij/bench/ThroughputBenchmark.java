package nl.bij.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import nl.bij.bench.BenchEvents.Event;
import nl.bij.bench.Runs.Baseline;
import nl.bij.bench.Runs.Drain;
import nl.bij.bench.Runs.Service;
import nl.bij.bench.Runs.Steady;

/**
 * The throughput benchmark ({@code bench/throughput}): in one run on this machine, the raw Artemis baseline, then
 * for each build of the service (the current one, and optionally an earlier one for before/after) a backlog
 * drained and a steady load with its latencies; writes {@code results.md}, {@code throughput.png} and a JFR profile
 * summary per build. A benchmark, not a test: it reports and never fails on a figure.
 */
@Command(name = "bench/throughput", mixinStandardHelpOptions = true,
        description = "Throughput, latency and backlog drain of the service against raw Artemis, in one run.")
public final class ThroughputBenchmark implements Callable<Integer> {

    private static final String RELEASES = "justid.bij.releases";
    private static final String SERVICE_USER = "bij-service";
    private static final String SERVICE_PASSWORD = "bij-service-local";
    private static final String JUSTID_USER = "justid";
    private static final String JUSTID_PASSWORD = "justid-local";
    /** No progress for this long means the service is stuck: the benchmark reports what it has and says so. */
    private static final Duration STALL = Duration.ofSeconds(60);

    @Option(names = "--jar", required = true, description = "The service build to measure.")
    Path jar;
    @Option(names = "--label", defaultValue = "current", description = "Its name in the results.")
    String label;
    @Option(names = "--before-jar", description = "An earlier build, measured in the same run (before/after).")
    Path beforeJar;
    @Option(names = "--before-label", defaultValue = "before")
    String beforeLabel;
    @Option(names = "--events", defaultValue = "20000", description = "Backlog size (default ${DEFAULT-VALUE}).")
    int events;
    @Option(names = "--rate", defaultValue = "50", description = "Steady load, events/s (default ${DEFAULT-VALUE}).")
    int rate;
    @Option(names = "--seconds", defaultValue = "60", description = "Steady load duration (default ${DEFAULT-VALUE}).")
    int seconds;
    @Option(names = "--warmup", defaultValue = "15",
            description = "Steady load before the measured seconds, to let the JIT compile (default ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--heap", defaultValue = "256m", description = "The service's -Xmx (default ${DEFAULT-VALUE}).")
    String heap;
    @Option(names = "--set", description = "A service setting for every run, key=value (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();
    @Option(names = "--samples", defaultValue = "samples")
    Path samples;
    @Option(names = "--recipients", defaultValue = "config/recipients.csv")
    Path shippedRecipients;
    @Option(names = "--work", defaultValue = "target/bench-work")
    Path work;
    @Option(names = "--out", defaultValue = "bench/results")
    Path out;

    private BenchEvents load;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ThroughputBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        deleteTree(work);
        Files.createDirectories(work);
        Files.createDirectories(out);
        load = new BenchEvents(samples, UUID.randomUUID().toString().substring(0, 8));
        Baseline baseline = baseline();
        say("raw Artemis baseline: %,.0f msg/s (backlog in memory: %,.0f msg/s)", baseline.rate(),
                baseline.inMemoryRate());
        List<Service> services = new ArrayList<>();
        if (beforeJar != null) {
            services.add(measure(beforeLabel, beforeJar));
        }
        services.add(measure(label, jar));
        String table = Report.table(machine(), baseline, services);
        Files.writeString(out.resolve("results.md"), "# Throughput benchmark\n\n" + table + "\n![plot](throughput.png)\n\n"
                + "Produced by `bench/throughput " + String.join(" ", commandLine()) + "`; profiles in "
                + services.stream().map(s -> "`" + s.profile() + "`").toList() + ".\n");
        Report.plot(baseline, services, out.resolve("throughput.png"));
        System.out.println();
        System.out.println(table);
        say("written: %s, %s", out.resolve("results.md"), out.resolve("throughput.png"));
        return 0;
    }

    /** Raw Artemis on the service's own broker (same build, same configuration), with nothing else running. */
    private Baseline baseline() throws Exception {
        int consumers = Integer.parseInt(settings.getOrDefault("bij.intake.consumers", "2"));
        Duration took = relay("baseline", Map.of(), consumers);
        // the embedded broker pages a backlog beyond bij.broker.embedded.memory-mb: the same with room for it all
        // (and a heap to match), to show what paging costs the broker itself
        Duration inMemory = relay("baseline-in-memory", Map.of("bij.broker.embedded.memory-mb", "1024"), consumers);
        return new Baseline(events, consumers, took, inMemory);
    }

    private Duration relay(String name, Map<String, String> overrides, int consumers) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Properties config = config(dir);
        config.putAll(overrides);
        config.setProperty("camel.main.auto-startup", "false");
        String memory = overrides.isEmpty() ? heap : "2g";   // a budget beyond the heap would end in OutOfMemoryError
        try (ServiceProcess broker = ServiceProcess.start(jar, write(dir, config), dir, "broker", memory, null)) {
            Broker artemis = broker(config);
            artemis.fill(SERVICE_USER, SERVICE_PASSWORD, "bench.in", events, i -> load.event(i).xml());
            Duration took = artemis.relay(SERVICE_USER, SERVICE_PASSWORD, "bench.in", "bench.out", consumers, events);
            broker.stop();
            forgetData(dir);
            return took;
        }
    }

    private Service measure(String name, Path build) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name.replaceAll("[^A-Za-z0-9.-]", "_")));
        String profile = "profile-" + dir.getFileName() + ".md";
        Drain drain = drain(build, Files.createDirectories(dir.resolve("drain")), out.resolve(profile), name);
        say("%s: drained %d events at %,.0f events/s", name, events, drain.rate());
        Steady steady = steady(build, Files.createDirectories(dir.resolve("steady")), name);
        say("%s: latency p50 %.0f ms, p99 %.0f ms at %d events/s", name, steady.latencies().p50(),
                steady.latencies().p99(), rate);
        return new Service(name, drain, steady, profile);
    }

    /** The backlog goes into the journal while nothing consumes, then the service starts on it and drains it. */
    private Drain drain(Path build, Path dir, Path profile, String name) throws Exception {
        Properties config = config(dir);
        Properties filling = (Properties) config.clone();
        filling.setProperty("camel.main.auto-startup", "false");
        try (ServiceProcess broker = ServiceProcess.start(build, write(dir, filling), dir, "fill", heap, null)) {
            broker(config).fill(JUSTID_USER, JUSTID_PASSWORD, RELEASES, events, i -> load.event(i).xml());
            broker.stop();
        }
        Path jfr = dir.resolve("drain.jfr");
        Instant start = Instant.now();
        try (ServiceProcess service = ServiceProcess.start(build, write(dir, config), dir, "drain", heap, jfr)) {
            Duration startup = Duration.between(start, Instant.now());
            Duration cpuAtStart = service.cpu();
            awaitDone(name + ": drain", dir, config, BenchEvents.notices(events));
            Duration cpu = service.cpu().minus(cpuAtStart);
            service.stop();
            Profile.write(jfr, name + ", draining " + events + " events", profile);
            Drain drain = new Drain(events, Outcome.read(dir.resolve("data")), startup, cpu, service.heap(),
                    Files.size(dir.resolve("data").resolve("db").resolve("bij.mv.db")));
            forgetData(dir);
            return drain;
        }
    }

    /** Justid at a steady pace while the service runs: every send's time against its notice's delivery. */
    private Steady steady(Path build, Path dir, String name) throws Exception {
        Properties config = config(dir);
        int unmeasured = rate * warmup;
        int count = rate * seconds;
        Map<String, Instant> sent = new HashMap<>();
        try (ServiceProcess service = ServiceProcess.start(build, write(dir, config), dir, "steady", heap, null)) {
            Duration cpuAtStart = service.cpu();
            try (Connection justid = broker(config).connect(JUSTID_USER, JUSTID_PASSWORD)) {
                sendSteadily(justid, unmeasured + count, sent);
            }
            awaitDone(name + ": steady load", dir, config, BenchEvents.notices(unmeasured + count));
            Duration cpu = service.cpu().minus(cpuAtStart);
            service.stop();
            Outcome outcome = Outcome.read(dir.resolve("data"));
            forgetData(dir);
            Instant first = sent.get(load.event(unmeasured).eventId());
            List<double[]> points = new ArrayList<>();
            outcome.deliveredByEvent().forEach((eventId, delivered) -> {
                if (!sent.get(eventId).isBefore(first)) {
                    points.add(new double[] {Duration.between(first, sent.get(eventId)).toNanos() / 1e9,
                        Duration.between(sent.get(eventId), delivered).toNanos() / 1e6});
                }
            });
            return new Steady(count, rate, Latencies.of(points.stream().mapToDouble(p -> p[1]).toArray()),
                    points, cpu, service.heap());
        }
    }

    private void sendSteadily(Connection justid, int count, Map<String, Instant> sent) throws Exception {
        Session session = justid.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(RELEASES));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        AtomicInteger next = new AtomicInteger();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try {
            ticker.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i >= count) {
                    return;
                }
                Event event = load.event(i);
                try {
                    synchronized (sent) {
                        sent.put(event.eventId(), Instant.now());
                    }
                    producer.send(session.createTextMessage(event.xml()));
                } catch (Exception e) {
                    throw new IllegalStateException("steady send failed", e);
                }
            }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
            await().atMost(Duration.ofSeconds(seconds * 2L + 60)).until(() -> next.get() >= count);
        } finally {
            ticker.shutdown();
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Every notice in the drop folder and the release queue empty; fails loudly if progress stops. Says how far
     * it is every {@link #PROGRESS}, so that a long phase (a 100,000-event drain) shows it is moving.
     */
    private void awaitDone(String phase, Path dir, Properties config, int notices) throws Exception {
        Broker artemis = broker(config);
        Path outbox = dir.resolve("outbox");
        int[] last = {-1};
        Instant start = Instant.now();
        Instant[] progress = {start};
        Instant[] said = {start};
        await().forever().pollInterval(Duration.ofMillis(250)).until(() -> {
            int delivered = countNotices(outbox);
            Instant now = Instant.now();
            if (Duration.between(said[0], now).compareTo(PROGRESS) >= 0) {
                said[0] = now;
                double seconds = Duration.between(start, now).toMillis() / 1000.0;
                say("%s: %,d of %,d notices delivered, %,.0f/s, %.0f s", phase, delivered, notices,
                        delivered / seconds, seconds);
            }
            if (delivered != last[0]) {
                last[0] = delivered;
                progress[0] = Instant.now();
            } else if (Duration.between(progress[0], Instant.now()).compareTo(STALL) > 0) {
                throw new IllegalStateException("no progress for " + STALL + " with " + delivered + " of " + notices
                        + " notices delivered; see the logs under " + dir);
            }
            return delivered >= notices && artemis.isEmpty(SERVICE_USER, SERVICE_PASSWORD, RELEASES);
        });
    }

    /** Names only (File.list): a walk that reads attributes trips over the channel's temporary files. */
    private static int countNotices(Path outbox) {
        java.io.File[] municipalities = outbox.toFile().listFiles(java.io.File::isDirectory);
        int count = 0;
        for (java.io.File municipality : municipalities == null ? new java.io.File[0] : municipalities) {
            String[] names = municipality.list((d, name) -> name.endsWith(".xml") && !name.startsWith("."));
            count += names == null ? 0 : names.length;
        }
        return count;
    }

    /** The service's defaults, but for its folders and ports, and every municipality's channel made XML. */
    private Properties config(Path dir) throws IOException {
        Path recipients = dir.resolve("recipients.csv");
        Files.writeString(recipients, BenchEvents.xmlRecipients(Files.readString(shippedRecipients)));
        Properties p = new Properties();
        p.setProperty("bij.data.dir", dir.resolve("data").toAbsolutePath().toString());
        p.setProperty("bij.mode", "development");
        p.setProperty("bij.delivery.outbox-dir", dir.resolve("outbox").toAbsolutePath().toString());
        p.setProperty("bij.delivery.recipients", "file:" + recipients.toAbsolutePath());
        p.setProperty("bij.broker.embedded.port", String.valueOf(freePort()));
        p.setProperty("bij.admin.port", String.valueOf(freePort()));
        p.putAll(settings);
        return p;
    }

    private static Path write(Path dir, Properties config) throws IOException {
        Path file = dir.resolve(config.containsKey("camel.main.auto-startup") ? "fill.properties" : "bench.properties");
        try (OutputStream o = Files.newOutputStream(file)) {
            config.store(o, "bench/throughput");
        }
        return file;
    }

    private static Broker broker(Properties config) {
        return new Broker(Integer.parseInt(config.getProperty("bij.broker.embedded.port")));
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private List<String> commandLine() {
        List<String> args = new ArrayList<>(List.of("--events", String.valueOf(events), "--rate", String.valueOf(rate),
                "--seconds", String.valueOf(seconds), "--warmup", String.valueOf(warmup), "--heap", heap));
        settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        return args;
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    /** How often a long phase says how far it is. */
    private static final Duration PROGRESS = Duration.ofSeconds(10);

    private static void say(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
    }

    /** A 100,000-event drain leaves gigabytes of journal, database and notices; the logs and profiles stay. */
    private static void forgetData(Path dir) throws IOException {
        deleteTree(dir.resolve("data"));
        deleteTree(dir.resolve("outbox"));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
