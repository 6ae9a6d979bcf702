package dev.riffle.agent.session;

import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.sign.ManifestVerifier;
import dev.riffle.protocol.sign.TrustedKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;

/**
 * Loads a title's signed manifest from the origin and verifies it against the origin's published key set.
 *
 * <p>URL layout (origin-server/README.md): {@code {origin}/content/{titleId}/manifest.json} and
 * {@code {origin}/.well-known/riffle-keys.json}. The key set is fetched over the same connection as the manifest, so
 * trust rests on reaching the right origin (TLS in production); pin it with {@link #OriginClient(Vertx, URI, Duration,
 * TrustedKeys)} when the keys are known ahead.
 */
public final class OriginClient implements AutoCloseable {
    public static final String KEY_SET_PATH = ".well-known/riffle-keys.json";

    private final WebClient client;
    private final URI origin;
    private final Duration timeout;
    private final TrustedKeys pinned;

    public OriginClient(Vertx vertx, URI origin, Duration timeout) {
        this(vertx, origin, timeout, null);
    }

    public OriginClient(Vertx vertx, URI origin, Duration timeout, TrustedKeys pinned) {
        this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("riffle-agent"));
        this.origin = withSlash(origin);
        this.timeout = timeout;
        this.pinned = pinned;
    }

    static URI withSlash(URI u) {
        return u.toString().endsWith("/") ? u : URI.create(u + "/");
    }

    /** The edge base of one title's files: segment URIs in the manifest are relative to it. */
    public URI contentBase(String titleId) {
        return origin.resolve("content/" + titleId + "/");
    }

    public Future<Manifest> manifest(String titleId) {
        Future<TrustedKeys> keys = pinned != null
                ? Future.succeededFuture(pinned)
                : get(origin.resolve(KEY_SET_PATH)).map(TrustedKeys::parseJwks);
        return keys.compose(
                trusted -> get(contentBase(titleId).resolve("manifest.json")).map(body -> {
                    Manifest m = new ManifestVerifier(trusted).verify(body);
                    if (!m.titleId().equals(titleId)) {
                        throw new IllegalStateException("the origin sent the manifest of another title");
                    }
                    return m;
                }));
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
