package dev.riffle.origin.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.testkit.OidcTokens;
import dev.riffle.testkit.QuarkusApp;
import dev.riffle.testkit.RiffleRealm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Three packaged origin processes on one shared data directory and one job lease table in the real PostgreSQL
 * (127.0.0.1:5432, database {@code test}, a schema of its own): one with role {@code edge} takes the upload, two with
 * role {@code ingest} race for the job. The worker that holds it is killed with SIGKILL (its ffmpeg too) in the middle
 * of transcoding; the other takes the job over when the lease expires and publishes the title once.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class OriginScaleOutIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String SCHEMA =
            "riffle_origin_scale_it_" + UUID.randomUUID().toString().substring(0, 8);
    private static Path work;
    private static PGSimpleDataSource db;
    private static QuarkusApp license;
    private static QuarkusApp edge;
    private static final List<QuarkusApp> ingest = new ArrayList<>();

    @BeforeAll
    static void servers() throws Exception {
        work = Files.createDirectories(
                Path.of("target", "it-scale-out-" + System.nanoTime()).toAbsolutePath());
        db = new PGSimpleDataSource();
        db.setUrl("jdbc:postgresql://127.0.0.1:5432/test");
        db.setUser("postgres");
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute("create schema " + SCHEMA);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("PostgreSQL must run at 127.0.0.1:5432 (database test, user postgres)", e);
        }
        db.setCurrentSchema(SCHEMA);
        Path jar = Path.of(System.getProperty(
                        "riffle.it.drm-license-jar", "../drm-license-dev/target/quarkus-app/quarkus-run.jar"))
                .toAbsolutePath();
        license = QuarkusApp.builder("drm-license", jar)
                .workDir(work.resolve("license"))
                .property("riffle.license.public-url", "http://127.0.0.1:${port}")
                .property(
                        "riffle.license.keys.embedded-dir",
                        work.resolve("license/data").toString())
                .readyPath("/dev-idp/.well-known/openid-configuration")
                .readyTimeout(Duration.ofSeconds(90))
                .start();
        edge = origin("origin-edge", "edge");
        ingest.add(origin("origin-ingest-1", "ingest"));
        ingest.add(origin("origin-ingest-2", "ingest"));
    }

    private static QuarkusApp origin(String name, String role) throws java.io.IOException {
        Files.createDirectories(work.resolve(name));
        return QuarkusApp.builder(
                        name, Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath())
                .workDir(work.resolve(name))
                .log(work.resolve(name + ".log"))
                .jvmArgs(List.of("-Xmx384m"))
                .property("quarkus.oidc.auth-server-url", license.url() + "/dev-idp")
                .property("riffle.origin.license.url", license.url().toString())
                .property("riffle.origin.data-dir", work.resolve("shared-data").toString())
                .property("riffle.origin.role", role)
                .property("riffle.origin.ingest.lease.kind", "postgresql")
                .property(
                        "riffle.origin.ingest.lease.jdbc-url",
                        "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + SCHEMA)
                .property("riffle.origin.ingest.lease.username", "postgres")
                .property("riffle.origin.ingest.lease.ttl", "3s")
                .property("riffle.origin.ingest.lease.poll", "300ms")
                .property("riffle.origin.live.rtmp-port", "0")
                // slow enough to be caught in the middle: a real ladder at a real preset
                .property("riffle.origin.packaging.ladder", "360p:360:700,240p:240:300")
                .property("riffle.origin.ffmpeg.preset", "veryfast")
                .readyPath("/q/health/ready")
                .readyTimeout(Duration.ofSeconds(90))
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (QuarkusApp a : ingest) a.stop(Duration.ofSeconds(10));
        if (edge != null) edge.stop(Duration.ofSeconds(10));
        if (license != null) license.stop(Duration.ofSeconds(10));
        if (db != null) {
            try (Connection c = db.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("drop schema if exists " + SCHEMA + " cascade");
            }
        }
    }

    @Test
    void anUploadToTheEdgeReplicaIsPackagedOnceByAnIngestReplicaAndTakenOverWhenItsWorkerDies() throws Exception {
        String token = OidcTokens.forIssuer(URI.create(license.url() + "/dev-idp"))
                .password(RiffleRealm.AGENT_CLIENT, RiffleRealm.OLIVIA);
        byte[] source = Files.readAllBytes(Clips.video(45));
        JsonNode created = call(
                edge.url(),
                "POST",
                "/v1/titles",
                token,
                "{\"name\":\"Scaled out\",\"sourceBytes\":" + source.length + "}",
                201);
        String title = created.path("title").path("id").asText();
        String job = created.path("jobId").asText();
        HttpResponse<String> put = HTTP.send(
                HttpRequest.newBuilder(URI.create(edge.url() + "/v1/uploads/" + job))
                        .header("Authorization", "Bearer " + token)
                        .header("Upload-Offset", "0")
                        .header("Content-Type", "application/offset+octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(source))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        // Wait until an ingest replica transcodes it (the edge replica reads the job's record from the shared
        // directory).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!call(edge.url(), "GET", "/v1/jobs/" + job, token, null, 200)
                .path("state")
                .asText()
                .equals("transcoding")) {
            if (System.nanoTime() > deadline) throw new AssertionError("no ingest replica started transcoding");
            Thread.sleep(100);
        }
        String[] first = lease(job);
        assertThat(first[1]).as("attempt").isEqualTo("1");
        QuarkusApp victim = holderOf(first[0]);
        QuarkusApp survivor = ingest.get(0) == victim ? ingest.get(1) : ingest.get(0);
        // A power cut: the worker and its ffmpeg die at once, nothing is handed back.
        ProcessHandle.of(victim.pid()).ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
        long killedAt = System.nanoTime();

        JsonNode end;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (true) {
            end = call(edge.url(), "GET", "/v1/jobs/" + job, token, null, 200);
            String state = end.path("state").asText();
            if (state.equals("succeeded") || state.equals("failed")) break;
            if (System.nanoTime() > deadline) throw new AssertionError("job did not end: " + end);
            Thread.sleep(200);
        }
        System.out.printf(
                "[scale-out] job ended %d ms after its worker was killed%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
        assertThat(end.path("state").asText()).as(end.toString()).isEqualTo("succeeded");
        String[] last = lease(job);
        assertThat(last[1]).as("taken over once").isEqualTo("2");
        assertThat(holderOf(last[0])).isSameAs(survivor);
        assertThat(last[2]).as("done").isEqualTo("t");
        assertThat(Files.readString(survivor.log()))
                .contains("taking over job " + job)
                .contains("published title " + title);
        assertThat(Files.readString(edge.log()))
                .as("the edge replica runs no ingest")
                .doesNotContain("published title");
        HttpResponse<String> master = HTTP.send(
                HttpRequest.newBuilder(URI.create(survivor.url() + "/content/" + title + "/master.m3u8"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(master.statusCode()).isEqualTo(200);
        assertThat(master.body()).contains("#EXTM3U");
    }

    /** {holder, attempt, done} of the job's lease row. */
    private static String[] lease(String job) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select holder, attempt, done from riffle_origin_job_leases where job_id = ?")) {
            ps.setString(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("lease row of " + job).isTrue();
                return new String[] {rs.getString(1), Integer.toString(rs.getInt(2)), rs.getBoolean(3) ? "t" : "f"};
            }
        }
    }

    /** The ingest process a lease holder names ({@code <pid>@host/…}). */
    private static QuarkusApp holderOf(String holder) {
        long pid = Long.parseLong(holder.substring(0, holder.indexOf('@')));
        return ingest.stream()
                .filter(a -> a.pid() == pid)
                .findFirst()
                .orElseThrow(() -> new AssertionError("holder " + holder + " is no ingest process"));
    }

    private static JsonNode call(URI base, String method, String path, String token, String json, int expected)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token)
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("Content-Type", "application/json");
        HttpResponse<String> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as("%s %s: %s", method, path, res.body()).isEqualTo(expected);
        return JSON.readTree(res.body());
    }
}
