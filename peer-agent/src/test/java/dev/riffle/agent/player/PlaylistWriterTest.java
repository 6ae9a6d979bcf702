package dev.riffle.agent.player;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.manifest.ContentKey;
import dev.riffle.protocol.manifest.ContentKeyId;
import dev.riffle.protocol.manifest.Iv;
import dev.riffle.protocol.manifest.IvRule;
import dev.riffle.protocol.manifest.Kind;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.RenditionType;
import dev.riffle.protocol.manifest.Resolution;
import dev.riffle.protocol.manifest.Segment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaylistWriterTest {
    private static final ContentKeyId KID = new ContentKeyId(new byte[16]);

    private static Rendition rendition(String id, RenditionType type, int segments, long lastMs) {
        return rendition(id, type, null, segments, lastMs);
    }

    private static Rendition subtitles(String language) {
        return rendition("subs-" + language, RenditionType.SUBTITLES, language, 2, 2000);
    }

    private static Rendition rendition(String id, RenditionType type, String language, int segments, long lastMs) {
        List<Segment> list = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            byte[] iv = new byte[16];
            Arrays.fill(iv, (byte) i);
            list.add(new Segment(
                    i,
                    i == segments - 1 ? lastMs : 2000,
                    1000 + i,
                    Sha256.of(new byte[] {(byte) i}),
                    id + "/" + i + ".ts",
                    new Iv(iv)));
        }
        return Rendition.of(
                id,
                type,
                500_000,
                type == RenditionType.VIDEO ? new Resolution(640, 360) : null,
                type == RenditionType.VIDEO ? "avc1.4d401e" : type == RenditionType.AUDIO ? "mp4a.40.2" : "wvtt",
                language,
                2000,
                id + "/index.m3u8",
                null,
                list);
    }

    private static Manifest manifest(Rendition... renditions) {
        return Manifest.v1(
                "t1", Kind.VOD, Instant.EPOCH, "k", new ContentKey(KID, IvRule.EXPLICIT), List.of(renditions));
    }

    @Test
    void theMediaPlaylistPointsSegmentsAndKeysAtTheAgentWithEachSegmentsOwnIv() {
        var m = manifest(rendition("360p", RenditionType.VIDEO, 3, 1500));
        String text = PlaylistWriter.media(m, m.renditions().get(0));
        assertThat(text).startsWith("#EXTM3U\n").endsWith("#EXT-X-ENDLIST\n");
        assertThat(text).contains("#EXT-X-TARGETDURATION:2\n", "#EXT-X-PLAYLIST-TYPE:VOD\n");
        assertThat(text)
                .contains("#EXT-X-KEY:METHOD=AES-128,URI=\"/play/t1/keys/" + KID.base64url()
                        + "\",IV=0x01010101010101010101010101010101\n#EXTINF:2.000,\n/play/t1/360p/1.ts\n");
        assertThat(text).contains("#EXTINF:1.500,\n/play/t1/360p/2.ts\n");
        assertThat(text).doesNotContain("http");
    }

    @Test
    void theTargetDurationCoversTheLongestSegment() {
        var m = manifest(rendition("360p", RenditionType.VIDEO, 2, 4100));
        assertThat(PlaylistWriter.media(m, m.renditions().get(0))).contains("#EXT-X-TARGETDURATION:5\n");
    }

    @Test
    void theMasterListsEveryVideoRenditionWithTheAudioGroup() {
        var m = manifest(
                rendition("720p", RenditionType.VIDEO, 1, 2000),
                rendition("360p", RenditionType.VIDEO, 1, 2000),
                rendition("audio", RenditionType.AUDIO, 1, 2000));
        String text = PlaylistWriter.master(m);
        assertThat(text).contains("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\"", "URI=\"/play/t1/audio/index.m3u8\"");
        assertThat(text)
                .contains("#EXT-X-STREAM-INF:BANDWIDTH=1000000,RESOLUTION=640x360,CODECS=\"avc1.4d401e,mp4a.40.2\","
                        + "AUDIO=\"audio\"\n/play/t1/720p/index.m3u8\n");
        assertThat(text).contains("/play/t1/360p/index.m3u8\n");
    }

    @Test
    void anAudioOnlyTitleHasOneVariant() {
        var m = manifest(rendition("audio", RenditionType.AUDIO, 1, 2000));
        assertThat(PlaylistWriter.master(m))
                .isEqualTo("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n"
                        + "#EXT-X-STREAM-INF:BANDWIDTH=500000,CODECS=\"mp4a.40.2\"\n/play/t1/audio/index.m3u8\n");
    }

    @Test
    void aLivePlaylistOffersTheNewestSegmentsWithTheirOwnKeysAndProgramDatesAndEndsOnlyWhenTheChannelDoes() {
        ContentKeyId older = new ContentKeyId(new byte[] {9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        Instant shot = Instant.parse("2026-12-07T20:00:00Z");
        List<Segment> segments = new ArrayList<>();
        for (int i = 40; i < 45; i++) {
            // 1.001 s segments: a 2 s offer still lists two of them
            segments.add(new Segment(
                    i,
                    1001,
                    100,
                    Sha256.of(new byte[] {(byte) i}),
                    "v/" + i + ".ts",
                    null,
                    i < 44 ? older : null,
                    shot.plusMillis(1001L * (i - 40))));
        }
        Rendition r = Rendition.of(
                "v",
                RenditionType.VIDEO,
                500_000,
                new Resolution(640, 360),
                "avc1",
                null,
                1001,
                "v/index.m3u8",
                null,
                segments);
        for (boolean ended : new boolean[] {false, true}) {
            Manifest m = Manifest.live(
                    "ch",
                    Instant.EPOCH,
                    "k",
                    new ContentKey(KID, IvRule.SEGMENT_INDEX),
                    List.of(r),
                    new dev.riffle.protocol.manifest.Live(60_000, ended));

            String text = PlaylistWriter.live(m, r, 2_000, Long.MAX_VALUE);

            assertThat(text).contains("#EXT-X-MEDIA-SEQUENCE:43\n");
            assertThat(text)
                    .doesNotContain("/42.ts")
                    .contains("/play/ch/v/43.ts")
                    .contains("/play/ch/v/44.ts");
            assertThat(text).contains("keys/" + older.base64url() + "\"").contains("keys/" + KID.base64url() + "\"");
            assertThat(text).contains("#EXT-X-PROGRAM-DATE-TIME:2026-12-07T20:00:03.003Z");
            assertThat(text.contains("#EXT-X-ENDLIST")).isEqualTo(ended);
            // segments the swarm is still bringing are not listed yet
            assertThat(PlaylistWriter.live(m, r, 2_000, 43))
                    .contains("#EXT-X-MEDIA-SEQUENCE:42\n")
                    .contains("/42.ts")
                    .doesNotContain("/44.ts");
        }
    }

    @Test
    void theMasterPassesTheSubtitleTracksThroughAsAGroupEveryVariantNames() {
        var m = manifest(
                rendition("720p", RenditionType.VIDEO, 1, 2000),
                rendition("360p", RenditionType.VIDEO, 1, 2000),
                rendition("audio", RenditionType.AUDIO, 1, 2000),
                subtitles("en"),
                subtitles("fr"));
        String text = PlaylistWriter.master(m);
        assertThat(text)
                .contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"en\",LANGUAGE=\"en\",DEFAULT=YES,"
                        + "AUTOSELECT=YES,FORCED=NO,URI=\"/play/t1/subs-en/index.m3u8\"\n")
                .contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"fr\",LANGUAGE=\"fr\",DEFAULT=NO,"
                        + "AUTOSELECT=YES,FORCED=NO,URI=\"/play/t1/subs-fr/index.m3u8\"\n");
        assertThat(text.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF")))
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).endsWith(",AUDIO=\"audio\",SUBTITLES=\"subs\""));
        // subtitles are not a variant of their own
        assertThat(text).doesNotContain("\n/play/t1/subs-en/index.m3u8");
    }

    @Test
    void anAudioOnlyTitleKeepsItsSubtitles() {
        var m = manifest(rendition("audio", RenditionType.AUDIO, 1, 2000), subtitles("en"));
        assertThat(PlaylistWriter.master(m))
                .contains("URI=\"/play/t1/subs-en/index.m3u8\"")
                .contains("#EXT-X-STREAM-INF:BANDWIDTH=500000,CODECS=\"mp4a.40.2\",SUBTITLES=\"subs\"\n"
                        + "/play/t1/audio/index.m3u8\n");
    }

    @Test
    void aTitleWithoutSubtitlesNamesNoSubtitleGroup() {
        var m = manifest(rendition("360p", RenditionType.VIDEO, 1, 2000));
        assertThat(PlaylistWriter.master(m)).doesNotContain("SUBTITLES");
    }

    @Test
    void subtitleSegmentsAreWebVttFilesWithTheirKeys() {
        var m = manifest(rendition("360p", RenditionType.VIDEO, 1, 2000), subtitles("en"));
        String text = PlaylistWriter.media(m, m.rendition("subs-en").orElseThrow());
        assertThat(text).contains("\n/play/t1/subs-en/0.vtt\n", "\n/play/t1/subs-en/1.vtt\n");
        assertThat(text).doesNotContain(".ts\n");
        assertThat(text).contains("#EXT-X-KEY:METHOD=AES-128,URI=\"/play/t1/keys/" + KID.base64url());
    }
}
