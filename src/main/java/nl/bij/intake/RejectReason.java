package nl.bij.intake;

/** Why an inbound message is refused (docs/contract.md §1.3 and §2). None of these is retried automatically. */
public enum RejectReason {
    /** Not well-formed XML, not XML at all, a DOCTYPE or entity declaration, or a message type that holds no XML. */
    MALFORMED_XML,
    /** Well-formed, but not a release event of this interface: wrong namespace, schema or contract violation. */
    SCHEMA_VIOLATION,
    /** Larger than the configured limit; refused before parsing. */
    TOO_LARGE,
    /** A release event of a version other than 1.x. */
    UNSUPPORTED_VERSION
}
