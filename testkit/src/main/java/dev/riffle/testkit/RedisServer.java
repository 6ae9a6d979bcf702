package dev.riffle.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Debian {@code redis-server} of a test's own, on a free loopback port, its data (append-only file, so a restart
 * keeps every key) and log under {@code dir}. {@link #restart()} stops it cleanly and starts it again on the same
 * port, as an operator restarting Redis would.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start(dir.resolve("redis"))) {
 *     String uri = redis.uri();                      // redis://127.0.0.1:<port>
 *     redis.restart();
 *     List<String> keys = redis.cli("--scan", "--pattern", "riffle:*");
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private ManagedProcess process;

    private RedisServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts it and waits until it answers {@code PING}; fails with its log if it does not within 20 s. */
    public static RedisServer start(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        RedisServer r = new RedisServer(dir.toAbsolutePath(), FreePorts.pick());
        r.launch();
        return r;
    }

    private synchronized void launch() {
        List<String> command = List.of(
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--dir",
                dir.toString(),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
                "--protected-mode",
                "yes");
        try {
            process = ManagedProcess.start(command, dir, dir.resolve("redis.log"), Map.of());
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("redis-server not found: apt-get install redis-server", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start; log:\n" + process.logTail(20));
            }
            if (cli("PING").contains("PONG")) return;
            pause();
        }
        process.stop(Duration.ofSeconds(5));
        throw new IllegalStateException("redis-server not answering on " + port + "; log:\n" + process.logTail(20));
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://" + hostPort();
    }

    public synchronized long pid() {
        return process.pid();
    }

    /** SIGTERM (Redis writes its append-only file and exits), then the same server again on the same port. */
    public synchronized void restart() {
        process.stop(Duration.ofSeconds(10));
        launch();
    }

    /** Stops it (clean shutdown) without starting it again. */
    public synchronized void stop() {
        process.stop(Duration.ofSeconds(10));
    }

    /** Starts it again after {@link #stop()}. */
    public synchronized void startAgain() {
        launch();
    }

    /** Runs {@code redis-cli -p <port> args…} and returns its output lines ({@code --scan} results, replies). */
    public List<String> cli(String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
            return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("redis-cli failed (apt-get install redis-tools)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) process.stop(Duration.ofSeconds(10));
    }
}
