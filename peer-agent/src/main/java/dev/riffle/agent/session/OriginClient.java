package dev.riffle.agent.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.agent.AgentConfig;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.ManifestException;
import dev.riffle.protocol.sign.ManifestVerifier;
import dev.riffle.protocol.sign.TrustedKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Loads a title's signed manifest from the origin (or any CDN edge in front of it) and verifies it against keys that
 * do not come from that edge: whoever controls an edge or a proxy could otherwise sign a manifest of their own and list
 * their key beside it. The trusted keys come from {@link ManifestTrust}: by default drm-license's
 * {@code GET /v1/manifest-keys}, asked with the subscriber's token over the authenticated channel (the origin pushes
 * its whole ring there, so old and new keys overlap through a rotation), or a key set pinned in the agent's
 * configuration.
 *
 * <p>URL layout (origin-server/README.md): {@code {origin}/content/{titleId}/manifest.json}.
 */
public final class OriginClient implements LiveSource, AutoCloseable {
    /** How long the edge may hold a live update request. */
    static final long LONG_POLL_MS = 10_000;
    /** A live update answer lists at most 64 small documents. */
    static final int MAX_UPDATES_BYTES = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long keys read from drm-license are reused before they are asked again. */
    static final Duration KEYS_MAX_AGE = Duration.ofMinutes(5);

    /** Where the keys that may sign manifests come from; never the edge that serves the manifests. */
    public sealed interface ManifestTrust {
        /** drm-license's {@code GET /v1/manifest-keys} with the subscriber's token (the default). */
        ManifestTrust FROM_LICENSE = new FromLicense();

        /** drm-license's key set, asked with the subscriber's token. */
        record FromLicense() implements ManifestTrust {}

        /** Keys fixed in the agent's configuration. */
        record Pinned(TrustedKeys keys) implements ManifestTrust {
            public Pinned {
                Objects.requireNonNull(keys, "keys");
            }
        }

        /** A JWK Set file (the format of the origin's {@code /.well-known/riffle-keys.json}). */
        static ManifestTrust pinned(Path jwks) throws IOException {
            return new Pinned(TrustedKeys.parseJwks(Files.readAllBytes(jwks)));
        }
    }

    private final WebClient client;
    private final URI origin;
    private final Duration timeout;
    private final ManifestTrust trust;
    private final URI licenseKeys;
    private final Supplier<String> token;
    private volatile TrustedKeys fromLicense;
    private volatile long fromLicenseAt;

    /** The agent's client: the origin, the timeout, and the trusted keys as {@code config} says. */
    public OriginClient(Vertx vertx, AgentConfig config) {
        this(
                vertx,
                config.origin(),
                config.httpTimeout(),
                config.manifestTrust(),
                withSlash(config.license()).resolve("v1/manifest-keys"),
                config.token());
    }

    /** Keys pinned by the caller (tests, tools). */
    public OriginClient(Vertx vertx, URI origin, Duration timeout, TrustedKeys pinned) {
        this(vertx, origin, timeout, new ManifestTrust.Pinned(pinned), null, null);
    }

