package dev.riffle.agent.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.agent.Agent;
import dev.riffle.agent.AgentConfig;
import dev.riffle.agent.player.FfmpegDecode;
import dev.riffle.agent.player.TestTitle;
import dev.riffle.agent.scheduler.SchedulerConfig;
import dev.riffle.agent.testing.LicenseServer;
import dev.riffle.agent.testing.StaticEdge;
import dev.riffle.agent.testing.TestTracker;
import dev.riffle.agent.transport.RtcFactory;
import dev.riffle.testkit.OidcTokens;
import dev.riffle.testkit.QuarkusApp;
import dev.riffle.testkit.RiffleRealm;
import io.vertx.core.Future;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A polluter (dave's agent, its cached segments corrupted behind its back) is met in turn by alice's, bob's and
 * carol's agents through the real tracker. Each bans it for bytes failing the manifest's hash and reports it with
 * the evidence; after two accounts the tracker still hands it out, after the third it no longer does.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PolluterReportIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final SchedulerConfig P2P_FIRST = SchedulerConfig.defaults().toBuilder()
            .urgentWindowMillis(0)
            .deadlineMarginMillis(500)
            .build();

    private static LicenseServer license;
    private static QuarkusApp tracker;

    @TempDir
    Path dir;

    private StaticEdge edge;
    private RtcFactory rtc;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void servers() throws Exception {
        Path work = Files.createDirectories(
                Path.of("target", "it-polluter-" + System.nanoTime()).toAbsolutePath());
        license = LicenseServer.start(work);
        tracker = TestTracker.start(work, license, java.util.Map.of());
    }

    @AfterAll
    static void stopServers() {
        if (tracker != null) tracker.close();
        if (license != null) license.close();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) c.close();
        if (edge != null) edge.close();
    }

    private static <T> T sync(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aPolluterReportedByThreeAccountsIsNoLongerHandedOut() throws Exception {
        TestTitle title = TestTitle.create(dir.resolve("origin"), "polluted", 6, 11);
        OidcTokens idp = OidcTokens.forIssuer(license.issuer());
        Map<String, String> tokens = Map.of(
                "alice", idp.password(RiffleRealm.AGENT_CLIENT, RiffleRealm.ALICE),
                "bob", idp.password(RiffleRealm.AGENT_CLIENT, RiffleRealm.BOB),
                "carol", idp.password(RiffleRealm.AGENT_CLIENT, RiffleRealm.CAROL),
                "dave", idp.password(RiffleRealm.AGENT_CLIENT, RiffleRealm.DAVE));
        Set<String> bearers = new HashSet<>();
        tokens.values().forEach(t -> bearers.add("Bearer " + t));
        edge = StaticEdge.withKeyEndpoint(dir.resolve("origin"), title.key(), bearers);
        rtc = new RtcFactory();
        toClose.add(rtc);

        Agent mallory = agent("dave", tokens.get("dave"), SchedulerConfig.defaults());
        FfmpegDecode.assertDecodesCleanly(mallory.playUrl(title.titleId()), dir.resolve("ffmpeg-dave.log"));
        // Flip one byte in every segment dave holds: same sizes, wrong hashes.
        try (var files = Files.walk(dir.resolve("cache-dave").resolve(title.titleId()))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".seg")).toList()) {
                byte[] b = Files.readAllBytes(f);
                b[b.length / 2] ^= 0x5a;
                Files.write(f, b);
            }
        }
        String swarm = title.manifest().swarmId(title.rendition()).hex();

        int reports = 0;
        for (String account : List.of("alice", "bob", "carol")) {
            assertThat(handedOut(tokens.get(account), swarm))
                    .as("dave handed out to %s after %d reporting accounts", account, reports)
                    .contains(mallory.id().value());
            Agent honest = agent(account, tokens.get(account), P2P_FIRST);
            sync(honest.session(title.titleId()));
            await(account + " met dave")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> honest.peers().containsKey(mallory.id())
                            || honest.transport().isBanned(mallory.id()));
            FfmpegDecode.assertDecodesCleanly(
                    honest.playUrl(title.titleId()), dir.resolve("ffmpeg-" + account + ".log"));
            assertThat(honest.transport().isBanned(mallory.id()))
                    .as("%s banned dave", account)
                    .isTrue();
            assertThat(honest.counters().bytesFromPeers.get()).isZero();
            int expected = ++reports;
            await(account + "'s report counted")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> metric("riffle_tracker_polluter_reports_total{outcome=\"counted\"}") >= expected);
            // Leaves the swarm, so the next viewer can only meet dave.
            honest.close();
        }
        assertThat(metric("riffle_tracker_polluter_exclusions_total")).isEqualTo(1);
        await("dave no longer handed out").atMost(Duration.ofSeconds(5)).until(() -> !handedOut(
                        tokens.get("alice"), swarm)
                .contains(mallory.id().value()));
    }

    private Agent agent(String name, String token, SchedulerConfig scheduler) throws Exception {
        URI base = edge.base();
        Agent agent = sync(Agent.withTracker(
                edge.vertx(),
                AgentConfig.of(name, base, base, dir.resolve("cache-" + name), 200_000_000, 0, () -> token)
                        .withScheduler(scheduler),
                rtc,
                TrackerSettings.defaults(tracker.url())));
        toClose.add(0, agent);
        return agent;
    }

    /**
     * The peer ids the tracker hands the account's default device for the swarm now (it joins, reads the answer and
     * leaves again, so no agent dials it).
     */
    private static List<String> handedOut(String token, String swarm) throws Exception {
        var r = announce(token, "started", swarm);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode p : JSON.readTree(r.body()).path("swarms").path(0).path("peers"))
            out.add(p.path("peerId").asText());
        announce(token, "stopped", swarm);
        return out;
    }

    private static HttpResponse<String> announce(String token, String event, String swarm) throws Exception {
        String body = """
                {"event":"%s","uploadCapacity":1000000,"swarms":[{"id":"%s","playhead":0,"have":[]}]}""".formatted(event, swarm);
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(tracker.url() + "/v1/announce"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double metric(String series) {
        try {
            String text = HTTP.send(
                            HttpRequest.newBuilder(URI.create(tracker.managementUrl() + "/q/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$")
                    .matcher(text);
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        } catch (Exception e) {
            return 0;
        }
    }
}
