package dev.riffle.origin.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.testkit.FreePorts;
import dev.riffle.testkit.ManagedProcess;
import dev.riffle.testkit.OidcTokens;
import dev.riffle.testkit.RiffleRealm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Publishing is atomic across crashes: the packaged origin is killed (SIGKILL, with its ffmpeg, as a power cut would)
 * in the middle of an ingest and started again on the same data directory.
 */
class RestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static Path work;
    private static ManagedProcess license;
    private static URI licenseUrl;
    private static ManagedProcess origin;
    private static URI originUrl;
    private static Path data;

    @BeforeAll
    static void servers() throws Exception {
        work = Files.createDirectories(
                Path.of("target", "it-restart-" + System.nanoTime()).toAbsolutePath());
        data = work.resolve("origin-data");
        Path jar = Path.of(System.getProperty(
                        "riffle.it.drm-license-jar", "../drm-license-dev/target/quarkus-app/quarkus-run.jar"))
                .toAbsolutePath();
        int lp = FreePorts.pick();
        licenseUrl = URI.create("http://127.0.0.1:" + lp);
        license = ManagedProcess.start(
                List.of(
                        java(),
                        "-Xmx256m",
                        "-Dquarkus.http.port=" + lp,
                        "-Dquarkus.http.host=127.0.0.1",
                        "-Dquarkus.management.port=" + FreePorts.pick(),
                        "-Driffle.license.public-url=" + licenseUrl,
                        "-Driffle.license.keys.embedded-dir=" + work.resolve("license-data"),
                        "-jar",
                        jar.toString()),
                work,
                work.resolve("drm-license.log"),
                Map.of());
        waitReady(license, URI.create(licenseUrl + "/dev-idp/.well-known/openid-configuration"));
        startOrigin();
    }

    @AfterAll
    static void stopServers() {
        if (origin != null) origin.stop(Duration.ofSeconds(15));
        if (license != null) license.stop(Duration.ofSeconds(15));
    }

    private static void startOrigin() throws Exception {
        int port = FreePorts.pick();
        int management = FreePorts.pick();
        originUrl = URI.create("http://127.0.0.1:" + port);
        origin = ManagedProcess.start(
                List.of(
                        java(),
                        "-Xmx384m",
                        "-Dquarkus.http.port=" + port,
                        "-Dquarkus.http.host=127.0.0.1",
                        "-Dquarkus.management.port=" + management,
                        "-Dquarkus.oidc.auth-server-url=" + licenseUrl + "/dev-idp",
                        "-Driffle.origin.license.url=" + licenseUrl,
                        "-Driffle.origin.data-dir=" + data,
                        // slow enough to be caught in the middle: a real ladder at a real preset
                        "-Driffle.origin.packaging.ladder=360p:360:700,240p:240:300",
                        "-Driffle.origin.ffmpeg.preset=veryfast",
                        "-jar",
                        Path.of("target/quarkus-app/quarkus-run.jar")
                                .toAbsolutePath()
                                .toString()),
                work,
                work.resolve("origin.log"),
                Map.of());
        waitReady(origin, URI.create("http://127.0.0.1:" + management + "/q/health/ready"));
    }

    @Test
    void an_origin_killed_mid_ingest_publishes_nothing_says_why_the_job_failed_and_leaves_no_temporary_files()
            throws Exception {
        String token = OidcTokens.forIssuer(URI.create(licenseUrl + "/dev-idp"))
                .password(RiffleRealm.AGENT_CLIENT, RiffleRealm.OLIVIA);
        byte[] source = Files.readAllBytes(Clips.video(45));
        JsonNode created = call(
                "POST",
                "/v1/titles",
                token,
                "application/json",
                "{\"name\":\"Killed mid-ingest\",\"sourceBytes\":" + source.length + "}",
                201);
        String title = created.path("title").path("id").asText();
        String job = created.path("jobId").asText();
        HttpResponse<String> put = HTTP.send(
                HttpRequest.newBuilder(URI.create(originUrl + "/v1/uploads/" + job))
                        .header("Authorization", "Bearer " + token)
                        .header("Upload-Offset", "0")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(source))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        // Wait until ffmpeg is writing segments into staging, then pull the plug on the JVM and its children.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode j;
        do {
            j = call("GET", "/v1/jobs/" + job, token, null, null, 200);
            assertThat(j.path("state").asText()).as(j.toString()).isNotIn("succeeded", "failed");
            assertThat(System.nanoTime()).as("ingest never got going").isLessThan(deadline);
            Thread.sleep(100);
        } while (!(j.path("state").asText().equals("transcoding")
                && j.path("progress").asDouble() > 0.1));
        assertThat(filesUnder(data.resolve("staging"))).as("staging in use").isNotEmpty();
        List<ProcessHandle> tree = new ArrayList<>(
                ProcessHandle.of(origin.pid()).orElseThrow().descendants().toList());
        tree.add(0, ProcessHandle.of(origin.pid()).orElseThrow());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : tree) h.onExit().get(30, TimeUnit.SECONDS);
        origin.stop(Duration.ofSeconds(1));

        startOrigin();
        JsonNode after = call("GET", "/v1/jobs/" + job, token, null, null, 200);
        assertThat(after.path("state").asText()).isEqualTo("failed");
        assertThat(after.path("failure").asText()).startsWith("interrupted: the origin stopped during transcoding");
        JsonNode t = call("GET", "/v1/titles/" + title, token, null, null, 200);
        assertThat(t.path("status").asText()).isEqualTo("failed");
        assertThat(t.path("links").has("master")).isFalse();
        assertThat(status("/content/" + title + "/master.m3u8")).isEqualTo(404);
        assertThat(status("/v1/titles/" + title))
                .as("not in the public catalogue")
                .isEqualTo(404);
        assertThat(filesUnder(data.resolve("staging"))).as("staging cleaned").isEmpty();
        assertThat(filesUnder(data.resolve("uploads")))
                .as("source of the ended job removed")
                .isEmpty();
        assertThat(data.resolve("versions").resolve(title)).doesNotExist();
        assertThat(data.resolve("content").resolve(title)).doesNotExist();

        // As the reason says: upload the source again, and the same title publishes.
        byte[] small = Files.readAllBytes(Clips.video(6));
        JsonNode again = call(
                "POST",
                "/v1/titles/" + title + "/uploads",
                token,
                "application/json",
                "{\"sourceBytes\":" + small.length + "}",
                201);
        String job2 = again.path("jobId").asText();
        HttpResponse<String> put2 = HTTP.send(
                HttpRequest.newBuilder(URI.create(originUrl + "/v1/uploads/" + job2))
                        .header("Authorization", "Bearer " + token)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(small))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put2.statusCode()).as(put2.body()).isEqualTo(200);
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        do {
            j = call("GET", "/v1/jobs/" + job2, token, null, null, 200);
            assertThat(System.nanoTime()).as("second ingest did not finish").isLessThan(deadline);
            Thread.sleep(200);
        } while (!j.path("state").asText().equals("succeeded")
                && !j.path("state").asText().equals("failed"));
        assertThat(j.path("state").asText()).as(j.toString()).isEqualTo("succeeded");
        assertThat(status("/content/" + title + "/master.m3u8")).isEqualTo(200);
    }

    private static int status(String path) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(originUrl + path)).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static JsonNode call(String method, String path, String token, String type, String body, int expect)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(originUrl + path))
                .header("Authorization", "Bearer " + token)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) b.header("Content-Type", type);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expect);
        return JSON.readTree(r.body());
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).toList();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void waitReady(ManagedProcess p, URI probe) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException(p + " exited early:\n" + p.logTail(40));
            try {
                if (HTTP.send(
                                        HttpRequest.newBuilder(probe)
                                                .timeout(Duration.ofSeconds(2))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(p + " did not become ready:\n" + p.logTail(40));
    }
}
