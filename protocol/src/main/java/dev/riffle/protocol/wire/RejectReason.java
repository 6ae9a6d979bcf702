package dev.riffle.protocol.wire;

/** Why a peer refuses a REQUEST. Encoded as one byte; an unknown code is a {@link WireError.Kind#BAD_FIELD}. */
public enum RejectReason {
    /** The segment is not (or no longer) in the cache; the requester drops it from its view of this peer's HAVE. */
    NOT_HAVE(1),
    /** The peer is choking the requester or its upload slots are full; retry elsewhere. */
    BUSY(2),
    /** The requester exceeded its request or byte budget; back off before asking this peer again. */
    RATE_LIMITED(3),
    /** The request was malformed for this swarm (segment out of range, range past the segment's end). */
    BAD_REQUEST(4),
    /** The peer failed to read the segment from its own store. */
    INTERNAL_ERROR(5);

    private final int code;

    RejectReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The reason for {@code code}, or {@code null} if unknown. */
    public static RejectReason fromCode(int code) {
        for (RejectReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return null;
    }
}
