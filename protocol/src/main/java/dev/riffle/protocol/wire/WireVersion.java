package dev.riffle.protocol.wire;

/**
 * Version negotiation. Each side sends HELLO with the range of versions it speaks; both then use the highest version
 * in both ranges. Both sides compute the same answer from the same two HELLOs, so no further round trip is needed.
 * No overlap: send BYE({@link ByeReason#INCOMPATIBLE_VERSION}) and close.
 */
public final class WireVersion {

    /** The only version so far; the layouts in {@code docs/protocol.md} are version 1. */
    public static final int V1 = 1;

    public static final int CURRENT = V1;
    public static final int MIN_SUPPORTED = V1;

    private WireVersion() {}

    /**
     * The version both peers will speak.
     *
     * @throws WireException of kind {@link WireError.Kind#UNSUPPORTED_VERSION} when the ranges do not overlap
     */
    public static int negotiate(WireMessage.Hello local, WireMessage.Hello remote) throws WireException {
        int version = Math.min(local.maxVersion(), remote.maxVersion());
        if (version < Math.max(local.minVersion(), remote.minVersion())) {
            throw new WireException(
                    WireError.Kind.UNSUPPORTED_VERSION,
                    "local speaks " + local.minVersion() + ".." + local.maxVersion() + ", remote " + remote.minVersion()
                            + ".." + remote.maxVersion());
        }
        return version;
    }
}
