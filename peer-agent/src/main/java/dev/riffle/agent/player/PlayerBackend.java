package dev.riffle.agent.player;

import dev.riffle.agent.session.TitleSession;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/** The agent as the player-side server needs it. */
public interface PlayerBackend {

    /** The fetch loop of a title, loading and verifying its signed manifest on first use. */
    Future<TitleSession> session(String titleId);

    /** The player asked for something of this title (keeps its license session alive). */
    void playerActivity(String titleId);

    /** The title's content key, from drm-license with the subscriber's token (fails with {@code KeyException}). */
    Future<byte[]> key(String titleId, String kid);

    /** How long a segment request waits on the fetch loop before a 504. */
    Duration segmentWait();

    /** Agent-wide figures for {@code /status}; the server adds the titles. */
    JsonObject summary();

    /** Fetch loops that are up. */
    List<TitleSession> loadedSessions();

    /** The Prometheus text for {@code /metrics}. */
    String metrics();
}
