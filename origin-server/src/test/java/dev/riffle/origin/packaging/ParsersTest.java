package dev.riffle.origin.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParsersTest {
    @Test
    void progress_lines_report_position_over_duration() {
        assertThat(ProgressParser.fraction("out_time_us=5000000", 20).getAsDouble())
                .isEqualTo(0.25);
        assertThat(ProgressParser.fraction("out_time_ms=30000000", 20).getAsDouble())
                .isEqualTo(1.0);
        assertThat(ProgressParser.fraction("out_time_us=N/A", 20)).isEmpty();
        assertThat(ProgressParser.fraction("frame=12", 20)).isEmpty();
        assertThat(ProgressParser.fraction("progress=end", 20).getAsDouble()).isEqualTo(1.0);
    }

    @Test
    void ffmpeg_playlists_give_segment_files_and_millisecond_durations() {
        String m3u8 = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.000000,\n0.ts\n"
                + "#EXTINF:3.9995,\n1.ts\n#EXTINF:0.021333,\n2.ts\n#EXT-X-ENDLIST\n";
        assertThat(MediaPlaylistParser.parse(m3u8))
                .containsExactly(
                        new MediaPlaylistParser.Entry("0.ts", 4000),
                        new MediaPlaylistParser.Entry("1.ts", 4000),
                        new MediaPlaylistParser.Entry("2.ts", 21));
    }

    @Test
    void probe_output_with_video_and_audio() {
        String json = """
                {"streams":[{"codec_type":"video","width":320,"height":240,"avg_frame_rate":"25/1"},
                            {"codec_type":"audio"}],
                 "format":{"duration":"20.000000"}}""";
        ProbeResult r = ProbeParser.parse(json);
        assertThat(r).isEqualTo(new ProbeResult(true, 320, 240, 25, true, 20));
    }

    @Test
    void cover_art_does_not_make_an_audio_file_a_video() {
        String json = """
                {"streams":[{"codec_type":"audio"},
                 {"codec_type":"video","width":500,"height":500,"disposition":{"attached_pic":1}}],
                 "format":{"duration":"3.5"}}""";
        assertThat(ProbeParser.parse(json).audioOnly()).isTrue();
    }

    @Test
    void files_without_media_streams_or_duration_are_refused_with_a_reason() {
        assertThatThrownBy(() -> ProbeParser.parse("{\"streams\":[],\"format\":{}}"))
                .hasMessageContaining("no audio or video stream");
        assertThatThrownBy(() -> ProbeParser.parse(
                        "{\"streams\":[{\"codec_type\":\"video\",\"width\":2,\"height\":2}],\"format\":{}}"))
                .hasMessageContaining("no duration");
    }

    @Test
    void codec_strings_follow_rfc_6381() {
        assertThat(Codecs.avc("Main", 30)).isEqualTo("avc1.4d401e");
        assertThat(Codecs.avc("High", 40)).isEqualTo("avc1.640028");
        assertThat(Codecs.avc("Constrained Baseline", 13)).isEqualTo("avc1.42e00d");
    }
}
