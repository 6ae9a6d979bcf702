package dev.riffle.tracker.ice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ICE servers handed to an agent: the STUN URLs as they are, and the TURN URLs with fresh credentials for the
 * caller's account. Pure: the caller gives the time.
 *
 * @param stun {@code stun:host:port} URLs
 * @param turn {@code turn:}/{@code turns:} URLs, all behind one shared secret
 * @param credentials how TURN credentials are made; empty when no TURN is configured
 */
public record IceServers(List<String> stun, List<String> turn, Optional<TurnCredentials> credentials) {
    public IceServers {
        stun = List.copyOf(stun);
        turn = List.copyOf(turn);
        for (String url : stun) {
            if (!url.startsWith("stun:") && !url.startsWith("stuns:"))
                throw new IllegalArgumentException("not a STUN URL: " + url);
        }
        for (String url : turn) {
            if (!url.startsWith("turn:") && !url.startsWith("turns:"))
                throw new IllegalArgumentException("not a TURN URL: " + url);
        }
        if (!turn.isEmpty() && credentials.isEmpty()) throw new IllegalArgumentException("TURN URLs need a secret");
    }

    /**
     * The JSON body of {@code GET /v1/ice-servers}, in the shape of WebRTC's {@code RTCIceServer} list: {@code
     * {"iceServers":[{"urls":[...]},{"urls":[...],"username":...,"credential":...}],"ttlSeconds":N}}. {@code
     * ttlSeconds} (absent without TURN) tells the agent when to ask again.
     */
    public Map<String, Object> forAccount(String accountTag, Instant now) {
        List<Map<String, Object>> servers = new ArrayList<>();
        if (!stun.isEmpty()) servers.add(Map.of("urls", stun));
        if (turn.isEmpty()) return Map.of("iceServers", servers);
        TurnCredentials.Credential c = credentials.orElseThrow().issue(accountTag, now);
        servers.add(Map.of("urls", turn, "username", c.username(), "credential", c.password()));
        return Map.of(
                "iceServers", servers, "ttlSeconds", credentials.get().ttl().toSeconds());
    }
}
