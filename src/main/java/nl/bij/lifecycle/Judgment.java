package nl.bij.lifecycle;

import java.util.Optional;

import nl.bij.eligibility.Route;

/**
 * What a person decided for a review item: the municipality they chose (where the code did not say which mayor),
 * and, for a legal question, that the person qualifies by a route. The rules then apply it like their own answer,
 * now and again on the day a held notice falls due.
 */
public record Judgment(Optional<String> municipality, Optional<Route> route) {

    public static Judgment chose(String municipality) {
        return new Judgment(Optional.of(municipality), Optional.empty());
    }

    public static Judgment none() {
        return new Judgment(Optional.empty(), Optional.empty());
    }

    public boolean isNone() {
        return municipality.isEmpty() && route.isEmpty();
    }
}
