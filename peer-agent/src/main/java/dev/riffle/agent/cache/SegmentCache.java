package dev.riffle.agent.cache;

import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.segment.SegmentVerdict;
import dev.riffle.protocol.segment.SegmentVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Verified segment cache on disk, capped in bytes, least recently used out first.
 *
 * <p>Layout: {@code root/<title>/<rendition>/<seq>.seg}, a {@code root/<title>/.no-seed} marker for titles the
 * subscriber stopped seeding, and {@code root/.tmp} for writes in progress. A segment is written to {@code .tmp},
 * forced to disk, then renamed atomically into place, so a crash never leaves a partial segment visible; leftovers in
 * {@code .tmp} are deleted on open. The index is rebuilt from the directory tree on open, with recency taken from file
 * modification times (set from the injected clock on every put and read).
 *
 * <p>Thread-safe: one lock; segments are small (≤ a few MB) and reads are rare next to network time.
 */
public final class SegmentCache {
    private static final String SUFFIX = ".seg";
    private static final String NO_SEED = ".no-seed";

    private final Path root;
    private final Path tmp;
    private volatile long maxBytes;
    private final InstantSource clock;
    /** Access-ordered: iteration starts at the least recently used. */
    private final LinkedHashMap<SegmentKey, Long> sizes = new LinkedHashMap<>(64, 0.75f, true);

    private long usedBytes;

    private SegmentCache(Path root, long maxBytes, InstantSource clock) {
        this.root = root;
        this.tmp = root.resolve(".tmp");
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** Opens (creating if needed) the cache at {@code root} and rebuilds its index from disk. */
    public static SegmentCache open(Path root, long maxBytes, InstantSource clock) throws IOException {
        if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes <= 0");
        var cache = new SegmentCache(root, maxBytes, clock);
        Files.createDirectories(cache.tmp);
        cache.rebuild();
        return cache;
    }

    private void rebuild() throws IOException {
        try (Stream<Path> leftovers = Files.list(tmp)) {
            for (Path p : (Iterable<Path>) leftovers::iterator) Files.deleteIfExists(p);
        }
        record Found(SegmentKey key, long size, FileTime touched) {}
        var found = new ArrayList<Found>();
        try (DirectoryStream<Path> titles = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path title : titles) {
                String titleId = title.getFileName().toString();
                if (titleId.startsWith(".")) continue;
                try (DirectoryStream<Path> renditions = Files.newDirectoryStream(title, Files::isDirectory)) {
                    for (Path rendition : renditions) {
                        try (DirectoryStream<Path> segs = Files.newDirectoryStream(rendition, "*" + SUFFIX)) {
                            for (Path seg : segs) {
                                SegmentKey key =
                                        parse(titleId, rendition.getFileName().toString(), seg);
                                if (key != null) {
                                    found.add(new Found(key, Files.size(seg), Files.getLastModifiedTime(seg)));
                                }
                            }
                        }
                    }
                }
            }
        }
        found.sort(
                Comparator.comparing(Found::touched).thenComparing(f -> f.key().toString()));
        for (Found f : found) {
            sizes.put(f.key(), f.size());
            usedBytes += f.size();
        }
        evictDownTo(maxBytes);
    }

    private static SegmentKey parse(String titleId, String rendition, Path seg) {
        String name = seg.getFileName().toString();
        try {
            return new SegmentKey(
                    titleId, rendition, Long.parseLong(name.substring(0, name.length() - SUFFIX.length())));
        } catch (IllegalArgumentException e) {
            return null; // not ours; leave it alone
        }
    }

    /**
     * Stores {@code data} if it has the manifest's size and SHA-256. Nothing unverified ever reaches the disk, the
     * player or another peer.
     */
    public PutResult put(SegmentKey key, byte[] data, long expectedSize, Sha256 expectedHash) {
        // Hash outside the lock: it is the expensive part and touches no shared state.
        var verifier = new SegmentVerifier(expectedSize, expectedHash);
        verifier.update(data);
        SegmentVerdict verdict = verifier.finish();
        if (verdict instanceof SegmentVerdict.WrongSize) return PutResult.WRONG_SIZE;
        if (verdict instanceof SegmentVerdict.WrongHash) return PutResult.HASH_MISMATCH;
        return store(key, data);
    }

