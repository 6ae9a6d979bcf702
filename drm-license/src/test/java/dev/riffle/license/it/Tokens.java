package dev.riffle.license.it;

import dev.riffle.testkit.Keycloak;
import dev.riffle.testkit.RiffleRealm;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Real Keycloak tokens for the ITs, cached per user (they live 15 minutes). */
final class Tokens {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Tokens() {}

    static String user(RiffleRealm.User user) {
        return CACHE.computeIfAbsent(user.username(), u -> Keycloak.shared().userToken(user));
    }

    static String origin() {
        return CACHE.computeIfAbsent("origin", u -> Keycloak.shared().originToken());
    }

    static RequestSpecification as(String token) {
        return RestAssured.given().auth().oauth2(token);
    }

    static RequestSpecification as(RiffleRealm.User user) {
        return as(user(user));
    }

    static RequestSpecification asOrigin() {
        return as(origin());
    }
}
