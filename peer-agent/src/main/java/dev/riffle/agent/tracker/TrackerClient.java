package dev.riffle.agent.tracker;

import dev.riffle.agent.Agent;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.session.PlayerTracks;
import dev.riffle.agent.session.TitleSession;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.swarm.SwarmId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * {@code POST /v1/announce}: tells the tracker which swarms this agent is in (the renditions it plays or holds
 * segments of), with held ranges, playhead and upload capacity; dials the peers it hands back for what the agent
 * plays. Viewers dial and pure seeders wait, so two agents rarely dial each other at once (and when they do the
 * transport keeps one connection). A peer's {@code have} is not a filter: it is as old as that peer's last announce,
 * while the HAVE messages after connecting are current. The timing lives in the pure {@link AnnounceSchedule}.
 */
public final class TrackerClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TrackerClient.class.getName());
    /** The tracker takes at most 8 swarms and 64 ranges per swarm per announce. */
    static final int MAX_SWARMS = 8;

    static final int MAX_RANGES = 64;
    /** What an uncapped agent offers, in bytes/s (about 100 Mbit/s). */
    static final long UNCAPPED_UPLOAD = 12_500_000;

    /** The agent in one swarm. */
    record SwarmState(
            String id,
            String titleId,
            String renditionId,
            boolean wanted,
            long playhead,
            List<HeldRanges.Range> have) {}

    private final Vertx vertx;
    private final Agent agent;
    private final TrackerSettings settings;
    private final InstantSource clock;
    private final WebClient http;
    private final AnnounceSchedule schedule;
    private final long timer;
    private final Set<PeerId> dialing = ConcurrentHashMap.newKeySet();
    private boolean busy;
    private boolean closed;
    private long lastUploaded;
    private long lastUploadedAt;
    private volatile long announces;

    public TrackerClient(Vertx vertx, Agent agent, TrackerSettings settings, InstantSource clock) {
        this.vertx = vertx;
        this.agent = agent;
        this.settings = settings;
        this.clock = clock;
        this.http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int)
                        agent.config().httpTimeout().toMillis()));
        this.schedule = new AnnounceSchedule(settings.retry().toMillis());
        this.lastUploadedAt = clock.millis();
        this.timer = vertx.setPeriodic(settings.check().toMillis(), id -> check());
    }

    /** Announces answered so far (for /status and tests). */
    public long announces() {
        return announces;
    }

    /** One look at the agent's swarms; announces if the schedule says so. On the timer's context. */
    void check() {
        if (busy || closed) return;
        Map<String, SwarmState> swarms = swarms();
        long now = clock.millis();
        Optional<AnnounceSchedule.Plan> plan = schedule.next(now, swarms.keySet());
        if (plan.isEmpty()) return;
        busy = true;
        announce(plan.get(), swarms).onComplete(r -> busy = false);
    }

    private Future<Void> announce(AnnounceSchedule.Plan plan, Map<String, SwarmState> swarms) {
        JsonObject body = body(plan, swarms);
        return http.postAbs(settings.resolve("/v1/announce").toString())
                .putHeader("Authorization", "Bearer " + agent.config().token().get())
                .timeout(agent.config().httpTimeout().toMillis())
                .sendJsonObject(body)
                .map(res -> {
                    answered(plan, swarms, res);
                    return (Void) null;
                })
                .otherwise(e -> {
                    schedule.failed(clock.millis(), plan);
                    LOG.fine(() -> "announce failed: " + e.getMessage());
                    return null;
                });
    }

    private JsonObject body(AnnounceSchedule.Plan plan, Map<String, SwarmState> swarms) {
        long now = clock.millis();
        long uploaded = agent.bytesUploaded();
        long uploading = (uploaded - lastUploaded) * 1000 / Math.max(1, now - lastUploadedAt);
        lastUploaded = uploaded;
        lastUploadedAt = now;
        long cap = agent.config().transport().uploadBytesPerSec();
        var list = new JsonArray();
        for (String id : plan.swarms()) {
            var o = new JsonObject().put("id", id);
            SwarmState s = swarms.get(id);
            if (s != null) {
                o.put("playhead", s.playhead());
                var have = new JsonArray();
                s.have().forEach(r -> have.add(new JsonArray().add(r.first()).add(r.last())));
                o.put("have", have);
            }
            list.add(o);
        }
        return new JsonObject()
                .put("event", plan.event().name().toLowerCase(Locale.ROOT))
                .put("peerId", agent.id().value())
                .put("uploadCapacity", cap > 0 ? cap : UNCAPPED_UPLOAD)
                .put("uploading", Math.max(0, uploading))
                .put("numWant", settings.numWant())
                .put("swarms", list);
    }

    private void answered(AnnounceSchedule.Plan plan, Map<String, SwarmState> swarms, HttpResponse<?> res) {
        long now = clock.millis();
        if (res.statusCode() == 404 && plan.event() == AnnounceSchedule.Event.UPDATE) {
            schedule.forgotten(plan);
            return;
        }
        if (res.statusCode() != 200) {
            schedule.failed(now, plan);
            LOG.warning("tracker refused an announce: " + res.statusCode() + " " + problemType(res));
            return;
        }
        JsonObject answer;
        try {
            answer = res.bodyAsJsonObject();
        } catch (RuntimeException e) {
            schedule.failed(now, plan);
            return;
        }
        announces++;
        Set<String> ok = new HashSet<>();
        JsonArray answers = answer.getJsonArray("swarms", new JsonArray());
        for (int i = 0; i < answers.size(); i++) {
            JsonObject a = answers.getJsonObject(i);
            if (!"ok".equals(a.getString("status"))) continue;
            ok.add(a.getString("id"));
            SwarmState s = swarms.get(a.getString("id"));
            if (s == null) continue;
            JsonArray peers = a.getJsonArray("peers", new JsonArray());
            if (s.wanted()) {
                agent.swarmReports().reported(SwarmId.of(s.titleId(), s.renditionId()), size(a), announced(peers));
                dial(s, peers);
            }
        }
        schedule.answered(now, plan, ok, answer.getLong("interval", 60L));
    }

    /** The swarm's viewers as the tracker counts them (us included); 0 when absent or not a number. */
    private static int size(JsonObject swarmAnswer) {
        Object v = swarmAnswer.getValue("size");
        return v instanceof Number n ? (int) Math.max(0, Math.min(Integer.MAX_VALUE, n.longValue())) : 0;
    }

    /** The peers handed out that this agent may connect to: not itself, not banned. */
    private Set<PeerId> announced(JsonArray peers) {
        Set<PeerId> out = new HashSet<>();
        for (int i = 0; i < peers.size(); i++) {
            Object o = peers.getValue(i);
            if (!(o instanceof JsonObject p)) continue;
            String id = p.getString("peerId");
            if (id == null || id.isBlank()) continue;
            PeerId peer = new PeerId(id);
            if (!peer.equals(agent.id()) && !agent.transport().isBanned(peer)) out.add(peer);
        }
        return out;
    }

    private static String problemType(HttpResponse<?> res) {
        try {
            return res.bodyAsJsonObject().getString("type", "");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private void dial(SwarmState s, JsonArray peers) {
        int budget =
                agent.config().transport().maxConnections() - agent.transport().connectionCount();
        for (int i = 0; i < peers.size() && budget > 0; i++) {
            JsonObject p = peers.getJsonObject(i);
            String id = p.getString("peerId");
            if (id == null || id.isBlank()) continue;
            PeerId peer = new PeerId(id);
            if (peer.equals(agent.id())
                    || agent.peers(SwarmId.of(s.titleId(), s.renditionId())).containsKey(peer)
                    || agent.transport().isBanned(peer)
                    || !dialing.add(peer)) continue;
            budget--;
            agent.connect(peer, s.titleId(), s.renditionId()).onComplete(r -> {
                dialing.remove(peer);
                if (r.failed()) {
                    // Nobody should wait for a peer we cannot reach (see SchedulerConfig.peerWaitMillis).
                    agent.swarmReports().unreachable(SwarmId.of(s.titleId(), s.renditionId()), peer);
                    LOG.fine(() ->
                            "could not connect to " + peer + ": " + r.cause().getMessage());
                }
            });
        }
    }

    /**
     * The swarms this agent is in, at most {@link #MAX_SWARMS}: the renditions it plays (video and audio), or, for a
     * title opened whose player has not picked a rendition yet, every rendition (so peers are found while the player
     * loads: the first segments go to the CDN otherwise); then renditions it only seeds. It dials peers only for the
     * first two kinds.
     */
    Map<String, SwarmState> swarms() {
        List<SwarmState> all = new ArrayList<>();
        for (TitleSession t : agent.loadedSessions()) {
            Manifest m = t.manifest();
            PlayerTracks playing = t.tracks();
            boolean seeding = agent.cache().isSeeding(m.titleId());
            for (Rendition r : m.renditions()) {
                Optional<PlayerTracks.Track> track = playing.following(r.id());
                boolean wanted = playing.byType().isEmpty() || track.isPresent();
                long playhead = track.map(PlayerTracks.Track::playhead).orElse(-1L);
                List<HeldRanges.Range> have = seeding
                        ? HeldRanges.of(agent.cache().segments(m.titleId(), r.id()), playhead, MAX_RANGES)
                        : List.of();
                if (wanted || !have.isEmpty()) {
                    all.add(new SwarmState(m.swarmId(r.id()).hex(), m.titleId(), r.id(), wanted, playhead, have));
                }
            }
        }
        all.sort((a, b) -> Boolean.compare(b.wanted(), a.wanted()));
        Map<String, SwarmState> out = new LinkedHashMap<>();
        for (SwarmState s : all) {
            if (out.size() < MAX_SWARMS) out.putIfAbsent(s.id(), s);
        }
        return out;
    }

    /** Leaves every swarm ({@code stopped}, best effort, not waited for) and stops the timer. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        vertx.cancelTimer(timer);
        List<String> joined = schedule.joined();
        if (joined.isEmpty()) {
            http.close();
            return;
        }
        var plan = new AnnounceSchedule.Plan(AnnounceSchedule.Event.STOPPED, Set.copyOf(joined));
        announce(plan, Map.of()).onComplete(r -> http.close());
        vertx.setTimer(Duration.ofSeconds(5).toMillis(), t -> http.close());
    }
}
