package nl.bij.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What a reviewer gets to see: the event, without the aftercare block and without the BSN. */
class ReviewCopyTest {

    @Test
    void theCopyForAReviewerHasThePersonButNoBsnAndNoAftercare() {
        String copy = new String(ReviewCopy.of(Events.full().getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);

        assertThat(copy).contains("<surname>Zwaantjes-Plantinga</surname>", "<personId scheme=\"SKN\">")
                .doesNotContain("999999990", "<bsn", Events.AFTERCARE);
        assertThat(new ReleaseEventReader().read(copy)).as("still a valid release event").isInstanceOf(IntakeOutcome.Accepted.class);
    }
}
