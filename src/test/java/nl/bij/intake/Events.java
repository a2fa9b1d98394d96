package nl.bij.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test fixtures: release events from src/test/resources/events, and variants of them. */
public final class Events {

    /** Personal and offence data planted in full.xml; none of it may appear in a log line. */
    public static final String[] PLANTED = {
        "Zwaantjes-Plantinga", "Gerritdina", "Oosterwoldemeer", "Plantagestraatje", "999999990",
        "GEPLANTE-KWALIFICATIE", "248c", "NAZORG-GEHEIM", "1970-01-02"
    };
    /** The aftercare marker of full.xml: must never survive intake. */
    public static final String AFTERCARE = "NAZORG-GEHEIM";

    private Events() {
    }

    /** Every optional field, foreign extensions, two convictions and an aftercare block. */
    public static String full() {
        return resource("events/full.xml");
    }

    /** Only what is required. */
    public static String minimal() {
        return resource("events/minimal.xml");
    }

    /** {@link #full()} with one literal replacement, which must apply. */
    public static String fullWith(String from, String to) {
        return replace(full(), from, to);
    }

    public static String minimalWith(String from, String to) {
        return replace(minimal(), from, to);
    }

    public static String replace(String xml, String from, String to) {
        if (!xml.contains(from)) {
            throw new IllegalArgumentException("fixture does not contain: " + from);
        }
        return xml.replace(from, to);
    }

    /**
     * The same event with a fresh eventId, and a case of its own (derived from the eventId), so that tests do not
     * meet each other's cases; the same eventId gives the same case.
     */
    public static String withEventId(String xml, String eventId) {
        return inCase(xml.replaceFirst("<eventId>[^<]*</eventId>", "<eventId>" + eventId + "</eventId>"),
                "JD-T-" + eventId.substring(eventId.length() - 12));
    }

    public static String inCase(String xml, String caseId) {
        return xml.replaceFirst("<caseId>[^<]*</caseId>", "<caseId>" + caseId + "</caseId>");
    }

    private static String resource(String name) {
        try (InputStream in = Events.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
