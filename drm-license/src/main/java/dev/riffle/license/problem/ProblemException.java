package dev.riffle.license.problem;

import dev.riffle.license.policy.DenialReason;

/** Thrown by resources and services; mapped to problem JSON at the boundary. Carries no secrets by construction. */
public final class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.reason() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String reason, String detail) {
        return new ProblemException(Problem.of(400, reason, "Bad request", detail));
    }

    public static ProblemException notFound(String reason, String detail) {
        return new ProblemException(Problem.of(404, reason, "Not found", detail));
    }

    public static ProblemException denied(DenialReason reason, String detail) {
        return new ProblemException(Problem.of(403, reason.wire(), reason.title(), detail));
    }
}
