package dev.riffle.protocol.wire;

/** Why a peer closes the channel. Encoded as one byte; an unknown code is a {@link WireError.Kind#BAD_FIELD}. */
public enum ByeReason {
    /** Leaving normally: player stopped, seeding disabled, agent shutting down. */
    NORMAL(1),
    /** The HELLO version ranges do not overlap. */
    INCOMPATIBLE_VERSION(2),
    /** The remote HELLO names a swarm this peer is not in. */
    WRONG_SWARM(3),
    /** The remote sent bytes this peer could not decode or a message out of order. */
    PROTOCOL_ERROR(4),
    /** The remote sent a segment that failed hash verification. */
    BAD_DATA(5),
    /** This peer has enough connections. */
    TOO_MANY_PEERS(6),
    /** Nothing useful was exchanged for too long. */
    IDLE(7);

    private final int code;

    ByeReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The reason for {@code code}, or {@code null} if unknown. */
    public static ByeReason fromCode(int code) {
        for (ByeReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return null;
    }
}
