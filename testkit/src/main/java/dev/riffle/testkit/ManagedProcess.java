package dev.riffle.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose output goes to a log file and which is stopped by pid, children first (SIGTERM, then SIGKILL
 * after a grace period). Use it for every server a test starts.
 *
 * <pre>{@code
 * try (ManagedProcess redis = ManagedProcess.start(List.of("redis-server", "--port", "6390"), dir, log, Map.of())) {
 *     ...
 * }
 * }</pre>
 */
public final class ManagedProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String name;

    private ManagedProcess(Process process, Path log, String name) {
        this.process = process;
        this.log = log;
        this.name = name;
    }

    /** Starts {@code command} in {@code workDir}, stdout and stderr appended to {@code log}, with extra {@code env}. */
    public static ManagedProcess start(List<String> command, Path workDir, Path log, Map<String, String> env) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            return new ManagedProcess(process, log, command.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command.get(0), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Waits up to {@code timeout} for the process to end; its exit code, or empty if it still runs. */
    public java.util.OptionalInt awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    ? java.util.OptionalInt.of(process.exitValue())
                    : java.util.OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.OptionalInt.empty();
        }
    }

    /** The last {@code lines} lines of the log, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the process and all its descendants: SIGTERM, wait up to {@code grace}, then SIGKILL. */
    public void stop(Duration grace) {
        killTree(process.toHandle(), grace);
    }

    /**
     * Kills the process and its descendants at once with SIGKILL, as a power cut would, and waits up to 10 s for them to
     * be gone. Unlike {@link #stop}, nothing gets a SIGTERM first: an ffmpeg pusher given one would unpublish cleanly.
     */
    public void crash() {
        List<ProcessHandle> tree = concat(process.toHandle().descendants().toList(), process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(name + " (pid " + h.pid() + ") outlived SIGKILL by 10 s", e);
            }
        }
    }

    /** Stops a process tree by pid (e.g. one left behind by a crashed run). */
    public static void killTree(long pid, Duration grace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        handle.ifPresent(h -> killTree(h, grace));
    }

    private static void killTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = root.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        root.destroy();
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : concat(tree, root)) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // still alive after the grace period, or interrupted: kill below
            }
        }
        for (ProcessHandle h : concat(tree, root)) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }

    private static List<ProcessHandle> concat(List<ProcessHandle> tree, ProcessHandle root) {
        return java.util.stream.Stream.concat(tree.stream(), java.util.stream.Stream.of(root))
                .toList();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    @Override
    public String toString() {
        return name + "[pid " + pid() + ", log " + log + "]";
    }
}
