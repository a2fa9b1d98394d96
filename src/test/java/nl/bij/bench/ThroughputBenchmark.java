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
import java.util.Set;
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
 * The throughput benchmark ({@code bench/throughput}): in one run on this machine, the raw Artemis baseline (the
 * service's embedded broker as configured, and a standalone broker made by {@code artemis create}), then the
 * service on its embedded defaults (the current build, and optionally an earlier one for before/after) and in the
 * production topology (PostgreSQL and the standalone broker, one and two instances): for each, a backlog drained
 * and a steady load per rate with its latencies. Writes {@code results.md}, {@code throughput.png} and a JFR profile
 * summary per setup. A benchmark, not a test: it reports and never fails on a figure.
 */
@Command(name = "bench/throughput", mixinStandardHelpOptions = true,
        description = "Throughput, latency and backlog drain of the service against raw Artemis, in one run.")
public final class ThroughputBenchmark implements Callable<Integer> {

    private static final String SERVICE_USER = "bij-service";
    private static final String SERVICE_PASSWORD = "bij-service-local";
    /** No progress for this long means the service is stuck: the benchmark reports what it has and says so. */
    private static final Duration STALL = Duration.ofSeconds(60);
    /** How often a long phase says how far it is. */
    private static final Duration PROGRESS = Duration.ofSeconds(10);

    @Option(names = "--jar", required = true, description = "The service build to measure: a distribution's"
            + " bin/bij-service (run as installed, with the launcher's JVM options) or a jar (java -jar).")
    Path jar;
    @Option(names = "--label", defaultValue = "current", description = "Its name in the results.")
    String label;
    @Option(names = "--before-jar", description = "An earlier build, measured on the embedded defaults in the same run.")
    Path beforeJar;
    @Option(names = "--before-label", defaultValue = "before")
    String beforeLabel;
    @Option(names = "--before-ref", description = "The git ref of the earlier build, for the command line in the results.")
    String beforeRef;
    @Option(names = "--events", defaultValue = "20000", description = "Backlog size (default ${DEFAULT-VALUE}).")
    int events;
    @Option(names = "--rate", split = ",", defaultValue = "50,200",
            description = "Steady loads, events/s, one run each (default ${DEFAULT-VALUE}).")
    List<Integer> rates;
    @Option(names = "--seconds", defaultValue = "60", description = "Steady load duration (default ${DEFAULT-VALUE}).")
    int seconds;
    @Option(names = "--warmup", defaultValue = "15",
            description = "Steady load before the measured seconds, to let the JIT compile (default ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--heap", defaultValue = "256m", description = "The service's -Xmx (default ${DEFAULT-VALUE}).")
    String heap;
    @Option(names = "--instances", split = ",", defaultValue = "1,2",
            description = "Service instances in the production topology, one setup each; 0 leaves it out"
                    + " (default ${DEFAULT-VALUE}).")
    List<Integer> instances;
    @Option(names = "--artemis-home", defaultValue = "target/artemis-dist/apache-artemis-2.56.0",
            description = "The unpacked official Artemis distribution (bench/throughput fetches it).")
    Path artemisHome;
    @Option(names = "--java-variant", description = "The current build once more on its embedded defaults with JVM"
            + " options of its own, name=options separated by spaces (repeatable), e.g. --java-variant"
            + " 'ParallelGC=-XX:+UseParallelGC'.")
    Map<String, String> javaVariants = new LinkedHashMap<>();
    @Option(names = "--variant-java", description = "The Java installation a --java-variant of the same name runs"
            + " on, name=Java home (repeatable), e.g. --variant-java jdk25=/usr/lib/jvm/temurin-25-jdk-amd64;"
            + " without it a variant runs on the benchmark's own Java.")
    Map<String, Path> variantJava = new LinkedHashMap<>();
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

    /** One way of running the service: a build, on its embedded defaults or in the production topology. */
    private record Setup(String label, Path jar, int instances, List<String> javaOptions, Path javaHome) {
        Setup(String label, Path jar, int instances) {
            this(label, jar, instances, List.of(), ServiceProcess.OWN_JAVA);
        }

        boolean production() {
            return instances > 0;
        }
    }

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
        say("raw Artemis: embedded broker %,.0f msg/s, standalone broker (%s) %,.0f msg/s", baseline.rate(),
                baseline.standaloneTuning(), baseline.standaloneRate());
        List<Service> services = new ArrayList<>();
        for (Setup setup : setups()) {
            services.add(measure(setup));
        }
        String table = Report.table(machine(), baseline, services);
        Files.writeString(out.resolve("results.md"), "# Throughput benchmark\n\n" + table + "\n![plot](throughput.png)\n\n"
                + "Produced by `bench/throughput " + String.join(" ", commandLine()) + "`; profiles in "
                + String.join(", ", services.stream().map(s -> "[`" + s.profile() + "`](" + s.profile() + ")").toList())
                + ".\n");
        Report.plot(baseline, services, out.resolve("throughput.png"));
        System.out.println();
        System.out.println(table);
        say("written: %s, %s", out.resolve("results.md"), out.resolve("throughput.png"));
        return 0;
    }

    private List<Setup> setups() {
        List<Setup> setups = new ArrayList<>();
        if (beforeJar != null) {
            setups.add(new Setup(beforeLabel + ", embedded" + how(beforeJar), beforeJar, 0));
        }
        setups.add(new Setup(label + ", embedded" + how(jar), jar, 0));
        javaVariants.forEach((name, options) -> setups.add(new Setup(label + ", embedded, " + name, jar, 0,
                options.isBlank() ? List.of() : List.of(options.trim().split("\\s+")),
                variantJava.getOrDefault(name, ServiceProcess.OWN_JAVA))));
        instances.stream().filter(n -> n > 0).forEach(n -> setups.add(new Setup(label + ", PostgreSQL + standalone broker, "
                + n + (n == 1 ? " instance" : " instances"), jar, n)));
        return setups;
    }

    /** How a build runs, for its label: the launcher's JVM options differ from java's defaults. */
    private static String how(Path build) {
        return ServiceProcess.launcher(build) ? " (launcher)" : " (java -jar)";
    }

    /**
     * Raw Artemis, with nothing else running: the service's embedded broker (same build, same configuration,
     * routes not started), and a broker made by {@code artemis create} with its defaults.
     */
    private Baseline baseline() throws Exception {
        int consumers = Integer.parseInt(settings.getOrDefault("bij.intake.consumers", "2"));
        Path dir = Files.createDirectories(work.resolve("baseline-embedded"));
        Properties config = config(dir, dir);
        config.setProperty("camel.main.auto-startup", "false");
        Duration embedded;
        try (ServiceProcess broker = ServiceProcess.start(jar, write(dir, "fill", config), dir, "broker", heap, null)) {
            embedded = relay(Broker.embedded(port(config), SERVICE_USER, SERVICE_PASSWORD), consumers);
            broker.stop();
        }
        forgetData(dir);
        Path standaloneDir = Files.createDirectories(work.resolve("baseline-standalone"));
        Duration standalone;
        String tuning;
        try (StandaloneArtemis broker = StandaloneArtemis.start(artemisHome, standaloneDir, freePort(), false)) {
            standalone = relay(broker.client(), consumers);
            tuning = broker.tuning();
        }
        forgetData(standaloneDir);
        return new Baseline(events, consumers, embedded, standalone, tuning);
    }

    private Duration relay(Broker broker, int consumers) throws Exception {
        broker.fill("bench.in", events, i -> load.event(i).xml());
        return broker.relay("bench.in", "bench.out", consumers, events);
    }

    private Service measure(Setup setup) throws Exception {
        Path dir = Files.createDirectories(work.resolve(setup.label().replaceAll("[^A-Za-z0-9.-]+", "_")));
        String profile = "profile-" + dir.getFileName() + ".md";
        Drain drain;
        try {
            drain = drain(setup, Files.createDirectories(dir.resolve("drain")), out.resolve(profile));
        } finally {
            forgetData(dir);
        }
        say("%s: drained %d events at %,.0f events/s", setup.label(), events, drain.rate());
        List<Steady> steady = new ArrayList<>();
        for (int rate : rates) {
            Steady run;
            try {
                run = steady(setup, Files.createDirectories(dir.resolve("steady-" + rate)), rate);
            } finally {
                forgetData(dir);
            }
            say("%s: latency p50 %.0f ms, p99 %.0f ms at %d events/s (enqueue → decided p50 %.0f, p99 %.0f ms;"
                    + " decided → delivered p50 %.0f, p99 %.0f ms)", setup.label(), run.latencies().p50(),
                    run.latencies().p99(), rate, run.toDecision().p50(), run.toDecision().p99(),
                    run.toDelivery().p50(), run.toDelivery().p99());
            steady.add(run);
        }
        return new Service(setup.label(), drain, steady, profile);
    }

    /** The backlog goes into the broker while nothing consumes, then the service starts on it and drains it. */
    private Drain drain(Setup setup, Path dir, Path profile) throws Exception {
        Path jfr = dir.resolve("drain.jfr");
        try (Site site = open(setup, dir)) {
            site.fill(events, i -> load.event(i).xml());
            Duration brokerAtStart = site.cpu();
            Instant start = Instant.now();
            List<ServiceProcess> services = startInstances(setup, dir, site, "drain", jfr);
            try {
                Duration startup = Duration.between(start, Instant.now());
                Duration cpuAtStart = cpu(services);
                awaitDone(setup.label() + ": drain", dir, site, BenchEvents.notices(events));
                Duration cpu = cpu(services).minus(cpuAtStart);
                Duration brokerCpu = site.cpu().minus(brokerAtStart);
                stop(services);
                Profile.write(jfr, setup.label() + ", draining " + events + " events", profile);
                return new Drain(events, site.outcome(), startup, cpu, brokerCpu, services.get(0).heap(),
                        site.databaseBytes());
            } finally {
                services.forEach(ServiceProcess::close);
            }
        }
    }

    /**
     * Justid at a steady pace while the service runs: every send's time against its notice's delivery. The measured
     * seconds start once the service has caught up with the warm-up (a freshly started JVM falls behind while it
     * compiles), so that they show the steady state; how long catching up took is reported beside them.
     */
    private Steady steady(Setup setup, Path dir, int rate) throws Exception {
        int unmeasured = rate * warmup;
        int count = rate * seconds;
        Map<String, Instant> sent = new HashMap<>();
        try (Site site = open(setup, dir)) {
            List<ServiceProcess> services = startInstances(setup, dir, site, "steady", null);
            Outcome outcome;
            Duration cpu;
            Duration catchUp;
            try {
                Duration cpuAtStart = cpu(services);
                try (Connection justid = site.justid().connect()) {
                    sendSteadily(justid, rate, 0, unmeasured, sent);
                    Instant warmedUp = Instant.now();
                    awaitDone(setup.label() + ": catching up with the warm-up at " + rate + "/s", dir, site,
                            BenchEvents.notices(unmeasured));
                    catchUp = Duration.between(warmedUp, Instant.now());
                    sendSteadily(justid, rate, unmeasured, unmeasured + count, sent);
                }
                awaitDone(setup.label() + ": steady load at " + rate + "/s", dir, site,
                        BenchEvents.notices(unmeasured + count));
                cpu = cpu(services).minus(cpuAtStart);
                stop(services);
                outcome = site.outcome();
            } finally {
                services.forEach(ServiceProcess::close);
            }
            Instant first = sent.get(load.event(unmeasured).eventId());
            List<double[]> points = new ArrayList<>();
            List<Double> toDecision = new ArrayList<>();
            List<Double> toDelivery = new ArrayList<>();
            outcome.deliveredByEvent().forEach((eventId, delivered) -> {
                if (!sent.get(eventId).isBefore(first)) {
                    points.add(new double[] {Duration.between(first, sent.get(eventId)).toNanos() / 1e9,
                        millis(sent.get(eventId), delivered)});
                    Instant decided = outcome.decidedByEvent().get(eventId);
                    toDecision.add(millis(sent.get(eventId), decided));
                    toDelivery.add(millis(decided, delivered));
                }
            });
            return new Steady(count, rate, Latencies.of(points.stream().mapToDouble(p -> p[1]).toArray()),
                    Latencies.of(toDecision.stream().mapToDouble(Double::doubleValue).toArray()),
                    Latencies.of(toDelivery.stream().mapToDouble(Double::doubleValue).toArray()),
                    points, cpu, services.get(0).heap(), catchUp);
        }
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    /** A fresh site for one measurement: nothing left in its broker or database from the one before. */
    private Site open(Setup setup, Path dir) throws Exception {
        if (setup.production()) {
            return Site.Production.start(artemisHome, dir, freePort());
        }
        Properties config = config(dir, dir);
        write(dir, "bench", config);
        return new Site.Embedded(setup.jar(), dir, config, heap);
    }

    /** The setup's service instances on the site, all sharing one drop folder; the first records a profile. */
    private List<ServiceProcess> startInstances(Setup setup, Path dir, Site site, String name, Path jfr)
            throws Exception {
        List<ServiceProcess> services = new ArrayList<>();
        try {
            for (int i = 1; i <= Math.max(1, setup.instances()); i++) {
                Path instance = setup.instances() > 1 ? Files.createDirectories(dir.resolve("instance-" + i)) : dir;
                Properties config = setup.production() ? config(dir, instance) : read(dir.resolve("bench.properties"));
                site.configure(config);
                services.add(ServiceProcess.start(setup.jar(), write(instance, "bench", config), instance, name, heap,
                        i == 1 ? jfr : null, setup.javaOptions(), setup.javaHome()));
            }
            return services;
        } catch (Exception | Error e) {
            services.forEach(ServiceProcess::close);
            throw e;
        }
    }

    private static Duration cpu(List<ServiceProcess> services) {
        return services.stream().map(ServiceProcess::cpu).reduce(Duration.ZERO, Duration::plus);
    }

    private static void stop(List<ServiceProcess> services) throws InterruptedException {
        for (ServiceProcess service : services) {
            service.stop();
        }
    }

    /** Events {@code from} (inclusive) to {@code to} (exclusive) of the load, at {@code rate} per second. */
    private void sendSteadily(Connection justid, int rate, int from, int to, Map<String, Instant> sent) throws Exception {
        int count = to - from;
        Session session = justid.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(Site.RELEASES));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        AtomicInteger next = new AtomicInteger();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try {
            ticker.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i >= count) {
                    return;
                }
                Event event = load.event(from + i);
                try {
                    synchronized (sent) {
                        sent.put(event.eventId(), Instant.now());
                    }
                    producer.send(session.createTextMessage(event.xml()));
                } catch (Exception e) {
                    throw new IllegalStateException("steady send failed", e);
                }
            }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
            // generous: where the broker holds the sender back (two instances, PostgreSQL and the broker on two
            // cores at 200/s), sending takes longer than planned, which the latencies then show; a run that gives
            // up here loses every figure before it
            await().atMost(Duration.ofSeconds(count / rate * 10L + 300)).until(() -> next.get() >= count);
        } finally {
            ticker.shutdown();
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Every notice in the drop folder and the release queue empty; fails loudly if progress stops. Says how far
     * it is every {@link #PROGRESS}, so that a long phase (a 100,000-event drain) shows it is moving.
     */
    private void awaitDone(String phase, Path dir, Site site, int notices) throws Exception {
        Broker service = site.service();
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
                double elapsed = Duration.between(start, now).toMillis() / 1000.0;
                say("%s: %,d of %,d notices delivered, %,.0f/s, %.0f s", phase, delivered, notices,
                        delivered / elapsed, elapsed);
            }
            if (delivered != last[0]) {
                last[0] = delivered;
                progress[0] = Instant.now();
            } else if (Duration.between(progress[0], Instant.now()).compareTo(STALL) > 0) {
                throw new IllegalStateException("no progress for " + STALL + " with " + delivered + " of " + notices
                        + " notices delivered; see the logs under " + dir);
            }
            return delivered >= notices && service.isEmpty(Site.RELEASES);
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

    /**
     * The service's defaults, but for its folders and ports, and every municipality's channel made XML: the
     * instance's data folder in {@code instance}, the drop folder shared by all instances of the setup in {@code dir}.
     */
    private Properties config(Path dir, Path instance) throws IOException {
        Path recipients = dir.resolve("recipients.csv");
        Files.writeString(recipients, BenchEvents.xmlRecipients(Files.readString(shippedRecipients)));
        Properties p = new Properties();
        p.setProperty("bij.data.dir", instance.resolve("data").toAbsolutePath().toString());
        p.setProperty("bij.mode", "development");
        p.setProperty("bij.delivery.outbox-dir", dir.resolve("outbox").toAbsolutePath().toString());
        p.setProperty("bij.delivery.recipients", "file:" + recipients.toAbsolutePath());
        p.setProperty("bij.broker.embedded.port", String.valueOf(freePort()));
        p.setProperty("bij.admin.port", String.valueOf(freePort()));
        p.putAll(settings);
        return p;
    }

    static Path write(Path dir, String name, Properties config) throws IOException {
        Path file = dir.resolve(name + ".properties");
        try (OutputStream o = Files.newOutputStream(file)) {
            config.store(o, "bench/throughput");
        }
        return file;
    }

    static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }

    private static int port(Properties config) {
        return Integer.parseInt(config.getProperty("bij.broker.embedded.port"));
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private List<String> commandLine() {
        List<String> args = new ArrayList<>(List.of("--events", String.valueOf(events), "--rate",
                rates.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")), "--seconds",
                String.valueOf(seconds), "--warmup", String.valueOf(warmup), "--heap", heap, "--instances",
                instances.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))));
        javaVariants.forEach((k, v) -> args.addAll(List.of("--java-variant", "'" + k + "=" + v + "'")));
        variantJava.forEach((k, v) -> args.addAll(List.of("--variant-java", k + "=" + v)));
        if (beforeRef != null) {
            args.addAll(0, List.of("--before", beforeRef));
        }
        settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        return args;
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    private static void say(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
    }

    /** A 100,000-event drain leaves gigabytes of journal, database and notices; the logs and profiles stay. */
    private static void forgetData(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.filter(p -> Set.of("data", "outbox", "broker").contains(p.getFileName().toString()))
                    .filter(Files::isDirectory).toList()) {
                deleteTree(p);
            }
        }
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
