package dev.riffle.protocol.swarm;

import dev.riffle.protocol.encoding.Hex;
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
public record SwarmId(byte[] bytes) {
    public static final int LENGTH = 20;
    private static final byte[] LABEL = "riffle-swarm-v1".getBytes(StandardCharsets.US_ASCII);

    public SwarmId {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("swarm id must be " + LENGTH + " bytes");
        }
        bytes = bytes.clone();
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
        return Hex.decode(hex, LENGTH).map(SwarmId::new);
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

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return Hex.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SwarmId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
