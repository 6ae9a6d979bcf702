package dev.riffle.protocol.encoding;

/**
 * A value made of one {@link FixedBytes}: the protocol's ids and hashes are records of one, and get their byte and
 * text forms from here.
 */
public interface FixedBytesValue {
    FixedBytes value();

    /** A copy of the bytes. */
    default byte[] bytes() {
        return value().bytes();
    }

    default String base64url() {
        return value().base64url();
    }

    default String hex() {
        return value().hex();
    }
}
