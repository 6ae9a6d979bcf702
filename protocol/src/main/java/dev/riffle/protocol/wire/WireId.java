package dev.riffle.protocol.wire;

import dev.riffle.protocol.encoding.FixedBytes;
import dev.riffle.protocol.encoding.FixedBytesValue;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * An opaque identifier carried on the wire (peer id, swarm id). The wire layer gives it no meaning beyond its bytes:
 * swarm ids come from {@code dev.riffle.protocol.swarm}, peer ids from the tracker.
 *
 * @param value 1 to {@link #MAX_BYTES} bytes; copied in and out, so the id is immutable
 */
public record WireId(FixedBytes value) implements FixedBytesValue {

    public static final int MAX_BYTES = 32;

    public WireId {
        if (value == null || value.length() < 1 || value.length() > MAX_BYTES) {
            throw new IllegalArgumentException("an id has 1.." + MAX_BYTES + " bytes");
        }
    }

    public WireId(byte[] bytes) {
        this(bytes == null ? null : FixedBytes.copyOf(bytes));
    }

    public static WireId of(byte[] bytes) {
        return new WireId(bytes);
    }

    public static WireId ofHex(String hex) {
        return new WireId(HexFormat.of().parseHex(hex));
    }

    public int length() {
        return value.length();
    }

    /** Writes the raw bytes without a defensive copy (encoder hot path). */
    void writeTo(ByteBuffer dst) {
        value.writeTo(dst);
    }

    @Override
    public String toString() {
        return hex();
    }
}
