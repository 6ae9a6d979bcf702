package dev.riffle.e2e.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlaylistsTest {
    @Test
    void readsTheFirstVariantOfAMasterPlaylist() {
        String master = "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",URI=\"/play/t/audio/index.m3u8\"\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=900000,AUDIO=\"a\"\n/play/t/360p/index.m3u8\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=500000\n/play/t/240p/index.m3u8\n";
        assertThat(Playlists.firstVariant(master)).contains("/play/t/360p/index.m3u8");
        assertThat(Playlists.firstVariant("#EXTM3U\n")).isEmpty();
        assertThat(Playlists.renditionOf("/play/t/360p/index.m3u8")).isEqualTo("360p");
    }

    @Test
    void readsSegmentsDurationsAndTheKeyOfAMediaPlaylist() {
        String media = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n"
                + "#EXT-X-KEY:METHOD=AES-128,URI=\"/play/t/keys/abc\",IV=0x00\n#EXTINF:2.000,\n/play/t/360p/0.ts\n"
                + "#EXT-X-KEY:METHOD=AES-128,URI=\"/play/t/keys/abc\",IV=0x01\n#EXTINF:1.500,\n/play/t/360p/1.ts\n"
                + "#EXT-X-ENDLIST\n";
        var m = Playlists.media(media);
        assertThat(m.keyUri()).isEqualTo("/play/t/keys/abc");
        assertThat(m.segments())
                .containsExactly(
                        new Playlists.Entry(0, 2.0, "/play/t/360p/0.ts"),
                        new Playlists.Entry(1, 1.5, "/play/t/360p/1.ts"));
        assertThat(m.durationSeconds()).isEqualTo(3.5);
    }
}
