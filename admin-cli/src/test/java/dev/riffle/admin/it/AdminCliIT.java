package dev.riffle.admin.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.admin.AdminMain;
import dev.riffle.admin.upload.ResumePolicy;
import dev.riffle.testkit.FreePorts;
import dev.riffle.testkit.OidcTokens;
import dev.riffle.testkit.RiffleRealm;
import dev.riffle.testkit.TestClips;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ./riffle admin} against the real packaged drm-license and origin-server, with ffmpeg-made sources. */
class AdminCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Apps apps;
    private static Path files;
    private static Path clip;

    @BeforeAll
    static void start() throws Exception {
        apps = Apps.start("admin-cli");
        files = Files.createDirectories(apps.work.resolve("files"));
        clip = files.resolve("clip.mp4");
        TestClips.make(clip, TestClips.videoArgs("testsrc", "320x240", 25, 10));
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "color=c=red:size=64x96",
                "-frames:v",
                "1",
                files.resolve("poster.jpg").toString());
        Files.writeString(files.resolve("en.vtt"), "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello\n");
        Files.writeString(files.resolve("fr.vtt"), "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nBonjour\n");
    }

    @AfterAll
    static void stop() {
        if (apps != null) apps.close();
    }

    @Test
    void an_upload_with_poster_and_subtitles_survives_a_dropped_connection_and_publishes() throws Exception {
        long size = Files.size(clip);
        // Cut the connection about half way through the source: a real drop in the middle of a chunk.
        try (DroppingProxy proxy = new DroppingProxy(apps.originPort, size / 2, false)) {
            Run r = admin(
                    "upload",
                    clip.toString(),
                    "--name",
                    "CLI test pattern",
                    "--summary",
                    "bars and a tone",
                    "--poster",
                    files.resolve("poster.jpg").toString(),
                    "--subtitles",
                    "en=" + files.resolve("en.vtt"),
                    "--subtitles",
                    "fr=" + files.resolve("fr.vtt"),
                    "--plan",
                    "standard",
                    "--territories",
                    "FR,DE",
                    "--chunk-size",
                    "64K",
                    "--origin",
                    proxy.url(),
                    "--issuer",
                    apps.issuer.toString());
            System.out.println(r); // kept in the failsafe report: what an operator sees
            assertThat(r.code).as(r.toString()).isZero();
            assertThat(proxy.dropped()).isTrue();
            assertThat(r.err).contains("upload interrupted (").contains("resuming at byte");
            Matcher m = Pattern.compile("resuming at byte (\\d+)").matcher(r.err);
            assertThat(m.find()).isTrue();
            long resumedAt = Long.parseLong(m.group(1));
            // resumed from what the origin kept, not from zero: at most one chunk is sent twice
            assertThat(resumedAt).isPositive().isLessThanOrEqualTo(size / 2);
            assertThat(proxy.upstreamBytes()).isLessThan(size + (64 << 10) + 100_000);
            assertThat(r.err).contains("upload    [").contains("ingest    [").contains("100%");
            assertThat(r.out).contains("published ").contains("master playlist: " + proxy.url() + "/content/");

            String titleId = value(r.out, "title (\\S+) created");
            String jobId = value(r.out, "upload job (\\S+)");
            JsonNode title = get("/v1/titles/" + titleId);
            assertThat(title.path("status").asText()).isEqualTo("published");
            assertThat(title.path("requiredPlan").asText()).isEqualTo("standard");
            assertThat(title.path("territories").toString()).contains("\"FR\"").contains("\"DE\"");
            assertThat(title.path("subtitleLanguages").toString())
                    .contains("en")
                    .contains("fr");
            assertThat(title.path("posterType").asText()).isEqualTo("image/jpeg");
            HttpResponse<String> master = HTTP.send(
                    HttpRequest.newBuilder(URI.create(apps.origin + "/content/" + titleId + "/master.m3u8"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(master.statusCode()).isEqualTo(200);
            assertThat(master.body()).contains("#EXTM3U").contains("sub-fr");

            Run jobs = admin("jobs", jobId, "--origin", apps.origin.toString(), "--issuer", apps.issuer.toString());
            assertThat(jobs.code).as(jobs.toString()).isZero();
            assertThat(JSON.readTree(jobs.out).path("state").asText()).isEqualTo("succeeded");

            Run titles = admin(
                    "titles",
                    "--query",
                    "CLI test",
                    "--territory",
                    "fr",
                    "--origin",
                    apps.origin.toString(),
                    "--issuer",
                    apps.issuer.toString());
            assertThat(titles.code).as(titles.toString()).isZero();
            assertThat(titles.out).contains(titleId).contains("published").contains("CLI test pattern");

            Run off =
                    admin("unpublish", titleId, "--origin", apps.origin.toString(), "--issuer", apps.issuer.toString());
            assertThat(off.code).as(off.toString()).isZero();
            assertThat(off.out).contains("title " + titleId + " is unpublished");
            assertThat(HTTP.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(apps.origin + "/content/" + titleId + "/master.m3u8"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void an_upload_whose_origin_went_away_continues_in_a_later_run_with_resume() throws Exception {
        long size = Files.size(clip);
        String jobId;
        try (DroppingProxy proxy = new DroppingProxy(apps.originPort, size / 3, true)) {
            Run first = admin(
                    new ResumePolicy(2, Duration.ofMillis(50), Duration.ofMillis(100)),
                    "upload",
                    clip.toString(),
                    "--name",
                    "Resumed later",
                    // the first 64 KiB chunk completes before the cut, so the origin surely holds some bytes
                    "--chunk-size",
                    "64K",
                    "--origin",
                    proxy.url(),
                    "--issuer",
                    apps.issuer.toString());
            assertThat(first.code).as(first.toString()).isEqualTo(1);
            assertThat(first.err).contains("cannot reach the origin").contains("--resume");
            jobId = value(first.err, "--resume (\\S+)");
        }
        JsonNode half = get("/v1/jobs/" + jobId);
        assertThat(half.path("state").asText()).isEqualTo("awaiting_upload");
        long kept = half.path("receivedBytes").asLong();
        assertThat(kept).isPositive().isLessThan(size);

        Run second = admin(
                "upload",
                clip.toString(),
                "--resume",
                jobId,
                "--origin",
                apps.origin.toString(),
                "--issuer",
                apps.issuer.toString());
        assertThat(second.code).as(second.toString()).isZero();
        assertThat(second.err).contains("the origin already has");
        assertThat(second.out).contains("published ");
    }

    @Test
    void a_file_that_is_not_media_fails_with_the_jobs_reason() throws Exception {
        Path fake = files.resolve("not-a-movie.mp4");
        Files.writeString(fake, "this is a text file, not a movie\n".repeat(100));
        Run r = admin(
                "upload",
                fake.toString(),
                "--name",
                "Fake",
                "--origin",
                apps.origin.toString(),
                "--issuer",
                apps.issuer.toString());
        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.err).contains("ingest failed: not a playable media file");
    }

    @Test
    void a_live_channel_is_created_with_its_push_command_listed_and_stopped() throws Exception {
        String origin = apps.origin.toString();
        String issuer = apps.issuer.toString();

        Run created =
                admin("live", "create", "--name", "Final", "--dvr", "90s", "--origin", origin, "--issuer", issuer);
        assertThat(created.code).as(created.toString()).isZero();
        String id = value(created.out, "channel ([a-z0-9]+) \\(Final\\): idle, DVR window 90 s");
        String key = value(created.out, "stream key: (sk_[A-Za-z0-9_-]+)");
        assertThat(created.out).contains("ingest URL: rtmp://127.0.0.1:").contains("ffmpeg -re -i INPUT");
        assertThat(created.out).contains("/live/" + key + "'").contains("/play/" + id + "/master.m3u8");

        Run all = admin("live", "status", "--origin", origin, "--issuer", issuer);
        assertThat(all.code).as(all.toString()).isZero();
        assertThat(all.out).contains(id).contains("idle").contains("Final").doesNotContain(key);

        Run stopped = admin("live", "stop", id, "--origin", origin, "--issuer", issuer);
        assertThat(stopped.code).as(stopped.toString()).isZero();
        assertThat(stopped.out).contains("channel " + id + " is ended");
        assertThat(get("/v1/live/" + id).path("state").asText()).isEqualTo("ended");

        Run unknown = admin("live", "status", "nochannel", "--origin", origin, "--issuer", issuer);
        assertThat(unknown.code).isEqualTo(1);
        assertThat(unknown.err).contains("404");
        Run noName = admin("live", "create", "--origin", origin);
        assertThat(noName.code).isEqualTo(2);
        assertThat(noName.err).contains("live create needs --name");
    }

    @Test
    void bad_input_and_bad_credentials_and_a_dead_origin_say_what_is_wrong() throws Exception {
        String origin = apps.origin.toString();
        String issuer = apps.issuer.toString();

        Run missing = admin("upload", files.resolve("nope.mp4").toString(), "--name", "x", "--origin", origin);
        assertThat(missing.code).isEqualTo(1);
        assertThat(missing.err).contains("nope.mp4: no such file");

        Run usage = admin("upload", clip.toString());
        assertThat(usage.code).isEqualTo(2);
        assertThat(usage.err).contains("--name");

        Path badToken = files.resolve("bad-token");
        Files.writeString(badToken, "not.a.token\n");
        Run unauthorized = admin("jobs", "abc", "--token-file", badToken.toString(), "--origin", origin);
        assertThat(unauthorized.code).as(unauthorized.toString()).isEqualTo(1);
        assertThat(unauthorized.err).contains("401").contains("refused the credentials");

        // A subscriber's real token: authenticated, but not an operator.
        Path aliceToken = files.resolve("alice-token");
        Files.writeString(
                aliceToken, OidcTokens.forIssuer(apps.issuer).password(RiffleRealm.AGENT_CLIENT, RiffleRealm.ALICE));
        Run forbidden = admin(
                "upload", clip.toString(), "--name", "x", "--token-file", aliceToken.toString(), "--origin", origin);
        assertThat(forbidden.code).as(forbidden.toString()).isEqualTo(1);
        assertThat(forbidden.err).contains("forbidden (403)").contains("operator role");

        Run wrongPassword =
                admin("titles", "--user", "olivia", "--password", "wrong", "--issuer", issuer, "--origin", origin);
        assertThat(wrongPassword.code).isEqualTo(1);
        assertThat(wrongPassword.err).contains("sign-in as olivia").doesNotContain("wrong");

        Run down = admin("titles", "--origin", "http://127.0.0.1:" + FreePorts.pick(), "--issuer", issuer);
        assertThat(down.code).isEqualTo(1);
        assertThat(down.err).contains("cannot reach the origin").contains("connection refused");
    }

    private static JsonNode get(String path) throws Exception {
        String token = OidcTokens.forIssuer(apps.issuer).password(RiffleRealm.AGENT_CLIENT, RiffleRealm.OLIVIA);
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(apps.origin + path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static String value(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("'" + regex + "' in:\n" + text).isTrue();
        return m.group(1);
    }

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private static Run admin(String... args) {
        return admin(new ResumePolicy(6, Duration.ofMillis(100), Duration.ofSeconds(1)), args);
    }

    private static Run admin(ResumePolicy policy, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new AdminMain(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false,
                        policy)
                .run(List.of(args), Map.of());
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void ffmpeg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("ffmpeg failed: " + cmd);
        }
    }
}
