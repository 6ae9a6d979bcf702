package dev.riffle.origin.live.rtmp;

import dev.riffle.origin.config.OriginConfig;
import dev.riffle.origin.live.LiveIngest;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The RTMP ingest: a Vert.x TCP server where ffmpeg and OBS push live channels
 * ({@code rtmp://<host>:<port>/live/<stream key>}). Each connection is an {@link RtmpConnection}; a {@code publish}
 * is decided by {@link LiveIngest} on a worker thread (the socket waits, paused); media then flow to the channel's run.
 * A connection that does not reach {@code publish} within 10 s, or goes silent past the idle timeout while publishing,
 * is closed; so is one that breaks the protocol (logged in one line, no stack).
 */
@ApplicationScoped
public class RtmpServer {
    private static final Logger LOG = Logger.getLogger(RtmpServer.class);
    private static final Duration HANDSHAKE_LIMIT = Duration.ofSeconds(10);
    private static final int MAX_CONNECTIONS = 64;

    @Inject
    Vertx vertx;

    @Inject
    LiveIngest ingest;

    @Inject
    OriginConfig config;

    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger connections = new AtomicInteger();
    private final long epochNanos = System.nanoTime();
    private NetServer server;
    private volatile int port;

    void start(@Observes StartupEvent event) throws Exception {
        server = vertx.createNetServer(new NetServerOptions()
                        .setHost(config.live().rtmpHost())
                        .setPort(config.live().rtmpPort())
                        .setTcpNoDelay(true))
                .connectHandler(this::connected);
        server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        port = server.actualPort();
        LOG.infof("live ingest (RTMP) on %s:%d", config.live().rtmpHost(), port);
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) server.close();
    }

    /** The URL pushers are given, without the stream key: {@code rtmp://host:port/live}. */
    public URI ingestUrl() {
        return config.live()
                .publicRtmpUrl()
                .orElse(URI.create("rtmp://" + config.live().rtmpHost() + ":" + port + "/live"));
    }

    public int port() {
        return port;
    }

    private void connected(NetSocket socket) {
        if (connections.incrementAndGet() > MAX_CONNECTIONS) {
            connections.decrementAndGet();
            socket.close();
            return;
        }
        new Connection(socket).begin();
    }

    /** One pusher's connection: the pure protocol state plus the run it feeds. */
    private final class Connection {
        private final NetSocket socket;
        private final RtmpConnection rtmp =
                new RtmpConnection(random, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - epochNanos));
        private LiveIngest.Run run;
        private boolean unpublished;
        private boolean closed;
        private long timer;

        Connection(NetSocket socket) {
            this.socket = socket;
        }

        void begin() {
            long opened = System.nanoTime();
            timer = vertx.setPeriodic(1000, id -> watch(opened));
            socket.handler(this::bytes);
            socket.exceptionHandler(e -> close("connection error: " + e.getMessage()));
            socket.closeHandler(v -> closed());
        }

        private void watch(long opened) {
            long now = System.nanoTime();
            if (run == null && !rtmp.publishing() && now - opened > HANDSHAKE_LIMIT.toNanos()) {
                close("no publish within " + HANDSHAKE_LIMIT.toSeconds() + " s");
            } else if (run != null
                    && now - run.lastMediaNanos() > config.live().idleTimeout().toNanos()) {
                close("silent for " + config.live().idleTimeout().toSeconds() + " s");
            }
        }

        private void bytes(Buffer b) {
            if (closed) return;
            RtmpConnection.Output out;
            try {
                out = rtmp.feed(b.getBytes());
            } catch (RtmpException e) {
                close("protocol error: " + e.getMessage());
                return;
            }
            if (out.reply().length > 0) socket.write(Buffer.buffer(out.reply()));
            for (RtmpConnection.Event e : out.events()) {
                if (e instanceof RtmpConnection.PublishRequest p) {
                    decide(p);
                } else if (e instanceof RtmpConnection.Media m) {
                    if (run != null && !run.media(m)) close("the packager fell behind");
                } else if (e instanceof RtmpConnection.Unpublished) {
                    unpublished = true;
                    socket.close();
                }
            }
        }

        private void decide(RtmpConnection.PublishRequest p) {
            socket.pause();
            vertx.<LiveIngest.Decision>executeBlocking(() -> ingest.publish(p.app(), p.streamKey()), false)
                    .onComplete(ar -> {
                        if (closed) {
                            if (ar.succeeded() && ar.result() instanceof LiveIngest.Accepted a) endRun(a.run(), false);
                            return;
                        }
                        if (ar.failed()) {
                            LOG.errorf(
                                    "live ingest: deciding a publish failed: %s",
                                    ar.cause().toString());
                            socket.write(Buffer.buffer(rtmp.reject("NetStream.Publish.Failed", "origin error")));
                            socket.close();
                            return;
                        }
                        if (ar.result() instanceof LiveIngest.Accepted a) {
                            run = a.run();
                            socket.write(Buffer.buffer(rtmp.accept()));
                            socket.resume();
                        } else if (ar.result() instanceof LiveIngest.Refused r) {
                            LOG.infof("live ingest: publish refused from %s: %s", socket.remoteAddress(), r.reason());
                            socket.write(Buffer.buffer(rtmp.reject(r.code(), r.reason())));
                            socket.end();
                        }
                    });
        }

        private void close(String why) {
            if (closed) return;
            LOG.infof("live ingest: closing %s: %s", socket.remoteAddress(), why);
            socket.close();
        }

        private void closed() {
            if (closed) return;
            closed = true;
            vertx.cancelTimer(timer);
            connections.decrementAndGet();
            if (run != null) endRun(run, unpublished);
        }

        private void endRun(LiveIngest.Run r, boolean clean) {
            vertx.executeBlocking(
                    () -> {
                        r.end(clean);
                        return null;
                    },
                    false);
        }
    }
}
