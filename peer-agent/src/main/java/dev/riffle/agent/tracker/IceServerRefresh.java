package dev.riffle.agent.tracker;

import dev.riffle.agent.transport.IceServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The agent's STUN/TURN servers: those it was configured with, then those the tracker hands out ({@code GET
 * /v1/ice-servers}, TURN credentials that expire). Asks again at half the credentials' lifetime, so connections made
 * later always get valid ones; a failed refresh keeps the last list and tries again sooner.
 */
public final class IceServerRefresh implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IceServerRefresh.class.getName());
    private static final Duration MIN_REFRESH = Duration.ofSeconds(15);

    private final Vertx vertx;
    private final WebClient http;
    private final TrackerSettings settings;
    private final Supplier<String> token;
    private final Duration timeout;
    private final List<IceServer> configured;
    private volatile List<IceServer> current;
    private volatile Consumer<List<IceServer>> sink = s -> {};
    private long timer = -1;
    private volatile boolean closed;

    private IceServerRefresh(
            Vertx vertx,
            TrackerSettings settings,
            Supplier<String> token,
            Duration timeout,
            List<IceServer> configured) {
        this.vertx = vertx;
        this.http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) timeout.toMillis()));
        this.settings = settings;
        this.token = token;
        this.timeout = timeout;
        this.configured = List.copyOf(configured);
        this.current = this.configured;
    }

    /**
     * Asks the tracker once; completes with the refresher whose {@link #servers()} are the configured servers followed
     * by the tracker's. Fails if the tracker answers with an error or a bad list (a tracker without TURN answers an
     * empty one; one without the endpoint, 404, counts as handing out none).
     */
    public static Future<IceServerRefresh> start(
            Vertx vertx,
            TrackerSettings settings,
            Supplier<String> token,
            Duration timeout,
            List<IceServer> configured) {
        var refresh = new IceServerRefresh(vertx, settings, token, timeout, configured);
        return refresh.fetch()
                .map(answer -> {
                    refresh.accept(answer);
                    return refresh;
                })
                .onFailure(e -> refresh.http.close());
    }

    /** The servers now: configured first, then the tracker's. */
    public List<IceServer> servers() {
        return current;
    }

    /** Where refreshed lists go from now on (the transport's {@code useIceServers}). */
    public void onRefresh(Consumer<List<IceServer>> sink) {
        this.sink = sink;
    }

    private Future<IceServersJson> fetch() {
        return http.getAbs(settings.resolve("/v1/ice-servers").toString())
                .putHeader("Authorization", "Bearer " + token.get())
                .timeout(timeout.toMillis())
                .send()
                .map(res -> {
                    // a tracker without the endpoint hands out no ICE servers
                    if (res.statusCode() == 404) return new IceServersJson(List.of(), java.util.Optional.empty());
                    if (res.statusCode() != 200) {
                        throw new IllegalStateException("tracker answered " + res.statusCode() + " for ICE servers");
                    }
                    return IceServersJson.parse(res.bodyAsJsonObject());
                });
    }

    private void accept(IceServersJson answer) {
        List<IceServer> all = new ArrayList<>(configured);
        all.addAll(answer.servers());
        current = List.copyOf(all);
        answer.ttl().ifPresent(ttl -> schedule(max(ttl.dividedBy(2), MIN_REFRESH)));
    }

    private void schedule(Duration after) {
        if (closed) return;
        timer = vertx.setTimer(after.toMillis(), t -> fetch().onSuccess(answer -> {
                    accept(answer);
                    sink.accept(current);
                })
                .onFailure(e -> {
                    LOG.warning("could not refresh ICE servers: " + e.getMessage());
                    schedule(MIN_REFRESH);
                }));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public void close() {
        closed = true;
        if (timer >= 0) vertx.cancelTimer(timer);
        http.close();
    }
}
