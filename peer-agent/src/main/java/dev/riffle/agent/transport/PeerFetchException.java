package dev.riffle.agent.transport;

import dev.riffle.protocol.wire.RejectReason;

/** Why a request to a peer ended without the bytes. */
public final class PeerFetchException extends Exception {
    public enum Kind {
        /** The peer answered REJECT. */
        REJECTED,
        /** No bytes for longer than the idle timeout. */
        TIMEOUT,
        /** The connection closed first. */
        CLOSED,
        /** Too many of our requests already pending at that peer, or the session is not ready. */
        NOT_SENT,
        /** We cancelled it. */
        CANCELLED
    }

    private final Kind kind;
    private final RejectReason reason;

    public PeerFetchException(Kind kind, RejectReason reason, String message) {
        super(message, null, false, false); // expected outcomes: no stack trace
        this.kind = kind;
        this.reason = reason;
    }

    public Kind kind() {
        return kind;
    }

    /** The peer's reason when {@link #kind()} is {@link Kind#REJECTED}, else null. */
    public RejectReason rejectReason() {
        return reason;
    }
}
