package nl.bij.receiver;

import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;

/**
 * What the law asks of a mayor's office for one notice, on a given day (art. 11a Bjsg as the service reads it): the
 * data is destroyed by its destroy-by date (nine months after it was provided) when no measures were taken; when
 * measures were taken, it leaves the working file by the same date and is kept in an archive for five years, then
 * erased. Reminders go out 30 and 7 days before a destroy-by date, while no measures are recorded. Pure: no clock.
 */
public final class LegalClock {

    /** How long an archived notice is kept once it left the working file. */
    public static final Period ARCHIVE = Period.ofYears(5);
    static final int[] REMINDER_DAYS = {30, 7};

    /** Where a notice stands. */
    public enum Stage { WORKING, ARCHIVED }

    /** What is due for a notice today. */
    public enum Due { NOTHING, DESTROY, ARCHIVE, ERASE }

    private LegalClock() {
    }

    /**
     * @param measuresTaken whether the office recorded that measures were taken
     * @param archivedOn    the day it moved to the archive, for an archived notice
     */
    public static Due due(LocalDate destroyBy, boolean measuresTaken, Stage stage, Optional<LocalDate> archivedOn,
            LocalDate today) {
        if (stage == Stage.ARCHIVED) {
            return archivedOn.map(on -> today.isBefore(on.plus(ARCHIVE)) ? Due.NOTHING : Due.ERASE).orElse(Due.ERASE);
        }
        if (today.isBefore(destroyBy)) {
            return Due.NOTHING;
        }
        return measuresTaken ? Due.ARCHIVE : Due.DESTROY;
    }

    /** The reminder due today (30 or 7 days before destroy-by, or the latest one missed), if any. */
    public static Optional<Integer> reminder(LocalDate destroyBy, boolean measuresTaken, LocalDate today) {
        if (measuresTaken || !today.isBefore(destroyBy)) {
            return Optional.empty();
        }
        Optional<Integer> due = Optional.empty();
        for (int days : REMINDER_DAYS) {
            if (!today.isBefore(destroyBy.minusDays(days))) {
                due = Optional.of(days);
            }
        }
        return due;
    }
}
