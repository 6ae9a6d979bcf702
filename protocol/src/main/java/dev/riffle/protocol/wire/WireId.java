package dev.riffle.protocol.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An opaque identifier carried on the wire (peer id, swarm id). The wire layer gives it no meaning beyond its bytes:
 * swarm ids come from {@code dev.riffle.protocol.swarm}, peer ids from the tracker.
 *
 * @param bytes 1 to {@link #MAX_BYTES} bytes; copied in and out, so the id is immutable
 */
public record WireId(byte[] bytes) {

    public static final int MAX_BYTES = 32;

    public WireId {
        if (bytes == null || bytes.length < 1 || bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("an id has 1.." + MAX_BYTES + " bytes");
        }
        bytes = bytes.clone();
    }

    public static WireId of(byte[] bytes) {
        return new WireId(bytes);
    }

    public static WireId ofHex(String hex) {
        return new WireId(HexFormat.of().parseHex(hex));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** Writes the raw bytes without a defensive copy (encoder hot path). */
    void writeTo(java.nio.ByteBuffer dst) {
        dst.put(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
