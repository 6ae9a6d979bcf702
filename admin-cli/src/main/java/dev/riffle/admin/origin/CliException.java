package dev.riffle.admin.origin;

/** A failure the operator can act on; its message is printed as is (exit code 1). Never carries a token. */
public class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
