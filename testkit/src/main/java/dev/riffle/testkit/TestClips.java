package dev.riffle.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Media made with ffmpeg's lavfi generators (Debian's ffmpeg from the PATH): a test pattern with a tone, H.264/AAC, the
 * source every ingest test, the demo and the benchmarks feed the origin. Files appear whole or not at all (written
 * beside the target, then moved), so a killed run never leaves a truncated clip that a later run would trust.
 */
public final class TestClips {
    private TestClips() {}

    /**
     * ffmpeg input and codec arguments (no output path) for {@code seconds} of lavfi {@code pattern} (e.g. {@code
     * testsrc}, {@code testsrc2}) at {@code size} ({@code WxH}) and {@code fps}, with a 440 Hz tone; H.264 ultrafast
     * yuv420p and AAC.
     */
    public static List<String> videoArgs(String pattern, String size, int fps, int seconds) {
        if (seconds < 1 || seconds > 3600) throw new IllegalArgumentException("seconds must be 1..3600");
        return List.of(
                "-f",
                "lavfi",
                "-i",
                pattern + "=size=" + size + ":rate=" + fps + ":duration=" + seconds,
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
                "-shortest");
    }

    /** {@code seconds} of {@code testsrc} at {@code size}, 25 fps, with a tone, as MP4 at {@code out}. */
    public static Path video(Path out, String size, int seconds) {
        return make(out, videoArgs("testsrc", size, 25, seconds));
    }

    /** {@code seconds} of a 330 Hz tone, AAC (use an {@code .m4a} name). */
    public static Path audio(Path out, int seconds) {
        if (seconds < 1 || seconds > 3600) throw new IllegalArgumentException("seconds must be 1..3600");
        return make(
                out,
                List.of(
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=330:sample_rate=48000:duration=" + seconds,
                        "-c:a",
                        "aac"));
    }

    /**
     * Runs {@code ffmpeg -y <args> <tmp>} and moves the result to {@code out}; throws with ffmpeg's last words if it
     * fails or takes more than five minutes.
     */
    public static Path make(Path out, List<String> args) {
        Path target = out.toAbsolutePath();
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName());
        Path log = target.resolveSibling(".ffmpeg-" + target.getFileName() + ".log");
        try {
            Files.createDirectories(target.getParent());
            List<String> cmd =
                    new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y"));
            cmd.addAll(args);
            // keep the container the caller named: the temporary name hides the extension
            cmd.addAll(List.of("-f", muxerFor(target), tmp.toString()));
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(Duration.ofMinutes(5).toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("ffmpeg took too long to make " + target);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        "ffmpeg could not make " + target + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ffmpeg (Debian package ffmpeg) to make " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making " + target, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(log); // its words are in the exception when they matter
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    private static String muxerFor(Path target) {
        String name = target.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".m4a") || name.endsWith(".mp4") || name.endsWith(".mov")) return "mp4";
        if (name.endsWith(".mkv")) return "matroska";
        if (name.endsWith(".ts")) return "mpegts";
        if (name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png")) return "image2";
        throw new IllegalArgumentException("unknown container for " + name + ": use .mp4, .m4a, .mov, .mkv or .ts");
    }
}
