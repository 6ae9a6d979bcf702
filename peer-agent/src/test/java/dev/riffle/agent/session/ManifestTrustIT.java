package dev.riffle.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.AgentConfig;
import dev.riffle.agent.testing.LicenseServer;
import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.manifest.ContentKey;
import dev.riffle.protocol.manifest.ContentKeyId;
import dev.riffle.protocol.manifest.Iv;
import dev.riffle.protocol.manifest.IvRule;
import dev.riffle.protocol.manifest.Kind;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.ManifestException;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.RenditionType;
import dev.riffle.protocol.manifest.Resolution;
import dev.riffle.protocol.manifest.Segment;
import dev.riffle.protocol.sign.ManifestSigner;
import dev.riffle.protocol.sign.SigningKey;
import dev.riffle.protocol.sign.TrustedKeys;
import dev.riffle.testkit.FreePorts;
import dev.riffle.testkit.OidcTokens;
import dev.riffle.testkit.RiffleRealm;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent trusts manifest-signing keys from drm-license (asked with the subscriber's token) or from its own
 * configuration, never from the edge that serves the manifests: an edge (or a proxy) serving a manifest signed by a key
 * of its own, with that key in its own {@code riffle-keys.json}, is refused. Real drm-license (single-machine build),
 * real tokens from its issuer, a hostile edge on Vert.x.
 */
class ManifestTrustIT {
    static final SigningKey ORIGIN = SigningKey.generate("origin-aaaaaaaaaaaaaaaa");
    static final SigningKey ATTACKER = SigningKey.generate("origin-bbbbbbbbbbbbbbbb");
    static final SigningKey ROTATED = SigningKey.generate("origin-cccccccccccccccc");

    static LicenseServer license;
    static Vertx vertx;
    static HttpServer edge;
    static URI edgeUrl;
    static final Map<String, byte[]> served = new ConcurrentHashMap<>();
    static final AtomicInteger edgeKeyRequests = new AtomicInteger();
    static OidcTokens tokens;
    static String subscriber;

    @BeforeAll
    static void start() throws Exception {
        Path work = Files.createDirectories(
                Path.of("target", "it-manifest-trust-" + System.nanoTime()).toAbsolutePath());
        license = LicenseServer.start(work);
        tokens = OidcTokens.forIssuer(license.issuer());
        subscriber = tokens.password(RiffleRealm.AGENT_CLIENT, RiffleRealm.ALICE);
        vertx = Vertx.vertx();
        int port = FreePorts.pick();
        edge = vertx.createHttpServer()
                .requestHandler(req -> {
                    if (req.path().endsWith("riffle-keys.json")) edgeKeyRequests.incrementAndGet();
                    byte[] body = served.get(req.path());
                    if (body == null) req.response().setStatusCode(404).end();
                    else
                        req.response()
                                .putHeader("Content-Type", "application/json")
                                .end(io.vertx.core.buffer.Buffer.buffer(body));
                })
                .listen(port, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        edgeUrl = URI.create("http://127.0.0.1:" + port + "/");
        pushKeys(TrustedKeys.of(ORIGIN));
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null)
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (license != null) license.close();
    }

    /** What the origin does at start, on rotation and before publishing: its ring to drm-license, as packager. */
    static void pushKeys(TrustedKeys keys) throws Exception {
        String packager = tokens.clientCredentials(RiffleRealm.ORIGIN_CLIENT, RiffleRealm.ORIGIN_SECRET);
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(license.url() + "/v1/packager/manifest-keys"))
                                .header("Authorization", "Bearer " + packager)
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(keys.toJwks()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** The edge serves {@code titleId}'s manifest signed by {@code key}, and lists {@code key} as its own key set. */
    static void edgeServes(String titleId, SigningKey key) {
        Manifest m = Manifest.v1(
                titleId,
                Kind.VOD,
                Instant.now(),
                key.keyId(),
                new ContentKey(new ContentKeyId(new byte[16]), IvRule.EXPLICIT),
                List.of(Rendition.of(
                        "360p",
                        RenditionType.VIDEO,
                        400_000,
                        new Resolution(640, 360),
                        "avc1.42c00d",
                        null,
                        2_000,
                        "360p/index.m3u8",
                        null,
                        List.of(new Segment(
                                0, 2_000, 1024, Sha256.of(new byte[1024]), "360p/0.ts", new Iv(new byte[16]))))));
        served.put(
                "/content/" + titleId + "/manifest.json",
                new ManifestSigner(key).sign(m).toJson());
        served.put("/.well-known/riffle-keys.json", TrustedKeys.of(key).toJwks());
    }

    static AgentConfig agent(URI licenseUrl) {
        return AgentConfig.of("trust-test", edgeUrl, licenseUrl, Path.of("target"), 1 << 20, 0, () -> subscriber);
    }

    static Throwable refusal(OriginClient client, String titleId) throws Exception {
        try {
            client.manifest(titleId).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the manifest of " + titleId + " was accepted");
    }

    static Manifest accepted(OriginClient client, String titleId) throws Exception {
        return client.manifest(titleId)
                .toCompletionStage()
                .toCompletableFuture()
                .get(15, TimeUnit.SECONDS);
    }

    @Test
    void anEdgeServingAManifestSignedByAKeyOfItsOwnIsRefused() throws Exception {
        try (OriginClient client = new OriginClient(vertx, agent(license.url()))) {
            edgeServes("t-forged", ATTACKER);
            assertThat(refusal(client, "t-forged"))
                    .isInstanceOf(ManifestException.class)
                    .extracting(e -> ((ManifestException) e).reason())
                    .isEqualTo(ManifestException.Reason.UNKNOWN_KEY_ID);
            edgeServes("t-genuine", ORIGIN);
            assertThat(accepted(client, "t-genuine").signingKeyId()).isEqualTo(ORIGIN.keyId());
        }
        assertThat(edgeKeyRequests).as("the edge's own key set is never asked").hasValue(0);
    }

    @Test
    void oldAndNewKeysOverlapThroughARotation() throws Exception {
        try (OriginClient client = new OriginClient(vertx, agent(license.url()))) {
            edgeServes("t-before", ORIGIN);
            assertThat(accepted(client, "t-before").signingKeyId()).isEqualTo(ORIGIN.keyId());
            edgeServes("t-after", ROTATED);
            assertThat(refusal(client, "t-after")).isInstanceOf(ManifestException.class);
            pushKeys(TrustedKeys.of(ORIGIN, ROTATED)); // the origin rotates: its ring holds both
            assertThat(accepted(client, "t-after").signingKeyId()).isEqualTo(ROTATED.keyId());
            edgeServes("t-before", ORIGIN);
            assertThat(accepted(client, "t-before").signingKeyId()).isEqualTo(ORIGIN.keyId());
        } finally {
            pushKeys(TrustedKeys.of(ORIGIN));
        }
    }

    @Test
    void keysPinnedInTheConfigurationNeedNoLicenseServer() throws Exception {
        URI nobody = URI.create("http://127.0.0.1:" + FreePorts.pick() + "/");
        AgentConfig pinned =
                agent(nobody).withManifestTrust(new OriginClient.ManifestTrust.Pinned(TrustedKeys.of(ORIGIN)));
        try (OriginClient client = new OriginClient(vertx, pinned)) {
            edgeServes("t-pinned", ORIGIN);
            assertThat(accepted(client, "t-pinned").titleId()).isEqualTo("t-pinned");
            edgeServes("t-pinned-forged", ATTACKER);
            assertThat(refusal(client, "t-pinned-forged")).isInstanceOf(ManifestException.class);
        }
    }

    @Test
    void withoutAValidTokenNoKeysAndNoManifest() throws Exception {
        AgentConfig anonymous = AgentConfig.of(
                "trust-test", edgeUrl, license.url(), Path.of("target"), 1 << 20, 0, () -> "not-a-token");
        try (OriginClient client = new OriginClient(vertx, anonymous)) {
            edgeServes("t-anonymous", ORIGIN);
            assertThat(refusal(client, "t-anonymous")).hasMessageContaining("401");
        }
    }
}
