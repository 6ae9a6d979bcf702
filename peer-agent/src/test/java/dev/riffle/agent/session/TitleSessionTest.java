package dev.riffle.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.riffle.agent.cache.SegmentCache;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.Scheduler;
import dev.riffle.agent.scheduler.SchedulerConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetch loop without sockets: real {@link TitleSession}s, caches and scheduler, joined through an {@link
 * InProcessSwarm} and fed by a {@link FakeEdge}, with players asking for segments in real time. Half-second segments
 * keep each case to a few seconds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TitleSessionTest {
    private static final long SEGMENT_MS = 500;
    private static final int SEGMENTS = 12;
    private static final SchedulerConfig SCHEDULER = SchedulerConfig.defaults().toBuilder()
            .deadlineMarginMillis(250)
            .urgentWindowMillis(1_000)
            .blockedGraceMillis(500)
            .build();

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final ScheduledExecutorService io = Executors.newScheduledThreadPool(2);
    private final List<TitleSession> sessions = new ArrayList<>();
    private final MemoryTitle title = MemoryTitle.create("t", List.of("360p", "240p"), SEGMENTS, SEGMENT_MS, 20_000);
    private final FakeEdge edge = new FakeEdge(vertx, title, 30);
    private final InProcessSwarm swarm = new InProcessSwarm(title, io);

    @AfterEach
    void stop() throws Exception {
        sessions.forEach(TitleSession::close);
        io.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private record Agent(TitleSession session, InProcessSwarm.Member member, Counters counters) {}

    private Agent agent(String name, long transferMillis, SwarmReports reports) throws Exception {
        var cache = SegmentCache.open(dir.resolve(name), 100_000_000, InstantSource.system());
        var member = swarm.join(new PeerId(name), cache, transferMillis);
        var counters = new Counters();
        var session = new TitleSession(
                vertx,
                new TitleManifest(title.manifest(), System.currentTimeMillis()),
                cache,
                edge,
                member,
                // Margins scaled to the half-second segments (the defaults are for 2-6 s ones).
                new Scheduler(SCHEDULER),
                counters,
                InstantSource.system(),
                Duration.ofMillis(50),
                reports,
                member.id,
                null,
                LivePolicy.defaults());
        sessions.add(session);
        return new Agent(session, member, counters);
    }

    /** The tracker's answer for the title's renditions: {@code size} viewers. */
    private SwarmReports reports(int size) {
        var r = new SwarmReports();
        for (var rendition : title.manifest().renditions()) {
            r.reported(title.manifest().swarmId(rendition.id()), size, java.util.Set.of());
        }
        return r;
    }

    /**
     * A player on its own thread: the media playlist, then each segment once less than {@code readAheadMs} is
     * buffered, playing in real time; completes with the number of times its buffer ran dry.
     */
    private CompletableFuture<Integer> play(TitleSession s, String rendition, long readAheadMs) {
        return CompletableFuture.supplyAsync(() -> {
            s.playlistRequested(rendition);
            long start = -1, buffered = 0, stalledMs = 0;
            int stalls = 0;
            for (long seq = 0; seq < SEGMENTS; seq++) {
                while (start >= 0 && buffered - (System.currentTimeMillis() - start - stalledMs) >= readAheadMs) {
                    sleep(10);
                }
                try {
                    s.segment(rendition, seq, Duration.ofSeconds(20))
                            .toCompletionStage()
                            .toCompletableFuture()
                            .get(25, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("segment " + seq + ": " + e.getMessage(), e);
                }
                long now = System.currentTimeMillis();
                if (start < 0) {
                    start = now;
                } else {
                    long late = (now - start - stalledMs) - buffered;
                    if (late > 200) stalls++;
                    if (late > 0) stalledMs += late;
                }
                buffered += SEGMENT_MS;
            }
            return stalls;
        });
    }

    /** A player that asks for a rendition's playlist, then for one segment, and waits for it. */
    private static void watch(TitleSession s, String rendition, long seq) throws Exception {
        s.playlistRequested(rendition);
        s.segment(rendition, seq, Duration.ofSeconds(10))
                .toCompletionStage()
                .toCompletableFuture()
                .get(15, TimeUnit.SECONDS);
    }

    /** The agent's cache holds every segment of 360p (as a seeder that watched it before). */
    private void holdsEverything(Agent a) throws Exception {
        for (long seq = 0; seq < SEGMENTS; seq++) {
            var s = title.manifest().segment("360p", seq).orElseThrow();
            var key = new dev.riffle.agent.cache.SegmentKey("t", "360p", seq);
            a.member().cache.put(key, title.segment("360p", seq), s.size(), s.sha256());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int finish(CompletableFuture<Integer> f) throws Exception {
        return f.get(40, TimeUnit.SECONDS);
    }

    @Test
    void aPeerHoldingTheTitleServesAPlayerThatReadsFarAheadWithoutTheCdn() throws Exception {
        Agent seeder = agent("seeder", 5, reports(2));
        holdsEverything(seeder);
        Agent viewer = agent("viewer", 5, reports(2));

        // hls.js-like: it asks for the next segment as soon as it has the last, whatever it has buffered.
        int stalls = finish(play(viewer.session(), "360p", 60_000));

        assertThat(stalls).isZero();
        assertThat(edge.total()).as("edge requests").isZero();
        assertThat(viewer.counters().bytesFromPeers.get()).isPositive();
        assertThat(viewer.counters().startupMillis.get()).isNotNegative();
    }

    @Test
    void agentsJoiningAtOncePullEachNewSegmentFromTheEdgeAboutOnceAndShareIt() throws Exception {
        int n = 4;
        List<Agent> agents = new ArrayList<>();
        for (int i = 0; i < n; i++) agents.add(agent("a" + i, 10, reports(n)));
        List<CompletableFuture<Integer>> players = new ArrayList<>();
        for (Agent a : agents) players.add(play(a.session(), "360p", 2_000));
        for (var p : players) assertThat(finish(p)).as("stalls").isZero();

        // Ideal: each segment once. Before the agents have heard each other's windows a few go twice.
        String why = agents.stream()
                .map(a -> a.member().id + " elected " + a.counters().cdnElected.get() + " deadline "
                        + a.counters().cdnDeadline.get())
                .toList()
                .toString();
        assertThat(edge.total())
                .as("edge requests for %d segments: %s", SEGMENTS, why)
                .isLessThanOrEqualTo(SEGMENTS + n);
        for (Agent a : agents) {
            assertThat(a.counters().bytesFromPeers.get())
                    .as("peer bytes of " + a.member().id)
                    .isPositive();
        }
    }

    @Test
    void whenAnAgentThatPullsForTheSwarmLeavesMidTitleTheOthersGoOnWithoutStalling() throws Exception {
        List<Agent> agents = new ArrayList<>();
        for (int i = 0; i < 3; i++) agents.add(agent("b" + i, 10, reports(3)));
        List<CompletableFuture<Integer>> players = new ArrayList<>();
        for (Agent a : agents.subList(1, 3)) players.add(play(a.session(), "360p", 2_000));
        // The leaver plays too, until it has pulled its share of the first segments from the edge.
        var leaver = agents.get(0);
        var leaverPlays = play(leaver.session(), "360p", 2_000);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> leaver.counters().cdnElected.get() > 0);
        leaver.member().leave();
        leaver.session().close();
        leaverPlays.cancel(true);

        for (var p : players) assertThat(finish(p)).as("stalls").isZero();
        for (Agent a : agents.subList(1, 3)) {
            assertThat(a.counters().bytesFromPeers.get()
                            + a.counters().bytesFromCdn.get())
                    .isPositive();
        }
    }

    @Test
    void corruptBytesFromAPeerGetItBannedAndTheEdgeCoversTheSegment() throws Exception {
        Agent liar = agent("liar", 5, reports(2));
        holdsEverything(liar);
        liar.member().corrupt();
        Agent viewer = agent("honest", 5, reports(2));

        assertThat(finish(play(viewer.session(), "360p", 2_000))).isZero();

        assertThat(viewer.member().banned).containsExactly(liar.member().id);
        assertThat(viewer.counters().bans.get()).isEqualTo(1);
        assertThat(viewer.counters().hashMismatches.get()).isPositive();
        assertThat(viewer.counters().bytesFromCdn.get()).isPositive();
    }

    @Test
    void startupIsCountedOncePerPlayNotAgainWhenThePlayerSwitchesRendition() throws Exception {
        Agent a = agent("switcher", 5, reports(1));
        watch(a.session(), "360p", 0);
        long startup = a.counters().startupMillis.get();
        watch(a.session(), "240p", 1);

        assertThat(startup).isNotNegative();
        assertThat(a.counters().startupMillis.get()).isEqualTo(startup);
        assertThat(a.counters().stream("t", "360p").startupMillis.get()).isEqualTo(startup);
        assertThat(a.counters().stream("t", "240p").startupMillis.get())
                .as("a switch is not a startup")
                .isEqualTo(-1);
    }

    @Test
    void aRenditionLeftBehindGetsItsWindowAndClaimsWithdrawn() throws Exception {
        Agent a = agent("leaver", 5, reports(1));
        TitleSession s = a.session();
        watch(s, "360p", 0);
        var sd = title.manifest().swarmId("360p");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> a.member().windows.getOrDefault(sd, null) != null
                        && a.member().windows.get(sd).count() > 0);

        s.playlistRequested("240p");
        var counter = new AtomicInteger();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            counter.incrementAndGet();
            return a.member().windows.get(sd).count() == 0
                    && a.member()
                            .claims
                            .getOrDefault(sd, new java.util.TreeMap<>())
                            .isEmpty();
        });
    }
}
