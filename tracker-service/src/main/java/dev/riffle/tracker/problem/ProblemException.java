package dev.riffle.tracker.problem;

/** Thrown inside request handling to answer with a {@link Problem}; never carries a stack trace to the client. */
public final class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(int status, String reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.problem = Problem.of(status, reason, detail);
    }

    public Problem problem() {
        return problem;
    }
}
