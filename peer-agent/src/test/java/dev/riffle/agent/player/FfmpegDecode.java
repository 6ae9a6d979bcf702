package dev.riffle.agent.player;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The real-player check the ITs share: Debian's ffmpeg decodes a whole HLS title from a URL without a single error. */
public final class FfmpegDecode {
    private FfmpegDecode() {}

    public static void assertDecodesCleanly(URI url, Path log) throws Exception {
        var p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-i", url.toString(), "-f", "null", "-")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("ffmpeg finished").isTrue();
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertThat(p.exitValue()).as("ffmpeg exit; output:\n%s", out).isZero();
        assertThat(out).as("ffmpeg errors").isBlank();
    }
}
