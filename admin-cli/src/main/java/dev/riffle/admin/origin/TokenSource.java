package dev.riffle.admin.origin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.admin.cli.Command.Auth;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The operator's bearer token: read from a file, or obtained (and renewed on a 401) with the password grant. */
public interface TokenSource {
    String token();

    /** Forget the current token; returns whether a fresh one can be obtained (the password grant can). */
    boolean renew();

    static TokenSource of(Auth auth, HttpClient http, ObjectMapper json) {
        if (auth instanceof Auth.TokenFile f) return new FromFile(f);
        return new PasswordGrant((Auth.Password) auth, http, json);
    }

    /** A token someone else issued; read once. */
    final class FromFile implements TokenSource {
        private final Auth.TokenFile file;
        private String token;

        FromFile(Auth.TokenFile file) {
            this.file = file;
        }

        @Override
        public synchronized String token() {
            if (token == null) {
                try {
                    token = Files.readString(file.file()).strip();
                } catch (NoSuchFileException e) {
                    throw new CliException("token file " + file.file() + " does not exist");
                } catch (IOException e) {
                    throw new CliException("cannot read token file " + file.file() + ": " + e.getMessage());
                }
                if (token.isEmpty()) throw new CliException("token file " + file.file() + " is empty");
                if (token.regionMatches(true, 0, "Bearer ", 0, 7))
                    token = token.substring(7).strip();
            }
            return token;
        }

        @Override
        public boolean renew() {
            return false;
        }
    }

    /** Resource-owner password grant at the issuer's token endpoint (found through its discovery document). */
    final class PasswordGrant implements TokenSource {
        private final Auth.Password auth;
        private final HttpClient http;
        private final ObjectMapper json;
        private URI tokenEndpoint;
        private String token;

        PasswordGrant(Auth.Password auth, HttpClient http, ObjectMapper json) {
            this.auth = auth;
            this.http = http;
            this.json = json;
        }

        @Override
        public synchronized String token() {
            if (token == null) token = fetch();
            return token;
        }

        @Override
        public synchronized boolean renew() {
            token = null;
            return true;
        }

        private String fetch() {
            if (tokenEndpoint == null) {
                URI discovery = URI.create(auth.issuer() + "/.well-known/openid-configuration");
                HttpResponse<String> r = send(HttpRequest.newBuilder(discovery)
                        .timeout(Duration.ofSeconds(20))
                        .GET()
                        .build());
                if (r.statusCode() != 200) {
                    throw new CliException("the identity provider at " + auth.issuer() + " answered HTTP "
                            + r.statusCode() + " for its discovery document: is --issuer right?");
                }
                tokenEndpoint =
                        URI.create(parse(r.body()).path("token_endpoint").asText());
            }
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "password");
            form.put("client_id", auth.clientId());
            form.put("username", auth.username());
            form.put("password", auth.password());
            form.put("scope", "openid");
            String body = form.entrySet().stream()
                    .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                    .collect(Collectors.joining("&"));
            HttpResponse<String> r = send(HttpRequest.newBuilder(tokenEndpoint)
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build());
            if (r.statusCode() != 200) {
                JsonNode err = parseOrEmpty(r.body());
                String why =
                        err.path("error_description").asText(err.path("error").asText("HTTP " + r.statusCode()));
                throw new CliException("sign-in as " + auth.username() + " at " + auth.issuer() + " failed: " + why);
            }
            String t = parse(r.body()).path("access_token").asText("");
            if (t.isEmpty()) throw new CliException("the identity provider sent no access token");
            return t;
        }

        private HttpResponse<String> send(HttpRequest r) {
            try {
                return http.send(r, HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException e) {
                throw new TransientException(
                        "cannot reach the identity provider at " + auth.issuer()
                                + " (connection refused): is drm-license running (./riffle license)?",
                        e);
            } catch (IOException e) {
                throw new TransientException("cannot reach the identity provider at " + auth.issuer() + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted");
            }
        }

        private JsonNode parse(String body) {
            try {
                return json.readTree(body);
            } catch (IOException e) {
                throw new CliException("the identity provider answered something that is not JSON");
            }
        }

        private JsonNode parseOrEmpty(String body) {
            try {
                return json.readTree(body);
            } catch (IOException e) {
                return json.createObjectNode();
            }
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
