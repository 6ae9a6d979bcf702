package dev.riffle.agent.login;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riffle.agent.testing.LicenseServer;
import dev.riffle.testkit.Keycloak;
import dev.riffle.testkit.OidcTokens;
import dev.riffle.testkit.RiffleRealm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./riffle agent login} (the device grant) against both real issuers: drm-license's development issuer (its
 * packaged app, the single-machine default) and Keycloak with the project's realm. The user's part — open the page,
 * sign in, approve — is done here with plain HTTP on the issuer's own pages. Then: the tokens file is 0600 in a 0700
 * directory, the token is accepted where it matters, nothing printed contains it, and the refresher renews it.
 */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class LoginIT {
    private static final Pattern CODE = Pattern.compile("enter the code ([A-Z-]+)");
    private static final Pattern COMPLETE = Pattern.compile("\\(or open (\\S+)\\)");

    @TempDir
    Path dir;

    @Test
    void devIssuerDeviceLoginStoresOwnerOnlyTokensThatTheRefresherRenews() throws Exception {
        // 40 s access tokens: the refresher renews them 10 s after they were obtained.
        try (LicenseServer license =
                LicenseServer.start(dir.resolve("license"), "riffle.license.dev-idp.token-lifespan=PT40S")) {
            Path config = dir.resolve("home/.riffle/agent");
            Login login =
                    Login.start(List.of("--issuer", license.issuer().toString(), "--config-dir", config.toString()));
            URI page = login.awaitPage();

            // The user: opens the page, signs in as carol, approves.
            HttpClient browser = HttpClient.newHttpClient();
            String form = get(browser, page).body();
            assertThat(form).contains("name=\"user_code\"").contains(login.userCode);
            var wrong = post(
                    browser,
                    URI.create(license.issuer() + "/device"),
                    Map.of("user_code", login.userCode, "username", "carol", "password", "nope", "action", "approve"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            var ok = post(
                    browser,
                    URI.create(license.issuer() + "/device"),
                    Map.of(
                            "user_code",
                            login.userCode.toLowerCase(),
                            "username",
                            "carol",
                            "password",
                            "carol-pass",
                            "action",
                            "approve"));
            assertThat(ok.statusCode()).isEqualTo(200);

            assertThat(login.exit.get(60, TimeUnit.SECONDS)).as(login.err()).isZero();
            TokenStore store = new TokenStore(config);
            TokenSet first = store.load().orElseThrow();
            assertOwnerOnly(store);
            assertThat(login.out() + login.err()).doesNotContain(first.accessToken());
            assertThat(login.out() + login.err())
                    .doesNotContain(first.refreshToken().orElseThrow());
            assertThat(OidcTokens.claims(first.accessToken())
                            .path("preferred_username")
                            .asText())
                    .isEqualTo("carol");
            assertThat(startSession(license.url(), first.accessToken())).isEqualTo(201);

            try (TokenRefresher refresher = TokenRefresher.start(store, msg -> {})) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
                while (refresher.refreshes() == 0 && System.nanoTime() < deadline) Thread.sleep(200);
                assertThat(refresher.refreshes()).as("refreshed before expiry").isPositive();
            }
            TokenSet second = store.load().orElseThrow();
            assertOwnerOnly(store);
            assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
            assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
            assertThat(second.accessExpiresAt()).isAfter(first.accessExpiresAt());
            assertThat(startSession(license.url(), second.accessToken())).isEqualTo(201);
            // Rotation: the first refresh token was used up.
            var client =
                    new OidcClient(license.issuer(), "riffle-agent", InstantSource.system(), Duration.ofSeconds(10));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.refresh(first))
                    .isInstanceOfSatisfying(OidcClient.OidcException.class, e -> assertThat(e.error())
                            .isEqualTo("invalid_grant"));
        }
    }

    @Test
    void devIssuerLoginEndsWithAccessDeniedWhenTheUserDenies() throws Exception {
        try (LicenseServer license = LicenseServer.start(dir.resolve("license"))) {
            Path config = dir.resolve("cfg");
            Login login =
                    Login.start(List.of("--issuer", license.issuer().toString(), "--config-dir", config.toString()));
            login.awaitPage();
            var r = post(
                    HttpClient.newHttpClient(),
                    URI.create(license.issuer() + "/device"),
                    Map.of("user_code", login.userCode, "action", "deny"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(login.exit.get(60, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(login.err()).contains("access_denied");
            assertThat(config.resolve(TokenStore.FILE)).doesNotExist();
        }
    }

    @Test
    void keycloakDeviceLoginThroughItsOwnPagesAndRefresh() throws Exception {
        Keycloak kc = Keycloak.shared();
        Path config = dir.resolve("kc-config");
        Login login = Login.start(List.of("--issuer", kc.issuer().toString(), "--config-dir", config.toString()));
        URI page = login.awaitPage();
        approveOnKeycloak(page, login.userCode, RiffleRealm.DAVE);

        assertThat(login.exit.get(60, TimeUnit.SECONDS)).as(login.err()).isZero();
        TokenStore store = new TokenStore(config);
        TokenSet first = store.load().orElseThrow();
        assertOwnerOnly(store);
        assertThat(login.out() + login.err()).doesNotContain(first.accessToken());
        JsonNode claims = OidcTokens.claims(first.accessToken());
        assertThat(claims.path("preferred_username").asText()).isEqualTo("dave");
        assertThat(claims.path("azp").asText()).isEqualTo("riffle-agent");
        assertThat(claims.toString()).contains("riffle-services");
        assertThat(userinfo(kc, first.accessToken())).isEqualTo(200);

        try (TokenRefresher refresher = new TokenRefresher(
                store,
                t -> new OidcClient(t.issuer(), t.clientId(), InstantSource.system(), Duration.ofSeconds(10)),
                InstantSource.system(),
                msg -> {})) {
            refresher.refreshIfDue(true);
            assertThat(refresher.refreshes()).isEqualTo(1);
        }
        TokenSet second = store.load().orElseThrow();
        assertOwnerOnly(store);
        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(userinfo(kc, second.accessToken())).isEqualTo(200);
    }

    /** The user's part on Keycloak's pages: login form (after the code page, if shown), then consent if asked. */
    private static void approveOnKeycloak(URI page, String userCode, RiffleRealm.User user) throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> r = browser.get(page);
        for (int step = 0; step < 5; step++) {
            String html = r.body();
            if (html.contains("name=\"username\"") || html.contains("id=\"kc-form-login\"")) {
                Map<String, String> form = hiddenInputs(html);
                form.put("username", user.username());
                form.put("password", user.password());
                r = browser.post(action(r.uri(), html), form);
            } else if (html.contains("name=\"device_user_code\"")) {
                Map<String, String> form = hiddenInputs(html);
                form.put("device_user_code", userCode);
                r = browser.post(action(r.uri(), html), form);
            } else if (html.contains("name=\"accept\"")) {
                Map<String, String> form = hiddenInputs(html);
                form.put("accept", "Yes");
                r = browser.post(action(r.uri(), html), form);
            } else {
                break;
            }
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body().toLowerCase()).as(r.body()).contains("device login successful");
    }

    /**
     * Just enough of a browser for Keycloak's login pages: follows redirects itself and sends back every cookie it was
     * given (Keycloak's auth-session and restart cookies), whatever their attributes.
     */
    private static final class Browser {
        private final HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        private final Map<String, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> get(URI uri) throws Exception {
            return follow(HttpRequest.newBuilder(uri).GET());
        }

        HttpResponse<String> post(URI uri, Map<String, String> form) throws Exception {
            return follow(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
        }

        private HttpResponse<String> follow(HttpRequest.Builder b) throws Exception {
            HttpResponse<String> r = send(b);
            for (int i = 0; i < 10 && r.statusCode() / 100 == 3; i++) {
                URI next = r.uri().resolve(r.headers().firstValue("Location").orElseThrow());
                r = send(HttpRequest.newBuilder(next).GET());
            }
            return r;
        }

        private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
            b.timeout(Duration.ofSeconds(20));
            if (!cookies.isEmpty()) {
                b.header(
                        "Cookie",
                        cookies.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining("; ")));
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            for (String c : r.headers().allValues("Set-Cookie")) {
                String pair = c.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0)
                    cookies.put(
                            pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
            return r;
        }
    }

    private static URI action(URI base, String html) {
        Matcher m = Pattern.compile("<form[^>]*action=\"([^\"]+)\"").matcher(html);
        if (!m.find()) throw new AssertionError("no form in\n" + html);
        return base.resolve(m.group(1).replace("&amp;", "&"));
    }

    private static Map<String, String> hiddenInputs(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<input[^>]*type=\"hidden\"[^>]*>").matcher(html);
        while (m.find()) {
            Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(m.group());
            Matcher value = Pattern.compile("value=\"([^\"]*)\"").matcher(m.group());
            if (name.find())
                out.put(name.group(1), value.find() ? value.group(1).replace("&amp;", "&") : "");
        }
        return out;
    }

    private static void assertOwnerOnly(TokenStore store) throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.dir())))
                .isEqualTo("rwx------");
        try (var files = Files.list(store.dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(TokenStore.FILE);
        }
    }

    private static int startSession(URI license, String token) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(license + "/v1/sessions"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static int userinfo(Keycloak kc, String token) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(kc.issuer() + "/protocol/openid-connect/userinfo"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static HttpResponse<String> get(HttpClient c, URI uri) throws Exception {
        return c.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static HttpResponse<String> post(HttpClient c, URI uri, Map<String, String> form) throws Exception {
        String body = encode(form);
        return c.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code LoginMain.login} on its own thread, its output captured. */
    private static final class Login {
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        CompletableFuture<Integer> exit;
        String userCode;

        static Login start(List<String> args) {
            Login l = new Login();
            PrintStream out = new PrintStream(l.outBytes, true, StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(l.errBytes, true, StandardCharsets.UTF_8);
            l.exit = CompletableFuture.supplyAsync(() -> LoginMain.login(args, Path.of("/nonexistent"), out, err));
            return l;
        }

        synchronized String out() {
            return outBytes.toString(StandardCharsets.UTF_8);
        }

        synchronized String err() {
            return errBytes.toString(StandardCharsets.UTF_8);
        }

        URI awaitPage() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                Matcher code = CODE.matcher(out());
                Matcher complete = COMPLETE.matcher(out());
                if (code.find() && complete.find()) {
                    userCode = code.group(1);
                    return URI.create(complete.group(1));
                }
                if (exit.isDone()) throw new AssertionError("login ended early: " + out() + err());
                Thread.sleep(100);
            }
            throw new AssertionError("no code printed: " + out() + err());
        }
    }
}
