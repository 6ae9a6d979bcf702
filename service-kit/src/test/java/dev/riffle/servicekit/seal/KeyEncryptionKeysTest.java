package dev.riffle.servicekit.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyEncryptionKeysTest {
    static final byte[] SECRET = "a 16-byte secret".getBytes(StandardCharsets.US_ASCII);
    static final byte[] AAD = "riffle-test/v1|row-1".getBytes(StandardCharsets.UTF_8);

    static byte[] kek(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    @Test
    void theActiveKekSealsAndTheAdditionalOnesOnlyOpen() {
        KeyEncryptionKeys old = new KeyEncryptionKeys(kek(1), List.of(), new SecureRandom());
        byte[] sealedOld = old.seal(SECRET, AAD);
        KeyEncryptionKeys rotating = new KeyEncryptionKeys(kek(2), List.of(kek(1)), new SecureRandom());
        assertThat(rotating.activeId()).isEqualTo(KeyEncryptionKeys.fingerprint(kek(2)));
        assertThat(rotating.ids()).containsExactlyInAnyOrder(old.activeId(), rotating.activeId());
        assertThat(rotating.open(old.activeId(), sealedOld, AAD)).isEqualTo(SECRET);
        byte[] sealedNew = rotating.seal(SECRET, AAD);
        assertThat(new KeyEncryptionKeys(kek(2), List.of(), new SecureRandom())
                        .open(rotating.activeId(), sealedNew, AAD))
                .isEqualTo(SECRET);
    }

    @Test
    void aValueOpensOnlyWithItsKekItsDataAndUntouched() {
        KeyEncryptionKeys keks = new KeyEncryptionKeys(kek(1), List.of(), new SecureRandom());
        byte[] sealed = keks.seal(SECRET, AAD);
        assertThat(sealed).hasSize(12 + SECRET.length + 16);
        assertThatThrownBy(() -> keks.open("0123456789abcdef", sealed, AAD))
                .isInstanceOf(KeyEncryptionKeys.Unavailable.class)
                .hasMessageContaining("0123456789abcdef");
        assertThatThrownBy(() -> keks.open(keks.activeId(), sealed, "riffle-test/v1|row-2".getBytes()))
                .isInstanceOf(KeyEncryptionKeys.Unavailable.class);
        byte[] tampered = sealed.clone();
        tampered[15] ^= 1;
        assertThatThrownBy(() -> keks.open(keks.activeId(), tampered, AAD))
                .isInstanceOf(KeyEncryptionKeys.Unavailable.class)
                .hasMessageNotContaining(new String(SECRET, StandardCharsets.US_ASCII));
    }

    @Test
    void aConfiguredKekWinsAndABadOneNamesItsSetting(@TempDir Path dir) throws Exception {
        String configured = Base64.getEncoder().encodeToString(kek(7));
        KekSource s = KekSource.resolve("x.kek", Optional.of(configured), List.of(), true, dir.resolve("dev"), true);
        assertThat(s.generated()).isFalse();
        assertThat(s.keys().activeId()).isEqualTo(KeyEncryptionKeys.fingerprint(kek(7)));
        assertThat(dir.resolve("dev")).doesNotExist();
        assertThatThrownBy(() -> KekSource.resolve("x.kek", Optional.of("not base64!"), List.of(), true, dir, false))
                .hasMessage("x.kek is not base64");
        assertThatThrownBy(() -> KekSource.resolve("x.kek", Optional.of("AAAA"), List.of(), true, dir, false))
                .hasMessage("x.kek must decode to 32 bytes");
        assertThatThrownBy(() -> KekSource.resolve("x.kek", Optional.empty(), List.of(), false, dir, false))
                .hasMessageStartingWith("x.kek is not set");
    }

    @Test
    void aGeneratedKekIsKeptOwnerOnlyAndReadBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dev-kek");
        KekSource first = KekSource.resolve("x.kek", Optional.empty(), List.of(), true, file, true);
        assertThat(first.generated()).isTrue();
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        KekSource again = KekSource.resolve("x.kek", Optional.empty(), List.of(), true, file, true);
        assertThat(again.keys().activeId()).isEqualTo(first.keys().activeId());
    }
}
