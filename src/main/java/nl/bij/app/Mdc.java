package nl.bij.app;

import org.slf4j.MDC;

/**
 * Puts the identifiers of the message in hand into the logging MDC ({@code bij.eventId}, {@code bij.noticeId}),
 * so that every log line of its processing carries them; Camel's MDC unit of work (keys pattern {@code *}, see
 * BijConfiguration) carries them across threads and clears them when the exchange is done. Identifiers only: never
 * anything else goes in.
 */
public final class Mdc {

    public void tag(String key, String value) {
        if (value != null && !value.isBlank() && key.startsWith("bij.")) {
            MDC.put(key, value);
        }
    }
}
