package dev.riffle.origin.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlaylistWriterTest {
    private static final String KEY = "http://127.0.0.1:8082/v1/keys/AAAAAAAAAAAAAAAAAAAAAA";

    private static PackagedTitle.Segment seg(int i, long ms, String dir, String ext) {
        byte[] iv = new byte[16];
        iv[15] = (byte) i;
        return new PackagedTitle.Segment(i, ms, 1000, "00".repeat(32), dir + "/" + i + "." + ext, iv);
    }

    private static PackagedTitle.Rendition video(String name, int h) {
        return new PackagedTitle.Rendition(
                name,
                PackagedTitle.Type.VIDEO,
                800_000,
                600_000,
                h * 4 / 3,
                h,
                "avc1.4d401e",
                null,
                List.of(seg(0, 4000, name, "ts"), seg(1, 3600, name, "ts")));
    }

    private static final PackagedTitle.Rendition AUDIO = new PackagedTitle.Rendition(
            "audio",
            PackagedTitle.Type.AUDIO,
            130_000,
            128_000,
            0,
            0,
            "mp4a.40.2",
            null,
            List.of(seg(0, 4000, "audio", "ts"), seg(1, 3600, "audio", "ts")));

    private static final PackagedTitle.Rendition SUBS = new PackagedTitle.Rendition(
            "sub-en",
            PackagedTitle.Type.SUBTITLES,
            1000,
            1000,
            0,
            0,
            "wvtt",
            "en",
            List.of(seg(0, 4000, "sub-en", "vtt"), seg(1, 3600, "sub-en", "vtt")));

    @Test
    void media_playlists_name_the_key_and_an_explicit_iv_for_every_segment() {
        String m = PlaylistWriter.media(video("360p", 360), KEY);
        assertThat(m).startsWith("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:0\n");
        assertThat(m).contains("#EXT-X-PLAYLIST-TYPE:VOD");
        assertThat(m)
                .contains("#EXT-X-KEY:METHOD=AES-128,URI=\"" + KEY + "\",IV=0x00000000000000000000000000000000\n"
                        + "#EXTINF:4.000,\n0.ts\n");
        assertThat(m).contains("IV=0x00000000000000000000000000000001\n#EXTINF:3.600,\n1.ts\n");
        assertThat(m).endsWith("#EXT-X-ENDLIST\n");
    }

    @Test
    void the_master_lists_video_variants_with_audio_and_subtitle_groups() {
        String m = PlaylistWriter.master(new PackagedTitle(
                "t1", "AAAAAAAAAAAAAAAAAAAAAA", List.of(video("360p", 360), video("240p", 240), AUDIO, SUBS), 8));
        assertThat(m).contains("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\"").contains("URI=\"audio/index.m3u8\"");
        assertThat(m).contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"en\",LANGUAGE=\"en\"");
        assertThat(m)
                .contains("#EXT-X-STREAM-INF:BANDWIDTH=930000,AVERAGE-BANDWIDTH=728000,RESOLUTION=480x360,"
                        + "CODECS=\"avc1.4d401e,mp4a.40.2\",AUDIO=\"audio\",SUBTITLES=\"subs\"\n360p/index.m3u8\n");
        assertThat(m).contains("240p/index.m3u8");
    }

    @Test
    void an_audio_only_title_has_one_audio_variant() {
        String m = PlaylistWriter.master(new PackagedTitle("t1", "AAAAAAAAAAAAAAAAAAAAAA", List.of(AUDIO), 8));
        assertThat(m)
                .contains("#EXT-X-STREAM-INF:BANDWIDTH=130000,AVERAGE-BANDWIDTH=128000,CODECS=\"mp4a.40.2\"\n"
                        + "audio/index.m3u8\n");
        assertThat(m).doesNotContain("RESOLUTION");
    }
}
