package dev.riffle.tracker.announce;

import dev.riffle.tracker.admission.VerifiedTokens;
import io.netty.buffer.Unpooled;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The announce hot path: a Vert.x route, ordered before Quarkus' CORS, authentication and authorization filters, that
 * answers {@code POST /v1/announce} itself when the bearer token is one quarkus-oidc has already verified in full
 * ({@link VerifiedTokens}: same token string, not past its {@code exp} nor the cache TTL) and whose identity holds the
 * {@code subscriber} role. Everything else, e.g. a token seen for the first time, a forged, expired or role-less token,
 * no token, another content type, a chunked or oversized body, goes on unchanged ({@code ctx.next()}) to quarkus-oidc
 * and {@link AnnounceResource}, which answer 401/403/413/415 exactly as before and let the cache learn good tokens.
 *
 * <p>Why: profiling the packaged app under wrk showed that, even with the verified-token cache, quarkus-oidc's bearer
 * mechanism still decoded the token JSON on every request, and the JAX-RS chain ({@code @RolesAllowed} interceptors,
 * context propagation around the {@code CompletionStage}, Jackson) cost more than the announce itself. Security is the
 * same: only identities quarkus-oidc produced are accepted here, with the same role check, and peer-id binding and rate
 * limits live in {@link AnnounceHandler}, shared with the resource.
 */
@ApplicationScoped
public class AnnounceFastRoute {

    /** Before CORS (-300), authentication (-200) and authorization (-100) filters; after Quarkus' own MIN_VALUE ones. */
    static final int ORDER = -1000;

    private static final String ROLE = "subscriber";

    private final VerifiedTokens tokens;
    private final AnnounceHandler handler;
    private final long maxBody;
    private final LongAdder answered = new LongAdder();

    public AnnounceFastRoute(
            VerifiedTokens tokens,
            AnnounceHandler handler,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "64K") MemorySize maxBody) {
        this.tokens = tokens;
        this.handler = handler;
        this.maxBody = maxBody.asLongValue();
    }

    void install(@Observes Router router) {
        if (tokens.enabled()) {
            router.post("/v1/announce").order(ORDER).handler(this::handle);
        }
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        SecurityIdentity identity = verified(req.getHeader(HttpHeaders.AUTHORIZATION));
        long length = contentLength(req.getHeader(HttpHeaders.CONTENT_LENGTH));
        InetAddress observed = observed(req);
        if (identity == null
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || !json(req.getHeader(HttpHeaders.CONTENT_TYPE))
                || length < 0
                || length > maxBody
                || observed == null) {
            ctx.next();
            return;
        }
        String subject = jwt.getSubject();
        answered.increment();
        Context context = Vertx.currentContext();
        req.body().onComplete(read -> {
            if (read.failed()) {
                ctx.fail(400, read.cause());
                return;
            }
            CompletableFuture<AnnounceHandler.Reply> reply = handler.announce(
                            subject, read.result().getBytes(), observed)
                    .toCompletableFuture();
            if (reply.isDone() || context == null) {
                // in-memory store: answer right here on the event loop
                reply.thenAccept(r -> send(ctx, r));
            } else {
                reply.thenAccept(r -> context.runOnContext(v -> send(ctx, r)));
            }
        });
        req.resume();
    }

    /** Announces this route answered itself (the rest went on to quarkus-oidc and the resource). */
    long answered() {
        return answered.sum();
    }

    private SecurityIdentity verified(String authorization) {
        if (authorization == null
                || authorization.length() <= 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        SecurityIdentity identity = tokens.lookup(authorization.substring(7).trim());
        return identity != null && identity.hasRole(ROLE) ? identity : null;
    }

    private static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String mime = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
        return mime.toLowerCase(Locale.ROOT).equals(AnnounceHandler.JSON);
    }

    /** The declared body length, or -1 when absent or unreadable (chunked bodies take the JAX-RS path). */
    private static long contentLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void send(RoutingContext ctx, AnnounceHandler.Reply r) {
        if (r.retryAfterSeconds() > 0) ctx.response().putHeader("Retry-After", Long.toString(r.retryAfterSeconds()));
        ctx.response()
                .setStatusCode(r.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, r.contentType())
                .end(Buffer.buffer(Unpooled.wrappedBuffer(r.body(), 0, r.length()))); // no copy of the answer
    }

    /** The caller's address as seen on the socket (never a header), or null if it cannot be read. */
    static InetAddress observed(HttpServerRequest http) {
        SocketAddress remote = http.remoteAddress();
        if (remote == null || remote.hostAddress() == null) {
            return null;
        }
        try {
            return InetAddress.getByName(remote.hostAddress()); // an IP literal: parsed, never resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
