package dev.riffle.protocol.swarm;

import dev.riffle.protocol.encoding.FixedBytes;
import dev.riffle.protocol.encoding.FixedBytesValue;
import dev.riffle.protocol.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * The id of the swarm of peers sharing one rendition of one title:
 *
 * <pre>
 *   SHA-256( "riffle-swarm-v1" || u16be(len(titleId)) || titleId || u16be(len(renditionId)) || renditionId )[0:20]
 * </pre>
 *
 * with ids as UTF-8 and lengths in bytes. Length prefixes make ("ab","c") and ("a","bc") different; the label keeps
 * the hash from colliding with any other use of SHA-256 in Riffle. 20 bytes (160 bits) is ample for uniqueness and
 * matches BitTorrent's info-hash size. Text form: 40 lowercase hex characters. It depends only on the two ids, so it
 * stays the same when a live manifest is re-issued.
 */
public record SwarmId(FixedBytes value) implements FixedBytesValue {
    public static final int LENGTH = 20;
    private static final byte[] LABEL = "riffle-swarm-v1".getBytes(StandardCharsets.US_ASCII);

    public SwarmId {
        FixedBytes.require(value, LENGTH, SwarmId::wrongLength);
    }

    public SwarmId(byte[] bytes) {
        this(FixedBytes.copyOf(bytes, LENGTH, SwarmId::wrongLength));
    }

    public static SwarmId of(String titleId, String renditionId) {
        MessageDigest md = Sha256.newDigest();
        md.update(LABEL);
        putString(md, titleId);
        putString(md, renditionId);
        return new SwarmId(Arrays.copyOf(md.digest(), LENGTH));
    }

    /** Parses the 40-character lowercase hex form; empty for anything else. */
    public static Optional<SwarmId> parse(String hex) {
        return FixedBytes.fromHex(hex, LENGTH).map(SwarmId::new);
    }

    private static void putString(MessageDigest md, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length == 0 || utf8.length > 0xFFFF) {
            throw new IllegalArgumentException("id must be 1..65535 UTF-8 bytes");
        }
        md.update((byte) (utf8.length >>> 8));
        md.update((byte) utf8.length);
        md.update(utf8);
    }

    private static IllegalArgumentException wrongLength() {
        return new IllegalArgumentException("swarm id must be " + LENGTH + " bytes");
    }

    @Override
    public String toString() {
        return hex();
    }
}
