package dev.riffle.agent.tracker;

import dev.riffle.agent.session.Counters;
import dev.riffle.agent.session.Counters.StreamKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * {@code POST /v1/stats} every {@link TrackerSettings#statsEvery()}: bytes from peers and the CDN, bytes uploaded,
 * stalls and startup time per title and rendition, as deltas (see {@link StatsTally}), and for a live stream how far
 * behind the encoder its newest segment reached the player.
 *
 * <pre>
 * {"peerId":"AbCdEfGhIjKlMnOp.tv","entries":[{"title":"t-42","rendition":"720p","bytesFromPeers":7340032,
 *   "bytesFromCdn":1048576,"bytesUploaded":5242880,"stalls":0,"startupMs":850}]}
 * </pre>
 */
public final class StatsReporter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StatsReporter.class.getName());
    /** The tracker takes at most 32 entries per report. */
    static final int MAX_ENTRIES = 32;

    private final TrackerAuth auth;
    private final Counters counters;
    private final Supplier<Map<StreamKey, Long>> uploadedByStream;
    private final TrackerSettings settings;
    private final WebClient http;
    private final Vertx vertx;
    private final StatsTally tally = new StatsTally();
    private final long timer;
    private boolean busy;
    private volatile long reports;

    /**
     * @param counters the agent's delivery counters (bytes, stalls, startup per stream)
     * @param uploadedByStream bytes served to peers per title and rendition so far
     */
    public StatsReporter(
            Vertx vertx,
            TrackerAuth auth,
            Counters counters,
            Supplier<Map<StreamKey, Long>> uploadedByStream,
            TrackerSettings settings) {
        this.vertx = vertx;
        this.auth = auth;
        this.counters = counters;
        this.uploadedByStream = uploadedByStream;
        this.settings = settings;
        this.http = WebClient.create(vertx);
        this.timer = vertx.setPeriodic(settings.statsEvery().toMillis(), id -> report());
    }

    /** Reports accepted so far. */
    public long reports() {
        return reports;
    }

    /** Sends what is new, if anything; one report at a time. */
    public Future<Void> report() {
        if (busy) return Future.succeededFuture();
        List<StatsTally.Entry> entries = tally.due(totals(), MAX_ENTRIES);
        if (entries.isEmpty()) return Future.succeededFuture();
        busy = true;
        var list = new JsonArray();
        for (StatsTally.Entry e : entries) {
            var o = new JsonObject()
                    .put("title", e.stream().titleId())
                    .put("rendition", e.stream().renditionId())
                    .put("bytesFromPeers", e.bytesFromPeers())
                    .put("bytesFromCdn", e.bytesFromCdn())
                    .put("bytesUploaded", e.bytesUploaded())
                    .put("stalls", e.stalls());
            e.startupMillis().ifPresent(ms -> o.put("startupMs", ms));
            e.liveLatencyMillis().ifPresent(ms -> o.put("latencyMs", ms));
            list.add(o);
        }
        var body = new JsonObject().put("peerId", auth.id().value()).put("entries", list);
        return http.postAbs(settings.resolve("/v1/stats").toString())
                .putHeader("Authorization", "Bearer " + auth.token().get())
                .timeout(auth.httpTimeout().toMillis())
                .sendJsonObject(body)
                .map(res -> {
                    if (res.statusCode() / 100 == 2) {
                        tally.accepted(entries);
                        reports++;
                    } else {
                        LOG.warning("tracker refused a stats report: " + res.statusCode());
                    }
                    return (Void) null;
                })
                .otherwise(e -> {
                    LOG.fine(() -> "stats report failed: " + e.getMessage());
                    return null;
                })
                .onComplete(r -> busy = false);
    }

    private Map<StreamKey, StatsTally.Totals> totals() {
        Map<StreamKey, Long> uploaded = uploadedByStream.get();
        Map<StreamKey, StatsTally.Totals> out = new HashMap<>();
        for (var e : counters.streams().entrySet()) {
            Counters.StreamCounters c = e.getValue();
            out.put(
                    e.getKey(),
                    new StatsTally.Totals(
                            c.bytesFromPeers.get(),
                            c.bytesFromCdn.get(),
                            uploaded.getOrDefault(e.getKey(), 0L),
                            c.stalls.get(),
                            c.startupMillis.get(),
                            c.liveLatencyMillis.get()));
        }
        uploaded.forEach((k, v) -> out.putIfAbsent(k, new StatsTally.Totals(0, 0, v, 0, -1)));
        return out;
    }

    /** Sends a last report (not waited for) and stops. */
    @Override
    public void close() {
        vertx.cancelTimer(timer);
        report().onComplete(r -> http.close());
    }
}
