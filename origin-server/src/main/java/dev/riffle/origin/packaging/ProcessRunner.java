package dev.riffle.origin.packaging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs ffmpeg/ffprobe: stdout line by line to a consumer, stderr to a file (its tail becomes the failure reason), a hard
 * timeout, and {@link #killAll} for shutdown so no child outlives the origin.
 */
public final class ProcessRunner implements AutoCloseable {
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ffmpeg-watchdog");
        t.setDaemon(true);
        return t;
    });

    public record Result(int exitCode, boolean timedOut, String stderrTail) {}

    public Result run(List<String> command, Duration timeout, Consumer<String> stdout, Path stderrFile)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderrFile.toFile());
        Process p = pb.start();
        running.add(p);
        boolean[] timedOut = {false};
        ScheduledFuture<?> kill = watchdog.schedule(
                () -> {
                    timedOut[0] = true;
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            p.getOutputStream().close();
            String line;
            while ((line = r.readLine()) != null) stdout.accept(line);
            int exit = p.waitFor();
            return new Result(exit, timedOut[0], tail(stderrFile, 3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running " + command.get(0));
        } finally {
            kill.cancel(false);
            if (p.isAlive()) p.destroyForcibly();
            running.remove(p);
        }
    }

    /** Runs and returns stdout as a string (bounded to {@code maxChars}). */
    public String capture(List<String> command, Duration timeout, Path stderrFile, int maxChars, String what)
            throws IOException {
        StringBuilder sb = new StringBuilder();
        Result r = run(
                command,
                timeout,
                line -> {
                    if (sb.length() < maxChars) sb.append(line).append('\n');
                },
                stderrFile);
        if (r.timedOut()) throw new PackagingException(what + " timed out");
        if (r.exitCode() != 0) {
            throw new PackagingException(
                    what + " failed: " + (r.stderrTail().isBlank() ? "exit " + r.exitCode() : r.stderrTail()));
        }
        return sb.toString();
    }

    /** Last {@code lines} non-empty lines of a log, joined with "; ", at most 500 characters. */
    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) return "";
            Deque<String> last = new ArrayDeque<>();
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank()) continue;
                    last.addLast(line.strip());
                    if (last.size() > lines) last.removeFirst();
                }
            }
            String s = String.join("; ", last);
            return s.length() > 500 ? s.substring(s.length() - 500) : s;
        } catch (IOException e) {
            return "";
        }
    }

    public void killAll() {
        for (Process p : running) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Override
    public void close() {
        killAll();
        watchdog.shutdownNow();
    }
}
