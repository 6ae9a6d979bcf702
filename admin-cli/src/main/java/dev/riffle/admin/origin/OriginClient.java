package dev.riffle.admin.origin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riffle.admin.cli.Command.Metadata;
import dev.riffle.admin.upload.Chunk;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * The origin's operator API (origin-server/README.md) over {@code java.net.http}. Answers are JSON trees; errors
 * become {@link ApiException} (the origin answered) or {@link TransientException} (it did not).
 */
public final class OriginClient {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** A chunk may take long on a slow link; the bound is generous but finite. */
    private static final Duration CHUNK_TIMEOUT = Duration.ofMinutes(10);

    private final HttpClient http;
    private final URI origin;
    private final TokenSource tokens;
    private final ObjectMapper json;

    public OriginClient(HttpClient http, URI origin, TokenSource tokens, ObjectMapper json) {
        this.http = http;
        this.origin = origin;
        this.tokens = tokens;
        this.json = json;
    }

    public URI origin() {
        return origin;
    }

    /** {@code POST /v1/titles} with the metadata and the source size; answers {title, jobId, uploadUrl, jobUrl}. */
    public JsonNode createTitle(Metadata m, long sourceBytes) {
        ObjectNode body = json.createObjectNode();
        body.put("name", m.name());
        m.summary().ifPresent(v -> body.put("summary", v));
        m.requiredPlan().ifPresent(v -> body.put("requiredPlan", v));
        if (!m.territories().isEmpty()) {
            m.territories().forEach(body.putArray("territories")::add);
        }
        m.availableFrom().ifPresent(v -> body.put("availableFrom", v));
        m.availableUntil().ifPresent(v -> body.put("availableUntil", v));
        body.put("sourceBytes", sourceBytes);
        return call("POST", "/v1/titles", "application/json", HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    public JsonNode putSubtitles(String titleId, String lang, Path vtt) {
        return call("PUT", "/v1/titles/" + titleId + "/subtitles/" + lang, "text/vtt", file(vtt));
    }

    public JsonNode putPoster(String titleId, Path image, String type) {
        return call("PUT", "/v1/titles/" + titleId + "/poster", type, file(image));
    }

    public JsonNode job(String jobId) {
        return call("GET", "/v1/jobs/" + jobId, null, HttpRequest.BodyPublishers.noBody());
    }

    public JsonNode title(String titleId) {
        return call("GET", "/v1/titles/" + titleId, null, HttpRequest.BodyPublishers.noBody());
    }

    public JsonNode titles(Map<String, String> query) {
        String q = query.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return call("GET", "/v1/titles" + (q.isEmpty() ? "" : "?" + q), null, HttpRequest.BodyPublishers.noBody());
    }

    /** {@code POST /v1/live}: the new channel with its push URL and stream key (shown only in this answer). */
    public JsonNode createLive(Metadata m, Optional<Long> dvrSeconds, List<String> ladder) {
        ObjectNode body = json.createObjectNode();
        body.put("name", m.name());
        m.summary().ifPresent(v -> body.put("summary", v));
        m.requiredPlan().ifPresent(v -> body.put("requiredPlan", v));
        if (!m.territories().isEmpty()) m.territories().forEach(body.putArray("territories")::add);
        dvrSeconds.ifPresent(v -> body.put("windowSeconds", v));
        if (!ladder.isEmpty()) ladder.forEach(body.putArray("ladder")::add);
        return call("POST", "/v1/live", "application/json", HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    public JsonNode live(String channelId) {
        return call("GET", "/v1/live/" + channelId, null, HttpRequest.BodyPublishers.noBody());
    }

    public JsonNode liveChannels() {
        return call("GET", "/v1/live", null, HttpRequest.BodyPublishers.noBody());
    }

    public JsonNode stopLive(String channelId) {
        return call("POST", "/v1/live/" + channelId + "/stop", null, HttpRequest.BodyPublishers.noBody());
    }

    public JsonNode unpublish(String titleId) {
        return call("POST", "/v1/titles/" + titleId + "/unpublish", null, HttpRequest.BodyPublishers.noBody());
    }

    /** Where an upload stands: {@code HEAD /v1/uploads/{id}} → (Upload-Offset, Upload-Length). */
    public UploadStatus uploadStatus(String jobId) {
        HttpResponse<String> r =
                exchange("HEAD", "/v1/uploads/" + jobId, null, HttpRequest.BodyPublishers.noBody(), CALL_TIMEOUT);
        if (r.statusCode() != 200) throw error(r, "HEAD /v1/uploads/" + jobId);
        return new UploadStatus(header(r, "Upload-Offset"), header(r, "Upload-Length"));
    }

    public record UploadStatus(long offset, long length) {}

    /**
     * Sends one chunk of {@code source}, streamed from disk, with {@code Upload-Offset} and {@code Content-Range};
     * {@code sent} hears how many bytes of the chunk have been handed to the connection so far. Answers the origin's
     * new offset.
     */
    public long putChunk(String jobId, Path source, long total, Chunk c, LongConsumer sent) {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> open(source, c, sent)), c.length());
        HttpResponse<String> r = exchange(
                "PUT",
                "/v1/uploads/" + jobId,
                "application/offset+octet-stream",
                body,
                CHUNK_TIMEOUT,
                "Upload-Offset",
                Long.toString(c.offset()),
                "Content-Range",
                "bytes " + c.offset() + "-" + (c.end() - 1) + "/" + total);
        if (r.statusCode() != 200) throw error(r, "PUT /v1/uploads/" + jobId);
        return header(r, "Upload-Offset");
    }

    private static InputStream open(Path source, Chunk c, LongConsumer sent) {
        try {
            return new ChunkStream(source, c.offset(), c.length(), sent);
        } catch (IOException e) {
            // Surfaces as an IOException of the send, i.e. a transient failure; the file check before upload
            // makes this rare (the file vanished mid-upload).
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode call(String method, String path, String type, HttpRequest.BodyPublisher body) {
        HttpResponse<String> r = exchange(method, path, type, body, CALL_TIMEOUT);
        if (r.statusCode() / 100 != 2) throw error(r, method + " " + path);
        try {
            return r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body());
        } catch (IOException e) {
            throw new CliException(method + " " + path + ": the origin answered something that is not JSON");
        }
    }

    private HttpResponse<String> exchange(
            String method,
            String path,
            String type,
            HttpRequest.BodyPublisher body,
            Duration timeout,
            String... headers) {
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path))
                    .timeout(timeout)
                    .header("Authorization", "Bearer " + tokens.token())
                    .header("Accept", "application/json, application/problem+json")
                    .method(method, body);
            if (type != null) b.header("Content-Type", type);
            for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
            HttpResponse<String> r = send(b.build());
            // An expired password-grant token is renewed once; a token from a file cannot be.
            if (r.statusCode() == 401 && attempt == 0 && tokens.renew()) continue;
            return r;
        }
    }

