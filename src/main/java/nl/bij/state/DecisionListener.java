package nl.bij.state;

/** Told of every decision once it is committed (metrics listen here); must not throw. */
@FunctionalInterface
public interface DecisionListener {

    void committed(DecisionRecord decision);

    /**
     * A notice was delivered and decided its event ({@code decision}: NOTIFIED, UPDATED, WITHDRAWN, with Justid's
     * send time and the delivery's). {@code held}: it waited for its three-month window, so its time since the send
     * says nothing about the service's speed.
     */
    default void delivered(DecisionRecord decision, boolean held) {
    }

    DecisionListener NONE = decision -> { };
}
