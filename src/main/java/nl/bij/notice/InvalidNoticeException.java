package nl.bij.notice;

/** A notice that breaks the schema or its signature: a defect, never retried, and its message holds no personal data. */
public final class InvalidNoticeException extends RuntimeException {

    public InvalidNoticeException(String message) {
        super(message);
    }
}
