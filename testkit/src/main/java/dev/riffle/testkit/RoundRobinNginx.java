package dev.riffle.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Debian {@code nginx} as a round-robin load balancer in front of replicas of one service, as a Kubernetes Service or
 * Ingress spreads requests (round robin among the replicas with the fewest open connections, so long-lived WebSockets
 * spread evenly): plain HTTP and WebSocket upgrades proxied, a request whose replica refuses the connection
 * or answers 502/503 tried once on the next replica, a failed replica skipped for {@code failTimeout}. Config, logs
 * and temp files under {@code dir}; listens on a free loopback port.
 *
 * <pre>{@code
 * try (RoundRobinNginx front = RoundRobinNginx.start("tracker", List.of(a.port(), b.port()), dir)) {
 *     URI url = front.url();                         // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class RoundRobinNginx implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final ManagedProcess process;

    private RoundRobinNginx(int port, Path dir, ManagedProcess process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** Starts nginx proxying to {@code 127.0.0.1:<upstreams>} and waits until it listens (fails with its log). */
    public static RoundRobinNginx start(String name, List<Integer> upstreams, Path dir) {
        return start(name, upstreams, dir, Duration.ofSeconds(5));
    }

    public static RoundRobinNginx start(String name, List<Integer> upstreams, Path dir, Duration failTimeout) {
        if (upstreams.isEmpty()) throw new IllegalArgumentException("no upstream for " + name);
        if (!name.matches("[a-z][a-z0-9-]*")) throw new IllegalArgumentException("name: lower-case letters, digits, -");
        Path d = dir.toAbsolutePath();
        int port = FreePorts.pick();
        try {
            for (String t : List.of("body", "proxy", "fastcgi", "uwsgi", "scgi")) {
                Files.createDirectories(d.resolve("tmp").resolve(t));
            }
            Files.writeString(d.resolve("nginx.conf"), config(name, port, upstreams, d, failTimeout));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write nginx config under " + d, e);
        }
        ManagedProcess p;
        try {
            p = ManagedProcess.start(
                    List.of(
                            "nginx",
                            "-p",
                            d.toString(),
                            "-c",
                            d.resolve("nginx.conf").toString(),
                            "-e",
                            d.resolve("error.log").toString()),
                    d,
                    d.resolve("nginx.out"),
                    Map.of());
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("nginx not found: apt-get install nginx", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!FreePorts.isListening(port, Duration.ofMillis(200))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.stop(Duration.ofSeconds(3));
                throw new IllegalStateException("nginx (" + name + ") did not start; " + d.resolve("error.log") + ":\n"
                        + tail(d.resolve("error.log")) + "\n" + p.logTail(20));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.stop(Duration.ofSeconds(3));
                throw new IllegalStateException("interrupted", e);
            }
        }
        return new RoundRobinNginx(port, d, p);
    }

    static String config(String name, int port, List<Integer> upstreams, Path d, Duration failTimeout) {
        String servers = upstreams.stream()
                .map(u -> "    server 127.0.0.1:" + u + " max_fails=1 fail_timeout=" + failTimeout.toSeconds() + "s;")
                .collect(Collectors.joining("\n"));
        // As root, workers would drop to "nobody" and could not write the temp folders under the test's directory.
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        return user + """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                events { worker_connections 1024; }
                http {
                  access_log %1$s/access.log;
                  client_body_temp_path %1$s/tmp/body;
                  proxy_temp_path %1$s/tmp/proxy;
                  fastcgi_temp_path %1$s/tmp/fastcgi;
                  uwsgi_temp_path %1$s/tmp/uwsgi;
                  scgi_temp_path %1$s/tmp/scgi;
                  # WebSocket upgrades only: an HTTP/2 upgrade offer (Java's client sends "Upgrade: h2c") stays here
                  map $http_upgrade $upstream_upgrade { ~*^websocket$ websocket; default ""; }
                  map $http_upgrade $connection_upgrade { ~*^websocket$ upgrade; default close; }
                  upstream %2$s {
                    # round robin among the replicas with the fewest open connections: long-lived WebSockets spread
                    # evenly instead of following the rhythm of the short requests between them
                    least_conn;
                %3$s
                  }
                  server {
                    listen 127.0.0.1:%4$d;
                    location / {
                      proxy_pass http://%2$s;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $upstream_upgrade;
                      proxy_set_header Connection $connection_upgrade;
                      proxy_set_header Host $host:$server_port;
                      proxy_set_header X-Forwarded-For $remote_addr;
                      proxy_connect_timeout 1s;
                      proxy_read_timeout 120s;
                      proxy_buffering off;
                      proxy_next_upstream error timeout http_502 http_503;
                      proxy_next_upstream_tries 2;
                    }
                  }
                }
                """.formatted(d, name, servers, port);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no error log)";
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Its access log: one line per proxied request. */
    public Path accessLog() {
        return dir.resolve("access.log");
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
    }
}
