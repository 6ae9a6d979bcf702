package dev.riffle.origin.it;

import dev.riffle.testkit.TestClips;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test sources made with ffmpeg's lavfi generators (small and quick), cached under target/it-clips. */
public final class Clips {
    private static final Path DIR = Path.of("target", "it-clips");

    private Clips() {}

    /** 320x240 25 fps testsrc + 440 Hz sine, {@code seconds} long, H.264/AAC in MP4. */
    public static synchronized Path video(int seconds) {
        Path out = DIR.resolve("video-" + seconds + ".mp4").toAbsolutePath();
        return Files.exists(out) ? out : TestClips.video(out, "320x240", seconds);
    }

    /** Sine only, AAC in M4A. */
    public static synchronized Path audio(int seconds) {
        Path out = DIR.resolve("audio-" + seconds + ".m4a").toAbsolutePath();
        return Files.exists(out) ? out : TestClips.audio(out, seconds);
    }
}
