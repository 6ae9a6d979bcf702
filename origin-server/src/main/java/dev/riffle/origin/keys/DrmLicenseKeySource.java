package dev.riffle.origin.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.origin.config.OriginConfig;
import io.quarkus.oidc.client.OidcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * drm-license's packager API with a client-credentials token (role {@code packager}) from the configured OIDC client:
 * {@code PUT /v1/packager/titles/{titleId}/key}, {@code PUT /v1/packager/titles/{titleId}/policy} and
 * {@code PUT /v1/packager/manifest-keys}. Blocking: call from worker or ingest threads only.
 */
@ApplicationScoped
public class DrmLicenseKeySource implements ContentKeySource {
    private final OriginConfig config;
    private final OidcClient oidc;
    private final ObjectMapper json;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    public DrmLicenseKeySource(OriginConfig config, OidcClient oidc, ObjectMapper json) {
        this.config = config;
        this.oidc = oidc;
        this.json = json;
    }

    @Override
    public ContentKey keyFor(String titleId, String label) {
        String query = label == null
                ? ""
                : "?label=" + java.net.URLEncoder.encode(label, java.nio.charset.StandardCharsets.UTF_8);
        JsonNode body = put("/v1/packager/titles/" + titleId + "/key" + query, "{}");
        String kid = text(body, "kid", "keyId");
        String key = text(body, "key", "k");
        if (kid == null || key == null) throw new KeySourceException("drm-license answered without kid/key");
        return new ContentKey(kid, decodeKey(key), text(body, "keyUri"));
    }

    @Override
    public void pushPolicy(String titleId, TitlePolicy policy) {
        try {
            put("/v1/packager/titles/" + titleId + "/policy", json.writeValueAsString(policy));
        } catch (IOException e) {
            throw new KeySourceException("cannot encode policy", e);
        }
    }

    @Override
    public void pushManifestKeys(byte[] jwks) {
        put("/v1/packager/manifest-keys", new String(jwks, java.nio.charset.StandardCharsets.UTF_8));
    }

    private JsonNode put(String path, String body) {
        String token;
        try {
            token = oidc.getTokens().await().atMost(Duration.ofSeconds(15)).getAccessToken();
        } catch (RuntimeException e) {
            throw new KeySourceException("cannot get a packager token from the identity provider: " + e.getMessage());
        }
        URI uri = config.license().url().resolve(path);
        HttpRequest req = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> res;
        try {
            res = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new KeySourceException(
                    "drm-license unreachable at " + config.license().url() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeySourceException("interrupted while calling drm-license");
        }
        if (res.statusCode() / 100 != 2) {
            throw new KeySourceException("drm-license answered " + res.statusCode() + " to PUT " + path);
        }
        try {
            return res.body().isBlank() ? json.createObjectNode() : json.readTree(res.body());
        } catch (IOException e) {
            throw new KeySourceException("drm-license answered invalid JSON to PUT " + path);
        }
    }

    private static String text(JsonNode n, String... names) {
        for (String name : names) {
            if (n.hasNonNull(name)) return n.get(name).asText();
        }
        return null;
    }

    /** base64url (22 chars), base64 or hex (32 chars). */
    static byte[] decodeKey(String s) {
        if (s.length() == 32 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0))
            return HexFormat.of().parseHex(s);
        try {
            return Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return Base64.getDecoder().decode(s);
        }
    }
}
