package dev.riffle.protocol.wire;

/** A {@link WireError} as an exception, for callers (and codec internals) that prefer to throw. */
public final class WireException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient WireError error; // not meant to cross a serialization boundary

    public WireException(WireError error) {
        super(error.toString(), null, false, false); // no stack trace: thrown on every bad frame from a peer
        this.error = error;
    }

    public WireException(WireError.Kind kind, String detail) {
        this(new WireError(kind, detail));
    }

    public WireError error() {
        return error;
    }

    public WireError.Kind kind() {
        return error.kind();
    }
}
