package dev.riffle.servicekit.production;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the configured issuer whether the realm file's published credentials still work: a password grant for each
 * test user through each public client of the file, and a client-credentials grant with {@code riffle-origin}'s
 * published secret. A hostile tester tries exactly these first. Nothing is logged but account and client names.
 */
public final class TestUserProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the issuer said. */
    public sealed interface Outcome {
        /** None of the published credentials signs in. */
        record Clean() implements Outcome {}

        /** These accounts or clients signed in with their published credentials. */
        record Found(List<String> what) implements Outcome {}

        /** The issuer did not answer; nothing is known. */
        record Unreachable(String why) implements Outcome {}
    }

    private final URI issuer;
    private final HttpClient http;
    private final Duration timeout;

    public TestUserProbe(URI issuer, HttpClient http, Duration timeout) {
        this.issuer = URI.create(issuer.toString().replaceAll("/+$", ""));
        this.http = http;
        this.timeout = timeout;
    }

    public Outcome run() {
        try {
            URI token = tokenEndpoint();
            List<String> found = new ArrayList<>();
            for (String client : PublishedCredentials.PASSWORD_CLIENTS) {
                for (PublishedCredentials.User u : PublishedCredentials.TEST_USERS) {
                    Answer a = post(
                            token,
                            "grant_type=password&client_id=" + enc(client) + "&username=" + enc(u.username())
                                    + "&password=" + enc(u.password()));
                    if (a.status() == 200) {
                        found.add("test user " + u.username() + " (password grant of " + client + ")");
                    } else if (a.clientRefused()) {
                        break; // no such client here, or it may not use passwords: its users cannot sign in through it
                    }
                }
                if (!found.isEmpty()) break;
            }
            Answer origin = post(
                    token,
                    "grant_type=client_credentials&client_id=" + enc(PublishedCredentials.ORIGIN_CLIENT)
                            + "&client_secret=" + enc(PublishedCredentials.ORIGIN_SECRET));
            if (origin.status() == 200) {
                found.add("client " + PublishedCredentials.ORIGIN_CLIENT + " with its published secret");
            }
            return found.isEmpty() ? new Outcome.Clean() : new Outcome.Found(List.copyOf(found));
        } catch (IOException e) {
            return new Outcome.Unreachable(issuer + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Unreachable("interrupted");
        }
    }

    private URI tokenEndpoint() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                        .timeout(timeout)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("discovery answered " + r.statusCode());
        JsonNode endpoint = JSON.readTree(r.body()).path("token_endpoint");
        if (!endpoint.isTextual()) throw new IOException("discovery without token_endpoint");
        return URI.create(endpoint.asText());
    }

    private record Answer(int status, String error) {
        boolean clientRefused() {
            return status == 401 || "unauthorized_client".equals(error) || "invalid_client".equals(error);
        }
    }

    private Answer post(URI token, String form) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(token)
                        .timeout(timeout)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 500) throw new IOException("token endpoint answered " + r.statusCode());
        String error = null;
        try {
            error = JSON.readTree(r.body()).path("error").asText(null);
        } catch (IOException notJson) {
            // an error page; the status says enough
        }
        return new Answer(r.statusCode(), error);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
