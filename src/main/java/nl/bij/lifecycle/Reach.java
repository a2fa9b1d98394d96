package nl.bij.lifecycle;

import java.time.LocalDate;
import java.util.Optional;

/** Whether a mayor can be reached on a day: a delivery channel configured, and no operator's rule against it. */
public interface Reach {

    boolean connected(String municipality);

    /** The reason of a suppression rule that applies to the municipality that day. */
    Optional<String> suppression(String municipality, LocalDate day);
}
