package dev.riffle.origin.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureTextsTest {
    @Test
    void serverPathsAreShortenedToTheirFileName() {
        assertThat(FailureTexts.withoutServerPaths("not a playable media file or truncated (ffprobe failed:"
                        + " /srv/riffle/.riffle/origin/uploads/q7xk2.src: Invalid data found when processing input)"))
                .isEqualTo("not a playable media file or truncated (ffprobe failed: q7xk2.src: Invalid data found when"
                        + " processing input)");
        assertThat(FailureTexts.withoutServerPaths(
                        "ffmpeg failed (exit 1): /tmp/staging/j1/720p/3.ts: No space left on device"))
                .isEqualTo("ffmpeg failed (exit 1): 3.ts: No space left on device");
        assertThat(FailureTexts.withoutServerPaths("[mov,mp4 @ 0x5591] moov atom not found"))
                .isEqualTo("[mov,mp4 @ 0x5591] moov atom not found");
    }

    @Test
    void textWithoutPathsIsUnchanged() {
        for (String text : new String[] {
            "source is truncated: it declares 20.0 s but only 8.0 s could be decoded",
            "drm-license unreachable at http://127.0.0.1:8082/v1/x: Connection refused",
            "a/b relative and 1/2 ratios stay",
            ""
        }) {
            assertThat(FailureTexts.withoutServerPaths(text)).isEqualTo(text);
        }
    }
}
