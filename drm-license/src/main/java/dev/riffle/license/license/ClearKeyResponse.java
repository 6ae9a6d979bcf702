package dev.riffle.license.license;

import java.util.List;

/** W3C ClearKey license: a JWK set of symmetric keys, {@code kid} and {@code k} base64url without padding. */
public record ClearKeyResponse(List<Jwk> keys, String type) {
    public record Jwk(String kty, String kid, String k) {}
}
