package nl.bij.eligibility;

import java.util.List;

/** The law's answer for one release event: qualifies (and by which convictions), does not, or a person decides. */
public sealed interface Eligibility {

    /**
     * @param route       the route of the decision's reason code (the first by precedence)
     * @param convictions the qualifying convictions, by their index in the event: only these go in a notice
     */
    record Qualifies(Route route, List<QualifyingConviction> convictions) implements Eligibility {
        public Qualifies {
            convictions = List.copyOf(convictions);
        }
    }

    record NotQualifying(Reason reason) implements Eligibility {
    }

    /**
     * @param reason    the decision's reason code: the first question
     * @param questions every question a person's judgment answers, the first included: one judgment that the person
     *                  qualifies answers them all, so the operator must see them all
     */
    record NeedsReview(Reason reason, List<Reason> questions) implements Eligibility {
        public NeedsReview {
            questions = List.copyOf(questions);
        }

        public NeedsReview(Reason reason) {
            this(reason, List.of(reason));
        }
    }

    record QualifyingConviction(int index, Route route) {
    }
}
