package nl.bij.bench;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import nl.bij.eligibility.EligibilityRules;
import nl.bij.eligibility.Law;
import nl.bij.eligibility.AttemptPolicy;
import nl.bij.intake.IntakeOutcome.Accepted;
import nl.bij.intake.ReleaseEvent;
import nl.bij.intake.ReleaseEventReader;
import nl.bij.lifecycle.CaseRules;
import nl.bij.lifecycle.CaseState;
import nl.bij.lifecycle.Reach;
import nl.bij.municipality.MunicipalityRegister;

/**
 * How fast the decision engine is, on the valid sample events (every route, several review reasons, mergers,
 * abroad and Caribbean Netherlands): {@code decide} is eligibility plus municipality resolution; {@code readAndDecide}
 * adds the hardened XML intake, so the two together show which part dominates; {@code decideCase} is the lifecycle
 * rules' whole answer for a first event (the law on the provision date, the window, the mayor, the channel). Run
 * with {@code bench/run}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {

    private static final LocalDate PROVISION_DATE = LocalDate.of(2026, 11, 29);
    /** The number of valid samples; JMH reports per event, not per pass over the mix. */
    static final int MIX = 13;

    private EligibilityRules rules;
    private MunicipalityRegister register;
    private ReleaseEventReader reader;
    private CaseRules caseRules;
    private List<byte[]> documents;
    private List<ReleaseEvent> events;

    @Setup
    public void load() {
        rules = new EligibilityRules(Law.catalogue(), AttemptPolicy.MANUAL);
        register = MunicipalityRegister.load("municipalities.csv", resource("config/data/municipalities.csv"),
                "mergers_annotated.csv", resource("config/data/mergers_annotated.csv"));
        reader = new ReleaseEventReader();
        caseRules = new CaseRules(rules, register, new Reach() {
            @Override
            public boolean connected(String municipality) {
                return true;
            }

            @Override
            public java.util.Optional<String> suppression(String municipality, LocalDate day) {
                return java.util.Optional.empty();
            }
        });
        documents = samples().stream().filter(document -> reader.read(document) instanceof Accepted).toList();
        events = documents.stream().map(document -> ((Accepted) reader.read(document)).event()).toList();
        if (events.size() != MIX) {
            throw new IllegalStateException("expected " + MIX + " valid samples, found " + events.size());
        }
    }

    @Benchmark
    @OperationsPerInvocation(MIX)
    public void decide(Blackhole sink) {
        for (ReleaseEvent event : events) {
            sink.consume(rules.assess(event, PROVISION_DATE));
            sink.consume(register.resolve(event.destination(), PROVISION_DATE));
        }
    }

    /** The whole lifecycle answer for a first event of its case: the law, the window, the mayor, the channel. */
    @Benchmark
    @OperationsPerInvocation(MIX)
    public void decideCase(Blackhole sink) {
        for (ReleaseEvent event : events) {
            sink.consume(caseRules.decide(event, CaseState.none(), PROVISION_DATE));
        }
    }

    @Benchmark
    @OperationsPerInvocation(MIX)
    public void readAndDecide(Blackhole sink) {
        for (byte[] document : documents) {
            ReleaseEvent event = ((Accepted) reader.read(document)).event();
            sink.consume(rules.assess(event, PROVISION_DATE));
            sink.consume(register.resolve(event.destination(), PROVISION_DATE));
        }
    }

    private static List<byte[]> samples() {
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            return files.filter(f -> f.toString().endsWith(".xml")).sorted().map(DecisionBenchmark::bytes).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("run from the repository root: samples/ not found", e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStreamReader resource(String name) {
        return new InputStreamReader(DecisionBenchmark.class.getClassLoader().getResourceAsStream(name),
                StandardCharsets.UTF_8);
    }
}
