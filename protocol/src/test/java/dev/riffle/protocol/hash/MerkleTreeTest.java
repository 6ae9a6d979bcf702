package dev.riffle.protocol.hash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    @Test
    void the_empty_tree_is_the_hash_of_nothing_and_one_leaf_is_prefixed_with_zero() {
        assertThat(MerkleTree.root(List.of()).hex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        Sha256 d = Sha256.of(new byte[] {42});
        assertThat(MerkleTree.root(List.of(d))).isEqualTo(Sha256.of(concat(new byte[] {0}, d.bytes())));
    }

    @Test
    void the_bottom_up_root_equals_the_rfc_6962_recursive_definition() {
        Property.forAll(200, Gen.ints(1, 70), n -> {
            List<Sha256> leaves = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                leaves.add(Sha256.of(new byte[] {(byte) i, n.byteValue()}));
            }
            assertThat(MerkleTree.root(leaves)).isEqualTo(new Sha256(rfc6962(leaves)));
        });
    }

    @Test
    void duplicating_the_last_leaf_changes_the_root() {
        Sha256 a = Sha256.of(new byte[] {1});
        Sha256 b = Sha256.of(new byte[] {2});
        Sha256 c = Sha256.of(new byte[] {3});
        assertThat(MerkleTree.root(List.of(a, b, c))).isNotEqualTo(MerkleTree.root(List.of(a, b, c, c)));
    }

    private static byte[] rfc6962(List<Sha256> d) {
        if (d.size() == 1) {
            return Sha256.of(concat(new byte[] {0}, d.get(0).bytes())).bytes();
        }
        int k = Integer.highestOneBit(d.size() - 1);
        byte[] left = rfc6962(d.subList(0, k));
        byte[] right = rfc6962(d.subList(k, d.size()));
        MessageDigest md = Sha256.newDigest();
        md.update((byte) 1);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
