package nl.bij.delivery;

/** How a municipality receives notices (docs/contract.md §3). */
public enum Channel {
    /** The signed XML notice to a Camel endpoint: a drop folder by default, or https, sftp or a JMS queue. */
    XML,
    /** A Dutch plain-text mail over SMTP, with the signed XML attached. */
    MAIL
}
