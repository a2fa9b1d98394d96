package nl.bij.state;

/** Told of every decision once it is committed (metrics listen here); must not throw. */
@FunctionalInterface
public interface DecisionListener {

    void committed(DecisionRecord decision);

    DecisionListener NONE = decision -> { };
}
