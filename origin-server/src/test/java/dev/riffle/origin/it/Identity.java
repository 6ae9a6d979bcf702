package dev.riffle.origin.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/** Real tokens and keys from the drm-license under test (dev issuer users of deploy/keycloak/riffle-realm.json). */
final class Identity {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Identity() {}

    static String operator() {
        return password("olivia", "olivia-pass");
    }

    static String subscriber() {
        return password("alice", "alice-pass");
    }

    static String packager() {
        return token(Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                "riffle-origin",
                "client_secret",
                "riffle-origin-secret"));
    }

    private static String password(String user, String pass) {
        return token(Map.of("grant_type", "password", "client_id", "riffle-agent", "username", user, "password", pass));
    }

    private static String token(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        JsonNode n = send(
                HttpRequest.newBuilder(URI.create(DrmLicenseServer.baseUrl + "/dev-idp/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
        return n.get("access_token").asText();
    }

    /** The title's content key, as the packager sees it (idempotent create-or-get). */
    static byte[] contentKey(String titleId) {
        return contentKey(titleId, "default");
    }

    /** One of the title's keys by label (a live channel's crypto period: {@code live-<n>}). */
    static byte[] contentKey(String titleId, String label) {
        JsonNode n = send(HttpRequest.newBuilder(
                        URI.create(DrmLicenseServer.baseUrl + "/v1/packager/titles/" + titleId + "/key?label=" + label))
                .header("Authorization", "Bearer " + packager())
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build());
        return Base64.getUrlDecoder().decode(n.get("key").asText());
    }

    static JsonNode policy(String titleId) {
        return send(HttpRequest.newBuilder(
                        URI.create(DrmLicenseServer.baseUrl + "/v1/packager/titles/" + titleId + "/policy"))
                .header("Authorization", "Bearer " + packager())
                .GET()
                .build());
    }

    private static JsonNode send(HttpRequest r) {
        try {
            HttpResponse<String> res = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 != 2)
                throw new IllegalStateException(r.uri().getPath() + " -> " + res.statusCode());
            return JSON.readTree(res.body());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
