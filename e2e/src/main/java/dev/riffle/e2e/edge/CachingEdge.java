package dev.riffle.e2e.edge;

import dev.riffle.testkit.FreePorts;
import dev.riffle.testkit.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian's nginx running the repository's {@code deploy/nginx/riffle-edge.conf} (the file the Helm chart ships) in
 * front of an origin, as a child process on a free loopback port. Only what must differ on one machine is rewritten:
 * the listen address, the upstream's port and the cache directory; every caching rule is the file's own. Each request
 * is logged with its cache status and the bytes the origin sent ({@link EdgeLog}).
 */
public final class CachingEdge implements AutoCloseable {
    /** The lines of the deploy file that name machine-specific things, and must exist there verbatim. */
    static final String LISTEN = "listen 80;";

    static final String UPSTREAM = "server 127.0.0.1:8081;";
    static final String CACHE_DIR = "proxy_cache_path /var/cache/nginx/riffle ";

    private final ManagedProcess process;
    private final int port;
    private final Path accessLog;

    private CachingEdge(ManagedProcess process, int port, Path accessLog) {
        this.process = process;
        this.port = port;
        this.accessLog = accessLog;
    }

    /** Starts nginx under {@code dir} in front of {@code origin} and waits until it listens. */
    public static CachingEdge start(Path dir, URI origin) {
        try {
            Files.createDirectories(dir.resolve("cache"));
            for (String d : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
                Files.createDirectories(dir.resolve(d));
            int port = FreePorts.pick();
            Files.writeString(dir.resolve("riffle-edge.conf"), edgeConf(deployConf(), port, origin.getPort(), dir));
            Path accessLog = dir.resolve("access.log");
            Files.writeString(dir.resolve("nginx.conf"), mainConf(dir, accessLog));
            ManagedProcess p = ManagedProcess.start(
                    List.of(
                            "nginx",
                            "-p",
                            dir.toString(),
                            "-c",
                            dir.resolve("nginx.conf").toString()),
                    dir,
                    dir.resolve("nginx.out"),
                    Map.of());
            CachingEdge edge = new CachingEdge(p, port, accessLog);
            if (!awaitListening(p, port, Duration.ofSeconds(15))) {
                String tail = p.logTail(20) + readOrEmpty(dir.resolve("error.log"));
                edge.close();
                throw new IllegalStateException("nginx did not listen on " + port + ":\n" + tail);
            }
            return edge;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start nginx under " + dir, e);
        }
    }

    private static boolean awaitListening(ManagedProcess p, int port, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (FreePorts.isListening(port, Duration.ofMillis(200))) return true;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** {@code deploy/nginx/riffle-edge.conf}, found from the working directory upwards (a module or the root). */
    public static String deployConf() throws IOException {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve("deploy/nginx/riffle-edge.conf");
            if (Files.isRegularFile(f)) return Files.readString(f, StandardCharsets.UTF_8);
        }
        throw new IllegalStateException(
                "deploy/nginx/riffle-edge.conf not found above " + Path.of("").toAbsolutePath());
    }

    /** The deploy file with only the listen address, the upstream port and the cache directory changed. */
    static String edgeConf(String deploy, int port, int originPort, Path dir) {
        return replaceOnce(
                replaceOnce(
                        replaceOnce(deploy, LISTEN, "listen 127.0.0.1:" + port + ";"),
                        UPSTREAM,
                        "server 127.0.0.1:" + originPort + ";"),
                CACHE_DIR,
                "proxy_cache_path " + dir.resolve("cache") + " ");
    }

    private static String readOrEmpty(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static String replaceOnce(String text, String what, String with) {
        int at = text.indexOf(what);
        if (at < 0 || text.indexOf(what, at + 1) >= 0)
            throw new IllegalStateException("riffle-edge.conf must contain exactly one '" + what + "'");
        return text.substring(0, at) + with + text.substring(at + what.length());
    }

    private static String mainConf(Path dir, Path accessLog) {
        // Running as root here: workers keep root so they can write the cache under target/.
        return """
                daemon off;
                user root;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                    default_type application/octet-stream;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    log_format riffle_edge '$request_method $uri $status $upstream_cache_status $body_bytes_sent '
                                           '$upstream_bytes_received "$http_range" "$upstream_addr"';
                    access_log %2$s riffle_edge;
                    include %1$s/riffle-edge.conf;
                }
                """.formatted(dir, accessLog);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public long pid() {
        return process.pid();
    }

    /** Every request so far, parsed from the access log. */
    public EdgeLog log() {
        try {
            return EdgeLog.parse(Files.exists(accessLog) ? Files.readAllLines(accessLog) : List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
