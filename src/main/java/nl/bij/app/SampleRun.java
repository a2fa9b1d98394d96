package nl.bij.app;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.MainSupport;

import nl.bij.state.DecisionLog;
import nl.bij.state.DecisionRecord;

/**
 * The embedded default run's demonstration: once the service is up, sends every file of the samples folder
 * through the real release queue, waits until each has its decision, and prints a summary. The service keeps
 * running afterwards unless asked to exit.
 */
final class SampleRun extends MainListenerSupport {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Path folder;
    private final Properties settings;
    private final boolean exitWhenDone;
    private final PrintStream out;
    private volatile int exitCode;

    SampleRun(Path folder, Properties settings, boolean exitWhenDone, PrintStream out) {
        this.folder = folder;
        this.settings = settings;
        this.exitWhenDone = exitWhenDone;
        this.out = out;
    }

    int exitCode() {
        return exitCode;
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        Thread runner = new Thread(() -> run(main), "bij-sample-run");
        runner.setDaemon(true);
        runner.start();
    }

    private void run(BaseMainSupport main) {
        try {
            Map<Path, String> sent = sendAll();
            DecisionLog decisions = main.getCamelContext().getRegistry()
                    .lookupByNameAndType("decisionLog", DecisionLog.class);
            boolean complete = awaitDecisions(decisions, sent.values());
            printSummary(sent, decisions, main.getCamelContext());
            exitCode = complete ? 0 : 1;
        } catch (Exception e) {
            out.println("Sample run failed: " + e);
            exitCode = 1;
        }
        if (exitWhenDone && main instanceof MainSupport running) {
            running.completed();
        }
    }

    private Map<Path, String> sendAll() throws Exception {
        Map<Path, String> sent = new LinkedHashMap<>();
        try (JustidSender justid = new JustidSender(settings)) {
            for (Path file : files()) {
                sent.put(file, justid.send(file));
            }
        }
        return sent;
    }

    private List<Path> files() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the samples folder " + folder, e);
        }
    }

    private static boolean awaitDecisions(DecisionLog decisions, Iterable<String> messageIds)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            boolean all = true;
            for (String id : messageIds) {
                all &= decisions.byMessageId(id).filter(d -> d.decision().isFinal()).isPresent();
            }
            if (all) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private void printSummary(Map<Path, String> sent, DecisionLog decisions, CamelContext camel) {
        String queue = settings.getProperty("bij.queue.releases");
        out.println();
        out.printf("Sample run: %d messages sent to queue %s on %s%n", sent.size(), queue, Settings.brokerUrl(settings));
        out.printf("  %-38s %-36s %-14s %s%n", "sample", "eventId", "decision", "reason");
        Map<String, Integer> totals = new TreeMap<>();
        sent.forEach((file, messageId) -> {
            Optional<DecisionRecord> d = decisions.byMessageId(messageId);
            String decision = d.map(r -> r.decision().name()).orElse("(none yet)");
            totals.merge(decision, 1, Integer::sum);
            out.printf("  %-38s %-36s %-14s %s%n", file.getFileName(), d.flatMap(DecisionRecord::eventId).orElse("-"),
                    decision, d.map(r -> r.reason() + ": " + r.detail()
                            + (r.reviewReasons().isEmpty() ? "" : " [review: " + String.join(", ", r.reviewReasons()) + "]"))
                            .orElse(""));
        });
        out.println("  totals: " + totals);
        out.println("Notices: signed XML in " + Path.of(settings.getProperty("bij.delivery.outbox-dir")).toAbsolutePath()
                + "/<municipality>/<noticeId>.xml" + (settings.getProperty("bij.mail.host", "").isBlank()
                ? ", mail notices beside them as <noticeId>.eml (no mail relay configured)" : ", mail via "
                + settings.getProperty("bij.mail.host")) + ".");
        out.println("Rejected messages are kept, aftercare removed, on queue " + settings.getProperty("bij.queue.rejected")
                + "; failed deliveries on " + settings.getProperty("bij.queue.delivery-failed")
                + "; every decision is also in the log under 'bij.decision'.");
        if (exitWhenDone) {
            out.println("The service stops now (--exit-after-samples).");
        } else {
            out.println("The service keeps listening on " + Settings.brokerUrl(settings) + " (Ctrl-C stops it). Send more with:");
            out.println("  java -jar target/bij-service.jar send samples/01-final-release-zeden.xml");
        }
        out.println();
    }
}
