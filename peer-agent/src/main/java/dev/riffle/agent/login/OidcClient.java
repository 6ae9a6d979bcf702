package dev.riffle.agent.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The agent's side of OAuth 2.0 for a native public client, over blocking {@link HttpClient} (used from the CLI and
 * the refresher thread, never from an event loop): discovery, the device authorization request and token polls of RFC
 * 8628, and refresh. Works against Keycloak and drm-license's {@code /dev-idp} alike. Tokens never appear in its
 * exceptions.
 */
public final class OidcClient {
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http;
    private final URI issuer;
    private final String clientId;
    private final InstantSource clock;
    private final Duration timeout;
    private volatile Endpoints endpoints;

    public OidcClient(URI issuer, String clientId, InstantSource clock, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.issuer = URI.create(issuer.toString().replaceAll("/+$", ""));
        this.clientId = clientId;
        this.clock = clock;
        this.timeout = timeout;
    }

    public URI issuer() {
        return issuer;
    }

    public String clientId() {
        return clientId;
    }

    /** From the issuer's discovery document. */
    public record Endpoints(URI token, URI deviceAuthorization) {}

    /** The answer to the device authorization request; {@code userCode} and the URIs are meant to be shown. */
    public record DeviceAuthorization(
            String deviceCode,
            String userCode,
            URI verificationUri,
            Optional<URI> verificationUriComplete,
            Duration expiresIn,
            Duration interval,
            String codeVerifier) {
        @Override
        public String toString() {
            return "DeviceAuthorization[userCode=" + userCode + ", verificationUri=" + verificationUri + "]";
        }
    }

    /** One token poll. */
    public sealed interface Poll {
        record Granted(TokenSet tokens) implements Poll {}

        /** {@code authorization_pending} ({@code slowDown} false) or {@code slow_down} (true). */
        record Wait(boolean slowDown) implements Poll {}

        /** {@code access_denied}, {@code expired_token} or any other error: stop. */
        record Failed(String error) implements Poll {}
    }

    /** A failed exchange: OAuth {@code error} code (or {@code http_<status>} / {@code io}) and a safe description. */
    public static final class OidcException extends IOException {
        private final String error;

        public OidcException(String error, String message) {
            super(message);
            this.error = error;
        }

        public String error() {
            return error;
        }
    }

    public Endpoints endpoints() throws IOException {
        Endpoints e = endpoints;
        if (e != null) return e;
        JsonNode d = get(URI.create(issuer + "/.well-known/openid-configuration"));
        String token = d.path("token_endpoint").asText("");
        String device = d.path("device_authorization_endpoint").asText("");
        if (token.isEmpty()) throw new OidcException("discovery", "no token_endpoint at " + issuer);
        if (device.isEmpty()) throw new OidcException("discovery", issuer + " does not offer the device grant");
        endpoints = e = new Endpoints(URI.create(token), URI.create(device));
        return e;
    }

    /**
     * Starts the device grant with PKCE S256 (RFC 7636) on top: Keycloak applies a client's PKCE setting to the device
     * grant too, and it binds the polls to the process that started the flow.
     */
    public DeviceAuthorization startDevice(String scope) throws IOException {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", clientId);
        form.put("code_challenge", s256(verifier));
        form.put("code_challenge_method", "S256");
        if (scope != null && !scope.isBlank()) form.put("scope", scope);
        HttpResponse<String> r = post(endpoints().deviceAuthorization(), form);
        JsonNode n = json(r);
        if (r.statusCode() != 200) throw error(r.statusCode(), n);
        String complete = n.path("verification_uri_complete").asText("");
        return new DeviceAuthorization(
                n.path("device_code").asText(),
                n.path("user_code").asText(),
                URI.create(n.path("verification_uri").asText()),
                complete.isEmpty() ? Optional.empty() : Optional.of(URI.create(complete)),
                Duration.ofSeconds(n.path("expires_in").asLong(600)),
                Duration.ofSeconds(Math.max(1, n.path("interval").asLong(5))),
                verifier);
    }

    public Poll pollDevice(DeviceAuthorization a) throws IOException {
        HttpResponse<String> r = post(
                endpoints().token(),
                Map.of(
                        "grant_type",
                        DEVICE_GRANT,
                        "device_code",
                        a.deviceCode(),
                        "client_id",
                        clientId,
                        "code_verifier",
                        a.codeVerifier()));
        JsonNode n = json(r);
        if (r.statusCode() == 200) return new Poll.Granted(tokens(n, Optional.empty()));
        String error = n.path("error").asText("http_" + r.statusCode());
        return switch (error) {
            case "authorization_pending" -> new Poll.Wait(false);
            case "slow_down" -> new Poll.Wait(true);
            default -> new Poll.Failed(error);
        };
    }

    /** New tokens for a refresh token; {@code invalid_grant} means sign in again. */
    public TokenSet refresh(TokenSet current) throws IOException {
        String refresh =
                current.refreshToken().orElseThrow(() -> new OidcException("no_refresh_token", "no refresh token"));
        HttpResponse<String> r = post(
                endpoints().token(),
                Map.of("grant_type", "refresh_token", "refresh_token", refresh, "client_id", clientId));
        JsonNode n = json(r);
        if (r.statusCode() != 200) throw error(r.statusCode(), n);
        return tokens(n, current.refreshToken());
    }

    private TokenSet tokens(JsonNode n, Optional<String> previousRefresh) throws OidcException {
        String access = n.path("access_token").asText("");
        if (access.isEmpty()) throw new OidcException("invalid_response", "no access_token in the token response");
        var now = clock.instant();
        String refresh = n.path("refresh_token").asText("");
        long refreshIn = n.path("refresh_expires_in").asLong(0);
        return new TokenSet(
                issuer,
                clientId,
                access,
                now,
                now.plusSeconds(n.path("expires_in").asLong(300)),
                refresh.isEmpty() ? previousRefresh : Optional.of(refresh),
                // Keycloak says 0 for offline tokens: no fixed end.
                refreshIn > 0 ? Optional.of(now.plusSeconds(refreshIn)) : Optional.empty());
    }

    private JsonNode get(URI uri) throws IOException {
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build());
        JsonNode n = json(r);
        if (r.statusCode() != 200) throw error(r.statusCode(), n);
        return n;
    }

    private HttpResponse<String> post(URI uri, Map<String, String> form) throws IOException {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> send(HttpRequest req) throws IOException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OidcException("interrupted", "interrupted");
        } catch (IOException e) {
            throw new OidcException("io", req.uri().getHost() + ":" + req.uri().getPort() + " unreachable: " + e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body() == null || r.body().isEmpty() ? "{}" : r.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static OidcException error(int status, JsonNode n) {
        String error = n.path("error").asText("http_" + status);
        // error_description is the server's text about the request, never a token.
        return new OidcException(
                error, error + ": " + n.path("error_description").asText("HTTP " + status));
    }

    static String s256(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
