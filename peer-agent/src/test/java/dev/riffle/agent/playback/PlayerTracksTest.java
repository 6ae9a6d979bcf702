package dev.riffle.agent.playback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.playback.PlayerTracks.Track;
import dev.riffle.protocol.manifest.RenditionType;
import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** 2 s segments throughout. */
class PlayerTracksTest {
    private static final RenditionType VIDEO = RenditionType.VIDEO, AUDIO = RenditionType.AUDIO;

    private static PlayerTracks playlist(PlayerTracks t, String rendition, RenditionType type, long now) {
        return t.playlist(rendition, type, 0, 0, 2_000, now);
    }

    private static PlayerTracks segment(PlayerTracks t, String rendition, RenditionType type, long seq, long now) {
        return t.segment(rendition, type, seq, seq * 2_000, seq * 2_000 + 2_000, now);
    }

    private static Optional<String> rendition(Optional<Track> t) {
        return t.map(Track::rendition);
    }

    @Test
    void aPlayerReadingAudioAndVideoTogetherKeepsOnePlayheadPerType() {
        var t = playlist(playlist(PlayerTracks.NONE, "720p", VIDEO, 100), "aac", AUDIO, 110);
        t = segment(t, "720p", VIDEO, 0, 120);
        t = segment(t, "aac", AUDIO, 0, 130);
        t = segment(t, "720p", VIDEO, 1, 140);
        t = segment(t, "aac", AUDIO, 1, 150);
        t = segment(t, "720p", VIDEO, 2, 160);

        assertThat(t.of(VIDEO).map(Track::playhead)).contains(2L);
        assertThat(t.of(AUDIO).map(Track::playhead)).contains(1L);
        assertThat(t.of(VIDEO).map(Track::windowStartMillis)).contains(100L);
        // Callers that know one rendition see the video one, whatever the player asked for last.
        assertThat(rendition(t.primary())).contains("720p");
        assertThat(rendition(segment(t, "aac", AUDIO, 2, 170).primary())).contains("720p");
    }

    @Test
    void aNewRenditionOfTheSameTypeIsASwitchThatKeepsThePlaybackAndRestartsTheWindow() {
        var t = playlist(playlist(PlayerTracks.NONE, "720p", VIDEO, 100), "aac", AUDIO, 100);
        t = segment(t, "720p", VIDEO, 0, 150);
        t = t.delivered("720p", VIDEO, 0, 2_000, 200);
        t = segment(t, "aac", AUDIO, 0, 200);
        PlayerClock before = t.of(VIDEO).orElseThrow().clock();
        t = playlist(t, "1080p", VIDEO, 300);

        Track video = t.of(VIDEO).orElseThrow();
        assertThat(video.rendition()).isEqualTo("1080p");
        assertThat(video.windowStartMillis()).isEqualTo(300);
        assertThat(video.clock().deadline(4_000, 300)).isEqualTo(before.deadline(4_000, 300));
        assertThat(t.of(AUDIO).map(Track::windowStartMillis)).contains(100L);
        assertThat(rendition(segment(t, "480p", VIDEO, 1, 400).of(VIDEO))).contains("480p");
    }

    @Test
    void aPlaylistOfTheRenditionAlreadyFollowedChangesNothing() {
        var t = segment(playlist(PlayerTracks.NONE, "720p", VIDEO, 100), "720p", VIDEO, 5, 200);
        assertThat(playlist(t, "720p", VIDEO, 900)).isEqualTo(t);
        assertThat(PlayerTracks.NONE.primary()).isEmpty();
        assertThat(playlist(PlayerTracks.NONE, "720p", VIDEO, 1).of(VIDEO).map(Track::playhead))
                .contains(0L);
    }

    @Test
    void deliveriesMoveOnlyTheirOwnRenditionsClock() {
        var t = segment(playlist(PlayerTracks.NONE, "720p", VIDEO, 0), "720p", VIDEO, 0, 0);
        assertThat(t.delivered("480p", VIDEO, 0, 2_000, 10)).isEqualTo(t);
        assertThat(t.delivered("720p", VIDEO, 0, 2_000, 10)
                        .of(VIDEO)
                        .orElseThrow()
                        .clock()
                        .waiting(10))
                .isFalse();
    }

    /** Interleave any requests: what one type asks never changes another type's track. */
    @Test
    void requestsOfOneTypeNeverMoveAnotherTypesTrack() {
        Property.forAll(1000, Gen.longs(), seed -> {
            var r = new SplittableRandom(seed);
            var t = PlayerTracks.NONE;
            for (int i = r.nextInt(1, 40); i > 0; i--) {
                RenditionType type = RenditionType.values()[r.nextInt(RenditionType.values().length)];
                String rendition = type.json() + r.nextInt(3);
                long now = i * 10L;
                var before = t;
                int roll = r.nextInt(3);
                t = roll == 0
                        ? playlist(t, rendition, type, now)
                        : roll == 1
                                ? segment(t, rendition, type, r.nextLong(0, 100), now)
                                : t.delivered(rendition, type, 0, 2_000, now);
                for (RenditionType other : RenditionType.values()) {
                    if (other != type) assertThat(t.of(other)).isEqualTo(before.of(other));
                }
                if (roll < 2) assertThat(rendition(t.of(type))).contains(rendition);
            }
        });
    }
}
