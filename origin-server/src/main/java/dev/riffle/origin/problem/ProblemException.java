package dev.riffle.origin.problem;

/** Thrown by resources and services to answer with a specific problem; mapped by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(int status, String reason, String title, String detail) {
        super(detail);
        this.problem = Problem.of(status, reason, title, detail);
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(404, "not-found", what + " not found", what + " '" + id + "' does not exist");
    }

    public static ProblemException badRequest(String reason, String detail) {
        return new ProblemException(400, reason, "Bad request", detail);
    }

    public static ProblemException conflict(String reason, String detail) {
        return new ProblemException(409, reason, "Conflict", detail);
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(413, "too-large", "Payload too large", detail);
    }
}