    private HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new TransientException(
                    "cannot reach the origin at " + origin + " (connection refused): is origin-server running"
                            + " (./riffle origin), and is --origin right?",
                    e);
        } catch (HttpTimeoutException e) {
            throw new TransientException("the origin at " + origin + " did not answer in time", e);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new TransientException("connection to the origin at " + origin + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    /** Turns an error answer into a sentence an operator can act on. */
    ApiException error(HttpResponse<String> r, String what) {
        int status = r.statusCode();
        JsonNode problem;
        try {
            problem = r.body() == null || r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body());
        } catch (IOException e) {
            problem = json.createObjectNode();
        }
        String type = problem.path("type").asText("");
        String reason = type.isEmpty() ? "http-" + status : type.substring(type.lastIndexOf('/') + 1);
        String detail = problem.path("detail").asText("");
        return new ApiException(status, reason, Problems.describe(status, reason, detail, what, origin));
    }

    private static long header(HttpResponse<?> r, String name) {
        String v = r.headers()
                .firstValue(name)
                .orElseThrow(() -> new CliException("the origin did not send " + name + ": is --origin an origin?"));
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new CliException("the origin sent a bad " + name + ": " + v);
        }
    }

    private static HttpRequest.BodyPublisher file(Path p) {
        try {
            return HttpRequest.BodyPublishers.ofFile(p);
        } catch (java.io.FileNotFoundException e) {
            throw new CliException(p + " does not exist");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
