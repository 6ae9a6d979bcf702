package dev.riffle.tracker.announce;

import dev.riffle.servicekit.problem.Problem;
import dev.riffle.servicekit.problem.ProblemException;
import dev.riffle.tracker.admission.RateLimiter;
import dev.riffle.tracker.config.TrackerConfig;
import dev.riffle.tracker.stats.TrackerMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One announce from an authenticated subject, from body bytes to answer bytes: rate limit, parse, bind the peer id,
 * update swarms, rank, write JSON. Shared by the JAX-RS resource (first request with a token) and the Vert.x fast route
 * (tokens quarkus-oidc has already verified), so both answer exactly alike.
 */
@ApplicationScoped
public class AnnounceHandler {

    /**
     * What to send back: the first {@code length} bytes of {@code body}, and a {@code Retry-After} in seconds when
     * {@code retryAfterSeconds} is positive (429).
     */
    public record Reply(int status, String contentType, byte[] body, int length, long retryAfterSeconds) {
        public Reply {
            if (length < 0 || length > body.length) {
                throw new IllegalArgumentException("length outside the body");
            }
        }

        Reply(int status, String contentType, byte[] body, int length) {
            this(status, contentType, body, length, 0);
        }

        Reply(int status, String contentType, byte[] body) {
            this(status, contentType, body, body.length);
        }

        static Reply problem(Problem p) {
            return new Reply(p.status(), Problem.MEDIA_TYPE, p.toJson().getBytes(StandardCharsets.UTF_8));
        }

        /** The answer's bytes, copied only when the body buffer is longer than the answer. */
        public byte[] bytes() {
            return length == body.length ? body : java.util.Arrays.copyOf(body, length);
        }
    }

    public static final String JSON = "application/json";

    private final AnnounceService service;
    private final AnnounceParser parser;
    private final RateLimiter limiter;
    private final TrackerMetrics metrics;

    public AnnounceHandler(AnnounceService service, TrackerConfig config, TrackerMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
        this.parser = new AnnounceParser(
                config.announce().maxSwarms(),
                config.announce().maxRanges(),
                config.matching().peersPerAnswer());
        this.limiter = new RateLimiter(
                config.rateLimit().announcesPerSecond(),
                config.rateLimit().announceBurst(),
                config.rateLimit().maxAccounts());
    }

    /**
     * Handles an announce by {@code subject} (the verified token's {@code sub}) from {@code observed}. Completes
     * synchronously for the in-memory store; never completes exceptionally.
     */
    public CompletionStage<Reply> announce(String subject, byte[] body, InetAddress observed) {
        if (subject == null || subject.isBlank()) {
            return reject(403, "no-subject", "token has no subject");
        }
        long now = System.nanoTime();
        if (!limiter.tryAcquire(subject, now)) {
            metrics.rejected("rate-limited");
            byte[] refusal = Problem.of(429, "rate-limited", "too many announces")
                    .toJson()
                    .getBytes(StandardCharsets.UTF_8);
            long seconds = Long.parseLong(ProblemException.retryAfterSeconds(limiter.retryAfter(subject, now)));
            return CompletableFuture.completedFuture(
                    new Reply(429, Problem.MEDIA_TYPE, refusal, refusal.length, seconds));
        }
        AnnounceRequest request;
        try {
            request = parser.parse(body);
        } catch (AnnounceParser.Invalid e) {
            return reject(400, e.reason(), e.getMessage());
        }
        try {
            return service.announce(subject, request, observed).handle((r, t) -> t == null ? ok(r) : failure(t));
        } catch (ProblemException e) {
            metrics.rejected(e.problem().reason());
            return CompletableFuture.completedFuture(Reply.problem(e.problem()));
        }
    }

    /** A problem answer counted under its reason (for callers that refuse before reading the body). */
    public Reply refuse(int status, String reason, String detail) {
        metrics.rejected(reason);
        return Reply.problem(Problem.of(status, reason, detail));
    }

    private static Reply ok(AnnounceResponse r) {
        JsonBytes json = AnnounceJson.write(r);
        return new Reply(200, JSON, json.array(), json.length());
    }

    private Reply failure(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof ProblemException p) {
            return Reply.problem(p.problem());
        }
        metrics.rejected("store-unavailable");
        return Reply.problem(Problem.of(503, "store-unavailable", "swarm store did not answer"));
    }

    private CompletionStage<Reply> reject(int status, String reason, String detail) {
        return CompletableFuture.completedFuture(refuse(status, reason, detail));
    }
}
