package nl.bij.bench;

import java.time.Duration;
import java.util.List;

/** The figures of one benchmark run. */
final class Runs {

    private Runs() {
    }

    /**
     * Raw Artemis: {@code messages} moved queue to queue, a transaction each, in {@code embedded} on the service's
     * embedded broker as configured, and in {@code standalone} on a broker made by {@code artemis create} with its
     * defaults ({@code standaloneTuning}: what it chose for this disk).
     */
    record Baseline(int messages, int consumers, Duration embedded, Duration standalone, String standaloneTuning) {
        double rate() {
            return messages / seconds(embedded);
        }

        double standaloneRate() {
            return messages / seconds(standalone);
        }
    }

    /** A backlog of {@code events} drained by one build of the service. */
    record Drain(int events, Outcome outcome, Duration startup, Duration cpu, Duration brokerCpu, Heap heap,
                 long databaseBytes) {
        Duration took() {
            return Duration.between(outcome.firstReceived(), outcome.lastFinished());
        }

        double rate() {
            return events / seconds(took());
        }

        /** The rate over the second half of the drain, when the JIT has compiled the hot path. */
        double secondHalfRate() {
            java.time.Instant middle = outcome.firstReceived().plus(took().dividedBy(2));
            long finished = outcome.finished().stream().filter(t -> !t.isBefore(middle)).count();
            return finished / seconds(Duration.between(middle, outcome.lastFinished()));
        }
    }

    /**
     * Events sent at a steady {@code rate} for a while; {@code points} holds (seconds since the first send,
     * milliseconds from send to notice delivered) for every notice. {@code toDecision} and {@code toDelivery} split
     * each notice's latency where intake decided on its event: the queue and intake before, the commit, the hand-over
     * and delivery after. {@code catchUp}: how long the service took, after the warm-up's last send, to deliver all
     * of it.
     */
    record Steady(int events, int rate, Latencies latencies, Latencies toDecision, Latencies toDelivery,
                  List<double[]> points, Duration cpu, Heap heap, Duration catchUp) {
    }

    /** One build of the service on one site, measured both ways (a steady load per rate). */
    record Service(String label, Drain drain, List<Steady> steady, String profile) {
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
