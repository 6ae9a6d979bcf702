package dev.riffle.agent.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.protocol.hash.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentCacheTest {
    @TempDir
    Path dir;

    /** A clock the test moves by hand: recency must not depend on how fast the test runs. */
    private final AtomicLong seconds = new AtomicLong(1_700_000_000);

    private final InstantSource clock = () -> Instant.ofEpochSecond(seconds.getAndIncrement());

    private static byte[] bytes(int size, int fill) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    private static SegmentKey key(long seq) {
        return new SegmentKey("t1", "720p", seq);
    }

    private PutResult put(SegmentCache c, SegmentKey k, byte[] data) {
        return c.put(k, data, data.length, Sha256.of(data));
    }

    @Test
    void aSegmentEntersOnlyWhenItsHashMatchesTheManifest() throws IOException {
        var cache = SegmentCache.open(dir, 10_000, clock);
        byte[] good = bytes(100, 1);
        assertThat(cache.put(key(0), bytes(100, 2), 100, Sha256.of(good))).isEqualTo(PutResult.HASH_MISMATCH);
        assertThat(cache.put(key(0), bytes(99, 1), 100, Sha256.of(good))).isEqualTo(PutResult.WRONG_SIZE);
        assertThat(cache.contains(key(0))).isFalse();
        assertThat(cache.put(key(0), good, 100, Sha256.of(good))).isEqualTo(PutResult.STORED);
        assertThat(cache.put(key(0), good, 100, Sha256.of(good))).isEqualTo(PutResult.ALREADY_PRESENT);
        assertThat(cache.get(key(0))).hasValueSatisfying(b -> assertThat(b).isEqualTo(good));
        assertThat(cache.usedBytes()).isEqualTo(100);
    }

    @Test
    void theLeastRecentlyUsedSegmentIsEvictedToStayUnderTheCap() throws IOException {
        var cache = SegmentCache.open(dir, 300, clock);
        put(cache, key(0), bytes(100, 0));
        put(cache, key(1), bytes(100, 1));
        put(cache, key(2), bytes(100, 2));
        cache.get(key(0)); // 1 is now the oldest
        put(cache, key(3), bytes(100, 3));
        assertThat(cache.contains(key(1))).isFalse();
        assertThat(cache.lruOrder()).containsExactly(key(2), key(0), key(3));
        assertThat(cache.usedBytes()).isEqualTo(300);
        assertThat(put(cache, key(9), bytes(301, 9))).isEqualTo(PutResult.TOO_LARGE);
    }

    @Test
    void theIndexAndRecencySurviveARestart() throws IOException {
        var cache = SegmentCache.open(dir, 1_000, clock);
        put(cache, key(0), bytes(100, 0));
        put(cache, key(1), bytes(100, 1));
        put(cache, new SegmentKey("t2", "480p", 7), bytes(50, 7));
        cache.get(key(0));
        var reopened = SegmentCache.open(dir, 1_000, clock);
        assertThat(reopened.usedBytes()).isEqualTo(250);
        assertThat(reopened.lruOrder()).containsExactly(key(1), new SegmentKey("t2", "480p", 7), key(0));
        assertThat(reopened.segments("t1", "720p")).containsExactly(0L, 1L);
    }

    @Test
    void reopeningWithASmallerCapEvictsTheOldest() throws IOException {
        var cache = SegmentCache.open(dir, 1_000, clock);
        for (int i = 0; i < 5; i++) put(cache, key(i), bytes(100, i));
        var reopened = SegmentCache.open(dir, 250, clock);
        assertThat(reopened.lruOrder()).containsExactly(key(3), key(4));
        assertThat(Files.exists(dir.resolve("t1/720p/0.seg"))).isFalse();
    }

    @Test
    void loweringTheCapWhileOpenEvictsTheOldestAtOnce() throws IOException {
        var cache = SegmentCache.open(dir, 1_000, clock);
        for (int i = 0; i < 5; i++) put(cache, key(i), bytes(100, i));
        cache.maxBytes(250);
        assertThat(cache.lruOrder()).containsExactly(key(3), key(4));
        assertThat(cache.usedBytes()).isEqualTo(200);
        assertThat(Files.exists(dir.resolve("t1/720p/0.seg"))).isFalse();
        assertThat(put(cache, key(9), bytes(251, 9))).isEqualTo(PutResult.TOO_LARGE);
    }

    @Test
    void aPartialWriteLeftByACrashIsNeverVisible() throws IOException {
        SegmentCache.open(dir, 1_000, clock);
        Files.write(dir.resolve(".tmp/abc.part"), bytes(10, 1));
        Files.createDirectories(dir.resolve("t1/720p"));
        Files.write(dir.resolve("t1/720p/notes.txt"), bytes(10, 1));
        var cache = SegmentCache.open(dir, 1_000, clock);
        assertThat(cache.usedBytes()).isZero();
        assertThat(dir.resolve(".tmp")).isEmptyDirectory();
    }

    @Test
    void stoppingSeedingHidesATitleFromPeersButNotFromThePlayerAndPersists() throws IOException {
        var cache = SegmentCache.open(dir, 1_000, clock);
        put(cache, key(0), bytes(10, 0));
        cache.stopSeeding("t1");
        cache.stopSeeding("t1");
        assertThat(cache.getForPeer(key(0))).isEmpty();
        assertThat(cache.get(key(0))).isPresent();
        var reopened = SegmentCache.open(dir, 1_000, clock);
        assertThat(reopened.isSeeding("t1")).isFalse();
        assertThat(reopened.isSeeding("t2")).isTrue();
        reopened.resumeSeeding("t1");
        assertThat(reopened.getForPeer(key(0))).isPresent();
    }

    @Test
    void deletingATitleRemovesItsSegmentsOnly() throws IOException {
        var cache = SegmentCache.open(dir, 1_000, clock);
        put(cache, key(0), bytes(10, 0));
        put(cache, new SegmentKey("t2", "480p", 1), bytes(20, 1));
        cache.deleteTitle("t1");
        assertThat(cache.bytesPerTitle()).containsExactly(java.util.Map.entry("t2", 20L));
        assertThat(dir.resolve("t1")).doesNotExist();
        assertThat(SegmentCache.open(dir, 1_000, clock).usedBytes()).isEqualTo(20);
    }

    @Test
    void namesThatCouldEscapeTheCacheDirectoryAreRejected() {
        for (String bad : new String[] {"..", ".", "a/b", "a\\b", "", ".hidden", "x".repeat(200)}) {
            assertThatThrownBy(() -> new SegmentKey(bad, "720p", 0))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new SegmentKey("t", bad, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
