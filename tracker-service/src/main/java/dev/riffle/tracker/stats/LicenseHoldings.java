package dev.riffle.tracker.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Which titles an account holds live drm-license sessions for: {@code GET <license>/v1/sessions} with the account's own
 * bearer token (the one its stats report came with), so the tracker needs no credentials of its own and learns nothing
 * about other accounts. Answers are kept per account for {@code ttl}, and asked again (at most once a second) when a
 * report names a title the kept answer lacks, so a session opened just before a report counts at once. Empty when
 * drm-license cannot tell; the caller then drops the report's entries.
 */
public final class LicenseHoldings {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long REFRESH_MIN_MILLIS = 1000;

    private final URI sessions;
    private final HttpClient http;
    private final Duration timeout;
    private final long ttlMillis;
    private final int maxAccounts;
    private final LongSupplier millis;
    private final Map<String, Kept> kept;

    private record Kept(long at, Map<String, StatsGuard.Holding> holdings) {}

    public LicenseHoldings(URI license, Duration ttl, int maxAccounts, LongSupplier millis) {
        this.sessions = URI.create(license.toString().replaceAll("/+$", "") + "/v1/sessions");
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.timeout = Duration.ofSeconds(3);
        this.ttlMillis = ttl.toMillis();
        this.maxAccounts = maxAccounts;
        this.millis = millis;
        this.kept = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
                return size() > LicenseHoldings.this.maxAccounts;
            }
        };
    }

    /** The account's holdings, covering {@code titles} if drm-license says so; empty if drm-license did not answer. */
    public Optional<Map<String, StatsGuard.Holding>> of(String account, String bearerToken, Iterable<String> titles) {
        long now = millis.getAsLong();
        Kept k;
        synchronized (kept) {
            k = kept.get(account);
        }
        if (k != null && now - k.at() < ttlMillis && (coversAll(k, titles) || now - k.at() < REFRESH_MIN_MILLIS)) {
            return Optional.of(k.holdings());
        }
        Optional<Map<String, StatsGuard.Holding>> fresh = fetch(bearerToken);
        fresh.ifPresent(h -> {
            synchronized (kept) {
                kept.put(account, new Kept(now, h));
            }
        });
        return fresh;
    }

    private static boolean coversAll(Kept k, Iterable<String> titles) {
        for (String t : titles) {
            if (!k.holdings().containsKey(t)) return false;
        }
        return true;
    }

    private Optional<Map<String, StatsGuard.Holding>> fetch(String bearerToken) {
        try {
            HttpResponse<byte[]> r = http.send(
                    HttpRequest.newBuilder(sessions)
                            .timeout(timeout)
                            .header("Authorization", "Bearer " + bearerToken)
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) return Optional.empty();
            return Optional.of(parse(r.body()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code {"sessions":[{"titleId","startedAt","titleBytes"?}]}}; the earliest session of a title counts. */
    static Map<String, StatsGuard.Holding> parse(byte[] body) throws IOException {
        Map<String, StatsGuard.Holding> out = new HashMap<>();
        for (JsonNode s : JSON.readTree(body).path("sessions")) {
            String title = s.path("titleId").asText("");
            if (title.isEmpty() || title.equals("-")) continue;
            Instant started = Instant.parse(s.path("startedAt").asText());
            OptionalLong bytes = s.path("titleBytes").canConvertToLong()
                    ? OptionalLong.of(s.path("titleBytes").asLong())
                    : OptionalLong.empty();
            out.merge(
                    title,
                    new StatsGuard.Holding(started, bytes),
                    (a, b) -> a.startedAt().isBefore(b.startedAt()) ? a : b);
        }
        return out;
    }
}
