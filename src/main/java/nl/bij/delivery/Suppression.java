package nl.bij.delivery;

import java.time.LocalDate;
import java.util.Optional;

/**
 * An operator's rule: do not send notices to this municipality (in this period), for this reason. A qualifying
 * event it catches is decided {@code SUPPRESSED} with the rule's reason.
 *
 * @param from  first day it applies, inclusive (empty: always has)
 * @param until last day it applies, inclusive (empty: until lifted)
 */
public record Suppression(String municipality, Optional<LocalDate> from, Optional<LocalDate> until, String reason) {

    public boolean appliesTo(String code, LocalDate day) {
        return municipality.equals(code)
                && from.map(f -> !day.isBefore(f)).orElse(true)
                && until.map(u -> !day.isAfter(u)).orElse(true);
    }
}
