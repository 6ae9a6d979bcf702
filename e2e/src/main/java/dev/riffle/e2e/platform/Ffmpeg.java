package dev.riffle.e2e.platform;

import dev.riffle.testkit.TestClips;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The few ffmpeg/ffprobe runs the demo and the end-to-end tests need (ffmpeg from the PATH). */
public final class Ffmpeg {
    private Ffmpeg() {}

    /**
     * A {@code seconds}-long 640x360 25 fps test pattern with a 440 Hz tone (lavfi {@code testsrc} + {@code sine}),
     * H.264/AAC in MP4, written to {@code out}.
     */
    public static Path generateSampleClip(Path out, int seconds) {
        return TestClips.video(out, "640x360", seconds);
    }

    /** Container duration in seconds as ffprobe reads it ({@code source} is a file or a URL). */
    public static double durationSeconds(String source) {
        Result r = runCapture(
                List.of(
                        "ffprobe",
                        "-v",
                        "error",
                        "-show_entries",
                        "format=duration",
                        "-of",
                        "default=noprint_wrappers=1:nokey=1",
                        source),
                120);
        if (r.exit() != 0) throw new IllegalStateException("ffprobe failed on " + source + ":\n" + r.tail());
        return Double.parseDouble(r.output().trim().lines().findFirst().orElse("0"));
    }

    /**
     * Decodes {@code url} completely ({@code ffmpeg -v error -i url -f null -}): its exit code, its error output (empty
     * for a clean decode; also written to {@code log}) and the media time it decoded (from {@code -progress}).
     */
    public static Decoded decode(String url, Path log, long timeoutSeconds) {
        Path progress = log.resolveSibling(log.getFileName() + ".progress");
        Result r = run(
                List.of(
                        "ffmpeg",
                        "-hide_banner",
                        "-nostdin",
                        "-v",
                        "error",
                        "-progress",
                        progress.toAbsolutePath().toString(),
                        "-i",
                        url,
                        "-f",
                        "null",
                        "-"),
                log,
                timeoutSeconds);
        double seconds = 0;
        try {
            if (Files.exists(progress)) {
                for (String line : Files.readAllLines(progress, StandardCharsets.UTF_8)) {
                    // out_time_us is the position of the last frame written (older ffmpeg: out_time_ms, also in us)
                    if (line.startsWith("out_time_us=") || line.startsWith("out_time_ms=")) {
                        String v = line.substring(line.indexOf('=') + 1).trim();
                        if (v.matches("\\d+")) seconds = Math.max(seconds, Long.parseLong(v) / 1e6);
                    }
                }
            }
        } catch (IOException e) {
            // no progress: seconds stays 0
        }
        return new Decoded(r.exit(), r.output(), seconds);
    }

    /** A decode: exit code, ffmpeg's error output, decoded media seconds. */
    public record Decoded(int exit, String errors, double seconds) {
        public boolean clean() {
            return exit == 0 && errors.isBlank();
        }
    }

    /** An ffmpeg/ffprobe run: exit code (-1 on timeout) and its output. */
    public record Result(int exit, String output) {
        public String tail() {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
    }

    static Result run(List<String> cmd, Path log, long timeoutSeconds) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process p = new ProcessBuilder(new ArrayList<>(cmd))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            p.getOutputStream().close();
            int exit = wait(p, timeoutSeconds);
            return new Result(exit, Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        }
    }

    private static Result runCapture(List<String> cmd, long timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            int exit = wait(p, timeoutSeconds);
            return new Result(exit, new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        }
    }

    private static int wait(Process p, long timeoutSeconds) {
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
