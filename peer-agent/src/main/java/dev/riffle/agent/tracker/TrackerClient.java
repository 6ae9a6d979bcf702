package dev.riffle.agent.tracker;

import dev.riffle.agent.scheduler.PeerId;
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
 * plays. Viewers dial and pure seeders wait; when two viewers dial each other at once the transport keeps one
 * connection, and a peer dialled for several swarms gets one connection carrying them all (dials are per peer and
 * swarm). A peer's {@code have} is not a filter: it is as old as that peer's last announce, while the HAVE messages
 * after connecting are current; its {@code tier} tells the fetch loops which peers share our ISP and region. The
 * timing lives in the pure {@link AnnounceSchedule}.
 */
public final class TrackerClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TrackerClient.class.getName());
    /** What an uncapped agent offers, in bytes/s (about 100 Mbit/s). */
    static final long UNCAPPED_UPLOAD = 12_500_000;
    /** The tier of peers the tracker matched to our ISP and region. */
    static final String SAME_ISP_TIER = "isp-region";

    private record Dial(PeerId peer, String swarm) {}

    private final Vertx vertx;
    private final io.vertx.core.Context context;
    private final TrackerAuth auth;
    private final int maxConnections;
    private final TrackerPort agent;
    private final TrackerSettings settings;
    private final InstantSource clock;
    private final WebClient http;
    private final AnnounceSchedule schedule;
    private final long timer;
    private final Set<Dial> dialing = ConcurrentHashMap.newKeySet();
    private boolean busy;
    private boolean closed;
    private long lastUploaded;
    private long lastUploadedAt;
    private volatile long announces;

    /**
     * @param maxConnections the agent's connection cap: dials stop there
     */
    public TrackerClient(
            Vertx vertx,
            TrackerAuth auth,
            int maxConnections,
            TrackerPort agent,
            TrackerSettings settings,
            InstantSource clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.auth = auth;
        this.maxConnections = maxConnections;
        this.agent = agent;
        this.settings = settings;
        this.clock = clock;
        this.http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int)
                        auth.httpTimeout().toMillis()));
        this.schedule = new AnnounceSchedule(settings.retry().toMillis());
        this.lastUploadedAt = clock.millis();
        this.timer = vertx.setPeriodic(settings.check().toMillis(), id -> context.runOnContext(v -> check()));
    }

    /** Announces answered so far (for /status and tests). */
    public long announces() {
        return announces;
    }

    /** A look at the agent's swarms now rather than at the next periodic check (a title was just opened). */
    public void announceSoon() {
        context.runOnContext(v -> check());
    }

    /** One look at the agent's swarms; announces if the schedule says so. On the client's context. */
    void check() {
        if (busy || closed) return;
        Map<String, SwarmState> swarms = new LinkedHashMap<>();
        agent.swarms().forEach(x -> swarms.put(x.id(), x));
        long now = clock.millis();
        Optional<AnnounceSchedule.Plan> plan = schedule.next(now, swarms.keySet());
        if (plan.isEmpty()) return;
        busy = true;
        announce(plan.get(), swarms).onComplete(r -> busy = false);
    }

    private Future<Void> announce(AnnounceSchedule.Plan plan, Map<String, SwarmState> swarms) {
        JsonObject body = body(plan, swarms);
        return http.postAbs(settings.resolve("/v1/announce").toString())
                .putHeader("Authorization", "Bearer " + auth.token().get())
                .timeout(auth.httpTimeout().toMillis())
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
        long offered = agent.uploadOffered();
        var list = new JsonArray();
        for (String id : plan.swarms()) {
            var o = new JsonObject().put("id", id);
            SwarmState s = swarms.get(id);
            if (s != null) {
                o.put("playhead", s.playhead());
                if (s.behindEdgeMs() >= 0) o.put("behindEdgeMs", s.behindEdgeMs());
                var have = new JsonArray();
                s.have().forEach(r -> have.add(new JsonArray().add(r.first()).add(r.last())));
                o.put("have", have);
            }
            list.add(o);
        }
        return new JsonObject()
                .put("event", plan.event().name().toLowerCase(Locale.ROOT))
                .put("peerId", auth.id().value())
                .put("uploadCapacity", Math.min(offered, UNCAPPED_UPLOAD))
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
        boolean shortOfPeers = false;
        JsonArray answers = answer.getJsonArray("swarms", new JsonArray());
        for (int i = 0; i < answers.size(); i++) {
            JsonObject a = answers.getJsonObject(i);
            if (!"ok".equals(a.getString("status"))) continue;
            ok.add(a.getString("id"));
            SwarmState s = swarms.get(a.getString("id"));
            if (s == null) continue;
            JsonArray peers = a.getJsonArray("peers", new JsonArray());
            if (s.wanted()) {
                Set<PeerId> handedOut = announced(peers);
                agent.reports().reported(SwarmId.of(s.titleId(), s.renditionId()), size(a), handedOut, local(peers));
                dial(s, peers);
                SwarmId swarm = SwarmId.of(s.titleId(), s.renditionId());
                // Short: the answer left peers out, or some handed out are not connected yet (a dial that failed
                // because the peer had not opened the title yet is made again on the early re-announce).
                shortOfPeers |= handedOut.isEmpty()
                        || handedOut.size() < Math.min(size(a) - 1, settings.numWant())
                        || handedOut.stream().anyMatch(p -> !agent.isConnected(p, swarm));
            }
        }
        schedule.answered(now, plan, ok, answer.getLong("interval", 60L), shortOfPeers);
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
            if (!peer.equals(auth.id()) && !agent.isBanned(peer)) out.add(peer);
        }
        return out;
    }

    /** The peers of the answer in our ISP and region (tier {@value #SAME_ISP_TIER}). */
    private Set<PeerId> local(JsonArray peers) {
        Set<PeerId> out = new HashSet<>();
        for (int i = 0; i < peers.size(); i++) {
            if (!(peers.getValue(i) instanceof JsonObject p) || !SAME_ISP_TIER.equals(p.getString("tier"))) continue;
            String id = p.getString("peerId");
            if (id != null && !id.isBlank()) out.add(new PeerId(id));
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
        int budget = maxConnections - agent.connectionCount();
        SwarmId swarm = SwarmId.of(s.titleId(), s.renditionId());
        for (int i = 0; i < peers.size() && budget > 0; i++) {
            if (!(peers.getValue(i) instanceof JsonObject p)) continue;
            String id = p.getString("peerId");
            if (id == null || id.isBlank()) continue;
            PeerId peer = new PeerId(id);
            var dial = new Dial(peer, s.id());
            if (peer.equals(auth.id()) || agent.isConnected(peer, swarm) || agent.isBanned(peer) || !dialing.add(dial))
                continue;
            budget--;
            agent.connect(peer, s.titleId(), s.renditionId()).onComplete(r -> {
                dialing.remove(dial);
                if (r.failed()) {
                    // Nobody should wait for a peer we cannot reach (see SchedulerConfig.peerWaitMillis).
                    agent.reports().unreachable(swarm, peer);
                    LOG.fine(() ->
                            "could not connect to " + peer + ": " + r.cause().getMessage());
                }
            });
        }
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
