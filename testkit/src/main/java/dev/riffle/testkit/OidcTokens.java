package dev.riffle.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Gets real access tokens from any OIDC issuer (Keycloak's realm or drm-license's {@code /dev-idp}) through its discovery
 * document: password grant for users, client-credentials for service accounts.
 *
 * <pre>{@code
 * OidcTokens tokens = OidcTokens.forIssuer(URI.create("http://127.0.0.1:8082/dev-idp"));
 * String alice = tokens.password(RiffleRealm.AGENT_CLIENT, RiffleRealm.ALICE);
 * String origin = tokens.clientCredentials(RiffleRealm.ORIGIN_CLIENT, RiffleRealm.ORIGIN_SECRET);
 * }</pre>
 */
public final class OidcTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI issuer;
    private final URI tokenEndpoint;

    private OidcTokens(URI issuer, URI tokenEndpoint) {
        this.issuer = issuer;
        this.tokenEndpoint = tokenEndpoint;
    }

    /** Reads {@code <issuer>/.well-known/openid-configuration} to find the token endpoint. */
    public static OidcTokens forIssuer(URI issuer) {
        String base = issuer.toString().replaceAll("/+$", "");
        JsonNode discovery = getJson(URI.create(base + "/.well-known/openid-configuration"));
        return new OidcTokens(
                URI.create(base), URI.create(discovery.path("token_endpoint").asText()));
    }

    public URI issuer() {
        return issuer;
    }

    public URI tokenEndpoint() {
        return tokenEndpoint;
    }

    /** Resource-owner password grant with a public client; returns the access token. */
    public String password(String clientId, RiffleRealm.User user) {
        return password(clientId, user.username(), user.password());
    }

    public String password(String clientId, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", username);
        form.put("password", password);
        form.put("scope", "openid");
        return token(form).path("access_token").asText();
    }

    /** Client-credentials grant for a confidential client; returns the access token. */
    public String clientCredentials(String clientId, String secret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return token(form).path("access_token").asText();
    }

    /** The raw token response (access_token, expires_in, ...); throws with the server's error on a non-200 answer. */
    public JsonNode token(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            // The error body never contains a token; safe to show.
            throw new IllegalStateException("token request for client " + form.get("client_id") + " failed: HTTP "
                    + response.statusCode() + " " + response.body());
        }
        return parse(response.body());
    }

    /** Decodes (without verifying) the claims of a JWT, for assertions in tests. */
    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWS compact serialization");
        }
        return parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    /** The {@code exp} claim of a JWT (not verified), for tests that wait for a token to expire. */
    public static Instant expiry(String jwt) {
        return Instant.ofEpochSecond(claims(jwt).get("exp").asLong());
    }

    static JsonNode getJson(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered HTTP " + response.statusCode());
        }
        return parse(response.body());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
