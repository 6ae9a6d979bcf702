package dev.riffle.tracker.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.tracker.matching.Locality;
import dev.riffle.tracker.matching.PeerEntry;
import dev.riffle.tracker.matching.SegmentRanges;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rules every {@link SwarmStore} keeps; run against each implementation. */
abstract class SwarmStoreContract {

    static final Duration TTL = Duration.ofSeconds(150);
    static final long T0 = 1_763_780_000_000L;
    static final Locality BERLIN = new Locality(3320, "DE", "BE");
    static final Locality PARIS = new Locality(3215, "FR", "IDF");

    private final List<SwarmStore> opened = new ArrayList<>();

    /** A fresh, empty store with the given TTL and per-swarm cap, isolated from every other test. */
    abstract SwarmStore create(Duration ttl, int maxPeers);

    SwarmStore store(int maxPeers) {
        SwarmStore s = create(TTL, maxPeers);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(SwarmStore::close);
    }

    static PeerEntry peer(String id, Locality where, long seenAt) {
        return new PeerEntry(id, where, "192.0.2.0/24", 1_000_000, 10, 7, SegmentRanges.of(0, 9, 20, 29), seenAt);
    }

    static <T> T get(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    static List<String> ids(Optional<SwarmStore.SwarmView> view) {
        return view.orElseThrow().candidates().asList().stream()
                .map(PeerEntry::peerId)
                .sorted()
                .toList();
    }

    @Test
    void joinReturnsTheOtherPeersWithEverythingTheyAnnounced() {
        SwarmStore store = store(100);
        get(store.join("s", peer("a", BERLIN, T0), true, 50, T0));
        Optional<SwarmStore.SwarmView> view = get(store.join("s", peer("b", PARIS, T0 + 1), true, 50, T0 + 1));
        assertThat(view.orElseThrow().size()).isEqualTo(2);
        assertThat(view.get().candidates().asList()).containsExactly(peer("a", BERLIN, T0));
    }

    @Test
    void aReaderSeesWhatJoinReturnsPerhapsWithTheViewerItself() {
        SwarmStore store = store(100);
        get(store.join("s", peer("a", BERLIN, T0), true, 50, T0));
        get(store.join("s", peer("b", PARIS, T0 + 1), true, 50, T0 + 1));
        Optional<List<String>> read =
                get(store.joinAndRead("s", peer("c", BERLIN, T0 + 2), true, 50, T0 + 2, (size, candidates) -> {
                    assertThat(size).isEqualTo(3);
                    return candidates.asList().stream()
                            .map(PeerEntry::peerId)
                            .filter(id -> !id.equals("c"))
                            .sorted()
                            .toList();
                }));
        assertThat(read).contains(List.of("a", "b"));
    }

    @Test
    void aReaderIsNotCalledForAnUnknownSwarm() {
        SwarmStore store = store(100);
        Optional<String> read =
                get(store.joinAndRead("nobody-here", peer("a", BERLIN, T0), false, 50, T0, (size, candidates) -> {
                    throw new AssertionError("reader called for an unknown swarm");
                }));
        assertThat(read).isEmpty();
    }

    @Test
    void reannouncingReplacesThePeersRecord() {
        SwarmStore store = store(100);
        get(store.join("s", peer("a", BERLIN, T0), true, 50, T0));
        get(store.join("s", peer("a", PARIS, T0 + 5), true, 50, T0 + 5));
        Optional<SwarmStore.SwarmView> view = get(store.join("s", peer("b", BERLIN, T0 + 6), true, 50, T0 + 6));
        assertThat(view.orElseThrow().size()).isEqualTo(2);
        assertThat(view.get().candidates().asList()).containsExactly(peer("a", PARIS, T0 + 5));
    }

    @Test
    void anUnknownSwarmIsNotCreatedByAnUpdate() {
        SwarmStore store = store(100);
        assertThat(get(store.join("nobody-here", peer("a", BERLIN, T0), false, 50, T0)))
                .isEmpty();
        assertThat(get(store.size("nobody-here", T0))).isZero();
        get(store.join("s", peer("a", BERLIN, T0), true, 50, T0));
        assertThat(get(store.join("s", peer("b", BERLIN, T0), false, 50, T0))).isPresent();
    }

    @Test
    void silentPeersExpire() {
        SwarmStore store = store(100);
        get(store.join("s", peer("old", BERLIN, T0), true, 50, T0));
        long later = T0 + TTL.toMillis() + 1;
        assertThat(get(store.contains("s", "old", later))).isFalse();
        Optional<SwarmStore.SwarmView> view = get(store.join("s", peer("new", BERLIN, later), true, 50, later));
        assertThat(view.orElseThrow().candidates().asList()).isEmpty();
        assertThat(view.get().size()).isEqualTo(1);
    }

    @Test
    void aSwarmWhoseEveryPeerWentSilentIsUnknownToUpdates() {
        SwarmStore store = store(100);
        get(store.join("s", peer("a", BERLIN, T0), true, 50, T0));
        long later = T0 + TTL.toMillis() + 1;
        assertThat(get(store.join("s", peer("b", BERLIN, later), false, 50, later)))
                .isEmpty();
    }

    @Test
    void leaveRemovesThePeerOnce() {
        SwarmStore store = store(100);
        get(store.join("s", peer("a", BERLIN, T0), true, 50, T0));
        get(store.join("s", peer("b", BERLIN, T0), true, 50, T0));
        assertThat(get(store.leave("s", "a"))).isTrue();
        assertThat(get(store.leave("s", "a"))).isFalse();
        assertThat(get(store.contains("s", "a", T0))).isFalse();
        assertThat(get(store.contains("s", "b", T0))).isTrue();
        assertThat(get(store.size("s", T0))).isEqualTo(1);
    }

    @Test
    void aFullSwarmEvictsTheLongestSilentPeer() {
        SwarmStore store = store(3);
        for (int i = 0; i < 5; i++) {
            get(store.join("s", peer("p" + i, BERLIN, T0 + i), true, 50, T0 + i));
        }
        assertThat(get(store.size("s", T0 + 5))).isEqualTo(3);
        assertThat(get(store.contains("s", "p0", T0 + 5))).isFalse();
        assertThat(get(store.contains("s", "p1", T0 + 5))).isFalse();
        assertThat(get(store.contains("s", "p4", T0 + 5))).isTrue();
    }

    @Test
    void largeSwarmsAreSampledUpToThePoolFavouringTheViewersGroup() {
        SwarmStore store = store(1000);
        for (int i = 0; i < 300; i++) {
            get(store.join("s", peer("far" + i, PARIS, T0), true, 10, T0));
        }
        for (int i = 0; i < 10; i++) {
            get(store.join("s", peer("near" + i, BERLIN, T0), true, 10, T0));
        }
        Optional<SwarmStore.SwarmView> view = get(store.join("s", peer("me", BERLIN, T0), true, 40, T0));
        assertThat(view.orElseThrow().size()).isEqualTo(311);
        List<String> ids = ids(view);
        assertThat(ids)
                .hasSizeLessThanOrEqualTo(40)
                .hasSizeGreaterThan(20)
                .doesNotContain("me")
                .doesNotHaveDuplicates();
        assertThat(ids.stream().filter(id -> id.startsWith("near")).count()).isEqualTo(10);
    }

    @Test
    void swarmsAreIndependent() {
        SwarmStore store = store(100);
        get(store.join("s1", peer("a", BERLIN, T0), true, 50, T0));
        Optional<SwarmStore.SwarmView> view = get(store.join("s2", peer("b", BERLIN, T0), true, 50, T0));
        assertThat(view.orElseThrow().candidates().asList()).isEmpty();
    }

    @Test
    void concurrentJoinsLoseNobody() throws Exception {
        SwarmStore store = store(10_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                all.add(CompletableFuture.supplyAsync(
                                () -> store.join("s", peer("p" + n, BERLIN, T0), true, 5, T0), pool)
                        .thenCompose(s -> s));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(get(store.size("s", T0))).isEqualTo(400);
    }
}
