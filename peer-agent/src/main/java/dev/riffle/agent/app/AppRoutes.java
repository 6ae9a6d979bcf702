package dev.riffle.agent.app;

import dev.riffle.agent.cache.SegmentKey;
import dev.riffle.servicekit.problem.VertxProblems;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The subscriber's app on the agent's own port: the page ({@code /}, {@code /app/…}, hls.js from its webjar) and the
 * small JSON API it reads ({@code /api/…}). Every request must come to the agent by its own name and every state
 * change from its own page ({@link LocalOrigin}); no CORS headers are ever sent, and the page may not be framed.
 */
public final class AppRoutes {
    private static final Logger LOG = Logger.getLogger(AppRoutes.class.getName());
    private static final String WEB = "dev/riffle/agent/app/web/";
    private static final String HLS_WEBJAR = "META-INF/maven/org.webjars.npm/hls.js/pom.properties";
    private static final String CSP = "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
            + "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    private record Asset(byte[] bytes, String type) {}

    private final AppBackend agent;
    private final CatalogueClient catalogue;
    private final Map<String, Asset> assets;

    public AppRoutes(AppBackend agent, CatalogueClient catalogue) {
        this.agent = agent;
        this.catalogue = catalogue;
        this.assets = Map.of(
                "/", asset(WEB + "index.html", "text/html; charset=utf-8"),
                "/app/app.css", asset(WEB + "app.css", "text/css; charset=utf-8"),
                "/app/app.js", asset(WEB + "app.js", "text/javascript; charset=utf-8"),
                "/app/hls.min.js", asset(hlsJs(), "text/javascript; charset=utf-8"));
    }

