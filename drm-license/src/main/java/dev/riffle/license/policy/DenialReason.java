package dev.riffle.license.policy;

import dev.riffle.servicekit.problem.Problem;
import dev.riffle.servicekit.problem.ProblemException;

/** Stable reasons for a 403; the wire form is the {@code reason} member of the problem JSON. */
public enum DenialReason {
    PLAN("plan", "Your plan does not include this title"),
    TERRITORY("territory", "This title is not available in your territory"),
    WINDOW("window", "This title is not available at this time"),
    CONCURRENT_STREAMS("concurrent_streams", "Too many streams are playing on this account"),
    DEVICES("devices", "Too many devices on this account"),
    UNKNOWN_KEY("unknown_key", "No such key");

    private final String wire;
    private final String title;

    DenialReason(String wire, String title) {
        this.wire = wire;
        this.title = title;
    }

    public String wire() {
        return wire;
    }

    public String title() {
        return title;
    }

    /** The 403 answer for this denial. */
    public ProblemException problem(String detail) {
        return new ProblemException(Problem.of(403, wire, title, detail));
    }
}
