package dev.riffle.admin.cli;

/** The command line cannot be understood; the message says what to fix. Exit code 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
