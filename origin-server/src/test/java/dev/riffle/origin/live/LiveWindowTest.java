package dev.riffle.origin.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.manifest.ContentKeyId;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.ManifestJson;
import dev.riffle.protocol.manifest.ManifestLimits;
import dev.riffle.protocol.manifest.RenditionType;
import dev.riffle.protocol.manifest.Resolution;
import dev.riffle.protocol.sign.ManifestSigner;
import dev.riffle.protocol.sign.ManifestVerifier;
import dev.riffle.protocol.sign.SigningKey;
import dev.riffle.protocol.sign.TrustedKeys;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LiveWindowTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_800_000_000_000L);
    private final SigningKey key = SigningKey.generate("origin-test");
    private final ManifestVerifier verifier = new ManifestVerifier(TrustedKeys.of(key));
    private final LiveWindow window = new LiveWindow(
            "ch1", 5_000, key.keyId(), m -> new ManifestSigner(key).sign(m).toJson());
    private final ContentKeyId k1 = kid(1);
    private final ContentKeyId k2 = kid(2);

    LiveWindowTest() {
        window.track(new LiveWindow.Track(
                "source", RenditionType.VIDEO, 1_000_000, new Resolution(640, 360), "avc1.64001e,mp4a.40.2", 1000));
    }

    @Test
    void the_window_manifest_is_signed_slides_and_names_the_older_key() {
        for (int i = 0; i < 8; i++) window.add("source", segment(i, i < 6 ? k1 : k2), T0.plusSeconds(i));

        Manifest m = verifier.verify(window.manifest(T0.plusSeconds(8)));

        assertThat(m.isLive()).isTrue();
        assertThat(m.live().windowMs()).isEqualTo(5_000);
        var segments = m.rendition("source").orElseThrow().segments();
        assertThat(segments).extracting(s -> s.index()).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(m.contentKey().kid()).as("the current key").isEqualTo(k2);
        assertThat(segments.get(0).keyIn(m)).isEqualTo(k1);
        assertThat(segments.get(4).keyIn(m)).isEqualTo(k2);
        assertThat(segments.get(0).programDate()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void each_segment_has_its_own_signed_update_and_long_polls_wake_on_the_next() throws Exception {
        window.add("source", segment(0, k1), T0);
        window.add("source", segment(1, k1), T0.plusSeconds(1));

        List<byte[]> after0 = window.updatesAfter("source", 0).get();
        assertThat(after0).hasSize(1);
        Manifest update = verifier.verify(after0.get(0));
        assertThat(update.rendition("source").orElseThrow().segments())
                .singleElement()
                .satisfies(s -> assertThat(s.index()).isEqualTo(1));

        CompletableFuture<List<byte[]>> waiting = window.updatesAfter("source", 1);
        assertThat(waiting).isNotDone();
        window.add("source", segment(2, k1), T0.plusSeconds(2));
        assertThat(verifier.verify(waiting.get().get(0)).segment("source", 2)).isPresent();

        CompletableFuture<List<byte[]>> atEnd = window.updatesAfter("source", 2);
        window.end(T0.plusSeconds(3));
        assertThat(atEnd.get()).isEmpty();
        assertThat(verifier.verify(window.manifest(T0.plusSeconds(3))).live().ended())
                .isTrue();
        assertThat(window.updatesAfter("source", 2)).isCompletedWithValue(List.of());
    }

    @Test
    void a_segment_that_does_not_follow_is_refused_and_nothing_changes() {
        window.add("source", segment(4, k1), T0);
        assertThatThrownBy(() -> window.add("source", segment(6, k1), T0)).isInstanceOf(IllegalStateException.class);
        assertThat(window.newest("source")).isEqualTo(4);
    }

    @Test
    void players_reading_the_edge_get_a_sliding_hls_playlist_with_key_changes_and_program_dates() {
        for (int i = 0; i < 4; i++) window.add("source", segment(i, i < 2 ? k1 : k2), T0.plusSeconds(i));

        String playlist =
                window.mediaPlaylist("source", URI.create("http://license/")).orElseThrow();

        assertThat(playlist)
                .contains("#EXT-X-MEDIA-SEQUENCE:0")
                .contains("#EXT-X-TARGETDURATION:1")
                .contains("URI=\"http://license/v1/keys/" + k1.base64url() + "\"")
                .contains("URI=\"http://license/v1/keys/" + k2.base64url() + "\"")
                .contains("#EXT-X-PROGRAM-DATE-TIME:2027-01-15T08:00:03Z")
                .doesNotContain("ENDLIST");
        assertThat(playlist.split("EXT-X-KEY", -1)).hasSize(3);
        assertThat(window.masterPlaylist()).contains("RESOLUTION=640x360").contains("source/index.m3u8");
        // and the manifests parse back with the limits agents use
        assertThat(ManifestJson.parse(stripEnvelope(window.manifest(T0)), ManifestLimits.DEFAULT)
                        .titleId())
                .isEqualTo("ch1");
    }

    private static byte[] stripEnvelope(byte[] envelope) {
        var tree = new com.fasterxml.jackson.databind.ObjectMapper();
        try {
            return tree.writeValueAsBytes(tree.readTree(envelope).get("manifest"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static LiveWindow.Published segment(long index, ContentKeyId kid) {
        byte[] bytes = new byte[188 * (1 + (int) index)];
        return new LiveWindow.Published(index, 1000, T0.plusSeconds(index), kid, Sha256.of(bytes), bytes);
    }

    private static ContentKeyId kid(int b) {
        byte[] k = new byte[16];
        k[0] = (byte) b;
        return new ContentKeyId(k);
    }
}
