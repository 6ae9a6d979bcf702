package dev.riffle.agent.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A CDN edge on 127.0.0.1 and a free port: a directory laid out as the origin serves it (Vert.x static files, hidden
 * ones too for {@code .well-known}, no caching), on a Vert.x of its own that the test also gives its agents. Routes a
 * test adds through {@link #start(Path, Consumer)} (a key endpoint, request counters) come before the files.
 * {@link #close()} stops the server and the Vert.x.
 */
public final class StaticEdge implements AutoCloseable {
    private final Vertx vertx;
    private final HttpServer server;

    private StaticEdge(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /** Serves {@code root} and nothing else. */
    public static StaticEdge start(Path root) throws Exception {
        return start(root, router -> {});
    }

    /** Serves {@code root} behind the routes {@code before} adds (call {@code rc.next()} to fall through). */
    public static StaticEdge start(Path root, Consumer<Router> before) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Router router = Router.router(vertx);
            before.accept(router);
            router.route("/*")
                    .handler(StaticHandler.create(FileSystemAccess.ROOT, root.toString())
                            .setCachingEnabled(false)
                            .setIncludeHidden(true));
            HttpServer server =
                    await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
            return new StaticEdge(vertx, server);
        } catch (Exception | Error e) {
            vertx.close();
            throw e;
        }
    }

    /**
     * Serves {@code root} with a stand-in for drm-license's {@code GET /v1/keys/{kid}}: {@code key} for any of the
     * {@code bearers} ({@code "Bearer <token>"}), 401 for anyone else.
     */
    public static StaticEdge withKeyEndpoint(Path root, byte[] key, java.util.Set<String> bearers) throws Exception {
        return start(root, router -> router.get("/v1/keys/:kid").handler(rc -> {
            if (!bearers.contains(rc.request().getHeader("Authorization"))) {
                rc.response().setStatusCode(401).end();
            } else {
                rc.response().putHeader("Riffle-Session-Id", "s1").end(io.vertx.core.buffer.Buffer.buffer(key));
            }
        }));
    }

    /** The Vert.x the edge runs on, closed with it: close what uses it (agents, clients) first. */
    public Vertx vertx() {
        return vertx;
    }

    /** {@code http://127.0.0.1:<port>/}, with the trailing slash agents expect of a base URI. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/");
    }

    @Override
    public void close() throws Exception {
        try {
            await(server.close());
        } finally {
            await(vertx.close());
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
