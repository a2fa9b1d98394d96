/**
 * The case lifecycle as rules (docs/law.md §3, §4, §6): what one event means for its case, given what the case
 * already holds: a first notice, a change to the same mayor, a withdrawal, a move (withdrawal to the old mayor and
 * a notice to the new one), a death, an event out of order, the three-month window, and the judgment again on the
 * day a held notice falls due. Facts in, an {@link nl.bij.lifecycle.Outcome} out: no database, no Camel, no JMS.
 * {@code state} loads the case, asks these rules, and stores the answer.
 */
package nl.bij.lifecycle;
