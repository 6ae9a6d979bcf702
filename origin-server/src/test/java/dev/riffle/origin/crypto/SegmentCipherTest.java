package dev.riffle.origin.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SegmentCipherTest {
    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    @Test
    void streaming_encryption_matches_one_shot_and_pads_to_whole_blocks() throws Exception {
        for (int size : new int[] {0, 1, 15, 16, 17, 300_000, 262_144}) {
            byte[] plain = new byte[size];
            for (int i = 0; i < size; i++) plain[i] = (byte) (i * 31);
            byte[] iv = SegmentCipher.randomIv();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MessageDigest sha = Digests.sha256();
            long n = SegmentCipher.encrypt(KEY, iv, new ByteArrayInputStream(plain), out, sha);
            byte[] enc = out.toByteArray();
            assertThat(n).isEqualTo(enc.length).isEqualTo((size / 16 + 1) * 16L);
            assertThat(enc).isEqualTo(SegmentCipher.encrypt(KEY, iv, plain));
            assertThat(sha.digest()).isEqualTo(Digests.sha256().digest(enc));
            assertThat(SegmentCipher.decrypt(KEY, iv, enc)).isEqualTo(plain);
        }
    }

    @Test
    void known_answer_aes_128_cbc_pkcs7() {
        // NIST SP 800-38A F.2.1 first block, plus a full PKCS#7 padding block.
        byte[] key = HexFormat.of().parseHex("2b7e151628aed2a6abf7158809cf4f3c");
        byte[] iv = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        byte[] plain = HexFormat.of().parseHex("6bc1bee22e409f96e93d7e117393172a");
        byte[] enc = SegmentCipher.encrypt(key, iv, plain);
        assertThat(HexFormat.of().formatHex(enc, 0, 16)).isEqualTo("7649abac8119b246cee98e9b12e9197d");
        assertThat(enc).hasSize(32);
    }

    @Test
    void ivs_are_random_per_segment() {
        assertThat(SegmentCipher.randomIv()).isNotEqualTo(SegmentCipher.randomIv());
    }
}
