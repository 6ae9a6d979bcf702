package dev.riffle.agent.transport;

import java.util.List;
import java.util.Optional;

/**
 * One STUN or TURN server, as WebRTC's {@code RTCIceServer} has it. {@link #toString()} leaves the credential out.
 *
 * @param urls {@code stun:}/{@code stuns:}/{@code turn:}/{@code turns:} URLs sharing the credentials
 * @param username TURN username (e.g. {@code <expiry>:<account tag>} from the tracker); empty for STUN
 * @param credential TURN password; empty for STUN
 */
public record IceServer(List<String> urls, Optional<String> username, Optional<String> credential) {
    public IceServer {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) throw new IllegalArgumentException("an ICE server needs a URL");
        for (String url : urls) {
            if (!(url.startsWith("stun:")
                    || url.startsWith("stuns:")
                    || url.startsWith("turn:")
                    || url.startsWith("turns:"))) {
                throw new IllegalArgumentException("not a STUN or TURN URL: " + url);
            }
        }
        if (username.isPresent() != credential.isPresent()) {
            throw new IllegalArgumentException("a TURN username needs its credential, and the other way round");
        }
    }

    public static IceServer stun(String url) {
        return new IceServer(List.of(url), Optional.empty(), Optional.empty());
    }

    public static IceServer turn(List<String> urls, String username, String credential) {
        return new IceServer(urls, Optional.of(username), Optional.of(credential));
    }

    /** Whether any URL is a TURN server's. */
    public boolean isTurn() {
        return urls.stream().anyMatch(u -> u.startsWith("turn"));
    }

    @Override
    public String toString() {
        return "IceServer" + urls + username.map(u -> " as " + u).orElse("");
    }
}
