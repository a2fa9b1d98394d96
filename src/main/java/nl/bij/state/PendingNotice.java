package nl.bij.state;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A composed notice waiting to leave, with what its decision needs: a row of the notice ledger (the outbox).
 *
 * @param order   the identifiers the delivery message carries
 * @param dueOn   the first day it may be given: today, or the first day of the three-month window
 * @param content the composed notice (schema-valid XML, not yet stamped or signed)
 * @param changes for a WIJZIGING or INTREKKING: the notice the mayor has, which this one changes or withdraws
 */
public record PendingNotice(DeliveryOrder order, LocalDate dueOn, byte[] content, Optional<String> changes) {

    public PendingNotice(DeliveryOrder order, LocalDate dueOn, byte[] content) {
        this(order, dueOn, content, Optional.empty());
    }
}