    private OriginClient(
            Vertx vertx, URI origin, Duration timeout, ManifestTrust trust, URI licenseKeys, Supplier<String> token) {
        this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("riffle-agent"));
        this.origin = withSlash(origin);
        this.timeout = timeout;
        this.trust = trust;
        this.licenseKeys = licenseKeys;
        this.token = token;
    }

    static URI withSlash(URI u) {
        return u.toString().endsWith("/") ? u : URI.create(u + "/");
    }

    /** The edge base of one title's files: segment URIs in the manifest are relative to it. */
    public URI contentBase(String titleId) {
        return contentBase(origin, titleId);
    }

    /** Where a title's content lives on an origin or an edge laid out like it. */
    public static URI contentBase(URI base, String titleId) {
        return base.resolve("content/" + titleId + "/");
    }

    public Future<Manifest> manifest(String titleId) {
        return get(contentBase(titleId).resolve("manifest.json")).compose(body -> keys(false)
                .map(trusted -> verify(body, trusted, titleId))
                .recover(e -> {
                    // A key the cached set lacks may be a rotation newer than the cache: ask once more.
                    if (trust instanceof ManifestTrust.FromLicense
                            && e instanceof ManifestException m
                            && m.reason() == ManifestException.Reason.UNKNOWN_KEY_ID) {
                        return keys(true).map(trusted -> verify(body, trusted, titleId));
                    }
                    return Future.failedFuture(e);
                }));
    }

    /**
     * Live: the signed updates of {@code rendition} after segment {@code after}, each verified like a manifest. The edge
     * holds the request until one comes (up to 10 s; then the list is empty).
     */
    public Future<List<Manifest>> liveUpdates(String titleId, String rendition, long after) {
        URI uri = contentBase(titleId).resolve(rendition + "/updates.json?after=" + after);
        return client.getAbs(uri.toString())
                .timeout(timeout.toMillis() + LONG_POLL_MS)
                .send()
                .compose(OriginClient::body)
                .compose(body -> keys(false).map(trusted -> {
                    if (body.length > MAX_UPDATES_BYTES) throw new IllegalStateException("live updates too large");
                    List<Manifest> out = new ArrayList<>();
                    try {
                        JsonNode array = JSON.readTree(body);
                        if (array == null || !array.isArray())
                            throw new IllegalStateException("live updates: not a list");
                        for (JsonNode envelope : array) {
                            out.add(verify(JSON.writeValueAsBytes(envelope), trusted, titleId));
                        }
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("live updates: " + e.getMessage());
                    }
                    return out;
                }));
    }

    @Override
    public Future<List<Manifest>> updates(String titleId, String rendition, long after) {
        return liveUpdates(titleId, rendition, after);
    }

    @Override
    public Future<Manifest> window(String titleId) {
        return manifest(titleId);
    }

    private static Manifest verify(byte[] body, TrustedKeys trusted, String titleId) {
        Manifest m = new ManifestVerifier(trusted).verify(body);
        if (!m.titleId().equals(titleId)) {
            throw new IllegalStateException("the origin sent the manifest of another title");
        }
        return m;
    }

    private Future<TrustedKeys> keys(boolean fresh) {
        if (trust instanceof ManifestTrust.Pinned p) return Future.succeededFuture(p.keys());
        TrustedKeys kept = fromLicense;
        if (!fresh && kept != null && System.nanoTime() - fromLicenseAt < KEYS_MAX_AGE.toNanos()) {
            return Future.succeededFuture(kept);
        }
        return client.getAbs(licenseKeys.toString())
                .putHeader("Authorization", "Bearer " + token.get())
                .timeout(timeout.toMillis())
                .send()
                .compose(r -> r.statusCode() == 200
                        ? Future.succeededFuture(TrustedKeys.parseJwks(
                                r.body() == null ? new byte[0] : r.body().getBytes()))
                        : Future.failedFuture(new IllegalStateException(
                                "drm-license answered " + r.statusCode() + " for the manifest-signing keys")))
                .onSuccess(k -> {
                    fromLicense = k;
                    fromLicenseAt = System.nanoTime();
                });
    }

    private Future<byte[]> get(URI uri) {
        return client.getAbs(uri.toString()).timeout(timeout.toMillis()).send().compose(OriginClient::body);
    }

    private static Future<byte[]> body(HttpResponse<Buffer> r) {
        if (r.statusCode() == 404) return Future.failedFuture(new UnknownTitle());
        if (r.statusCode() != 200) {
            return Future.failedFuture(new IllegalStateException("origin answered " + r.statusCode()));
        }
        return Future.succeededFuture(r.body() == null ? new byte[0] : r.body().getBytes());
    }

    /** The origin does not know the title (or does not publish it). */
    public static final class UnknownTitle extends RuntimeException {
        UnknownTitle() {
            super("the origin has no such title", null, false, false);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
