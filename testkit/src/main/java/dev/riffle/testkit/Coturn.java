package dev.riffle.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Debian's coturn ({@code turnserver}) as STUN/TURN server with short-lived credentials ({@code use-auth-secret}): the
 * shared secret goes in a config file only its owner reads, never on the command line. UDP and TCP on one port, no
 * TLS, no CLI; started from {@link #builder}, ready once it answers a STUN binding request, stopped by pid.
 *
 * <pre>{@code
 * try (Coturn turn = Coturn.builder(dir, "a-long-shared-secret").start()) {   // 127.0.0.1, a free port
 *     turn.turnUrl();   // turn:127.0.0.1:<port>?transport=udp
 * }
 * }</pre>
 */
public final class Coturn implements AutoCloseable {
    public static final String INSTALL_HINT =
            "coturn is missing: apt-get install coturn (it provides /usr/bin/turnserver)";

    private final String host;
    private final int port;
    private final ManagedProcess process;

    private Coturn(String host, int port, ManagedProcess process) {
        this.host = host;
        this.port = port;
        this.process = process;
    }

    public static Builder builder(Path dir, String secret) {
        return new Builder(dir, secret);
    }

    public String stunUrl() {
        return "stun:" + host + ":" + port;
    }

    public String turnUrl() {
        return "turn:" + host + ":" + port + "?transport=udp";
    }

    public int port() {
        return port;
    }

    public Path log() {
        return process.log();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }

    public static final class Builder {
        private final Path dir;
        private final String secret;
        private String listen = "127.0.0.1";
        private String relay = "127.0.0.1";
        private int port;
        private String realm = "riffle";
        private final List<String> extra = new ArrayList<>();

        private Builder(Path dir, String secret) {
            if (secret == null || secret.isBlank()) throw new IllegalArgumentException("empty TURN secret");
            this.dir = dir;
            this.secret = secret;
        }

        /** Address to listen on and to relay from (default 127.0.0.1; loopback peers are then allowed). */
        public Builder address(String listenAndRelay) {
            this.listen = listenAndRelay;
            this.relay = listenAndRelay;
            return this;
        }

        /** Default: a free UDP port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** One more {@code turnserver.conf} line, e.g. {@code total-quota=10}. */
        public Builder option(String line) {
            extra.add(line);
            return this;
        }

        public Coturn start() {
            if (!Files.isExecutable(Path.of("/usr/bin/turnserver"))) throw new IllegalStateException(INSTALL_HINT);
            int p = port > 0 ? port : pickUdp();
            try {
                Files.createDirectories(dir);
                Path conf = dir.resolve("turnserver.conf");
                List<String> lines = new ArrayList<>(List.of(
                        "listening-ip=" + listen,
                        "relay-ip=" + relay,
                        "listening-port=" + p,
                        "use-auth-secret",
                        "static-auth-secret=" + secret,
                        "realm=" + realm,
                        "fingerprint",
                        "no-tls",
                        "no-dtls",
                        "no-cli",
                        "no-rfc5780",
                        "no-software-attribute",
                        "simple-log",
                        "verbose",
                        "pidfile=" + dir.resolve("turnserver.pid")));
                if (listen.startsWith("127.")) lines.add("allow-loopback-peers");
                lines.addAll(extra);
                Files.deleteIfExists(conf);
                Files.createFile(
                        conf, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(conf, lines);
                List<String> cmd = List.of("/usr/bin/turnserver", "-c", conf.toString(), "--log-file", "stdout");
                var process = ManagedProcess.start(cmd, dir, dir.resolve("turnserver.log"), Map.of());
                var turn = new Coturn(listen, p, process);
                try {
                    awaitBinding(turn, process, Duration.ofSeconds(20));
                } catch (RuntimeException e) {
                    turn.close();
                    throw e;
                }
                return turn;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write coturn's config in " + dir, e);
            }
        }
    }

    /** A UDP port that was free on 127.0.0.1 a moment ago. */
    static int pickUdp() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on loopback", e);
        }
    }

    /**
     * Waits until the server answers a STUN binding request (RFC 5389: type 0x0001, length 0, magic cookie, 96-bit
     * transaction id; success is type 0x0101).
     */
    private static void awaitBinding(Coturn turn, ManagedProcess process, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] request = ByteBuffer.allocate(20)
                .putShort((short) 0x0001)
                .putShort((short) 0)
                .putInt(0x2112A442)
                .putLong(ThreadLocalRandom.current().nextLong())
                .putInt(ThreadLocalRandom.current().nextInt())
                .array();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(200);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("turnserver exited at start:\n" + process.logTail(30));
                }
                socket.send(new DatagramPacket(request, request.length, new InetSocketAddress(turn.host, turn.port)));
                byte[] buf = new byte[512];
                var reply = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(reply);
                    if (reply.getLength() >= 20 && buf[0] == 0x01 && buf[1] == 0x01) return;
                } catch (SocketTimeoutException e) {
                    // not up yet
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot ask coturn for a STUN binding", e);
        }
        throw new IllegalStateException(
                "turnserver did not answer STUN within " + within + ":\n" + process.logTail(30));
    }
}
