package dev.riffle.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.Agent;
import dev.riffle.agent.AgentConfig;
import dev.riffle.agent.playback.PlayerTracks;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.testing.StaticEdge;
import dev.riffle.agent.transport.InProcessSignaling;
import dev.riffle.agent.transport.RtcFactory;
import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.manifest.ContentKey;
import dev.riffle.protocol.manifest.ContentKeyId;
import dev.riffle.protocol.manifest.Iv;
import dev.riffle.protocol.manifest.IvRule;
import dev.riffle.protocol.manifest.Kind;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.RenditionType;
import dev.riffle.protocol.manifest.Resolution;
import dev.riffle.protocol.manifest.Segment;
import dev.riffle.protocol.sign.ManifestSigner;
import dev.riffle.protocol.sign.SigningKey;
import dev.riffle.protocol.sign.TrustedKeys;
import io.vertx.core.Future;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One title with a video and a separate audio rendition on a real HTTP edge on 127.0.0.1, read by a player that asks
 * for both in turn, as ffmpeg and hls.js do with alternate audio: the session follows both at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TitleSessionIT {
    private static final String TITLE = "two-tracks";
    private static final int SEGMENTS = 12;

    @TempDir
    Path dir;

    private StaticEdge edge;
    private final Map<String, AtomicInteger> edgeRequests = new ConcurrentHashMap<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        writeTitle(dir.resolve("origin"));
        edge = StaticEdge.start(
                dir.resolve("origin"), router -> router.route("/*").handler(rc -> {
                    edgeRequests
                            .computeIfAbsent(rc.request().path(), k -> new AtomicInteger())
                            .incrementAndGet();
                    rc.next();
                }));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) c.close();
        if (edge != null) edge.close();
    }

    @Test
    void aPlayerReadingVideoAndAudioTogetherHasBothPrefetchedAndNothingFetchedTwice() throws Exception {
        var rtc = new RtcFactory();
        var hub = new InProcessSignaling();
        toClose.add(rtc);
        toClose.add(hub);
        URI base = edge.base();
        var config = AgentConfig.of("viewer", base, base, dir.resolve("cache"), 100_000_000, 0, () -> "token");
        var agent = new Agent(edge.vertx(), config, rtc, hub.endpoint(new PeerId("viewer")));
        toClose.add(0, agent);
        TitleSession session = await(agent.session(TITLE));

        session.playlistRequested("720p");
        session.playlistRequested("aac");
        for (long seq = 0; seq <= 2; seq++) {
            await(session.segment("720p", seq, Duration.ofSeconds(10)));
            await(session.segment("aac", seq, Duration.ofSeconds(10)));
        }

        // Alone in its swarm, the agent takes every segment of both tracks within its window on itself.
        Set<Long> expected = LongStream.rangeClosed(0, 6).boxed().collect(Collectors.toSet());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < until
                && !(agent.cache().segments(TITLE, "720p").containsAll(expected)
                        && agent.cache().segments(TITLE, "aac").containsAll(expected))) {
            Thread.sleep(50);
        }
        assertThat(agent.cache().segments(TITLE, "720p")).containsAll(expected);
        assertThat(agent.cache().segments(TITLE, "aac")).containsAll(expected);
        assertThat(session.tracks().all())
                .extracting(PlayerTracks.Track::rendition, PlayerTracks.Track::playhead)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("720p", 2L),
                        org.assertj.core.groups.Tuple.tuple("aac", 2L));
        assertThat(session.rendition()).isEqualTo("720p");
        var segmentRequests = edgeRequests.entrySet().stream()
                .filter(e -> e.getKey().endsWith(".seg"))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
        assertThat(segmentRequests).as("segment requests at the edge").isNotEmpty();
        assertThat(segmentRequests.values()).as("no segment fetched twice").allMatch(n -> n == 1);
        assertThat(await(session.status()).get("renditions")).isEqualTo(Map.of("720p", 2L, "aac", 2L));
    }

    /** A signed manifest with a 720p video and an aac audio rendition of random bytes (never decoded here). */
    private static void writeTitle(Path root) throws Exception {
        var r = new SplittableRandom(11);
        List<Rendition> renditions = new ArrayList<>();
        for (String id : List.of("720p", "aac")) {
            Path out = Files.createDirectories(
                    root.resolve("content").resolve(TITLE).resolve(id));
            List<Segment> segments = new ArrayList<>();
            for (int i = 0; i < SEGMENTS; i++) {
                byte[] bytes = new byte[id.equals("aac") ? 4_000 : 40_000];
                r.nextBytes(bytes);
                byte[] iv = new byte[16];
                r.nextBytes(iv);
                Files.write(out.resolve(i + ".seg"), bytes);
                segments.add(new Segment(i, 2_000, bytes.length, Sha256.of(bytes), id + "/" + i + ".seg", new Iv(iv)));
            }
            boolean video = id.equals("720p");
            renditions.add(Rendition.of(
                    id,
                    video ? RenditionType.VIDEO : RenditionType.AUDIO,
                    video ? 400_000 : 64_000,
                    video ? new Resolution(1280, 720) : null,
                    video ? "avc1.42c00d" : "mp4a.40.2",
                    video ? null : "en",
                    2_000,
                    id + "/index.m3u8",
                    null,
                    segments));
        }
        byte[] kid = new byte[16];
        r.nextBytes(kid);
        var manifest = Manifest.v1(
                TITLE,
                Kind.VOD,
                Instant.now(),
                "test-origin",
                new ContentKey(new ContentKeyId(kid), IvRule.EXPLICIT),
                renditions);
        SigningKey signing = SigningKey.generate("test-origin");
        Files.write(
                root.resolve("content").resolve(TITLE).resolve("manifest.json"),
                new ManifestSigner(signing).sign(manifest).toJson());
        // The static server stands in for drm-license's manifest-keys too.
        Files.write(
                Files.createDirectories(root.resolve("v1")).resolve("manifest-keys"),
                TrustedKeys.of(signing).toJwks());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
