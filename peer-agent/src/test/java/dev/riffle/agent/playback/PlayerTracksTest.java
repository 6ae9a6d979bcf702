package dev.riffle.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.session.PlayerTracks.Track;
import dev.riffle.protocol.manifest.RenditionType;
import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlayerTracksTest {
    private static final RenditionType VIDEO = RenditionType.VIDEO, AUDIO = RenditionType.AUDIO;

    @Test
    void aPlayerReadingAudioAndVideoTogetherKeepsOnePlayheadPerType() {
        var t = PlayerTracks.NONE
                .playlist("720p", VIDEO, 100)
                .playlist("aac", AUDIO, 110)
                .segment("720p", VIDEO, 0, 120)
                .segment("aac", AUDIO, 0, 130)
                .segment("720p", VIDEO, 1, 140)
                .segment("aac", AUDIO, 1, 150)
                .segment("720p", VIDEO, 2, 160);

        assertThat(t.all()).containsExactly(new Track("720p", VIDEO, 2, 100), new Track("aac", AUDIO, 1, 110));
        // Callers that know one rendition see the video one, whatever the player asked for last.
        assertThat(t.primary().map(Track::rendition)).contains("720p");
        assertThat(t.segment("aac", AUDIO, 2, 170).primary().map(Track::rendition))
                .contains("720p");
    }

    @Test
    void aNewRenditionOfTheSameTypeIsASwitchThatKeepsThePositionAndRestartsTheJoinClock() {
        var t = PlayerTracks.NONE
                .playlist("720p", VIDEO, 100)
                .playlist("aac", AUDIO, 100)
                .segment("720p", VIDEO, 7, 200)
                .segment("aac", AUDIO, 7, 200)
                .playlist("1080p", VIDEO, 300);

        assertThat(t.of(VIDEO)).contains(new Track("1080p", VIDEO, 7, 300));
        assertThat(t.of(AUDIO)).contains(new Track("aac", AUDIO, 7, 100));
        assertThat(t.segment("480p", VIDEO, 9, 400).of(VIDEO)).contains(new Track("480p", VIDEO, 9, 400));
    }

    @Test
    void aPlaylistOfTheRenditionAlreadyFollowedChangesNothing() {
        var t = PlayerTracks.NONE.playlist("720p", VIDEO, 100).segment("720p", VIDEO, 5, 200);
        assertThat(t.playlist("720p", VIDEO, 900)).isEqualTo(t);
        assertThat(PlayerTracks.NONE.primary()).isEmpty();
        assertThat(PlayerTracks.NONE.playlist("720p", VIDEO, 1).of(VIDEO).map(Track::playhead))
                .contains(0L);
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
                t = r.nextBoolean()
                        ? t.playlist(rendition, type, now)
                        : t.segment(rendition, type, r.nextLong(0, 100), now);
                for (RenditionType other : RenditionType.values()) {
                    if (other != type) assertThat(t.of(other)).isEqualTo(before.of(other));
                }
                assertThat(t.of(type).map(Track::rendition)).contains(rendition);
            }
        });
    }
}
