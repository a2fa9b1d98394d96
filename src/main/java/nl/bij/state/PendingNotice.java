package nl.bij.state;

import java.time.LocalDate;

/**
 * A composed notice waiting to leave, with what its decision needs: a row of the notice ledger (the outbox).
 *
 * @param order   the identifiers the delivery message carries
 * @param dueOn   the first day it may be given: today, or the first day of the three-month window
 * @param content the composed notice (schema-valid XML, not yet stamped or signed)
 */
public record PendingNotice(DeliveryOrder order, LocalDate dueOn, byte[] content) {
}
