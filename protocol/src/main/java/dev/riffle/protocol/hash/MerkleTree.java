package dev.riffle.protocol.hash;

import java.security.MessageDigest;
import java.util.List;

/**
 * Merkle tree hash over a list of SHA-256 values, exactly the RFC 6962 / RFC 9162 Merkle Tree Hash:
 *
 * <pre>
 *   MTH({})       = SHA-256()                                  (empty list)
 *   leaf(d)       = SHA-256(0x00 || d)                         d = a segment's 32-byte SHA-256
 *   node(l, r)    = SHA-256(0x01 || l || r)
 *   MTH(D[0:1])   = leaf(d0)
 *   MTH(D[0:n])   = node(MTH(D[0:k]), MTH(D[k:n]))            k = largest power of two &lt; n
 * </pre>
 *
 * Built bottom-up this is: pair nodes left to right; an odd last node is promoted unchanged to the next level (never
 * duplicated, which would let two different lists share a root, as in CVE-2012-2459). The 0x00/0x01 prefixes keep a leaf
 * from ever being read as an inner node.
 */
public final class MerkleTree {
    private static final byte LEAF = 0x00;
    private static final byte NODE = 0x01;

    private MerkleTree() {}

    public static Sha256 root(List<Sha256> leaves) {
        MessageDigest md = Sha256.newDigest();
        if (leaves.isEmpty()) {
            return new Sha256(md.digest());
        }
        byte[][] level = new byte[leaves.size()][];
        for (int i = 0; i < level.length; i++) {
            md.update(LEAF);
            md.update(leaves.get(i).bytes());
            level[i] = md.digest();
        }
        int n = level.length;
        while (n > 1) {
            int next = 0;
            for (int i = 0; i + 1 < n; i += 2) {
                md.update(NODE);
                md.update(level[i]);
                md.update(level[i + 1]);
                level[next++] = md.digest();
            }
            if ((n & 1) == 1) {
                level[next++] = level[n - 1];
            }
            n = next;
        }
        return new Sha256(level[0]);
    }
}
