package dev.riffle.admin.origin;

/** The origin answered with an error: its HTTP status and problem {@code type} reason (e.g. {@code offset-mismatch}). */
public final class ApiException extends CliException {
    private final int status;
    private final String reason;

    public ApiException(int status, String reason, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    /** The last path segment of the problem {@code type}, or {@code http-<status>} when the body was not a problem. */
    public String reason() {
        return reason;
    }
}
