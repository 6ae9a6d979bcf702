package dev.riffle.origin.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.origin.packaging.PackagedTitle;
import dev.riffle.protocol.manifest.IvRule;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.ManifestException;
import dev.riffle.protocol.sign.ManifestVerifier;
import dev.riffle.protocol.sign.SigningKey;
import dev.riffle.protocol.sign.TrustedKeys;
import dev.riffle.servicekit.seal.KeyEncryptionKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestServiceTest {
    static final KeyEncryptionKeys KEKS = keks(1);

    @TempDir
    Path dir;

    static KeyEncryptionKeys keks(int fill, int... others) {
        List<byte[]> more = new java.util.ArrayList<>();
        for (int o : others) more.add(filled(o));
        return new KeyEncryptionKeys(filled(fill), more, new SecureRandom());
    }

    static byte[] filled(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    private static PackagedTitle title() {
        byte[] iv = new byte[16];
        iv[0] = 7;
        PackagedTitle.Segment s0 = new PackagedTitle.Segment(0, 4000, 1024, "ab".repeat(32), "360p/0.ts", iv);
        PackagedTitle.Segment s1 = new PackagedTitle.Segment(1, 2000, 512, "cd".repeat(32), "360p/1.ts", iv);
        return new PackagedTitle(
                "title1",
                "AAECAwQFBgcICQoLDA0ODw",
                List.of(new PackagedTitle.Rendition(
                        "360p",
                        PackagedTitle.Type.VIDEO,
                        900_000,
                        700_000,
                        480,
                        360,
                        "avc1.4d401e",
                        null,
                        List.of(s0, s1))),
                6);
    }

    @Test
    void signed_manifests_verify_with_the_published_key_set() {
        SigningKeyRing ring = SigningKeyRing.open(dir.resolve("keys"), KEKS);
        ManifestService svc = new ManifestService(ring, InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")));
        byte[] doc = svc.signedManifest(title());
        Manifest m = new ManifestVerifier(TrustedKeys.parseJwks(ring.trusted().toJwks())).verify(doc);
        assertThat(m.titleId()).isEqualTo("title1");
        assertThat(m.contentKey().ivRule()).isEqualTo(IvRule.EXPLICIT);
        assertThat(m.rendition("360p").orElseThrow().segments()).hasSize(2);
        assertThat(m.ivFor(m.segment("360p", 1).orElseThrow()).bytes()[0]).isEqualTo((byte) 7);
    }

    @Test
    void rotation_keeps_old_manifests_verifiable_and_signs_new_ones_with_the_new_key() {
        SigningKeyRing ring = SigningKeyRing.open(dir.resolve("keys"), KEKS);
        ManifestService svc = new ManifestService(ring, InstantSource.system());
        byte[] old = svc.signedManifest(title());
        String oldKey = ring.active().keyId();
        ring.rotate();
        byte[] fresh = svc.signedManifest(title());
        SigningKeyRing reopened = SigningKeyRing.open(dir.resolve("keys"), KEKS);
        assertThat(reopened.active().keyId()).isEqualTo(ring.active().keyId()).isNotEqualTo(oldKey);
        ManifestVerifier v = new ManifestVerifier(reopened.trusted());
        assertThat(v.verify(old).signingKeyId()).isEqualTo(oldKey);
        assertThat(v.verify(fresh).signingKeyId()).isEqualTo(ring.active().keyId());
    }

    @Test
    void a_changed_byte_breaks_the_signature() {
        SigningKeyRing ring = SigningKeyRing.open(dir.resolve("keys"), KEKS);
        byte[] doc = new ManifestService(ring, InstantSource.system()).signedManifest(title());
        String tampered = new String(doc).replace("\"durationMs\":4000", "\"durationMs\":4001");
        assertThatThrownBy(() -> new ManifestVerifier(ring.trusted()).verify(tampered.getBytes()))
                .isInstanceOf(ManifestException.class);
    }

    @Test
    void private_keys_are_sealed_owner_only_and_hold_no_plain_key() throws Exception {
        SigningKeyRing ring = SigningKeyRing.open(dir.resolve("keys"), KEKS);
        Path key = dir.resolve("keys").resolve(ring.active().keyId() + ".sealed");
        assertThat(Files.getPosixFilePermissions(key))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(dir.resolve("keys")))
                .doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        String stored = Files.readString(key);
        String plainJwk = new String(ring.active().toPrivateJwk(), StandardCharsets.UTF_8);
        String d = plainJwk.replaceAll(".*\"d\":\"([^\"]+)\".*", "$1");
        assertThat(stored).doesNotContain(d).doesNotContain("\"d\"").contains("\"kek\":\"" + KEKS.activeId());
        try (var files = Files.list(dir.resolve("keys"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".jwk"));
        }
    }

    @Test
    void another_kek_cannot_open_the_keys_and_says_which_kek_it_needs() {
        SigningKeyRing.open(dir.resolve("keys"), KEKS);
        assertThatThrownBy(() -> SigningKeyRing.open(dir.resolve("keys"), keks(2)))
                .hasMessageContaining(KEKS.activeId())
                .hasMessageContaining("riffle.origin.signing.kek");
    }

    @Test
    void a_new_kek_with_the_old_one_as_additional_reseals_every_key_at_start() throws Exception {
        SigningKeyRing first = SigningKeyRing.open(dir.resolve("keys"), KEKS);
        first.rotate();
        List<String> ids = first.keyIds();
        KeyEncryptionKeys rotated = keks(2, 1);
        SigningKeyRing second = SigningKeyRing.open(dir.resolve("keys"), rotated);
        assertThat(second.keyIds()).isEqualTo(ids);
        assertThat(second.active().keyId()).isEqualTo(first.active().keyId());
        // every key is now under the new KEK: the old one can go
        SigningKeyRing third = SigningKeyRing.open(dir.resolve("keys"), keks(2));
        assertThat(third.keyIds()).isEqualTo(ids);
    }

    @Test
    void a_plain_key_of_an_earlier_version_is_sealed_and_its_plain_file_removed() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        SigningKey legacy = SigningKey.generate("origin-0123456789abcdef");
        Files.write(keys.resolve("origin-0123456789abcdef.jwk"), legacy.toPrivateJwk());
        Files.writeString(keys.resolve("active"), "origin-0123456789abcdef\n");
        SigningKeyRing ring = SigningKeyRing.open(keys, KEKS);
        assertThat(ring.active().keyId()).isEqualTo("origin-0123456789abcdef");
        assertThat(keys.resolve("origin-0123456789abcdef.jwk")).doesNotExist();
        assertThat(keys.resolve("origin-0123456789abcdef.sealed")).exists();
        assertThat(SigningKeyRing.open(keys, KEKS).active().keyId()).isEqualTo("origin-0123456789abcdef");
    }
}
