package dev.riffle.agent.session;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Fetches HLS content keys from drm-license ({@code GET /v1/keys/{kid}}) with the subscriber's bearer token, so the
 * player never sees the token. Sends {@code Riffle-Device-Id} and echoes back the {@code Riffle-Session-Id} the license
 * server hands out, so repeated key requests renew one playback session instead of opening new ones. Keys stay in
 * memory only and are never logged.
 */
public final class KeyClient implements AutoCloseable {
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9_-]{22}");

    private final WebClient client;
    private final URI license;
    private final Supplier<String> token;
    private final String deviceId;
    private final Duration timeout;
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final LicenseSessions sessions;
    private volatile String sessionId;

    public KeyClient(Vertx vertx, URI license, Supplier<String> token, String deviceId, Duration timeout) {
        this(vertx, license, token, deviceId, timeout, null);
    }

    /** With {@code sessions}, {@link #key(String, String)} asks under the title's own license session. */
    public KeyClient(
            Vertx vertx,
            URI license,
            Supplier<String> token,
            String deviceId,
            Duration timeout,
            LicenseSessions sessions) {
        this.sessions = sessions;
        this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("riffle-agent"));
        this.license = OriginClient.withSlash(license);
        this.token = token;
        this.deviceId = deviceId;
        this.timeout = timeout;
    }

    public static boolean validKid(String kid) {
        return kid != null && KID.matcher(kid).matches();
    }

    /**
     * The title's key under the title's license session (opened first if there is none, so a player coming back after
     * its session was released is counted again; refused → 403). Without {@link LicenseSessions}, as {@link
     * #key(String)}.
     */
    public Future<byte[]> key(String titleId, String kid) {
        if (sessions == null) return key(kid);
        if (!validKid(kid)) return Future.failedFuture(new KeyException(400, "bad key id"));
        return sessions.ensure(titleId)
                .recover(e -> Future.failedFuture(
                        e instanceof LicenseSessions.SessionException s
                                ? new KeyException(s.status(), s.getMessage())
                                : new KeyException(502, "license server unreachable")))
                .compose(session -> fetch(kid, session));
    }

    /** Forgets a key (its title's session ended): the next request asks drm-license again. */
    public void forget(String kid) {
        keys.remove(kid);
    }

    /** The 16-byte key, or a failed future with {@link KeyException} (status from drm-license, or 502). */
    public Future<byte[]> key(String kid) {
        if (!validKid(kid)) return Future.failedFuture(new KeyException(400, "bad key id"));
        return fetch(kid, null);
    }

    private Future<byte[]> fetch(String kid, String titleSession) {
        byte[] known = keys.get(kid);
        if (known != null) return Future.succeededFuture(known.clone());
        String bearer;
        try {
            bearer = token.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(new KeyException(403, "no subscriber token: " + e.getMessage()));
        }
        var req = client.getAbs(license.resolve("v1/keys/" + kid).toString())
                .timeout(timeout.toMillis())
                .putHeader("Authorization", "Bearer " + bearer)
                .putHeader("Riffle-Device-Id", deviceId);
        String session = titleSession != null ? titleSession : sessionId;
        if (session != null) req.putHeader("Riffle-Session-Id", session);
        return req.send()
                .recover(e -> Future.failedFuture(new KeyException(502, "license server unreachable")))
                .compose(r -> {
                    String s = r.getHeader("Riffle-Session-Id");
                    if (s != null && titleSession == null) sessionId = s;
                    if (r.statusCode() != 200) {
                        int status = r.statusCode() == 401 || r.statusCode() == 403 ? 403 : 502;
                        return Future.failedFuture(
                                new KeyException(status, "license server answered " + r.statusCode()));
                    }
                    byte[] key = r.body() == null ? new byte[0] : r.body().getBytes();
                    if (key.length != 16) return Future.failedFuture(new KeyException(502, "key is not 16 bytes"));
                    keys.put(kid, key.clone());
                    return Future.succeededFuture(key);
                });
    }

    /** A failure to hand out a key, with the HTTP status to give the player. */
    public static final class KeyException extends RuntimeException {
        private final int status;

        public KeyException(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