    /** hls.js from the webjar the build fetched: its version is read from the jar, not written here. */
    private static String hlsJs() {
        try (InputStream in = resource(HLS_WEBJAR)) {
            var p = new Properties();
            p.load(in);
            return "META-INF/resources/webjars/hls.js/" + p.getProperty("version") + "/dist/hls.min.js";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = AppRoutes.class.getClassLoader().getResourceAsStream(name);
        if (in == null) throw new IOException("missing from the agent's jar: " + name);
        return in;
    }

    private static Asset asset(String name, String type) {
        try (InputStream in = resource(name)) {
            return new Asset(in.readAllBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the page and the API to the agent's router. */
    public void mount(Router router) {
        router.route("/api/*").handler(this::guard);
        router.route("/app/*").handler(this::guard);
        router.get("/").handler(this::guard);
        assets.keySet().forEach(path -> router.get(path).handler(this::asset));
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(4_096));
        router.get("/api/me").handler(this::me);
        router.get("/api/login").handler(rc -> login(rc, false));
        router.post("/api/login").handler(rc -> login(rc, true));
        router.get("/api/catalogue").handler(this::titles);
        router.get("/api/titles/:title/poster").handler(this::poster);
        router.get("/api/titles/:title/sources").handler(this::sources);
        router.post("/api/titles/:title/seeding").handler(this::seeding);
        router.delete("/api/titles/:title").handler(this::delete);
        router.get("/api/library").handler(this::library);
        router.get("/api/settings").handler(rc -> json(rc, settingsJson(agent.settings())));
        router.put("/api/settings").handler(this::putSettings);
    }

    private void guard(RoutingContext rc) {
        var req = rc.request();
        // The authority is Host in HTTP/1.1 and :authority in HTTP/2 (clients upgrade with h2c)
        var authority = req.authority();
        String host = authority == null
                ? null
                : authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port();
        var verdict =
                new LocalOrigin(req.localAddress().port()).check(req.method().name(), host, req.getHeader("Origin"));
        switch (verdict) {
            case ALLOWED -> {
                rc.response()
                        .putHeader("X-Frame-Options", "DENY")
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("Referrer-Policy", "no-referrer")
                        .putHeader("Content-Security-Policy", CSP);
                rc.next();
            }
            case FOREIGN_HOST ->
                VertxProblems.send(
                        rc,
                        403,
                        "foreign-host",
                        "the agent's app answers only as 127.0.0.1 or localhost on its own port");
            default -> VertxProblems.send(rc, 403, "foreign-origin", "only the agent's own page may change its state");
        }
    }

    private void asset(RoutingContext rc) {
        Asset a = assets.get(rc.request().path());
        rc.response()
                .putHeader("Content-Type", a.type())
                .putHeader("Cache-Control", "no-cache")
                .end(Buffer.buffer(a.bytes()));
    }

    private void me(RoutingContext rc) {
        var out = new JsonObject().put("agentId", agent.summary().getString("agentId"));
        agent.signedIn()
                .ifPresentOrElse(
                        s -> out.put("signedIn", true)
                                .put("name", s.name())
                                .put(
                                        "expiresAt",
                                        s.expiresAt() == null
                                                ? null
                                                : s.expiresAt().toString()),
                        () -> out.put("signedIn", false)
                                .put("howTo", "./riffle agent login")
                                .put("canSignIn", agent.login().isPresent()));
        json(rc, out);
    }

    private void login(RoutingContext rc, boolean start) {
        var login = agent.login();
        if (login.isEmpty()) {
            VertxProblems.send(
                    rc, 404, "no-page-login", "this agent reads a fixed token file: sign in with ./riffle agent login");
            return;
        }
        PageLogin.State s = start ? login.get().start() : login.get().state();
        json(
                rc,
                new JsonObject()
                        .put("state", s.state())
                        .put("userCode", s.userCode())
                        .put("verificationUri", s.verificationUri())
                        .put("verificationUriComplete", s.verificationUriComplete())
                        .put("error", s.error()));
    }

    private void titles(RoutingContext rc) {
        catalogue.titles(rc.queryParams().get("q")).onComplete(res -> {
            if (res.succeeded()) {
                Map<String, Long> cached = agent.cachedTitles();
                for (Object o : res.result().getJsonArray("titles")) {
                    var t = (JsonObject) o;
                    t.put("cachedBytes", cached.getOrDefault(t.getString("id"), 0L));
                }
                json(rc, res.result());
            } else if (res.cause() instanceof IllegalArgumentException e) {
                VertxProblems.send(rc, 400, "bad-query", e.getMessage());
            } else {
                LOG.warning("catalogue unavailable: " + res.cause().getMessage());
                VertxProblems.send(rc, 502, "catalogue-unavailable", "the origin's catalogue could not be read");
            }
        });
    }

    private void poster(RoutingContext rc) {
        String t = title(rc);
        if (t == null) return;
        catalogue
                .poster(t)
                .onSuccess(res -> rc.response()
                        .putHeader("Content-Type", res.getHeader("Content-Type"))
                        .putHeader("Cache-Control", "private, max-age=300")
                        .end(res.body() == null ? Buffer.buffer() : res.body()))
                .onFailure(e -> VertxProblems.send(rc, 404, "no-poster", "the title has no poster"));
    }

    private void sources(RoutingContext rc) {
        String t = title(rc);
        if (t == null) return;
        agent.sources(t)
                .onSuccess(s -> json(rc, s))
                .onFailure(e -> VertxProblems.send(rc, 502, "title-unavailable", "the title could not be opened"));
    }

    private void seeding(RoutingContext rc) {
        String t = title(rc);
        if (t == null) return;
        JsonObject body = body(rc);
        if (body == null || !(body.getValue("seeding") instanceof Boolean on)) {
            VertxProblems.send(rc, 400, "bad-request", "expected {\"seeding\": true|false}");
            return;
        }
        try {
            agent.seeding(t, on);
            json(rc, new JsonObject().put("id", t).put("seeding", agent.seeding(t)));
        } catch (IOException e) {
            VertxProblems.send(rc, 500, "cache-unwritable", "the cache directory could not be written");
        }
    }

    private void delete(RoutingContext rc) {
        String t = title(rc);
        if (t == null) return;
        agent.deleteTitle(t)
                .onSuccess(x -> rc.response().setStatusCode(204).end())
                .onFailure(
                        e -> VertxProblems.send(rc, 500, "cache-unwritable", "the title's cache could not be deleted"));
    }

    private void library(RoutingContext rc) {
        var titles = new JsonArray();
        agent.cachedTitles()
                .forEach((t, bytes) -> titles.add(
                        new JsonObject().put("id", t).put("bytes", bytes).put("seeding", agent.seeding(t))));
        JsonObject s = agent.summary();
        json(
                rc,
                new JsonObject()
                        .put("titles", titles)
                        .put("cacheBytes", s.getLong("cacheBytes"))
                        .put("cacheMaxBytes", s.getLong("cacheMaxBytes")));
    }

    private void putSettings(RoutingContext rc) {
        String body = rc.body() == null ? null : rc.body().asString();
        AgentSettings next;
        try {
            next = SettingsFile.parse(body == null ? "" : body, agent.settings());
        } catch (IllegalArgumentException e) {
            VertxProblems.send(rc, 400, "bad-settings", e.getMessage());
            return;
        }
        try {
            agent.settings(next);
        } catch (IOException e) {
            VertxProblems.send(rc, 500, "settings-unwritable", "the settings file could not be written");
            return;
        }
        json(rc, settingsJson(agent.settings()));
    }

    static JsonObject settingsJson(AgentSettings s) {
        return new JsonObject(SettingsFile.write(s));
    }

    /** The title id of the path, or null after answering 400 for one that could not be a title. */
    private static String title(RoutingContext rc) {
        String t = rc.pathParam("title");
        try {
            return new SegmentKey(t, "r", 0).titleId();
        } catch (IllegalArgumentException e) {
            VertxProblems.send(rc, 400, "bad-request", "bad title id");
            return null;
        }
    }

    private static JsonObject body(RoutingContext rc) {
        try {
            return rc.body() == null ? null : rc.body().asJsonObject();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void json(RoutingContext rc, JsonObject body) {
        rc.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }

    public void close() {
        catalogue.close();
    }
}
