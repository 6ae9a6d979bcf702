package dev.riffle.tracker.signal;

import dev.riffle.tracker.admission.PeerIds;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code GET /v1/signal?device=<device>} upgraded to a WebSocket, with the subscriber's bearer token on the upgrade.
 * The connection speaks as peer {@code <account tag>.<device>} (device {@code 0} when absent); see {@link SignalRelay}.
 */
@WebSocket(path = "/v1/signal")
@RolesAllowed("subscriber")
public class SignalSocket {

    /** Session salts must not be guessable: a predictable salt would let peers link sessions again. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SignalRelay relay;
    private final Map<String, SignalRelay.Session> sessions = new ConcurrentHashMap<>();

    @Inject
    SecurityIdentity identity;

    public SignalSocket(SignalRelay relay) {
        this.relay = relay;
    }

    @OnOpen
    void open(WebSocketConnection connection) {
        String device = query(connection.handshakeRequest().query(), "device");
        String subject = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getSubject() : null;
        if (subject == null || !PeerIds.validDevice(device)) {
            connection
                    .close(new CloseReason(SignalRelay.POLICY, "bad-device-or-subject"))
                    .subscribe()
                    .with(v -> {}, e -> {});
            return;
        }
        // A fresh id per session: peers cannot link this subscriber's sessions (see PeerIds). A reconnecting agent
        // keeps
        // its session's id, which only its own account can name.
        String resumed = param(connection.handshakeRequest().query(), "peerId").orElse(null);
        String peerId = resumed != null && resumed.endsWith("." + device) && PeerIds.belongsTo(resumed, subject)
                ? resumed
                : PeerIds.forSession(subject, device, RANDOM);
        SignalRelay.Session session = relay.open(
                peerId,
                text -> connection.sendText(text).subscribe().with(v -> {}, e -> {}),
                (code, reason) -> connection
                        .close(new CloseReason(code, reason))
                        .subscribe()
                        .with(v -> {}, e -> {}));
        sessions.put(connection.id(), session);
        connection
                .sendText("{\"type\":\"hello\",\"peerId\":\"" + peerId + "\"}")
                .subscribe()
                .with(v -> {}, e -> {});
    }

    @OnTextMessage
    void message(WebSocketConnection connection, String text) {
        SignalRelay.Session session = sessions.get(connection.id());
        if (session != null) {
            relay.onText(session, text);
        }
    }

    @OnClose
    void close(WebSocketConnection connection) {
        SignalRelay.Session session = sessions.remove(connection.id());
        if (session != null) {
            relay.closed(session);
        }
    }

    @OnError
    void error(WebSocketConnection connection, Throwable failure) {
        int code = closeCode(failure);
        connection
                .close(new CloseReason(code, code == SignalRelay.TOO_BIG ? "too-large" : "error"))
                .subscribe()
                .with(v -> {}, e -> {});
    }

    /**
     * The close code for a transport failure. {@link SignalRelay} closes messages over its own limit
     * ({@code riffle.tracker.signal.max-message-bytes}) with 1009; the transport limits
     * ({@code quarkus.websockets-next.server.max-frame-size} and {@code max-message-size}) sit far above it so that a
     * large frame is read and refused with a close frame instead of Netty cutting the connection (which a client sees as
     * 1006). A message reassembled beyond the transport limit fails in Vert.x with an {@link IllegalStateException} about
     * the "max message size", and a frame Netty refuses carries its own code ({@link CorruptedWebSocketFrameException}):
     * both are the client's oversized message, closed with 1009.
     */
    static int closeCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CorruptedWebSocketFrameException c) {
                return c.closeStatus().code();
            }
            if (t instanceof IllegalStateException
                    && t.getMessage() != null
                    && t.getMessage().contains("max message size")) {
                return SignalRelay.TOO_BIG;
            }
        }
        return SignalRelay.POLICY;
    }

    static String query(String query, String name) {
        return param(query, name).orElse(PeerIds.DEFAULT_DEVICE);
    }

    static Optional<String> param(String query, String name) {
        if (query == null || query.isEmpty()) {
            return Optional.empty();
        }
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
