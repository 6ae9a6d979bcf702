package dev.riffle.agent;

import dev.riffle.agent.app.AgentSettings;
import dev.riffle.agent.app.AppBackend;
import dev.riffle.agent.app.SignedIn;
import dev.riffle.agent.app.SourceMap;
import dev.riffle.agent.session.Counters;
import dev.riffle.agent.session.TitleSession;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.RenditionType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The subscriber's app's view of the agent. */
final class AppPort implements AppBackend {
    private final Agent agent;
    private final Supplier<JsonObject> summary;

    AppPort(Agent agent, Supplier<JsonObject> summary) {
        this.agent = agent;
        this.summary = summary;
    }

    @Override
    public Optional<SignedIn> signedIn() {
        try {
            return SignedIn.of(agent.config().token().get());
        } catch (RuntimeException e) {
            return Optional.empty(); // no token stored, or it could not be read: not signed in
        }
    }

    @Override
    public Optional<dev.riffle.agent.app.PageLogin> login() {
        return agent.pageLogin();
    }

    @Override
    public JsonObject summary() {
        return summary.get();
    }

    @Override
    public Map<String, Long> cachedTitles() {
        return agent.cache().bytesPerTitle();
    }

    @Override
    public boolean seeding(String titleId) {
        return agent.cache().isSeeding(titleId);
    }

    @Override
    public void seeding(String titleId, boolean on) throws IOException {
        agent.seeding(titleId, on);
    }

    @Override
    public Future<Void> deleteTitle(String titleId) {
        return agent.deleteTitle(titleId);
    }

    @Override
    public Future<JsonObject> sources(String titleId) {
        return agent.session(titleId).map(s -> sources(titleId, s));
    }

    private JsonObject sources(String titleId, TitleSession s) {
        Manifest m = s.manifest();
        Rendition r = shown(m, s.rendition());
        long fromPeers = 0, fromCdn = 0;
        for (Map.Entry<Counters.StreamKey, Counters.StreamCounters> e :
                agent.counters().streams().entrySet()) {
            if (!e.getKey().titleId().equals(titleId)) continue;
            fromPeers += e.getValue().bytesFromPeers.get();
            fromCdn += e.getValue().bytesFromCdn.get();
        }
        var map = SourceMap.of(
                r.id(),
                Math.max(0, r.firstIndex()),
                r.segments().size(),
                agent.cache().segments(titleId, r.id()),
                s.deliveries().fetched(r.id()),
                r.id().equals(s.rendition()) ? s.playhead() : -1);
        var renditions = new JsonArray();
        m.renditions()
                .forEach(x -> renditions.add(new JsonObject()
                        .put("id", x.id())
                        .put("type", x.type().name().toLowerCase(java.util.Locale.ROOT))
                        .put("language", x.language())));
        long total = fromPeers + fromCdn;
        return new JsonObject()
                .put("id", titleId)
                .put("live", m.isLive())
                .put("play", "/play/" + titleId + "/master.m3u8")
                .put("renditions", renditions)
                .put("rendition", map.rendition())
                .put("firstSeq", map.firstSeq())
                .put("cells", map.cells())
                .put("asked", map.playhead())
                .put("peersConnected", agent.peersConnected(titleId))
                .put("bytesFromPeers", fromPeers)
                .put("bytesFromCdn", fromCdn)
                .put("bytesUploaded", agent.bytesUploaded(titleId))
                .put("offload", total == 0 ? 0.0 : fromPeers / (double) total)
                .put("cachedBytes", agent.cache().bytesPerTitle().getOrDefault(titleId, 0L))
                .put("seeding", agent.cache().isSeeding(titleId));
    }

    /** The rendition the player follows, else the first video (or, for audio-only titles, the first) one. */
    private static Rendition shown(Manifest m, String following) {
        if (following != null) {
            Optional<Rendition> r = m.rendition(following);
            if (r.isPresent()) return r.get();
        }
        return m.renditions().stream()
                .filter(x -> x.type() == RenditionType.VIDEO)
                .findFirst()
                .orElse(m.renditions().get(0));
    }

    @Override
    public AgentSettings settings() {
        return agent.settings();
    }

    @Override
    public void settings(AgentSettings s) throws IOException {
        agent.settings(s);
    }
}
