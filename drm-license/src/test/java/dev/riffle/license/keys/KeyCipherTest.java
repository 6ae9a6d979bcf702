package dev.riffle.license.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyCipherTest {
    private final SecureRandom random = new SecureRandom();
    private final KeyCipher cipher = new KeyCipher(bytes(32, 1), random);
    private final Kid kid = Kid.random(new Random(1));
    private final byte[] key = bytes(16, 9);

    private static byte[] bytes(int n, int fill) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    private SealedKey sealed(Kid k, String title, byte[] data, String kekId) {
        return new SealedKey(k, title, "default", data, kekId, Instant.EPOCH);
    }

    @Test
    void sealed_keys_open_to_the_same_bytes_and_do_not_contain_them() {
        byte[] data = cipher.seal(kid, "t1", "default", key);
        assertThat(data).hasSize(12 + 16 + 16);
        assertThat(Arrays.equals(Arrays.copyOfRange(data, 12, 28), key)).isFalse();
        assertThat(cipher.open(sealed(kid, "t1", data, cipher.kekId())).key()).isEqualTo(key);
    }

    @Test
    void a_sealed_key_moved_to_another_kid_or_title_fails_to_open() {
        byte[] data = cipher.seal(kid, "t1", "default", key);
        assertThatThrownBy(() -> cipher.open(sealed(Kid.random(new Random(2)), "t1", data, cipher.kekId())))
                .isInstanceOf(KeyCipher.KeyUnavailableException.class);
        assertThatThrownBy(() -> cipher.open(sealed(kid, "t2", data, cipher.kekId())))
                .isInstanceOf(KeyCipher.KeyUnavailableException.class);
    }

    @Test
    void another_kek_cannot_open_and_errors_carry_no_key_material() {
        byte[] data = cipher.seal(kid, "t1", "default", key);
        KeyCipher other = new KeyCipher(bytes(32, 2), random);
        assertThatThrownBy(() -> other.open(sealed(kid, "t1", data, cipher.kekId())))
                .isInstanceOf(KeyCipher.KeyUnavailableException.class)
                .hasMessageContaining(kid.value());
        ContentKey open = cipher.open(sealed(kid, "t1", data, cipher.kekId()));
        assertThat(open.toString()).doesNotContain(open.keyBase64Url()).contains("redacted");
    }
}
