package dev.riffle.servicekit.problem;

import java.time.Duration;
import java.util.Optional;

/**
 * Thrown inside request handling to answer with a {@link Problem}; the JAX-RS mapper turns it into the response. No
 * stack trace is filled in: this is a planned answer, not a failure to log.
 */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;
    private final transient Optional<Duration> retryAfter;

    public ProblemException(Problem problem) {
        this(problem, Optional.empty());
    }

    public ProblemException(Problem problem, Optional<Duration> retryAfter) {
        super(problem.reason() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public ProblemException(int status, String reason, String detail) {
        this(Problem.of(status, reason, detail));
    }

    public Problem problem() {
        return problem;
    }

    /** When set, the answer carries {@code Retry-After} (429, 503). */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    public static ProblemException badRequest(String reason, String detail) {
        return new ProblemException(400, reason, detail);
    }

    public static ProblemException notFound(String reason, String detail) {
        return new ProblemException(404, reason, detail);
    }

    public static ProblemException conflict(String reason, String detail) {
        return new ProblemException(409, reason, detail);
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(413, "too-large", detail);
    }

    /** 429 {@code rate-limited} with {@code Retry-After}. */
    public static ProblemException rateLimited(String detail, Duration retryAfter) {
        return new ProblemException(Problem.of(429, "rate-limited", detail), Optional.of(retryAfter));
    }

    /** {@code Retry-After} in whole seconds, at least 1 (RFC 9110 delay-seconds). */
    public static String retryAfterSeconds(Duration wait) {
        long ms = Math.max(0, wait.toMillis());
        return Long.toString(Math.max(1, (ms + 999) / 1000));
    }
}
