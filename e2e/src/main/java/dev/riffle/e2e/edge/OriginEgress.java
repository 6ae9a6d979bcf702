package dev.riffle.e2e.edge;

import dev.riffle.e2e.platform.Platform;
import dev.riffle.testkit.QuarkusApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Bytes the origin has sent, from its own counter {@code riffle_origin_served_bytes_total} (management port). */
public final class OriginEgress {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OriginEgress() {}

    /** Body bytes of content kind {@code kind} (e.g. {@code segment}), or of every kind when {@code kind} is null. */
    public static long bytes(Platform platform, String kind) {
        QuarkusApp origin = platform.services().stream()
                .filter(a -> a.name().equals("origin-server"))
                .findFirst()
                .orElseThrow();
        String text;
        try {
            HttpResponse<String> res = HTTP.send(
                    HttpRequest.newBuilder(URI.create(origin.managementUrl() + "/q/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) throw new IllegalStateException("origin metrics: " + res.statusCode());
            text = res.body();
        } catch (IOException e) {
            throw new IllegalStateException("origin metrics unreadable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return (long) text.lines()
                .filter(l -> l.startsWith("riffle_origin_served_bytes_total{"))
                .filter(l -> kind == null || l.contains("kind=\"" + kind + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
