package dev.riffle.agent.cdn;

import dev.riffle.agent.cdn.CdnFetchException.Kind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;

/**
 * Fetches segments from the CDN edge: whole, or the tail a peer did not deliver ({@code Range: bytes=first-last}).
 * The caller still verifies the assembled segment against the manifest; this class only checks lengths.
 */
public final class CdnClient implements EdgeFetcher, AutoCloseable {
    private final WebClient client;
    private final URI base;
    private final Duration timeout;

    public CdnClient(Vertx vertx, URI base, Duration timeout) {
        this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("riffle-agent"));
        this.base = base;
        this.timeout = timeout;
    }

    @Override
    public Future<byte[]> fetch(String relativeUri, long size) {
        return get(relativeUri, -1, -1).compose(r -> {
            Buffer body = r.body() == null ? Buffer.buffer() : r.body();
            if (r.statusCode() != 200) return failStatus(r);
            if (body.length() != size) return wrongLength(body.length(), size);
            return Future.succeededFuture(body.getBytes());
        });
    }

    @Override
    public Future<byte[]> fetchRange(String relativeUri, long first, long last, long size) {
        if (first < 0 || last < first || last >= size) throw new IllegalArgumentException("bad range");
        long length = last - first + 1;
        return get(relativeUri, first, last).compose(r -> {
            Buffer body = r.body() == null ? Buffer.buffer() : r.body();
            if (r.statusCode() == 206) {
                return body.length() == length
                        ? Future.succeededFuture(body.getBytes())
                        : wrongLength(body.length(), length);
            }
            if (r.statusCode() == 200) {
                // An edge may ignore Range and send everything: take our slice of it.
                if (body.length() != size) return wrongLength(body.length(), size);
                return Future.succeededFuture(body.getBytes((int) first, (int) last + 1));
            }
            return failStatus(r);
        });
    }

    private Future<HttpResponse<Buffer>> get(String relativeUri, long first, long last) {
        var request = client.getAbs(base.resolve(relativeUri).toString()).timeout(timeout.toMillis());
        if (first >= 0) request.putHeader("Range", "bytes=" + first + "-" + last);
        return request.send().recover(e -> Future.failedFuture(new CdnFetchException(Kind.NETWORK, e.getMessage(), e)));
    }

    private static <T> Future<T> failStatus(HttpResponse<Buffer> r) {
        return Future.failedFuture(new CdnFetchException(Kind.STATUS, "edge answered " + r.statusCode(), null));
    }

    private static <T> Future<T> wrongLength(long got, long want) {
        return Future.failedFuture(
                new CdnFetchException(Kind.WRONG_LENGTH, "got " + got + " bytes, expected " + want, null));
    }

    @Override
    public void close() {
        client.close();
    }
}
