package dev.riffle.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.agent.Agent;
import dev.riffle.agent.AgentConfig;
import dev.riffle.agent.player.TestTitle;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.testing.StaticEdge;
import dev.riffle.agent.transport.InProcessSignaling;
import dev.riffle.agent.transport.RtcFactory;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's API on a real agent: a real title on a real HTTP edge (with a catalogue standing in for the origin's
 * {@code GET /v1/titles}), agents in one JVM over real WebRTC, requests written byte for byte so Host and Origin are
 * exactly what a browser on another site would send.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AppApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = header("{\"alg\":\"none\"}") + "."
            + header("{\"preferred_username\":\"viewer-01\",\"exp\":4102444800}") + ".sig";

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    private StaticEdge edge;
    private TestTitle title;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private RtcFactory rtc;
    private InProcessSignaling hub;

    private static String header(String json) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void start() throws Exception {
        title = TestTitle.create(dir.resolve("origin"), "test-pattern", 10, 7);
        edge = StaticEdge.start(dir.resolve("origin"), router -> {
            router.get("/v1/keys/:kid")
                    .handler(rc ->
                            rc.response().putHeader("Riffle-Session-Id", "s1").end(Buffer.buffer(title.key())));
            router.get("/v1/titles/:id/poster").handler(rc -> {
                if (rc.pathParam("id").equals(title.titleId())) {
                    rc.response().putHeader("Content-Type", "image/png").end(Buffer.buffer(PNG));
                } else {
                    // not an image: never passed on to the page
                    rc.response().putHeader("Content-Type", "text/html").end("<script>alert(1)</script>");
                }
            });
            router.get("/v1/titles").handler(rc -> {
                String q = rc.queryParams().get("q");
                var item = new io.vertx.core.json.JsonObject()
                        .put("id", title.titleId())
                        .put("name", "Test pattern")
                        .put("summary", "Bars and a tone")
                        .put("kind", "video")
                        .put("durationSeconds", 10.0)
                        .put("renditions", List.of(title.rendition()))
                        .put("subtitleLanguages", List.of("en"))
                        .put("keyId", "not for the page")
                        .put("requiredPlan", "basic");
                var items = new io.vertx.core.json.JsonArray();
                if (q == null || "Test pattern".toLowerCase().contains(q.toLowerCase())) items.add(item);
                rc.response()
                        .putHeader("Content-Type", "application/json")
                        .end(new io.vertx.core.json.JsonObject()
                                .put("items", items)
                                .put("total", items.size())
                                .encode());
            });
        });
        rtc = new RtcFactory();
        hub = new InProcessSignaling();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) c.close();
        hub.close();
        rtc.close();
        if (edge != null) edge.close();
    }

    private Agent agent(String name) throws Exception {
        var config = AgentConfig.of(
                name, edge.base(), edge.base(), dir.resolve("cache-" + name), 200_000_000, 0, () -> TOKEN);
        var agent = new Agent(edge.vertx(), config, rtc, hub.endpoint(new PeerId(name)));
        toClose.add(0, agent);
        await(agent.start());
        return agent;
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** One HTTP/1.1 exchange written by hand: the test decides every header, as a hostile page's browser would. */
    record Reply(int status, Map<String, String> headers, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    static Reply send(int port, String method, String path, Map<String, String> headers, String body)
            throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            var req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("Content-Length: ").append(payload.length).append("\r\nConnection: close\r\n\r\n");
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().write(payload);
            s.getOutputStream().flush();
            return parse(s.getInputStream());
        }
    }

    private static Reply parse(InputStream in) throws IOException {
        var all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        var headers = new LinkedHashMap<String, String>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).toLowerCase(),
                    lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) body = unchunk(body);
        return new Reply(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }

    private static String unchunk(String s) {
        var out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = s.indexOf("\r\n", i);
            int n = Integer.parseInt(s.substring(i, eol).trim(), 16);
            if (n == 0) return out.toString();
            out.append(s, eol + 2, eol + 2 + n);
            i = eol + 2 + n + 2;
        }
    }

    private static Map<String, String> own(int port) {
        return Map.of("Host", "127.0.0.1:" + port, "Origin", "http://127.0.0.1:" + port);
    }

    private static Reply get(int port, String path) throws IOException {
        return send(port, "GET", path, Map.of("Host", "127.0.0.1:" + port), null);
    }

    /** Every segment of the title through the agent's player side, as a player would take them. */
    private void play(Agent a) throws Exception {
        for (var s : title.manifest().rendition(title.rendition()).orElseThrow().segments()) {
            var r = get(a.port(), "/play/" + title.titleId() + "/" + title.rendition() + "/" + s.index() + ".ts");
            assertThat(r.status()).as("segment %d", s.index()).isEqualTo(200);
        }
    }

    @Test
    void thePageAndHlsJsComeFromTheAgentsJarWithNoLinkElsewhereAndMayNotBeFramed() throws Exception {
        Agent a = agent("alice");
        Reply page = get(a.port(), "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().get("content-type")).startsWith("text/html");
        assertThat(page.body()).contains("/app/hls.min.js", "/app/app.js").doesNotContain("http:", "https:");
        assertThat(page.headers())
                .containsEntry("x-frame-options", "DENY")
                .doesNotContainKey("access-control-allow-origin");
        assertThat(page.headers().get("content-security-policy")).contains("frame-ancestors 'none'");
        Reply hls = get(a.port(), "/app/hls.min.js");
        assertThat(hls.status()).isEqualTo(200);
        assertThat(hls.body()).contains("MANIFEST_PARSED");
        assertThat(get(a.port(), "/app/app.js").body()).doesNotContain("http://", "https://");
    }

    @Test
    void aClientThatUpgradesToHttp2IsTheAgentsOwnToo() throws Exception {
        Agent a = agent("alice");
        // java.net.http asks for h2c: the request then names the agent in :authority, not in a Host header
        var client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2)
                .build();
        java.net.http.HttpResponse<String> first = null;
        for (int i = 0; i < 2; i++) {
            first = client.send(
                    java.net.http.HttpRequest.newBuilder(a.appUrl().resolve("/api/library"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode())
                    .as("request %d (%s)", i, first.version())
                    .isEqualTo(200);
        }
    }

    @Test
    void theApiNamesTheAccountButNeverHandsOutItsToken() throws Exception {
        Agent a = agent("alice");
        Reply me = get(a.port(), "/api/me");
        assertThat(me.json().path("signedIn").asBoolean()).isTrue();
        assertThat(me.json().path("name").asText()).isEqualTo("viewer-01");
        assertThat(me.body()).doesNotContain(TOKEN.split("\\.")[1]);
    }

    @Test
    void theCatalogueIsTheOriginsShapedForThePageAndSearchable() throws Exception {
        Agent a = agent("alice");
        JsonNode all = get(a.port(), "/api/catalogue").json();
        assertThat(all.path("titles")).hasSize(1);
        JsonNode t = all.path("titles").get(0);
        assertThat(t.path("name").asText()).isEqualTo("Test pattern");
        assertThat(t.path("subtitleLanguages").get(0).asText()).isEqualTo("en");
        assertThat(t.path("live").asBoolean()).isFalse();
        assertThat(t.has("keyId")).as("only what the page shows").isFalse();
        assertThat(get(a.port(), "/api/catalogue?q=pattern").json().path("titles"))
                .hasSize(1);
        assertThat(get(a.port(), "/api/catalogue?q=western").json().path("titles"))
                .isEmpty();
        Reply poster = get(a.port(), "/api/titles/" + title.titleId() + "/poster");
        assertThat(poster.status()).isEqualTo(200);
        assertThat(poster.headers().get("content-type")).isEqualTo("image/png");
        assertThat(poster.headers().get("content-length")).isEqualTo(Integer.toString(PNG.length));
        assertThat(get(a.port(), "/api/titles/other/poster").status()).isEqualTo(404);
    }

    @Test
    void anotherSitesPageCannotStopSeedingDeleteOrChangeSettings() throws Exception {
        Agent a = agent("alice");
        play(a);
        int port = a.port();
        String evil = "http://evil.example";
        var foreign = Map.of("Host", "127.0.0.1:" + port, "Origin", evil, "Content-Type", "text/plain");
        String path = "/api/titles/" + title.titleId();

        Reply stop = send(port, "POST", path + "/seeding", foreign, "{\"seeding\":false}");
        assertThat(stop.status()).isEqualTo(403);
        assertThat(stop.json().path("type").asText()).endsWith("foreign-origin");
        assertThat(stop.headers()).doesNotContainKey("access-control-allow-origin");
        assertThat(send(port, "DELETE", path, foreign, null).status()).isEqualTo(403);
        assertThat(send(port, "PUT", "/api/settings", foreign, "{\"metered\":true}")
                        .status())
                .isEqualTo(403);
        assertThat(send(port, "POST", path + "/seeding", Map.of("Host", "127.0.0.1:" + port), "{\"seeding\":false}")
                        .status())
                .as("no Origin at all")
                .isEqualTo(403);
        // a name rebound to 127.0.0.1: refused even for reads
        Reply rebound = send(port, "GET", "/api/library", Map.of("Host", "evil.example:" + port), null);
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.json().path("type").asText()).endsWith("foreign-host");
        // a preflight gets no CORS grant
        Reply preflight = send(
                port,
                "OPTIONS",
                path,
                Map.of("Host", "127.0.0.1:" + port, "Origin", evil, "Access-Control-Request-Method", "DELETE"),
                null);
        assertThat(preflight.headers()).doesNotContainKey("access-control-allow-origin");

        assertThat(a.cache().isSeeding(title.titleId())).isTrue();
        assertThat(a.cache().bytesPerTitle()).containsKey(title.titleId());
        assertThat(a.settings().metered()).isFalse();

        // the agent's own page may
        assertThat(send(port, "POST", path + "/seeding", own(port), "{\"seeding\":false}")
                        .status())
                .isEqualTo(200);
        assertThat(a.cache().isSeeding(title.titleId())).isFalse();
    }

    @Test
    void theSourceMapShowsPeerAndCdnCellsAndStoppingSeedingCutsOffTheNextPeer() throws Exception {
        Agent a = agent("alice");
        play(a);
        JsonNode sa =
                get(a.port(), "/api/titles/" + title.titleId() + "/sources").json();
        int segments = title.manifest()
                .rendition(title.rendition())
                .orElseThrow()
                .segments()
                .size();
        assertThat(sa.path("cells").asText()).hasSize(segments).matches("c+");
        assertThat(sa.path("bytesFromCdn").asLong()).isPositive();

        Agent b = agent("bob");
        await(b.session(title.titleId()));
        await(b.connect(a.id(), title.titleId(), title.rendition()));
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> b.peerAnnounced(title.titleId(), title.rendition()));
        play(b);
        JsonNode sb =
                get(b.port(), "/api/titles/" + title.titleId() + "/sources").json();
        assertThat(sb.path("cells").asText()).contains("p");
        assertThat(sb.path("bytesFromPeers").asLong()).isPositive();
        assertThat(get(a.port(), "/api/titles/" + title.titleId() + "/sources")
                        .json()
                        .path("bytesUploaded")
                        .asLong())
                .isPositive();

        // stop seeding on alice: a new viewer takes nothing from her
        assertThat(send(
                                a.port(),
                                "POST",
                                "/api/titles/" + title.titleId() + "/seeding",
                                own(a.port()),
                                "{\"seeding\":false}")
                        .status())
                .isEqualTo(200);
        Agent c = agent("carol");
        await(c.session(title.titleId()));
        c.connect(a.id(), title.titleId(), title.rendition()); // refused: alice seeds nothing of it
        play(c);
        assertThat(c.counters().bytesFromPeers.get()).isZero();
    }

    @Test
    void meteredModeUploadsNothingAndSettingsSurviveARestart() throws Exception {
        Agent a = agent("alice");
        play(a);
        Reply put = send(
                a.port(),
                "PUT",
                "/api/settings",
                own(a.port()),
                "{\"metered\":true,\"cacheBytes\":134217728,\"uploadBytesPerSec\":1048576}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().path("metered").asBoolean()).isTrue();
        assertThat(a.cache().maxBytes()).isEqualTo(134_217_728L);

        Agent b = agent("bob");
        await(b.session(title.titleId()));
        await(b.connect(a.id(), title.titleId(), title.rendition()));
        play(b);
        assertThat(b.counters().bytesFromPeers.get()).isZero();
        assertThat(a.bytesUploaded()).isZero();

        // bad input is refused with its reason and changes nothing
        Reply bad = send(a.port(), "PUT", "/api/settings", own(a.port()), "{\"cacheBytes\":5}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("detail").asText()).contains("64 MiB");

        a.close();
        toClose.remove(a);
        Agent again = agent("alice");
        JsonNode s = get(again.port(), "/api/settings").json();
        assertThat(s.path("metered").asBoolean()).isTrue();
        assertThat(s.path("cacheBytes").asLong()).isEqualTo(134_217_728L);
        assertThat(s.path("uploadBytesPerSec").asLong()).isEqualTo(1_048_576L);
        assertThat(again.cache().maxBytes()).isEqualTo(134_217_728L);
    }

    @Test
    void deletingATitleFreesItsCache() throws Exception {
        Agent a = agent("alice");
        play(a);
        assertThat(get(a.port(), "/api/library")
                        .json()
                        .path("titles")
                        .get(0)
                        .path("bytes")
                        .asLong())
                .isPositive();
        Reply del = send(a.port(), "DELETE", "/api/titles/" + title.titleId(), own(a.port()), null);
        assertThat(del.status()).isEqualTo(204);
        assertThat(get(a.port(), "/api/library").json().path("titles")).isEmpty();
        assertThat(a.cache().usedBytes()).isZero();
        assertThat(Files.exists(dir.resolve("cache-alice").resolve(title.titleId())))
                .isFalse();
    }
}
