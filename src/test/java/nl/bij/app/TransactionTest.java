package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import nl.bij.intake.Events;
import nl.bij.state.Decision;
import nl.bij.state.DecisionLog;
import nl.bij.state.DecisionRecord;
import nl.bij.state.CaseChange;
import nl.bij.state.CaseFile;
import nl.bij.state.PendingNotice;

/**
 * An unexpected failure while recording a decision must lose nothing: the receive and the copy to the rejected
 * queue roll back together, the broker redelivers, and a message that keeps failing ends on the dead-letter queue.
 */
class TransactionTest extends FailingLogTestSupport {

    private static final String FLAKY = "00000000-0000-4000-8000-00000000f1a1";
    private static final String BROKEN = "00000000-0000-4000-8000-00000000dead";

    TransactionTest() {
        super(Map.of(FLAKY, 2, BROKEN, Integer.MAX_VALUE));
    }

    @Test
    void aTransientFailureIsRetriedAndTheRejectedCopyIsKeptOnce() throws Exception {
        String invalid = Events.withEventId(Events.minimal(), FLAKY).replace("</subject>", "</subjec>");
        String id = sendAndAwait(text(invalid)).get(0);

        assertThat(failingLog.attempts(FLAKY)).isEqualTo(3);
        assertThat(decisionOf(id).decision()).isEqualTo(Decision.REJECTED);
        assertThat(browseWhen("bij.queue.rejected", all -> all.stream().anyMatch(m -> FLAKY.equals(property(m, "bijEventId")))))
                .filteredOn(m -> FLAKY.equals(property(m, "bijEventId")))
                .hasSize(1);
    }

    @Test
    void aMessageThatKeepsFailingEndsOnTheDeadLetterQueueAsItsKeptCopy() throws Exception {
        NotifyBuilder failed = new NotifyBuilder(context).fromRoute("bij-intake").whenFailed(3).create();
        String invalid = Events.withEventId(Events.minimal(), BROKEN).replace("</subject>", "</subjec>");
        String messageId;
        try (JustidSender justid = new JustidSender(settings)) {
            messageId = justid.send(justid.session().createTextMessage(invalid));
        }
        assertThat(failed.matches(30, TimeUnit.SECONDS)).isTrue();

        // the copy kept of a message that is not well-formed stops where it breaks (nl.bij.intake.KeptCopy)
        String keptUpTo = invalid.substring(invalid.indexOf("<eventId>"), invalid.indexOf("</dateOfBirth>"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(browse("bij.queue.dead-letter"))
                .singleElement().satisfies(m -> {
                    assertThat(new String(m.getBody(byte[].class), java.nio.charset.StandardCharsets.UTF_8))
                            .contains(keptUpTo).doesNotContain("</subjec>");
                    assertThat(property(m, "bijMessageId")).isEqualTo(messageId);
                    assertThat(property(m, "bijUndecided")).isEqualTo("ATTEMPTS_USED_UP");
                    assertThat(property(m, "_AMQ_ORIG_ADDRESS")).isEqualTo(settings.getProperty("bij.queue.releases"));
                }));
        assertThat(browse("bij.queue.releases-undecided")).isEmpty();
        assertThat(browse("bij.queue.rejected")).noneMatch(m -> BROKEN.equals(property(m, "bijEventId")));
        assertThat(decisionLog().byEventId(BROKEN)).isEmpty();
    }

    /** Fails the first N records of the listed events, as a database outage would. */
    static final class FailingLog implements DecisionLog {
        volatile DecisionLog delegate;
        private final Map<String, Integer> failuresByEventId;
        private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

        FailingLog(Map<String, Integer> failuresByEventId) {
            this.failuresByEventId = failuresByEventId;
        }

        /** The fault is mended: the event's decision is stored from now on (the map must be mutable). */
        void fix(String eventId) {
            failuresByEventId.put(eventId, 0);
        }

        int attempts(String eventId) {
            return attempts.getOrDefault(eventId, new AtomicInteger()).get();
        }

        @Override
        public DecisionRecord record(DecisionRecord decision) {
            failIfListed(decision);
            return delegate.record(decision);
        }

        @Override
        public DecisionRecord recordEvent(DecisionRecord decision, List<PendingNotice> notices,
                                          Optional<CaseChange> change, Optional<nl.bij.state.EventCopy> copy) {
            failIfListed(decision);
            return delegate.recordEvent(decision, notices, change, copy);
        }

        @Override
        public Optional<nl.bij.state.ReviewItem> reviewItem(String messageId) {
            return delegate.reviewItem(messageId);
        }

        @Override
        public Optional<nl.bij.state.EventCopy> heldEvent(String messageId) {
            return delegate.heldEvent(messageId);
        }

        @Override
        public boolean resolveReview(DecisionRecord decision, List<PendingNotice> notices, Optional<CaseChange> change,
                                     Optional<nl.bij.state.EventCopy> held) {
            return delegate.resolveReview(decision, notices, change, held);
        }

        @Override
        public boolean judgeReview(String messageId, nl.bij.lifecycle.Judgment judgment, String by, java.time.Instant at) {
            return delegate.judgeReview(messageId, judgment, by, at);
        }

        @Override
        public boolean judgedAgain(DecisionRecord decision, List<PendingNotice> notices, Optional<CaseChange> change,
                                   Optional<nl.bij.state.EventCopy> reviewCopy) {
            return delegate.judgedAgain(decision, notices, change, reviewCopy);
        }

        @Override
        public boolean acknowledgeFlags(String messageId, String by, java.time.Instant at) {
            return delegate.acknowledgeFlags(messageId, by, at);
        }

        @Override
        public boolean advance(DecisionRecord decision, Decision expected) {
            return delegate.advance(decision, expected);
        }

        @Override
        public Optional<CaseFile> caseFile(String caseId) {
            return delegate.caseFile(caseId);
        }

        @Override
        public void update(DecisionRecord decision, int attempts) {
            delegate.update(decision, attempts);
        }

        private void failIfListed(DecisionRecord decision) {
            String eventId = decision.eventId().orElse("");
            int attempt = attempts.computeIfAbsent(eventId, k -> new AtomicInteger()).incrementAndGet();
            if (attempt <= failuresByEventId.getOrDefault(eventId, 0)) {
                throw new IllegalStateException("decision store unavailable (test)");
            }
        }

        @Override
        public Optional<DecisionRecord> byMessageId(String messageId) {
            return delegate.byMessageId(messageId);
        }

        @Override
        public List<DecisionRecord> byEventId(String eventId) {
            return delegate.byEventId(eventId);
        }

        @Override
        public Map<Decision, Long> countByDecision() {
            return delegate.countByDecision();
        }

        @Override
        public long size() {
            return delegate.size();
        }
    }
}
