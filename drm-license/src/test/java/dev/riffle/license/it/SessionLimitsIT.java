package dev.riffle.license.it;

import static dev.riffle.license.it.Tokens.as;
import static org.hamcrest.Matchers.equalTo;

import dev.riffle.testkit.RiffleRealm;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stream and device limits (defaults: 2 streams, 3 devices per account), with dave's account only. */
@QuarkusTest
@WithTestResource(KeycloakTestResource.class)
class SessionLimitsIT {
    @BeforeEach // not @BeforeAll: RestAssured knows the app's port only per test
    void titleT1IsPackaged() {
        Tokens.asOrigin().put("/v1/packager/titles/t1/key").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    static String start(String device) {
        return as(RiffleRealm.DAVE)
                .header("Riffle-Device-Id", device)
                .contentType("application/json")
                .body("{\"titleId\":\"t1\"}")
                .post("/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("sessionId");
    }

    static void refused(String device, String reason) {
        as(RiffleRealm.DAVE)
                .header("Riffle-Device-Id", device)
                .contentType("application/json")
                .body("{}")
                .post("/v1/sessions")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("reason", equalTo(reason));
    }

    static void release(String session) {
        as(RiffleRealm.DAVE).delete("/v1/sessions/{id}", session).then().statusCode(204);
    }

    @Test
    void streams_then_devices_are_limited_and_heartbeats_renew() {
        String a = start("d1");
        String b = start("d1");
        refused("d1", "concurrent_streams");
        as(RiffleRealm.DAVE)
                .put("/v1/sessions/{id}", a)
                .then()
                .statusCode(200)
                .body("sessionId", equalTo(a))
                .body("heartbeatSeconds", equalTo(30));
        release(a);
        String c = start("d2");
        release(b);
        release(c);
        release(start("d3"));
        refused("d4", "devices");
        release(start("d2"));
    }

    @Test
    void sessions_of_others_and_unknown_sessions_are_not_found() {
        String s = start("d1");
        as(RiffleRealm.ALICE)
                .put("/v1/sessions/{id}", s)
                .then()
                .statusCode(404)
                .body("reason", equalTo("unknown_session"));
        as(RiffleRealm.ALICE).delete("/v1/sessions/{id}", s).then().statusCode(404);
        as(RiffleRealm.DAVE).put("/v1/sessions/{id}", "nope").then().statusCode(400);
        release(s);
        as(RiffleRealm.DAVE).delete("/v1/sessions/{id}", s).then().statusCode(404);
    }

    @Test
    void a_license_without_session_header_opens_one_and_counts_it() {
        String held = start("d1");
        String implicit = as(RiffleRealm.DAVE)
                .header("Riffle-Device-Id", "d1")
                .get("/v1/keys/{kid}", LicenseApiIT.key(LicenseApiIT.title(null))[0])
                .then()
                .statusCode(200)
                .extract()
                .header("Riffle-Session-Id");
        refused("d1", "concurrent_streams");
        release(implicit);
        release(held);
    }
}
