package dev.riffle.agent.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * The origin's public catalogue ({@code GET /v1/titles}, posters), as the app shows it: the page asks the agent, the
 * agent asks the origin, so the page needs no CORS from the origin and talks to 127.0.0.1 only.
 */
public final class CatalogueClient implements AutoCloseable {
    /** What the catalogue page needs of a title; the rest of the origin's record stays there. */
    private static final Set<String> KEPT = Set.of(
            "id", "name", "summary", "kind", "durationSeconds", "renditions", "subtitleLanguages", "availableUntil");

    private static final int MAX_TITLES = 100;
    private static final int MAX_QUERY = 200;
    private static final Set<String> POSTER_TYPES = Set.of("image/jpeg", "image/png", "image/webp");

    private final WebClient client;
    private final URI origin;
    private final Duration timeout;

    public CatalogueClient(Vertx vertx, URI origin, Duration timeout) {
        this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("riffle-agent"));
        this.origin = origin.toString().endsWith("/") ? origin : URI.create(origin + "/");
        this.timeout = timeout;
    }

    /** Published titles matching {@code query} (all when blank), newest first: {@code {"titles":[…],"total":n}}. */
    public Future<JsonObject> titles(String query) {
        var req = client.getAbs(origin.resolve("v1/titles").toString())
                .timeout(timeout.toMillis())
                .addQueryParam("size", Integer.toString(MAX_TITLES));
        if (query != null && !query.isBlank()) {
            if (query.length() > MAX_QUERY) return Future.failedFuture(new IllegalArgumentException("query too long"));
            req.addQueryParam("q", query.strip());
        }
        return req.send().compose(res -> {
            if (res.statusCode() != 200) return Future.failedFuture(new Unavailable(res.statusCode()));
            JsonObject page = res.bodyAsJsonObject();
            var out = new JsonArray();
            for (Object o : page.getJsonArray("items", new JsonArray())) {
                if (o instanceof JsonObject t) out.add(shape(t));
            }
            return Future.succeededFuture(new JsonObject().put("titles", out).put("total", page.getLong("total", 0L)));
        });
    }

    static JsonObject shape(JsonObject t) {
        var out = new JsonObject();
        KEPT.forEach(k -> {
            if (t.containsKey(k)) out.put(k, t.getValue(k));
        });
        // live channels are catalogue entries of kind "live" (the origin lists them once they are published)
        out.put("live", "live".equalsIgnoreCase(t.getString("kind")));
        out.put("poster", t.getString("posterType") != null);
        return out;
    }

    /** A title's poster: its bytes and content type (only image types the origin accepts). */
    public Future<HttpResponse<Buffer>> poster(String titleId) {
        return client.getAbs(origin.resolve("v1/titles/" + titleId + "/poster").toString())
                .timeout(timeout.toMillis())
                .send()
                .compose(res -> res.statusCode() == 200
                                && POSTER_TYPES.contains(String.valueOf(res.getHeader("Content-Type"))
                                        .toLowerCase(java.util.Locale.ROOT))
                        ? Future.succeededFuture(res)
                        : Future.failedFuture(new Unavailable(res.statusCode())));
    }

    /** The origin answered something other than what was asked for. */
    public static final class Unavailable extends RuntimeException {
        private final int status;

        Unavailable(int status) {
            super("the origin answered " + status, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
