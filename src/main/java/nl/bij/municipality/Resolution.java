package nl.bij.municipality;

import java.util.List;

/** Which mayor, or why there is none to inform (docs/law.md §6). */
public sealed interface Resolution {

    /**
     * @param code          the municipality's current 4-digit code on the provision date
     * @param name          its name
     * @param reviewReasons reasons for an operator to look, which do not stop the notice
     */
    record Mayor(String code, String name, List<ReviewReason> reviewReasons) implements Resolution {
        public Mayor {
            reviewReasons = List.copyOf(reviewReasons);
        }
    }

    /** @param candidates for a split municipality: the codes its area went to, for the operator who chooses */
    record NoMayor(ReviewReason reason, List<String> candidates) implements Resolution {
        public NoMayor {
            candidates = List.copyOf(candidates);
        }

        public NoMayor(ReviewReason reason) {
            this(reason, List.of());
        }
    }

    /** docs/contract.md §2 reason codes of municipality resolution. */
    enum ReviewReason {
        ABROAD, CARIBBEAN_NETHERLANDS, NO_DUTCH_ADDRESS, UNKNOWN_MUNICIPALITY, MUNICIPALITY_SPLIT,
        INTENDED_MUNICIPALITY_DIFFERS
    }
}
