package dev.riffle.agent.tracker;

import dev.riffle.agent.transport.IceServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the tracker's {@code GET /v1/ice-servers} answer: {@code {"iceServers":[{"urls":[...], "username":...,
 * "credential":...}], "ttlSeconds":N}} ({@code urls} may also be one string, as in WebRTC). Pure; bad input is a
 * {@link Invalid} naming what is wrong.
 *
 * @param servers the servers in the tracker's order
 * @param ttl how long the TURN credentials last; empty when there are none
 */
record IceServersJson(List<IceServer> servers, Optional<Duration> ttl) {
    /** More servers than anyone configures: a longer list is refused rather than fed to libwebrtc. */
    static final int MAX_SERVERS = 16;

    static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super("bad ICE server list from the tracker: " + message);
        }
    }

    static IceServersJson parse(JsonObject body) {
        if (body == null || !(body.getValue("iceServers") instanceof JsonArray list))
            throw new Invalid("no iceServers");
        if (list.size() > MAX_SERVERS) throw new Invalid(list.size() + " servers");
        List<IceServer> servers = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof JsonObject s)) throw new Invalid("a server is not an object");
            servers.add(server(s));
        }
        Object ttl = body.getValue("ttlSeconds");
        if (ttl == null) return new IceServersJson(servers, Optional.empty());
        if (!(ttl instanceof Number n) || n.longValue() <= 0) throw new Invalid("ttlSeconds " + ttl);
        return new IceServersJson(servers, Optional.of(Duration.ofSeconds(n.longValue())));
    }

    private static IceServer server(JsonObject s) {
        List<String> urls = new ArrayList<>();
        Object u = s.getValue("urls");
        if (u instanceof String one) urls.add(one);
        else if (u instanceof JsonArray many) {
            for (Object url : many) {
                if (!(url instanceof String text)) throw new Invalid("a URL is not a string");
                urls.add(text);
            }
        } else throw new Invalid("a server has no urls");
        Optional<String> username = text(s, "username");
        Optional<String> credential = text(s, "credential");
        try {
            return new IceServer(urls, username, credential);
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
    }

    private static Optional<String> text(JsonObject s, String key) {
        Object v = s.getValue(key);
        if (v == null) return Optional.empty();
        if (!(v instanceof String text)) throw new Invalid(key + " is not a string");
        return Optional.of(text);
    }
}
