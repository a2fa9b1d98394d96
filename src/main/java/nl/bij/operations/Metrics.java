package nl.bij.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import nl.bij.state.Decision;
import nl.bij.state.DecisionListener;
import nl.bij.state.DecisionRecord;
import nl.bij.state.OperatorStore;

/**
 * What operators graph and alert on, in Prometheus format on the admin API: decisions by decision and reason code,
 * deliveries by channel and outcome, retries, queue depths, the age of the oldest failed and review item, the JVM.
 * Labels are codes only: a free-text reason (a suppression's, a channel's error) is counted as "other".
 */
public final class Metrics implements DecisionListener {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,40}");
    private static final Set<Decision> FREE_TEXT_REASONS = Set.of(Decision.FAILED, Decision.SUPPRESSED);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock;
    private final Timer latency;

    public Metrics(OperatorStore store, BrokerQueues queues, List<String> queueNames, Clock clock) {
        this.clock = clock;
        // buckets for what a mayor's office and an operator ask: seconds, a minute, the retries' hours
        latency = Timer.builder("bij_notice_latency")
                .description("From Justid's send to the notice's delivery, for notices not held for their window")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1),
                        Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(6))
                .register(registry);
        Gauge.builder("bij.build.info", () -> 1).description("The running build: its version")
                .tag("version", Optional.ofNullable(Metrics.class.getPackage().getImplementationVersion())
                        .orElse("development"))
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (String decision : List.of("FAILED", "MANUAL_REVIEW")) {
            Gauge.builder("bij_oldest_item_age_seconds", () -> oldestAge(store, decision, clock))
                    .description("Age of the oldest event in this state").tag("decision", decision).register(registry);
        }
        for (String queue : queueNames) {
            Gauge.builder("bij_queue_depth", () -> queues.depth(queue))
                    .description("Messages on the queue, as the broker counts them (scheduled retries included)")
                    .tag("queue", queue)
                    .register(registry);
        }
    }

    /**
     * From Justid's send to the notice's delivery: the figure a mayor waits on. A notice held for its window is left
     * out (it leaves on its day by design); a retried or replayed one counts with all its waiting.
     */
    @Override
    public void delivered(DecisionRecord decision, boolean held) {
        if (!held) {
            latency.record(Duration.between(decision.sentAt(), decision.decidedAt()));
        }
    }

    @Override
    public void committed(DecisionRecord decision) {
        String reason = FREE_TEXT_REASONS.contains(decision.decision()) || !CODE.matcher(decision.reason()).matches()
                ? "other" : decision.reason();
        Counter.builder("bij_decisions").description("Decisions committed, by decision and reason code")
                .tag("decision", decision.decision().name()).tag("reason", reason).register(registry).increment();
    }

    /**
     * How long the signing certificate is still valid (negative once expired), for an alert well before receivers
     * start refusing notices; the service also warns at start and alerts 30 days before.
     */
    public void watchCertificate(Instant notAfter) {
        Gauge.builder("bij_signing_certificate_expiry_seconds", () -> Duration.between(clock.instant(), notAfter).toSeconds())
                .description("Seconds until the notice signing certificate expires").register(registry);
    }

    /** A delivery attempt ended: {@code outcome} is delivered, retried or failed. */
    public void delivery(String channel, String outcome) {
        Counter.builder("bij_deliveries").description("Delivery attempts by channel and outcome")
                .tag("channel", channel == null || channel.isBlank() ? "unknown" : channel).tag("outcome", outcome)
                .register(registry).increment();
    }

    public io.micrometer.core.instrument.MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    private static double oldestAge(OperatorStore store, String decision, Clock clock) {
        Object at = store.oldest(decision);
        return at == null ? 0 : Duration.between(Instant.parse((String) at), clock.instant()).toSeconds();
    }
}
