package dev.riffle.agent.tracker;

import dev.riffle.agent.scheduler.PeerId;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Who speaks to the tracker and how: the peer id the tracker named, the bearer token (read on every request, never
 * logged) and the HTTP timeout.
 */
public record TrackerAuth(PeerId id, Supplier<String> token, Duration httpTimeout) {
    public TrackerAuth {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(httpTimeout, "httpTimeout");
    }

    @Override
    public String toString() {
        return "TrackerAuth[" + id + "]";
    }
}
