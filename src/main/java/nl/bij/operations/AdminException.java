package nl.bij.operations;

/** An answer other than 200, with its HTTP status; the message is for the operator and holds no personal data. */
public final class AdminException extends RuntimeException {

    private final int status;

    public AdminException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static AdminException notAuthenticated() {
        return new AdminException(401, "authentication required");
    }

    public static AdminException forbidden() {
        return new AdminException(403, "your role does not allow this");
    }

    public static AdminException notFound(String what) {
        return new AdminException(404, what + " not found");
    }
}
