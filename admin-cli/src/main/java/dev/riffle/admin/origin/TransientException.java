package dev.riffle.admin.origin;

/** The request did not get an answer (connection refused or dropped, timeout): worth trying again later. */
public final class TransientException extends CliException {
    public TransientException(String message, Throwable cause) {
        super(message, cause);
    }
}
