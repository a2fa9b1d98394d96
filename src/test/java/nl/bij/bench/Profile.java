package nl.bij.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A readable summary of a JFR recording of the service: where its CPU went (execution samples: the methods on top
 * of the stack, and the methods most often anywhere on it, ours and the libraries'), what it allocated and where,
 * where the JMS consumers waited, and how often and how long it forced data to disk (every durable commit of the
 * broker journal or the database does).
 */
final class Profile {

    private static final int TOP = 25;

    private Profile() {
    }

    static String summarize(Path recording, String title) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> libraries = new HashMap<>();
        Map<String, long[]> forces = new HashMap<>();
        Map<String, Double> threads = new HashMap<>();
        Map<String, Long> allocated = new HashMap<>();
        Map<String, List<Long>> waits = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            String type = event.getEventType().getName();
            if (type.equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                samples++;
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                count(frames, self, inclusive);
                if (!frames.isEmpty()) {
                    libraries.merge(library(frames.get(0)), 1, Integer::sum);
                }
            } else if (type.equals("jdk.ObjectAllocationSample") && event.getStackTrace() != null) {
                allocated.merge(allocatedBy(event.getStackTrace().getFrames()), event.getLong("weight"), Long::sum);
            } else if (type.equals("jdk.ThreadCPULoad") && event.getThread() != null) {
                // one reading per second per thread: the summed percentages weigh the threads against each other
                String thread = String.valueOf(event.getThread().getJavaName()).replaceAll("\\d+", "N");
                threads.merge(thread, (double) event.getFloat("user") + event.getFloat("system"), Double::sum);
            } else if ((type.equals("jdk.ThreadPark") || type.equals("jdk.JavaMonitorEnter")) && onTheWay(event)) {
                waits.computeIfAbsent(waitedFor(event.getStackTrace().getFrames()), k -> new ArrayList<>())
                        .add(event.getDuration().toNanos());
            } else if (type.equals("jdk.FileForce")) {
                String path = event.getString("path");
                String where = path == null ? "?" : path.contains("/broker/") ? "broker journal" : path.contains("/db/")
                        ? "H2 database" : "other";
                long[] totals = forces.computeIfAbsent(where, k -> new long[2]);
                totals[0]++;
                totals[1] += event.getDuration().toNanos();
            }
        }
        StringBuilder out = new StringBuilder("# Profile: " + title + "\n\n");
        out.append(samples).append(" CPU samples (JFR, settings=profile: one per 10 ms per running thread).\n\n")
                // measured: the H2 commit was 27% of these samples, yet taking its write away made the drain 18% faster
                .append("The shares below are of these samples: Java code running on Java threads. The JIT compiler")
                .append(" (its threads are in \"CPU by thread\"), the garbage collector and the kernel are not in them,")
                .append(" so a share here overstates what removing that cost would gain.\n\n");
        notable(out, inclusive, samples);
        threads(out, threads);
        table(out, "Our methods anywhere on the stack (inclusive time)", ours(inclusive), samples);
        table(out, "Self time by package", libraries, samples);
        table(out, "Methods on top of the stack (self time)", self, samples);
        allocation(out, allocated);
        waits(out, waits);
        out.append("## Slow forced writes to disk (jdk.FileForce over 20 ms)\n\n| where | count | total |\n|---|---:|---:|\n");
        forces.forEach((where, t) -> out.append("| ").append(where).append(" | ").append(t[0]).append(" | ")
                .append(Duration.ofNanos(t[1]).toMillis()).append(" ms |\n"));
        return out.toString();
    }

    static void write(Path recording, String title, Path out) throws IOException {
        Files.writeString(out, summarize(recording, title));
    }

    private static void count(List<RecordedFrame> frames, Map<String, Integer> self, Map<String, Integer> inclusive) {
        if (frames.isEmpty()) {
            return;
        }
        self.merge(name(frames.get(0)), 1, Integer::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            if (seen.add(name)) {
                inclusive.merge(name, 1, Integer::sum);
            }
        }
    }

    /** The costs this benchmark was built to find, each as its share of the CPU samples. */
    private static final Map<String, String> NOTABLE = new LinkedHashMap<>();
    static {
        NOTABLE.put("org.h2.mvstore.tx.Transaction.commit", "H2 commit (WRITE_DELAY=0: a chunk written per commit)");
        NOTABLE.put("nl.bij.notice.NoticeSigner.sign", "XML signature of a notice (RSA-3072)");
        NOTABLE.put("nl.bij.notice.NoticeDocuments.validate", "schema validation of the signed notice");
        NOTABLE.put("nl.bij.intake.ReleaseEventReader.read", "reading a release event (hardened parser, schema)");
        NOTABLE.put("org.apache.activemq.artemis.jms.client.ActiveMQSession.commit", "JMS commit (round trip)");
        NOTABLE.put("org.apache.camel.component.file.GenericFileProducer.process", "writing the notice file");
    }

    private static void notable(StringBuilder out, Map<String, Integer> inclusive, int samples) {
        out.append("## The main costs (inclusive)\n\n| share | what |\n|---:|---|\n");
        NOTABLE.forEach((method, what) -> out.append(String.format("| %.1f%% | %s (`%s`) |%n",
                100.0 * inclusive.getOrDefault(method, 0) / samples, what, method)));
        out.append('\n');
    }

    /** JIT compiler threads show here and not in the samples, which cover Java code only. */
    private static void threads(StringBuilder out, Map<String, Double> threads) {
        double total = threads.values().stream().mapToDouble(Double::doubleValue).sum();
        out.append("## CPU by thread (jdk.ThreadCPULoad; GC threads are not listed)\n\n| share | thread |\n|---:|---|\n");
        threads.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                .forEach(e -> out.append(String.format("| %.1f%% | %s |%n", 100 * e.getValue() / total, e.getKey())));
        out.append('\n');
    }

    private static Map<String, Integer> ours(Map<String, Integer> inclusive) {
        Map<String, Integer> ours = new HashMap<>();
        inclusive.forEach((method, n) -> {
            if (method.startsWith("nl.bij.") && !method.startsWith("nl.bij.app.BijService")) {
                ours.put(method, n);
            }
        });
        return ours;
    }

    /**
     * Who asked for the memory: the first frame outside the JDK (the library or our code that allocated, directly or
     * through the JDK), and the first of our methods on the stack, if any (none: Camel's or a library's own thread).
     */
    private static String allocatedBy(List<RecordedFrame> frames) {
        String caller = frames.stream().map(Profile::name).filter(Profile::outsideTheJdk).findFirst().orElse("(the JDK)");
        String ours = frames.stream().map(Profile::name).filter(name -> name.startsWith("nl.bij.")).findFirst()
                .orElse("-");
        return "`" + caller + "` | `" + ours + "`";
    }

    /** JFR's allocation samples, each weighted by the memory it stands for (an estimate, not a count). */
    private static void allocation(StringBuilder out, Map<String, Long> allocated) {
        long total = allocated.values().stream().mapToLong(Long::longValue).sum();
        out.append("## Allocation (jdk.ObjectAllocationSample, by weight)\n\n")
                .append(String.format("%,d MB allocated in all, as JFR estimates it from its samples.%n%n", total >> 20))
                .append("| share | MB | allocated by (first frame outside the JDK) | within our method |\n|---:|---:|---|---|\n");
        allocated.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> out.append(String.format("| %.1f%% | %,d | %s |%n", 100.0 * e.getValue() / total,
                        e.getValue() >> 20, e.getKey())));
        out.append('\n');
    }

    private static boolean outsideTheJdk(String method) {
        return !method.startsWith("java.") && !method.startsWith("jdk.") && !method.startsWith("sun.")
                && !method.startsWith("com.sun.");
    }

    /** A wait of a thread that a release event or a notice passes through: Camel's JMS consumers. */
    private static boolean onTheWay(RecordedEvent event) {
        return event.getThread() != null && String.valueOf(event.getThread().getJavaName()).contains("JmsConsumer")
                && event.getStackTrace() != null;
    }

    /**
     * What a thread waited in: the first method outside the JDK (the lock's or the socket's owner) and the first of
     * another class that called it, e.g. {@code ChannelImpl.sendBlocking <- ActiveMQSessionContext.simpleCommit}.
     */
    private static String waitedFor(List<RecordedFrame> frames) {
        List<String> outside = frames.stream().map(Profile::name).filter(Profile::outsideTheJdk).toList();
        if (outside.isEmpty()) {
            return "(the JDK)";
        }
        String first = outside.get(0);
        String type = first.substring(0, first.lastIndexOf('.'));
        String caller = outside.stream().filter(name -> !name.startsWith(type + ".")).findFirst().orElse("");
        return "`" + shortName(first) + "` <- `" + shortName(caller) + "`";
    }

    private static String shortName(String method) {
        String[] parts = method.split("\\.");
        return parts.length < 2 ? method : parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    /**
     * Where the JMS consumers waited, from JFR's thread-park and monitor events (recorded over 10 ms with
     * settings=profile): the waits a notice's latency is made of, beside the CPU it used.
     */
    private static void waits(StringBuilder out, Map<String, List<Long>> waits) {
        out.append("## Where the JMS consumers waited (jdk.ThreadPark and jdk.JavaMonitorEnter over 10 ms)\n\n")
                .append("| waits | total | median | longest | in |\n|---:|---:|---:|---:|---|\n");
        waits.entrySet().stream().sorted(Map.Entry.<String, List<Long>>comparingByValue(
                java.util.Comparator.comparingLong(l -> -l.stream().mapToLong(Long::longValue).sum()))).limit(TOP / 2)
                .forEach(e -> {
                    List<Long> nanos = e.getValue().stream().sorted().toList();
                    out.append(String.format("| %,d | %,d ms | %d ms | %d ms | %s |%n", nanos.size(),
                            nanos.stream().mapToLong(Long::longValue).sum() / 1_000_000, nanos.get(nanos.size() / 2) / 1_000_000,
                            nanos.get(nanos.size() - 1) / 1_000_000, e.getKey()));
                });
        out.append('\n');
    }

    /** The first three parts of the package: org.h2.mvstore, com.sun.org, java.math, ... */
    private static String library(RecordedFrame frame) {
        String[] parts = frame.getMethod().getType().getName().split("\\.");
        return String.join(".", java.util.Arrays.copyOf(parts, Math.min(3, parts.length - 1)));
    }

    /** Summarises a recording made elsewhere: {@code Profile <file.jfr>}. */
    public static void main(String[] args) throws IOException {
        System.out.print(summarize(Path.of(args[0]), args[0]));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void table(StringBuilder out, String heading, Map<String, Integer> counts, int samples) {
        out.append("## ").append(heading).append("\n\n| share | samples | method |\n|---:|---:|---|\n");
        Map<String, Integer> top = new LinkedHashMap<>();
        counts.entrySet().stream().filter(e -> !isPlumbing(e.getKey()))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        top.forEach((method, n) -> out.append(String.format("| %.1f%% | %d | `%s` |%n", 100.0 * n / samples, n, method)));
        out.append('\n');
    }

    /** Thread entry points and reflection are on every stack and say nothing about the cost. */
    private static boolean isPlumbing(String method) {
        return method.startsWith("java.lang.Thread.") || method.startsWith("java.util.concurrent.ThreadPoolExecutor")
                || method.startsWith("jdk.internal.reflect.") || method.startsWith("java.lang.reflect.");
    }
}
