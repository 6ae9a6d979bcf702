package dev.riffle.origin.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FfmpegCommandTest {
    @Test
    void every_video_rendition_forces_key_frames_on_the_segment_grid() {
        PackagingPlan plan = new PackagingPlan(
                List.of(
                        new PackagingPlan.VideoRendition("360p", 360, 700),
                        new PackagingPlan.VideoRendition("240p", 240, 400)),
                true,
                128,
                List.of(),
                4,
                25,
                20);
        List<String> cmd =
                FfmpegCommand.transcode("/usr/bin/ffmpeg", "veryfast", Path.of("/in.mp4"), Path.of("/w"), plan);
        String line = String.join(" ", cmd);
        assertThat(cmd.get(0)).isEqualTo("/usr/bin/ffmpeg");
        assertThat(line).contains("-progress pipe:1");
        assertThat(line.split("expr:gte\\(t,n_forced\\*4\\)", -1)).hasSize(3);
        assertThat(line).contains("-g 100 -keyint_min 100").contains("-sc_threshold 0");
        assertThat(line).contains("/w/360p/%d.ts").contains("/w/240p/%d.ts").contains("/w/audio/%d.ts");
        assertThat(line).contains("-hls_time 4");
        assertThat(line).contains("scale=-2:360");
    }

    @Test
    void audio_only_plans_map_no_video() {
        PackagingPlan plan = new PackagingPlan(List.of(), true, 96, List.of(), 4, 0, 20);
        String line = String.join(" ", FfmpegCommand.transcode("ffmpeg", "fast", Path.of("a"), Path.of("w"), plan));
        assertThat(line).doesNotContain("0:v:0").contains("-map 0:a:0").contains("-b:a 96k");
    }
}
