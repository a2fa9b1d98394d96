package nl.bij.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of the packaged service in its own JVM, as operators run it (the distribution's launcher, or
 * {@code java -jar bij-service.jar} for a build from before the distribution): the
 * benchmark measures that process's CPU time and heap (from its GC log), and can record a JFR profile of it.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Duration START_PATIENCE = Duration.ofSeconds(120);
    /** The Java the benchmark itself runs on: every service's, unless a variant names another. */
    static final Path OWN_JAVA = Path.of(System.getProperty("java.home"));

    private final Process process;
    private final Path log;
    private final Path gcLog;

    private ServiceProcess(Process process, Path log, Path gcLog) {
        this.process = process;
        this.log = log;
        this.gcLog = gcLog;
    }

    /** Starts the jar with {@code config}; {@code jfr} non-null records a CPU profile there until it stops. */
    static ServiceProcess start(Path jar, Path config, Path dir, String name, String heap, Path jfr)
            throws IOException {
        return start(jar, config, dir, name, heap, jfr, List.of(), OWN_JAVA);
    }

    /** The same with JVM options of its own ({@code -XX:...}), before {@code -jar}, on the Java in {@code javaHome}. */
    static ServiceProcess start(Path jar, Path config, Path dir, String name, String heap, Path jfr,
                                List<String> javaOptions, Path javaHome) throws IOException {
        Path folder = dir.toAbsolutePath();
        Path log = folder.resolve(name + ".log");
        Path gcLog = folder.resolve(name + "-gc.log");
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap, "-Xlog:gc:file=" + gcLog + ":uptime"));
        if (jfr != null) {
            jvm.add("-XX:StartFlightRecording=filename=" + jfr.toAbsolutePath() + ",settings=profile,dumponexit=true");
        }
        jvm.addAll(javaOptions);
        ProcessBuilder builder = launcher(jar) ? viaLauncher(jar, jvm, javaHome) : viaJar(jar, jvm, javaHome);
        builder.command().addAll(List.of("--config", config.toAbsolutePath().toString()));
        Process process = builder.directory(folder.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        ServiceProcess service = new ServiceProcess(process, log, gcLog);
        service.awaitStarted();
        return service;
    }

    /** A distribution's {@code bin/bij-service} rather than a jar: run as installed, with its own JVM options. */
    static boolean launcher(Path build) {
        return !build.getFileName().toString().endsWith(".jar");
    }

    private static ProcessBuilder viaJar(Path jar, List<String> jvm, Path javaHome) {
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString()));
        command.addAll(jvm);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        return new ProcessBuilder(command);
    }

    /**
     * The launcher adds its options (collector, heap, native library) first; ours come after in JAVA_OPTS and win. Our
     * {@code -Xmx} makes the launcher leave out its heap size, as an administrator's would.
     */
    private static ProcessBuilder viaLauncher(Path launcher, List<String> jvm, Path javaHome) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(launcher.toAbsolutePath().toString())));
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("JAVA_OPTS", String.join(" ", jvm));
        return builder;
    }

    private void awaitStarted() {
        awaitInLog(process, log, ") started in", START_PATIENCE, "the service");
    }

    /** Waits until {@code marker} stands in the process's log; kills the process if it ends or the time runs out. */
    static void awaitInLog(Process process, Path log, String marker, Duration patience, String what) {
        try {
            await().atMost(patience).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(what + " did not start; see " + log);
                }
                return Files.readString(log, StandardCharsets.UTF_8).contains(marker);
            });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** CPU time (user + system) of the whole service process so far. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** A clean stop (SIGTERM: Camel finishes what it holds), as an operator's restart would do. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the service did not stop within 2 minutes; see " + log);
        }
    }

    Heap heap() throws IOException {
        return Heap.fromGcLog(gcLog);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
