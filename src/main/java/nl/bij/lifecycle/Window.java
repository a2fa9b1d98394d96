package nl.bij.lifecycle;

import java.time.LocalDate;

/**
 * docs/law.md §4: data may be given no earlier than three months before the expected return. The window opens on
 * the first day that is no more than three calendar months before it: for a return on 31 May that is 1 March,
 * not 28 February (three months before 31 May does not exist; 28 February would be more than three months).
 */
public final class Window {

    private static final int MONTHS = 3;

    private Window() {
    }

    public static LocalDate opensFor(LocalDate expectedReturn) {
        LocalDate opens = expectedReturn.minusMonths(MONTHS);
        // minusMonths clamps the 29th-31st to the end of a shorter month: one day too early
        return opens.getDayOfMonth() == expectedReturn.getDayOfMonth() ? opens : opens.plusDays(1);
    }

    /** The day a notice about this return may be given: today, or the day the window opens if that is later. */
    public static LocalDate provisionDate(LocalDate expectedReturn, LocalDate today) {
        LocalDate opens = opensFor(expectedReturn);
        return today.isBefore(opens) ? opens : today;
    }
}
