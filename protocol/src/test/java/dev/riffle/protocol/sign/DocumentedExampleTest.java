package dev.riffle.protocol.sign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.ManifestJson;
import dev.riffle.protocol.manifest.ManifestLimits;
import dev.riffle.protocol.segment.SegmentVerifier;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Golden test: the example in docs/protocol.md keeps verifying byte for byte, so the format cannot drift silently. */
class DocumentedExampleTest {
    static final String KEY_SET =
            "{\"keys\":[{\"crv\":\"Ed25519\",\"kid\":\"origin-2026-11\",\"kty\":\"OKP\",\"x\":\"O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik\"}]}";
    static final String ENVELOPE =
            "{\"manifest\":{\"contentKey\":{\"ivRule\":\"segment-index\",\"kid\":\"AAECAwQFBgcICQoLDA0ODw\"},"
                    + "\"issuedAtMs\":1795316400000,\"kind\":\"vod\",\"renditions\":[{\"bandwidthBps\":3000000,"
                    + "\"codecs\":\"avc1.64001f,mp4a.40.2\",\"id\":\"v720\",\"init\":{\"sha256\":"
                    + "\"bb54068aea85faa7e487530083366be9962390af822e4c71ef1aca7033c83e66\",\"size\":812,\"uri\":\"v720/init.mp4\"},"
                    + "\"merkleRoot\":\"244e02ae50c2ff9a218fdfdf86399268dbddc95e2caa91fa192e4d5696f1aea0\","
                    + "\"playlistUri\":\"v720/index.m3u8\",\"resolution\":\"1280x720\",\"segments\":[{\"durationMs\":4004,\"index\":0,"
                    + "\"sha256\":\"ec18eac8d758b1eba52d3c10d39adc6dd9806472cb4ae069635d383d9086a513\",\"size\":1503232,"
                    + "\"uri\":\"v720/seg-0.m4s\"},{\"durationMs\":3003,\"index\":1,"
                    + "\"sha256\":\"e8bc163c82eee18733288c7d4ac636db3a6deb013ef2d37b68322be20edc45cc\",\"size\":1120016,"
                    + "\"uri\":\"v720/seg-1.m4s\"}],\"targetDurationMs\":4000,\"type\":\"video\"}],\"signingKeyId\":\"origin-2026-11\","
                    + "\"titleId\":\"big-buck-bunny\",\"version\":1},\"signature\":{\"alg\":\"Ed25519\",\"keyId\":\"origin-2026-11\","
                    + "\"value\":\"Y5hh1QH2k4tBQElI9zZmvsrc5-3ZPU8U9nWu_K4eHeq6UKiBImBD2E4eSR2iWAr9wk6EWIheOfYKuGSr7MWwBg\"}}";

    @Test
    void the_documented_example_verifies_and_re_signs_to_the_same_bytes() {
        ManifestVerifier verifier =
                new ManifestVerifier(TrustedKeys.parseJwks(KEY_SET.getBytes(StandardCharsets.UTF_8)));
        Manifest m = verifier.verify(ENVELOPE.getBytes(StandardCharsets.UTF_8));
        assertThat(m.swarmId("v720").hex()).isEqualTo("8162cee270a35f22c8935e5ed09d927a897316ca");
        assertThat(SegmentVerifier.verify(m.segment("v720", 1).orElseThrow(), new byte[0])
                        .verified())
                .isFalse();
        // Ed25519 is deterministic: the same key over the same canonical bytes gives the same envelope.
        SigningKey key = SigningKey.fromSeed("origin-2026-11", new byte[32]);
        assertThat(new String(new ManifestSigner(key).sign(m).toJson(), StandardCharsets.UTF_8))
                .isEqualTo(ENVELOPE);
        assertThat(ManifestJson.parse(ManifestJson.canonicalBytes(m), ManifestLimits.DEFAULT))
                .isEqualTo(m);
    }
}
