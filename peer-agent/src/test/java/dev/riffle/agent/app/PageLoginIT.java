package dev.riffle.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riffle.agent.Agent;
import dev.riffle.agent.AgentConfig;
import dev.riffle.agent.login.OidcClient;
import dev.riffle.agent.login.TokenStore;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.testing.LicenseServer;
import dev.riffle.agent.transport.InProcessSignaling;
import dev.riffle.agent.transport.RtcFactory;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in from the app's page against drm-license's development issuer (its packaged app): the page asks the agent to
 * start, shows the code, the user approves on the issuer's own page (plain HTTP here, as {@code LoginIT} does), and the
 * agent — never the page — ends up holding the tokens.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PageLoginIT {
    @TempDir
    Path dir;

    @Test
    void thePageStartsADeviceSignInAndTheAgentKeepsTheTokens() throws Exception {
        Vertx vertx = Vertx.vertx();
        var rtc = new RtcFactory();
        var hub = new InProcessSignaling();
        try (LicenseServer license = LicenseServer.start(dir.resolve("license"))) {
            TokenStore store = new TokenStore(dir.resolve("home/.riffle/agent"));
            var config =
                    AgentConfig.of("page", license.url(), license.url(), dir.resolve("cache"), 100_000_000, 0, () -> {
                        try {
                            return store.accessToken();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            try (Agent agent = new Agent(vertx, config, rtc, hub.endpoint(new PeerId("page")))) {
                agent.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                var oidc = new OidcClient(
                        license.issuer(), "riffle-agent", InstantSource.system(), Duration.ofSeconds(10));
                agent.pageLogin(new PageLogin(oidc, store, "openid", () -> {}));
                int port = agent.port();
                var own = Map.of("Host", "127.0.0.1:" + port, "Origin", "http://127.0.0.1:" + port);

                JsonNode before =
                        AppApiIT.send(port, "GET", "/api/me", own, null).json();
                assertThat(before.path("signedIn").asBoolean()).isFalse();
                assertThat(before.path("canSignIn").asBoolean()).isTrue();
                // another site cannot start a sign-in in the subscriber's name
                assertThat(AppApiIT.send(
                                        port,
                                        "POST",
                                        "/api/login",
                                        Map.of("Host", "127.0.0.1:" + port, "Origin", "http://evil.example"),
                                        "{}")
                                .status())
                        .isEqualTo(403);

                assertThat(AppApiIT.send(port, "POST", "/api/login", own, "{}").status())
                        .isEqualTo(200);
                JsonNode pending = Awaitility.await()
                        .atMost(Duration.ofSeconds(20))
                        .until(
                                () -> AppApiIT.send(port, "GET", "/api/login", own, null)
                                        .json(),
                                s -> s.hasNonNull("userCode"));
                assertThat(pending.path("state").asText()).isEqualTo("pending");
                assertThat(pending.path("verificationUri").asText())
                        .startsWith(license.issuer().toString());

                // the user, on the issuer's page
                var approve = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(license.issuer() + "/device"))
                                        .header("Content-Type", "application/x-www-form-urlencoded")
                                        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                                                "user_code",
                                                        pending.path("userCode").asText(),
                                                "username", "carol",
                                                "password", "carol-pass",
                                                "action", "approve"))))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(approve.statusCode()).isEqualTo(200);

                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> AppApiIT.send(
                                port, "GET", "/api/login", own, null)
                        .json()
                        .path("state")
                        .asText()
                        .equals("signed-in"));
                AppApiIT.Reply me = AppApiIT.send(port, "GET", "/api/me", own, null);
                assertThat(me.json().path("signedIn").asBoolean()).isTrue();
                assertThat(me.json().path("name").asText()).isEqualTo("carol");
                String token = store.accessToken();
                assertThat(me.body()).doesNotContain(token);
                assertThat(AppApiIT.send(port, "GET", "/api/login", own, null).body())
                        .doesNotContain(token);
                assertThat(Files.exists(store.file())).isTrue();
            }
        } finally {
            hub.close();
            rtc.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
