package nl.bij.bench;

import java.time.Duration;
import java.util.List;

/** The figures of one benchmark run. */
final class Runs {

    private Runs() {
    }

    /** Raw Artemis: {@code messages} moved queue to queue in {@code took}. */
    record Baseline(int messages, int consumers, Duration took) {
        double rate() {
            return messages / seconds(took);
        }
    }

    /** A backlog of {@code events} drained by one build of the service. */
    record Drain(int events, Outcome outcome, Duration startup, Duration cpu, Heap heap) {
        Duration took() {
            return Duration.between(outcome.firstReceived(), outcome.lastFinished());
        }

        double rate() {
            return events / seconds(took());
        }
    }

    /**
     * Events sent at a steady {@code rate} for a while; {@code points} holds (seconds since the first send,
     * milliseconds from send to notice delivered) for every notice.
     */
    record Steady(int events, int rate, Outcome outcome, Latencies latencies, List<double[]> points, Duration cpu,
                  Heap heap) {
    }

    /** One build of the service, measured both ways. */
    record Service(String label, Drain drain, Steady steady, String profile) {
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
