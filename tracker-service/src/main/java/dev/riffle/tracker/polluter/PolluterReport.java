package dev.riffle.tracker.polluter;

import java.util.Objects;

/**
 * An agent's evidence that a peer sent bytes failing the signed manifest's hash: which peer, in which swarm, which
 * segment, the SHA-256 the manifest lists and the SHA-256 of what arrived (lower-case hex).
 *
 * @param reporter the reporting agent's peer id (bound to its account)
 */
public record PolluterReport(
        String reporter, String offender, String swarm, long segment, String expected, String received) {
    public PolluterReport {
        Objects.requireNonNull(reporter, "reporter");
        Objects.requireNonNull(offender, "offender");
        Objects.requireNonNull(swarm, "swarm");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(received, "received");
    }
}
