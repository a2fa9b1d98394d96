package nl.bij.delivery;

/** The municipality has no channel (any more): no retry helps until an operator configures one. */
public final class NotConnectedException extends RuntimeException {

    public NotConnectedException(String municipality) {
        super("municipality " + municipality + " has no delivery channel in the recipients configuration");
    }
}
