package dev.riffle.origin.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebVttSegmenterTest {
    private static final String VTT =
            "\uFEFFWEBVTT\r\n\r\nNOTE a comment\r\n\r\n1\r\n00:00:01.000 --> 00:00:03.500\r\nHello\r\n\r\n"
                    + "00:03.000 --> 00:05.000 align:start\nWorld\n";

    @Test
    void cues_are_read_with_optional_hours_and_settings() {
        List<WebVttSegmenter.Cue> cues = WebVttSegmenter.parse(VTT);
        assertThat(cues).extracting(WebVttSegmenter.Cue::startMs).containsExactly(1000L, 3000L);
        assertThat(cues.get(1).block()).contains("align:start").contains("World");
    }

    @Test
    void each_segment_holds_the_cues_overlapping_it_and_maps_the_media_timeline() {
        List<WebVttSegmenter.Piece> pieces = WebVttSegmenter.segment(WebVttSegmenter.parse(VTT), 10_000, 4, 126_000);
        assertThat(pieces).extracting(WebVttSegmenter.Piece::durationMs).containsExactly(4000L, 4000L, 2000L);
        assertThat(pieces.get(0).text())
                .startsWith("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000\n")
                .contains("Hello")
                .contains("World");
        assertThat(pieces.get(1).text()).contains("World").doesNotContain("Hello");
        assertThat(pieces.get(2).text()).doesNotContain("World");
    }

    @Test
    void text_without_the_header_is_not_webvtt() {
        assertThatThrownBy(() -> WebVttSegmenter.parse("1\n00:00:01,000 --> 00:00:02,000\nSRT\n"))
                .hasMessageContaining("not WebVTT");
    }
}
