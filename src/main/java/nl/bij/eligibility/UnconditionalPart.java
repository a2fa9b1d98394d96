package nl.bij.eligibility;

import java.time.Period;
import java.util.List;

import nl.bij.intake.ReleaseEvent.Sanction;
import nl.bij.intake.ReleaseEvent.SanctionType;

/**
 * The unconditional part of a conviction's custodial sentences (gevangenisstraf and hechtenis): duration minus
 * conditional part, summed, and how it stands to "one year or longer", counted as the law is read here:
 *
 * <ul>
 *   <li>A part of zero length ({@code P0D}) is no part at all.</li>
 *   <li>When a sentence and its conditional part are whole years and months, they are subtracted in months:
 *       12 months or more is one year ({@code P18M} of which {@code P6M} conditional qualifies).</li>
 *   <li>When either is given in days (or weeks), both are converted with a year of 365 days, a month of 30
 *       days (art. 88 Sr) and a week of 7: 365 days or more is one year, 359 or fewer is not, and 360 to 364
 *       depend on how a month is reckoned, so a person decides ({@code P12M} of which {@code P90D} conditional
 *       leaves 270 days; {@code P13M} of which {@code P30D} leaves 360: a person decides).</li>
 *   <li>A gevangenisstraf without a duration is levenslang: unconditional, and longer than any threshold. A
 *       hechtenis without one (hechtenis is at most a year and a half, never for life) cannot be placed.</li>
 * </ul>
 */
final class UnconditionalPart {

    /** How the unconditional part stands to the threshold of list 2. */
    enum Length {
        /** Nothing unconditional: fully conditional, zero, or no custodial sentence at all. */
        NONE,
        /** More than nothing, less than a year (in months: 1 to 11; in days: 1 to 359). */
        BELOW_A_YEAR,
        /** 360 to 364 days: a year or not, depending on how a month is reckoned. */
        DEPENDS_ON_THE_MONTH,
        /** A year or longer. */
        A_YEAR_OR_MORE,
        /** Levenslang: a gevangenisstraf without a duration. */
        LIFE,
        /** A custodial sentence whose length cannot be read (a hechtenis without a duration). */
        UNKNOWN;

        boolean moreThanNothing() {
            return this == BELOW_A_YEAR || this == DEPENDS_ON_THE_MONTH || this == A_YEAR_OR_MORE || this == LIFE;
        }
    }

    private static final int DAYS_IN_YEAR = 365;
    private static final int DAYS_IN_MONTH = 30;
    private static final int ONE_YEAR_IN_MONTHS = 12;
    private static final int FIRST_DAY_THAT_DEPENDS = 360;

    private UnconditionalPart() {
    }

    static Length of(List<Sanction> custodial) {
        long months = 0;
        long days = 0;
        boolean inDays = false;
        for (Sanction sanction : custodial) {
            if (sanction.duration().isEmpty()) {
                if (sanction.type() == SanctionType.GEVANGENISSTRAF) {
                    return Length.LIFE;
                }
                return Length.UNKNOWN;
            }
            Period duration = sanction.duration().get();
            Period conditional = sanction.conditionalPart().filter(p -> !isZeroLength(p)).orElse(Period.ZERO);
            if (hasDays(duration) || hasDays(conditional)) {
                inDays = true;
                days += Math.max(0, days(duration) - days(conditional));
            } else {
                months += Math.max(0, duration.toTotalMonths() - conditional.toTotalMonths());
            }
        }
        return inDays ? inDays(days + monthsAsDays(months)) : inMonths(months);
    }

    private static Length inMonths(long months) {
        if (months <= 0) {
            return Length.NONE;
        }
        return months >= ONE_YEAR_IN_MONTHS ? Length.A_YEAR_OR_MORE : Length.BELOW_A_YEAR;
    }

    private static Length inDays(long days) {
        if (days <= 0) {
            return Length.NONE;
        }
        if (days >= DAYS_IN_YEAR) {
            return Length.A_YEAR_OR_MORE;
        }
        return days >= FIRST_DAY_THAT_DEPENDS ? Length.DEPENDS_ON_THE_MONTH : Length.BELOW_A_YEAR;
    }

    private static boolean isZeroLength(Period period) {
        return period.toTotalMonths() == 0 && period.getDays() == 0;
    }

    private static boolean hasDays(Period period) {
        return period.getDays() != 0;
    }

    /** A period in days: a year of 365, a month of 30 (art. 88 Sr); weeks arrive as days already. */
    private static long days(Period period) {
        return period.getYears() * (long) DAYS_IN_YEAR + period.getMonths() * (long) DAYS_IN_MONTH + period.getDays();
    }

    /** Months counted in the months way, joined to a sum in days: whole years as 365 days, the rest as 30. */
    private static long monthsAsDays(long months) {
        return months / ONE_YEAR_IN_MONTHS * DAYS_IN_YEAR + months % ONE_YEAR_IN_MONTHS * DAYS_IN_MONTH;
    }
}
