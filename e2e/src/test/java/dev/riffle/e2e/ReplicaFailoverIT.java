package dev.riffle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.Agent;
import dev.riffle.agent.scheduler.SchedulerConfig;
import dev.riffle.e2e.platform.Platform;
import dev.riffle.e2e.platform.PlatformOptions;
import dev.riffle.e2e.platform.Replicas;
import dev.riffle.e2e.platform.TitleSpec;
import dev.riffle.e2e.platform.Viewer;
import dev.riffle.e2e.platform.ViewerSnapshot;
import dev.riffle.e2e.platform.ViewerState;
import dev.riffle.e2e.platform.Viewers;
import dev.riffle.e2e.platform.ViewersOptions;
import dev.riffle.testkit.QuarkusApp;
import dev.riffle.testkit.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replicas that fail over, as separate processes on loopback: two tracker-service replicas on one Redis, two drm-license
 * replicas on PostgreSQL and that Redis, a round-robin nginx in front of each pair, the origin, and four agents playing
 * a title over real WebRTC. During playback a tracker replica is killed ({@code kill -9}), then a licence replica, then
 * Redis is restarted; a fifth viewer joins afterwards. Playback goes on without a stall beyond the CDN-fallback budget,
 * every licence session survives (same id, heartbeats answered) and none is duplicated past the stream limit,
 * signalling crosses replicas, and the swarm works again after Redis returns. Recovery times are printed.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ReplicaFailoverIT {
    private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final int SECONDS = 60;
    private static final int VIEWERS = 4;
    /** A stall beyond this means the agent did not fall back to the CDN when the swarm could not deliver in time. */
    private static final long CDN_FALLBACK_BUDGET_MS =
            SchedulerConfig.defaults().urgentWindowMillis();

    private static final Pattern DELIVERED_FROM_REPLICA = Pattern.compile(
            "riffle_tracker_signal_messages_total\\{[^}]*outcome=\"delivered-from-replica\"[^}]*} ([0-9.eE+]+)");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Long> recovery = new LinkedHashMap<>();

    @Test
    void playbackLicencesAndSignallingSurviveAKilledTrackerAKilledLicenceReplicaAndARedisRestart() throws Exception {
        requirePostgres();
        Path work = E2e.workDir("replica-failover");
        try (RedisServer redis = RedisServer.start(work.resolve("redis"));
                Platform platform = Platform.start(
                        PlatformOptions.defaults(work)
                                .withReplicas(2, redis.hostPort(), JDBC)
                                .withAppsCopied(),
                        line -> System.out.println("[platform] " + line))) {
            Replicas replicas = platform.replicas().orElseThrow();
            try {
                scenario(work, redis, platform, replicas);
            } finally {
                dropSchema(replicas.schema());
            }
        }
    }

    private void scenario(Path work, RedisServer redis, Platform platform, Replicas replicas) throws Exception {
        Path clip = Platform.generateSampleClip(work.resolve("clip.mp4"), SECONDS);
        String titleId = platform.ingest(clip, TitleSpec.open("Failover"), (state, progress) -> {});
        System.out.println("[failover] title " + titleId + " ingested through the licence front");

        try (Viewers viewers =
                Viewers.start(platform, titleId, ViewersOptions.defaults(VIEWERS, work.resolve("caches")))) {
            eventually("every viewer playing", Duration.ofSeconds(90), () -> viewers.snapshots().stream()
                    .allMatch(s -> s.state() == ViewerState.PLAYING && s.segmentsPlayed() >= 2));
            List<Agent> agents = viewers.viewers().stream().map(Viewer::agent).toList();

            // Agents landed on both tracker replicas (nginx round robin): offers and answers cross them on Redis.
            eventually(
                    "signalling delivered across tracker replicas",
                    Duration.ofSeconds(30),
                    () -> replicas.trackers().stream()
                                    .mapToDouble(this::deliveredFromOtherReplica)
                                    .sum()
                            > 0);
            eventually("sessions open for every agent", Duration.ofSeconds(20), () -> agents.stream()
                    .allMatch(a -> a.licenses().sessionId(titleId).isPresent()));
            List<String> sessions = agents.stream()
                    .map(a -> a.licenses().sessionId(titleId).orElseThrow())
                    .toList();
            System.out.println("[failover] cross-replica signalling: "
                    + replicas.trackers().stream()
                            .map(this::deliveredFromOtherReplica)
                            .toList());

            // 1. a tracker replica dies: the agents whose signalling socket it held reconnect through nginx
            QuarkusApp tracker = replicas.trackers().get(0);
            long t0 = System.nanoTime();
            kill9(tracker);
            int dropped = awaitSignallingBack(agents, Duration.ofSeconds(60));
            assertThat(dropped)
                    .as("agents whose signalling socket was on the killed replica")
                    .isPositive();
            record("tracker replica killed: every agent's signalling socket open again", t0);

            // 2. a licence replica dies: heartbeats go on through nginx to the other one
            QuarkusApp license = replicas.licenses().get(0);
            long[] beats =
                    agents.stream().mapToLong(a -> a.licenses().heartbeats()).toArray();
            t0 = System.nanoTime();
            kill9(license);
            eventually(
                    "a heartbeat answered for every agent after the licence kill",
                    Duration.ofSeconds(30),
                    () -> advanced(agents, beats, a -> a.licenses().heartbeats()));
            record("licence replica killed: every agent's session heartbeat answered", t0);

            // 3. Redis restarts (append-only file: keys survive); Lettuce reconnects in the survivors
            long[] beats2 =
                    agents.stream().mapToLong(a -> a.licenses().heartbeats()).toArray();
            t0 = System.nanoTime();
            redis.restart();
            long restarted = System.nanoTime();
            record("redis restart (stop + start)", t0);
            eventually(
                    "heartbeats answered after the Redis restart",
                    Duration.ofSeconds(60),
                    () -> advanced(agents, beats2, a -> a.licenses().heartbeats()));
            record("redis back: every agent's session heartbeat answered", restarted);
            // Announces are periodic (about a minute apart when nothing changes); the swarm check is the late viewer
            // below, whose first announce and offers go through Redis.

            // 4. the swarm after Redis: a new viewer finds the others and takes segments from them
            long probeStart = System.nanoTime();
            try (Viewers late = Viewers.start(
                    platform,
                    titleId,
                    ViewersOptions.defaults(1, work.resolve("caches-late"))
                            .withAccounts(n -> Platform.viewerUser(VIEWERS + n)))) {
                eventually("the late viewer connected to a peer", Duration.ofSeconds(60), () -> {
                    Agent a = late.viewers().get(0).agent();
                    return a != null && a.totals().peersConnected() > 0;
                });
                record("redis back: a new viewer connected to a peer (from its start)", probeStart);
                eventually("the late viewer's licence session", Duration.ofSeconds(30), () -> late.viewers()
                        .get(0)
                        .agent()
                        .licenses()
                        .sessionId(titleId)
                        .isPresent());
                // While all five play: no session lost: every agent still holds the session it opened before the
                // failures
                for (int i = 0; i < agents.size(); i++) {
                    assertThat(agents.get(i).licenses().sessionId(titleId))
                            .as("licence session of viewer %d after the failures", i + 1)
                            .contains(sessions.get(i));
                }
                // none duplicated: per account at most the stream limit, and exactly one per playing agent
                Map<String, Long> perAccount = liveSessionsPerAccount(redis);
                System.out.println("[failover] live licence sessions per account key: " + perAccount);
                assertThat(perAccount.values()).allSatisfy(n -> assertThat(n).isBetween(1L, 2L));
                assertThat(perAccount.values().stream()
                                .mapToLong(Long::longValue)
                                .sum())
                        .as("live sessions = agents playing")
                        .isEqualTo(VIEWERS + 1L);

                assertThat(viewers.awaitFinished(Duration.ofMinutes(4)))
                        .as("viewers finished: %s", viewers.snapshots())
                        .isTrue();
                assertThat(late.awaitFinished(Duration.ofMinutes(3)))
                        .as("late viewer finished: %s", late.snapshots())
                        .isTrue();

                List<ViewerSnapshot> all = new ArrayList<>(viewers.snapshots());
                all.addAll(late.snapshots());
                all.forEach(v -> System.out.printf(
                        "[viewer] %s [%s] startup %d ms, stalls %d (%d ms), peers %d B, cdn %d B%n",
                        v.user(),
                        v.bar(),
                        v.startupMs(),
                        v.stalls(),
                        v.stallMs(),
                        v.bytesFromPeers(),
                        v.bytesFromCdn()));
                for (ViewerSnapshot v : all) {
                    assertThat(v.state()).as("%s: %s", v.user(), v.error()).isEqualTo(ViewerState.DONE);
                    assertThat(v.segmentsPlayed())
                            .as(v.user())
                            .isEqualTo(v.segmentsTotal())
                            .isPositive();
                    assertThat(v.keyStatus()).as("key of %s", v.user()).isEqualTo(200);
                    assertThat(v.stallMs())
                            .as("stall time of %s (CDN-fallback budget %d ms)", v.user(), CDN_FALLBACK_BUDGET_MS)
                            .isLessThanOrEqualTo(CDN_FALLBACK_BUDGET_MS);
                }
                assertThat(late.snapshots().get(0).bytesFromPeers())
                        .as("the viewer that joined after the Redis restart took bytes from the swarm")
                        .isPositive();
            }
        }
        assertThat(replicas.trackers().get(1).isAlive()).as("surviving tracker").isTrue();
        assertThat(replicas.licenses().get(1).isAlive())
                .as("surviving licence replica")
                .isTrue();
        System.out.println("[failover] recovery times (ms): " + recovery);
        Files.writeString(work.resolve("recovery.txt"), recovery.toString() + "\n", StandardCharsets.UTF_8);
    }

    /**
     * Watches every agent's signalling socket until each one that dropped (its replica was killed) is open again and
     * all are open; returns how many dropped.
     */
    private static int awaitSignallingBack(List<Agent> agents, Duration within) throws InterruptedException {
        boolean[] dropped = new boolean[agents.size()];
        long deadline = System.nanoTime() + within.toNanos();
        long quiet = System.nanoTime() + Duration.ofSeconds(3).toNanos(); // the sockets' close is seen within this
        while (true) {
            boolean allUp = true;
            for (int i = 0; i < agents.size(); i++) {
                boolean up = agents.get(i).signalingConnected();
                if (!up) dropped[i] = true;
                allUp &= up;
            }
            int n = 0;
            for (boolean d : dropped) if (d) n++;
            if (allUp && (n > 0 || System.nanoTime() > quiet)) return n;
            if (System.nanoTime() > deadline) throw new AssertionError("signalling not back within " + within);
            Thread.sleep(20);
        }
    }

    private static boolean advanced(List<Agent> agents, long[] before, java.util.function.ToLongFunction<Agent> now) {
        for (int i = 0; i < agents.size(); i++) {
            if (now.applyAsLong(agents.get(i)) <= before[i]) return false;
        }
        return true;
    }

    /** Sessions still live (expiry in the future) per account ZSET of the licence store. */
    private static Map<String, Long> liveSessionsPerAccount(RedisServer redis) {
        Map<String, Long> out = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        for (String key : redis.cli("--scan", "--pattern", "riffle:license:*:sessions")) {
            List<String> n = redis.cli("ZCOUNT", key, Long.toString(now), "+inf");
            out.put(key, n.isEmpty() ? 0 : Long.parseLong(n.get(0).trim()));
        }
        return out;
    }

    private double deliveredFromOtherReplica(QuarkusApp tracker) {
        if (!tracker.isAlive()) return 0;
        try {
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create(tracker.managementUrl() + "/q/metrics"))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            double sum = 0;
            Matcher m = DELIVERED_FROM_REPLICA.matcher(metrics);
            while (m.find()) sum += Double.parseDouble(m.group(1));
            return sum;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs, sockets drop. */
    private static void kill9(QuarkusApp app) {
        System.out.println("[failover] kill -9 " + app);
        ProcessHandle.of(app.pid()).ifPresent(ProcessHandle::destroyForcibly);
        eventually0(() -> !app.isAlive());
    }

    private void record(String what, long fromNanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - fromNanos);
        recovery.put(what, ms);
        System.out.println("[failover] " + what + ": " + ms + " ms");
    }

    private static void eventually(String what, Duration within, BooleanSupplier condition)
            throws InterruptedException {
        E2e.eventually(what, within, condition);
    }

    private static void eventually0(BooleanSupplier condition) {
        try {
            E2e.eventually("process gone", Duration.ofSeconds(10), condition);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** PostgreSQL at 127.0.0.1:5432 (trust auth, database {@code test}) is required: fail with a clear message. */
    private static void requirePostgres() throws Exception {
        var r = psql("select 1");
        assertThat(r)
                .as("PostgreSQL 15 must run at 127.0.0.1:5432 (trust auth, database test) for the licence replicas")
                .isEqualTo(0);
    }

    private static void dropSchema(String schema) throws Exception {
        if (schema != null && schema.matches("[a-z0-9_]+")) psql("drop schema if exists " + schema + " cascade");
    }

    private static int psql(String sql) throws Exception {
        Process p = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-c", sql)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