    private synchronized PutResult store(SegmentKey key, byte[] data) {
        if (data.length > maxBytes) return PutResult.TOO_LARGE;
        if (sizes.containsKey(key)) {
            touch(key);
            return PutResult.ALREADY_PRESENT;
        }
        evictDownTo(maxBytes - data.length);
        Path target = path(key);
        Path part = tmp.resolve(UUID.randomUUID() + ".part");
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            Files.setLastModifiedTime(part, FileTime.from(clock.instant()));
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(part);
            throw new UncheckedIOException("cache write failed for " + key, e);
        }
        sizes.put(key, (long) data.length);
        usedBytes += data.length;
        return PutResult.STORED;
    }

    /** The segment for our own player; counts as a use for LRU. */
    public synchronized Optional<byte[]> get(SegmentKey key) {
        if (!sizes.containsKey(key)) return Optional.empty();
        try {
            byte[] data = Files.readAllBytes(path(key));
            touch(key);
            return Optional.of(data);
        } catch (NoSuchFileException e) {
            forget(key); // deleted behind our back
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cache read failed for " + key, e);
        }
    }

    /** The segment for another peer: nothing if the subscriber stopped seeding this title. */
    public Optional<byte[]> getForPeer(SegmentKey key) {
        return isSeeding(key.titleId()) ? get(key) : Optional.empty();
    }

    public synchronized boolean contains(SegmentKey key) {
        return sizes.containsKey(key);
    }

    /** Sequence numbers held for one rendition, for announcing to peers. */
    public synchronized TreeSet<Long> segments(String titleId, String rendition) {
        var out = new TreeSet<Long>();
        // keySet() iteration does not count as access in an access-ordered map.
        for (SegmentKey k : sizes.keySet()) {
            if (k.titleId().equals(titleId) && k.rendition().equals(rendition)) out.add(k.seq());
        }
        return out;
    }

    public synchronized void stopSeeding(String titleId) throws IOException {
        Path dir = root.resolve(SegmentKey.checkName(titleId, "titleId"));
        Files.createDirectories(dir);
        try {
            Files.createFile(dir.resolve(NO_SEED));
        } catch (FileAlreadyExistsException ignored) {
            // already stopped
        }
    }

    public synchronized void resumeSeeding(String titleId) throws IOException {
        Files.deleteIfExists(
                root.resolve(SegmentKey.checkName(titleId, "titleId")).resolve(NO_SEED));
    }

    public synchronized boolean isSeeding(String titleId) {
        return !Files.exists(
                root.resolve(SegmentKey.checkName(titleId, "titleId")).resolve(NO_SEED));
    }

    /** Removes every segment of a title and its seeding preference. */
    public synchronized void deleteTitle(String titleId) throws IOException {
        Path dir = root.resolve(SegmentKey.checkName(titleId, "titleId"));
        sizes.keySet().removeIf(k -> k.titleId().equals(titleId));
        usedBytes = sizes.values().stream().mapToLong(Long::longValue).sum();
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    public synchronized long usedBytes() {
        return usedBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** A new cap (the subscriber's setting): lowering it evicts the least recently used segments at once. */
    public synchronized void maxBytes(long cap) {
        if (cap <= 0) throw new IllegalArgumentException("maxBytes <= 0");
        maxBytes = cap;
        evictDownTo(cap);
    }

    /** Bytes cached per title, for the status page. */
    public synchronized Map<String, Long> bytesPerTitle() {
        var out = new LinkedHashMap<String, Long>();
        sizes.forEach((k, v) -> out.merge(k.titleId(), v, Long::sum));
        return out;
    }

    /** Keys from least to most recently used. */
    public synchronized List<SegmentKey> lruOrder() {
        return List.copyOf(sizes.keySet());
    }

    private void evictDownTo(long target) {
        Iterator<Map.Entry<SegmentKey, Long>> it = sizes.entrySet().iterator();
        while (usedBytes > target && it.hasNext()) {
            var e = it.next();
            it.remove();
            usedBytes -= e.getValue();
            deleteQuietly(path(e.getKey()));
        }
    }

    private void touch(SegmentKey key) {
        sizes.get(key); // access order
        try {
            Files.setLastModifiedTime(path(key), FileTime.from(clock.instant()));
        } catch (IOException ignored) {
            // recency after a restart is a hint; losing it only ages the entry
        }
    }

    private void forget(SegmentKey key) {
        Long size = sizes.remove(key);
        if (size != null) usedBytes -= size;
    }

    private Path path(SegmentKey key) {
        return root.resolve(key.titleId()).resolve(key.rendition()).resolve(key.seq() + SUFFIX);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stray file costs disk, not correctness: it is not in the index
        }
    }
}
