package dev.riffle.agent.cdn;

/** The edge did not deliver what was asked. */
public final class CdnFetchException extends Exception {
    public enum Kind {
        /** A status other than 200/206 (the status is in the message, never the body). */
        STATUS,
        /** Fewer or more bytes than the manifest or the range says. */
        WRONG_LENGTH,
        /** Timeout or connection failure. */
        NETWORK
    }

    private final Kind kind;

    public CdnFetchException(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
