package dev.riffle.agent.app;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** The agent as the subscriber's app needs it. */
public interface AppBackend {

    /** The account the agent acts for; empty when it holds no usable token. */
    Optional<SignedIn> signedIn();

    /** Sign-in from the page, when the agent keeps its tokens in a store it can write. */
    Optional<PageLogin> login();

    /** Agent-wide figures (as {@code /status} shows them, without the titles). */
    JsonObject summary();

    /** Bytes on disk per cached title. */
    Map<String, Long> cachedTitles();

    boolean seeding(String titleId);

    void seeding(String titleId, boolean on) throws IOException;

    /** Stops watching the title and frees its cache. */
    Future<Void> deleteTitle(String titleId);

    /** The source bar of a title (opening it first if needed) and its byte counts. */
    Future<JsonObject> sources(String titleId);

    AgentSettings settings();

    /** Applies and saves new settings. */
    void settings(AgentSettings s) throws IOException;
}
