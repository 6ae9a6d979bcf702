package dev.riffle.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A live feed as an operator's encoder would push it: ffmpeg ({@code -re}, so in real time) sends a test pattern with
 * a tone, the wall clock burned in when a DejaVu font is installed, H.264 with a key frame every second and AAC, over
 * RTMP. The origin's live ingest, the live demo and LiveBench use it.
 */
public final class LiveFeed {
    private static final Path FONT = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

    private LiveFeed() {}

    /** The ffmpeg command pushing {@code seconds} of a {@code size} ({@code WxH}) pattern at {@code fps} to the URL. */
    public static List<String> command(String rtmpUrl, String size, int fps, int seconds) {
        if (seconds < 1 || seconds > 24 * 3600) throw new IllegalArgumentException("seconds must be 1..86400");
        String video = "testsrc2=size=" + size + ":rate=" + fps;
        if (Files.isReadable(FONT)) {
            video += ",drawtext=fontfile=" + FONT + ":text='%{localtime\\:%T}':fontsize=28:fontcolor=white"
                    + ":box=1:boxcolor=black@0.6:x=12:y=12";
        }
        List<String> c = new ArrayList<>(List.of(
                "ffmpeg",
                "-hide_banner",
                "-nostats",
                "-loglevel",
                "warning",
                "-re",
                "-f",
                "lavfi",
                "-i",
                video,
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=44100",
                "-t",
                Integer.toString(seconds),
                // a key frame every second: segments can be cut on a one-second grid without re-encoding
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-tune",
                "zerolatency",
                "-pix_fmt",
                "yuv420p",
                "-g",
                Integer.toString(fps),
                "-keyint_min",
                Integer.toString(fps),
                "-sc_threshold",
                "0",
                "-bf",
                "0",
                "-c:a",
                "aac",
                "-b:a",
                "64k",
                "-f",
                "flv",
                rtmpUrl));
        return c;
    }

    /** Starts pushing; the caller stops it (or waits for its exit after {@code seconds}). */
    public static ManagedProcess start(String rtmpUrl, String size, int fps, int seconds, Path log) {
        return ManagedProcess.start(
                command(rtmpUrl, size, fps, seconds), log.toAbsolutePath().getParent(), log, Map.of());
    }
}
