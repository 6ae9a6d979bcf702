package dev.riffle.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.agent.testing.TestRenditions;
import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.manifest.ContentKey;
import dev.riffle.protocol.manifest.ContentKeyId;
import dev.riffle.protocol.manifest.IvRule;
import dev.riffle.protocol.manifest.Live;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.ManifestException;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.Segment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TitleManifestTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_795_000_000_000L);
    private static final ContentKeyId KEY_A = kid(1);
    private static final ContentKeyId KEY_B = kid(2);

    @Test
    void updatesAppendInOrderAndEachSegmentIsKnownFromWhenItArrived() {
        var m = new TitleManifest(window(KEY_A, 10_000, 0, 2), 1_000);

        assertThat(m.merge(update(KEY_A, 10_000, 3, 3), 2_000)).isEqualTo(TitleManifest.Merged.GREW);
        assertThat(m.merge(update(KEY_A, 10_000, 4, 4), 3_000)).isEqualTo(TitleManifest.Merged.GREW);

        assertThat(m.newest("v")).isEqualTo(4);
        assertThat(m.knownAt("v", 0)).contains(1_000L);
        assertThat(m.knownAt("v", 3)).contains(2_000L);
        assertThat(m.knownAt("v", 4)).contains(3_000L);
        assertThat(m.current().segment("v", 4)).isPresent();
    }

    @Test
    void anUpdateRepeatingWhatIsKnownChangesNothing() {
        var m = new TitleManifest(window(KEY_A, 10_000, 0, 3), 1_000);

        assertThat(m.merge(update(KEY_A, 10_000, 2, 3), 2_000)).isEqualTo(TitleManifest.Merged.NOTHING);
        assertThat(m.knownAt("v", 3)).contains(1_000L);
    }

    @Test
    void aMissedUpdateIsAGapAndAReloadedWindowCarriesOn() {
        var m = new TitleManifest(window(KEY_A, 10_000, 0, 2), 1_000);

        assertThat(m.merge(update(KEY_A, 10_000, 5, 5), 2_000)).isEqualTo(TitleManifest.Merged.GAP);
        assertThat(m.newest("v")).isEqualTo(2);

        m.replace(window(KEY_A, 10_000, 0, 5), 2_500);
        assertThat(m.newest("v")).isEqualTo(5);
        assertThat(m.knownAt("v", 1)).contains(1_000L);
        assertThat(m.knownAt("v", 5)).contains(2_500L);
    }

    @Test
    void aKnownSegmentComingBackWithAnotherHashIsRefusedAsAForgery() {
        var m = new TitleManifest(window(KEY_A, 10_000, 0, 3), 1_000);
        Manifest forged = channel("ch", segment(3, 99, null), false);

        assertThatThrownBy(() -> m.merge(forged, 2_000))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> m.replace(forged, 2_000)).isInstanceOf(ManifestException.class);
        assertThat(m.current().segment("v", 3).orElseThrow().sha256()).isEqualTo(hash(3));
    }

    @Test
    void anotherChannelsUpdateIsRefused() {
        var m = new TitleManifest(window(KEY_A, 10_000, 0, 1), 1_000);
        Manifest other = channel("other", segment(2, 2, null), false);

        assertThatThrownBy(() -> m.merge(other, 2_000)).isInstanceOf(ManifestException.class);
    }

    @Test
    void theWindowSlidesAndSegmentsUnderTheOldKeyKeepNamingIt() {
        // 1 s segments, a 4 s window: after a rotation to key B at segment 4, the window holds 2..5 and 2, 3 still
        // name key A explicitly.
        var m = new TitleManifest(window(KEY_A, 4_000, 0, 3), 1_000);

        m.merge(update(KEY_B, 4_000, 4, 5), 2_000);

        Manifest now = m.current();
        List<Segment> segments = now.rendition("v").orElseThrow().segments();
        assertThat(segments).extracting(Segment::index).containsExactly(2L, 3L, 4L, 5L);
        assertThat(now.contentKey().kid()).isEqualTo(KEY_B);
        assertThat(segments.get(0).keyIn(now)).isEqualTo(KEY_A);
        assertThat(segments.get(3).keyIn(now)).isEqualTo(KEY_B);
        assertThat(m.knownAt("v", 1)).isEmpty();
        assertThat(m.knownTimes("v")).containsOnlyKeys(2L, 3L, 4L, 5L);
    }

    @Test
    void theEndOfTheChannelIsTakenEvenWithNoNewSegment() {
        var m = new TitleManifest(window(KEY_A, 10_000, 0, 2), 1_000);
        Manifest ended = channel("ch", segment(2, 2, null), true);

        m.merge(ended, 2_000);

        assertThat(m.current().live().ended()).isTrue();
    }

    /** A one-segment update of channel {@code id} under key A, with a 10 s window. */
    private static Manifest channel(String id, Segment segment, boolean ended) {
        return Manifest.live(
                id,
                T0,
                "k",
                new ContentKey(KEY_A, IvRule.SEGMENT_INDEX),
                List.of(rendition(List.of(segment))),
                new Live(10_000, ended));
    }

    private static Manifest window(ContentKeyId key, long windowMs, long from, long to) {
        return update(key, windowMs, from, to);
    }

    private static Manifest update(ContentKeyId key, long windowMs, long from, long to) {
        List<Segment> segments = new ArrayList<>();
        for (long i = from; i <= to; i++) segments.add(segment(i, i, null));
        return Manifest.live(
                "ch",
                T0.plusSeconds(to),
                "k",
                new ContentKey(key, IvRule.SEGMENT_INDEX),
                List.of(rendition(segments)),
                new Live(windowMs, false));
    }

    private static Segment segment(long index, long hashSeed, ContentKeyId kid) {
        return new Segment(index, 1_000, 100, hash(hashSeed), "v/" + index + ".ts", null, kid, T0.plusSeconds(index));
    }

    private static Sha256 hash(long seed) {
        return Sha256.of(new byte[] {(byte) seed});
    }

    private static Rendition rendition(List<Segment> segments) {
        return TestRenditions.video(segments);
    }

    private static ContentKeyId kid(int b) {
        byte[] k = new byte[16];
        k[0] = (byte) b;
        return new ContentKeyId(k);
    }
}
