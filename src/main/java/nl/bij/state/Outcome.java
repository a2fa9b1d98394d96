package nl.bij.state;

/** What deciding an event leads to: a decision now, or a notice to deliver (and the decision after delivery). */
public sealed interface Outcome {

    DecisionRecord record();

    /** For the route's choice. */
    boolean isDelivery();

    record Decided(DecisionRecord record) implements Outcome {
        @Override
        public boolean isDelivery() {
            return false;
        }
    }

    /**
     * @param record the pending record ({@link Decision#DELIVERING})
     * @param order  the identifiers the delivery message carries as headers
     * @param notice the composed, schema-valid notice XML (not yet stamped or signed)
     */
    record Deliver(DecisionRecord record, DeliveryOrder order, byte[] notice) implements Outcome {
        @Override
        public boolean isDelivery() {
            return true;
        }
    }
}
