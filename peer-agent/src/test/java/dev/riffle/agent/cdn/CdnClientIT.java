package dev.riffle.agent.cdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on 127.0.0.1 that behaves like an edge (or like a bad one). */
class CdnClientIT {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
    private final byte[] segment = new byte[100_000];
    private Vertx vertx;
    private HttpServer server;
    private CdnClient client;

    @BeforeEach
    void start() throws Exception {
        new SplittableRandom(5).nextBytes(segment);
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(req -> {
                    String path = req.path();
                    if (path.equals("/t/v1/seg-0.m4s") || path.equals("/t/v1/ignores-range.m4s")) {
                        var m = RANGE.matcher(String.valueOf(req.getHeader("Range")));
                        if (m.matches() && !path.contains("ignores")) {
                            int a = Integer.parseInt(m.group(1)), b = Integer.parseInt(m.group(2));
                            req.response().setStatusCode(206).end(Buffer.buffer(Arrays.copyOfRange(segment, a, b + 1)));
                        } else {
                            req.response().end(Buffer.buffer(segment));
                        }
                    } else if (path.equals("/t/v1/short.m4s")) {
                        req.response().end(Buffer.buffer(Arrays.copyOf(segment, 10)));
                    } else if (path.equals("/t/v1/slow.m4s")) {
                        vertx.setTimer(3_000, id -> req.response().end("late"));
                    } else {
                        req.response().setStatusCode(404).end("no such segment");
                    }
                })
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        client = new CdnClient(
                vertx, URI.create("http://127.0.0.1:" + server.actualPort() + "/t/"), Duration.ofMillis(500));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void fetchesAWholeSegment() throws Exception {
        assertThat(await(client.fetch("v1/seg-0.m4s", segment.length))).isEqualTo(segment);
    }

    @Test
    void fetchesTheMissingTailWithARangeRequest() throws Exception {
        assertThat(await(client.fetchRange("v1/seg-0.m4s", 30_000, 99_999, segment.length)))
                .isEqualTo(Arrays.copyOfRange(segment, 30_000, 100_000));
    }

    @Test
    void anEdgeIgnoringRangeStillYieldsTheRightBytes() throws Exception {
        assertThat(await(client.fetchRange("v1/ignores-range.m4s", 30_000, 99_999, segment.length)))
                .isEqualTo(Arrays.copyOfRange(segment, 30_000, 100_000));
    }

    @Test
    void failuresAreTyped() {
        assertKind(client.fetch("v1/missing.m4s", 10), CdnFetchException.Kind.STATUS);
        assertKind(client.fetch("v1/short.m4s", segment.length), CdnFetchException.Kind.WRONG_LENGTH);
        assertKind(client.fetch("v1/slow.m4s", 4), CdnFetchException.Kind.NETWORK);
    }

    private static void assertKind(io.vertx.core.Future<byte[]> f, CdnFetchException.Kind kind) {
        assertThatThrownBy(() -> await(f))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        CdnFetchException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }
}
