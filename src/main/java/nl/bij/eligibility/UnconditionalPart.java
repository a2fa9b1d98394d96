package nl.bij.eligibility;

import java.time.Period;
import java.util.List;
import java.util.Optional;

import nl.bij.intake.ReleaseEvent.Sanction;

/**
 * The unconditional part of a conviction's custodial sentences: {@code duration} minus {@code conditionalPart},
 * summed over its gevangenisstraf and hechtenis.
 *
 * <p>"One year or longer" is read as: at least 12 months, or at least 365 days counting a month as 30 days
 * (art. 88 Sr). So {@code P1Y}, {@code P12M} and {@code P365D} qualify, {@code P360D} and {@code P11M30D} do not.
 */
final class UnconditionalPart {

    private UnconditionalPart() {
    }

    /** Empty when a custodial sentence has no duration: the threshold cannot be judged, so a person must. */
    static Optional<Period> of(List<Sanction> custodial) {
        Period total = Period.ZERO;
        for (Sanction sanction : custodial) {
            if (sanction.duration().isEmpty()) {
                return Optional.empty();
            }
            Period part = sanction.duration().get().minus(sanction.conditionalPart().orElse(Period.ZERO));
            total = total.plus(days(part) > 0 ? part : Period.ZERO);
        }
        return Optional.of(total);
    }

    static boolean isZero(Period period) {
        return days(period) <= 0;
    }

    static boolean isAtLeastOneYear(Period period) {
        return period.toTotalMonths() >= 12 || days(period) >= 365;
    }

    /** Length in days with a month of 30 days (art. 88 Sr) and a year of 12 months. */
    private static long days(Period period) {
        return period.toTotalMonths() * 30 + period.getDays();
    }
}
