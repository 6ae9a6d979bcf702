package dev.riffle.origin.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test sources made with ffmpeg's lavfi generators (small and quick), cached under target/it-clips. */
public final class Clips {
    private static final Path DIR = Path.of("target", "it-clips");

    private Clips() {}

    /** 320x240 25 fps testsrc + 440 Hz sine, {@code seconds} long, H.264/AAC in MP4 (moov at the end). */
    public static synchronized Path video(int seconds) {
        return make(
                "video-" + seconds + ".mp4",
                List.of(
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc=size=320x240:rate=25:duration=" + seconds,
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:sample_rate=48000:duration=" + seconds,
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-pix_fmt",
                        "yuv420p",
                        "-c:a",
                        "aac",
                        "-shortest"));
    }

    /** Sine only, AAC in M4A. */
    public static synchronized Path audio(int seconds) {
        return make(
                "audio-" + seconds + ".m4a",
                List.of(
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=330:sample_rate=48000:duration=" + seconds,
                        "-c:a",
                        "aac"));
    }

    private static Path make(String name, List<String> args) {
        Path out = DIR.resolve(name).toAbsolutePath();
        if (Files.exists(out)) return out;
        try {
            Files.createDirectories(DIR);
            List<String> cmd =
                    new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y"));
            cmd.addAll(args);
            Path tmp = out.resolveSibling("tmp-" + name);
            cmd.add(tmp.toString());
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("ffmpeg could not make " + name);
            }
            Files.move(tmp, out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
