package dev.riffle.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A packaged Quarkus application ({@code target/quarkus-app/quarkus-run.jar}) run as a {@link ManagedProcess} on
 * 127.0.0.1 and a free port, configured with {@code -D} properties, its output in a log file, and stopped by pid.
 *
 * <pre>{@code
 * QuarkusApp license = QuarkusApp.builder("drm-license", Path.of("../drm-license-dev/target/quarkus-app/quarkus-run.jar"))
 *         .workDir(dir)
 *         .property("riffle.license.keys.embedded-dir", dir.resolve("keys").toString())
 *         .readyPath("/dev-idp/.well-known/openid-configuration")
 *         .start();                                  // blocks until the readiness URL answers 200
 * URI url = license.url();                           // http://127.0.0.1:<port>
 * license.close();
 * }</pre>
 *
 * A property whose value depends on the port (e.g. a public URL) can use {@code ${port}}, replaced before start. The
 * management interface (health and metrics, {@code quarkus.management.*}) gets a free port of its own too: a ready path
 * under {@code /q/} is asked there, and {@link #managementUrl()} names it.
 */
public final class QuarkusApp implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final String host;
    private final int port;
    private final int managementPort;
    private final ManagedProcess process;

    private QuarkusApp(String name, String host, int port, int managementPort, ManagedProcess process) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
    }

    public static Builder builder(String name, Path jar) {
        return new Builder(name, jar);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>} (or the {@link Builder#host} it listens on), no trailing slash. */
    public URI url() {
        return URI.create("http://" + host + ":" + port);
    }

    /** {@code http://127.0.0.1:<management port>}: health ({@code /q/health}) and metrics ({@code /q/metrics}). */
    public URI managementUrl() {
        return URI.create("http://127.0.0.1:" + managementPort);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return process.log();
    }

    public String logTail(int lines) {
        return process.logTail(lines);
    }

    public ManagedProcess process() {
        return process;
    }

    /** SIGTERM (Quarkus shuts down cleanly), SIGKILL after {@code grace}. */
    public void stop(Duration grace) {
        process.stop(grace);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(15));
    }

    @Override
    public String toString() {
        return name + "[" + url() + ", pid " + pid() + ", log " + log() + "]";
    }

    /** How to start one app. */
    public static final class Builder {
        private final String name;
        private final Path jar;
        private Path workDir = Path.of(".");
        private Path log;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>(List.of("-Xmx256m"));
        private String readyPath = "/q/health/ready";
        private Duration readyTimeout = Duration.ofSeconds(120);
        private int port;
        private String host = "127.0.0.1";

        private Builder(String name, Path jar) {
            this.name = Objects.requireNonNull(name);
            this.jar = Objects.requireNonNull(jar);
        }

        /**
         * The address its HTTP port listens on (default 127.0.0.1), e.g. a test network's public address that agents in
         * other network namespaces reach; management (health, metrics) stays on 127.0.0.1.
         */
        public Builder host(String address) {
            this.host = Objects.requireNonNull(address);
            return this;
        }

        /** Working directory of the process (default: the current one). */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** Log file (default {@code <workDir>/<name>.log}). */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        /** A {@code -Dkey=value}; {@code ${port}} in the value becomes the chosen port. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Builder properties(Map<String, String> props) {
            properties.putAll(props);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** JVM options (replaces the default {@code -Xmx256m}). */
        public Builder jvmArgs(List<String> args) {
            jvmArgs.clear();
            jvmArgs.addAll(args);
            return this;
        }

        /**
         * Path that answers 200 once the app is ready (default {@code /q/health/ready}); paths under {@code /q/} are
         * asked on the management port.
         */
        public Builder readyPath(String path) {
            this.readyPath = path;
            return this;
        }

        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /** A fixed port (default: a free one). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** How a start that was meant to be refused ended. */
        public record Refusal(int exitCode, String log) {}

        /**
         * Starts the app expecting it to refuse to start (e.g. the production profile with development settings):
         * waits up to {@code timeout} for it to exit and returns its exit code and log. Throws if it is still running
         * then (and stops it), so a start that should have been refused fails the caller.
         */
        public Refusal startExpectingRefusal(Duration timeout) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(name + " is not built: " + jar.toAbsolutePath() + " is missing");
            }
            List<String> command = command(port > 0 ? port : FreePorts.pick(), FreePorts.pick());
            Path logFile = log != null ? log : workDir.resolve(name + ".log");
            try (ManagedProcess process = ManagedProcess.start(command, workDir.toAbsolutePath(), logFile, env)) {
                java.util.OptionalInt code = process.awaitExit(timeout);
                if (code.isEmpty()) {
                    throw new IllegalStateException(name + " was meant to refuse to start but still runs after "
                            + timeout.toSeconds() + " s; log " + logFile + ":\n" + process.logTail(40));
                }
                try {
                    return new Refusal(code.getAsInt(), Files.readString(logFile));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }

        private List<String> command(int p, int m) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            command.add("-Dquarkus.http.host=" + host);
            command.add("-Dquarkus.http.port=" + p);
            command.add("-Dquarkus.management.host=127.0.0.1");
            command.add("-Dquarkus.management.port=" + m);
            properties.forEach((k, v) -> command.add("-D" + k + "=" + v.replace("${port}", Integer.toString(p))));
            command.add("-jar");
            command.add(jar.toAbsolutePath().toString());
            return command;
        }

        /** Starts the app and waits until {@code readyPath} answers 200; stops it and throws if it does not. */
        public QuarkusApp start() {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(name + " is not built: " + jar.toAbsolutePath()
                        + " is missing (./mvnw -pl " + name + " package -DskipTests)");
            }
            int p = port > 0 ? port : FreePorts.pick();
            int m = FreePorts.pick();
            while (m == p) m = FreePorts.pick();
            List<String> command = command(p, m);
            Path logFile = log != null ? log : workDir.resolve(name + ".log");
            ManagedProcess process = ManagedProcess.start(command, workDir.toAbsolutePath(), logFile, env);
            QuarkusApp app = new QuarkusApp(name, host, p, m, process);
            URI base = readyPath.startsWith("/q/") ? app.managementUrl() : app.url();
            try {
                awaitReady(app, URI.create(base + readyPath), readyTimeout);
            } catch (RuntimeException e) {
                process.stop(Duration.ofSeconds(10));
                throw e;
            }
            return app;
        }
    }

    private static void awaitReady(QuarkusApp app, URI probe, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new IllegalStateException(
                        app.name + " exited during startup; log " + app.log() + ":\n" + app.logTail(40));
            }
            try {
                HttpResponse<Void> r = HTTP.send(
                        HttpRequest.newBuilder(probe)
                                .timeout(Duration.ofSeconds(3))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + app.name, e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + app.name, e);
            }
        }
        throw new IllegalStateException(app.name + " not ready after " + timeout.toSeconds() + " s (" + probe
                + "); log " + app.log() + ":\n" + app.logTail(40));
    }
}
