package dev.riffle.origin.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.origin.live.rtmp.Amf0;
import dev.riffle.origin.live.rtmp.RtmpConnection;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The small pure pieces of live ingest: the segment list, the ladder and its command, stream keys, stream info. */
class LivePiecesTest {

    @Test
    void the_segment_list_yields_only_whole_lines() {
        SegmentList list = new SegmentList();
        assertThat(list.feed("7.ts,0.000000,1.0230")).isEmpty();
        assertThat(list.feed("00\n8.ts,1.023000,2.023000\n9.ts,2.02"))
                .containsExactly(new SegmentList.Entry("7.ts", 0, 1023), new SegmentList.Entry("8.ts", 1023, 2023));
        assertThat(list.feed("3000,3.023000\n")).singleElement().satisfies(e -> assertThat(e.durationMs())
                .isEqualTo(1000));
    }

    @Test
    void the_ladder_passes_the_source_through_or_encodes_on_the_segment_grid() {
        LiveLadder source = LiveLadder.parse(List.of("source"));
        List<String> copy = source.command("ffmpeg", "veryfast", 1000, 42, Path.of("/w"));
        assertThat(source.names()).containsExactly("source");
        assertThat(String.join(" ", copy))
                .contains("-f flv -i pipe:0 -copyts")
                .contains("-c copy")
                .contains("-segment_time 1.000")
                .contains("-segment_start_number 42")
                .contains("-segment_list /w/source.csv")
                .endsWith("/w/source/%d.ts");

        LiveLadder two = LiveLadder.parse(List.of("360p:360:800", "180p:180:300"));
        String cmd = String.join(" ", two.command("ffmpeg", "veryfast", 2000, 0, Path.of("/w")));
        assertThat(cmd)
                .contains("-tune zerolatency")
                .contains("-force_key_frames expr:gte(t,n_forced*2.000)")
                .contains("scale=-2:360")
                .contains("/w/180p/%d.ts");
        assertThat(two.specs()).containsExactly("360p:360:800", "180p:180:300");

        assertThatThrownBy(() -> LiveLadder.parse(List.of("source", "360p:360:800")))
                .hasMessageContaining("mixed");
        assertThatThrownBy(() -> LiveLadder.parse(List.of("a:360:800", "a:180:300")))
                .hasMessageContaining("differ");
        assertThatThrownBy(() -> LiveLadder.parse(List.of("360p"))).hasMessageContaining("name:height:kbps");
    }

    @Test
    void stream_keys_are_random_and_only_their_hash_matches() {
        String k = StreamKeys.generate(new Random(1));
        assertThat(k).startsWith("sk_").hasSize(35);
        assertThat(StreamKeys.generate(new Random(2))).isNotEqualTo(k);
        String h = StreamKeys.hash(k);
        assertThat(h).doesNotContain(k.substring(3));
        assertThat(StreamKeys.matches(k, h)).isTrue();
        assertThat(StreamKeys.matches(k + "x", h)).isFalse();
        assertThat(StreamKeys.matches("", h)).isFalse();
    }

    @Test
    void stream_info_reads_codecs_and_size_from_the_first_messages() {
        StreamInfo info = new StreamInfo();
        assertThat(info.codecs()).isEqualTo("avc1.4d401f");
        // AVC sequence header: keyframe|AVC, packet type 0, cts 0, then the decoder configuration (High 3.0)
        info.observe(new RtmpConnection.Media(9, 0, new byte[] {0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1e, (byte) 0xff}));
        // AAC sequence header: AAC, packet type 0, AudioSpecificConfig object type 2 (LC)
        info.observe(new RtmpConnection.Media(8, 0, new byte[] {(byte) 0xaf, 0, 0x12, 0x10}));
        info.observe(new RtmpConnection.Media(
                18,
                0,
                Amf0.encode(
                        "onMetaData",
                        Map.of("width", 640.0, "height", 360.0, "videodatarate", 800.0, "audiodatarate", 64.0))));

        assertThat(info.codecs()).isEqualTo("avc1.64001e,mp4a.40.2");
        assertThat(info.resolution().text()).isEqualTo("640x360");
        assertThat(info.bandwidthBps(1)).isEqualTo(1_080_000);
        // junk metadata is ignored, not fatal
        new StreamInfo().observe(new RtmpConnection.Media(18, 0, new byte[] {0x02, 0, 9}));
    }
}
