package dev.riffle.origin.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.origin.packaging.PackagedTitle;
import dev.riffle.protocol.manifest.IvRule;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.ManifestException;
import dev.riffle.protocol.sign.ManifestVerifier;
import dev.riffle.protocol.sign.TrustedKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestServiceTest {
    @TempDir
    Path dir;

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
        SigningKeyRing ring = SigningKeyRing.open(dir.resolve("keys"));
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
        SigningKeyRing ring = SigningKeyRing.open(dir.resolve("keys"));
        ManifestService svc = new ManifestService(ring, InstantSource.system());
        byte[] old = svc.signedManifest(title());
        String oldKey = ring.active().keyId();
        ring.rotate();
        byte[] fresh = svc.signedManifest(title());
        SigningKeyRing reopened = SigningKeyRing.open(dir.resolve("keys"));
        assertThat(reopened.active().keyId()).isEqualTo(ring.active().keyId()).isNotEqualTo(oldKey);
        ManifestVerifier v = new ManifestVerifier(reopened.trusted());
        assertThat(v.verify(old).signingKeyId()).isEqualTo(oldKey);
        assertThat(v.verify(fresh).signingKeyId()).isEqualTo(ring.active().keyId());
    }

    @Test
    void a_changed_byte_breaks_the_signature() {
        SigningKeyRing ring = SigningKeyRing.open(dir.resolve("keys"));
        byte[] doc = new ManifestService(ring, InstantSource.system()).signedManifest(title());
        String tampered = new String(doc).replace("\"durationMs\":4000", "\"durationMs\":4001");
        assertThatThrownBy(() -> new ManifestVerifier(ring.trusted()).verify(tampered.getBytes()))
                .isInstanceOf(ManifestException.class);
    }

    @Test
    void private_keys_are_owner_only() throws Exception {
        SigningKeyRing ring = SigningKeyRing.open(dir.resolve("keys"));
        Path key = dir.resolve("keys").resolve(ring.active().keyId() + ".jwk");
        assertThat(Files.getPosixFilePermissions(key))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(dir.resolve("keys")))
                .doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    }
}
