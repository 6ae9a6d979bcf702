package dev.riffle.origin.live;

import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.manifest.ContentKey;
import dev.riffle.protocol.manifest.ContentKeyId;
import dev.riffle.protocol.manifest.IvRule;
import dev.riffle.protocol.manifest.Live;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.RenditionType;
import dev.riffle.protocol.manifest.Resolution;
import dev.riffle.protocol.manifest.Segment;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The segments of one live channel that are still served (the DVR window), per rendition, with everything the edge
 * answers from them: the signed window manifest, one signed update per segment (a live manifest listing just that
 * segment, for agents following the edge), HLS playlists, and long-poll waits for the next segment. Signing is a
 * function handed in, so this holds no key; time comes with each call.
 *
 * <p>Append-only: a segment, once published, never changes; indexes grow by one per rendition.
 */
public final class LiveWindow {
    /** Longest a long-poll may wait, and at most this many updates are answered at once. */
    public static final int MAX_UPDATES = 64;

    private static final int MAX_WAITERS = 100_000;

    /** What a rendition is, before its segments: from the ladder, or from the pushed stream for {@code source}. */
    public record Track(
            String id, RenditionType type, long bandwidthBps, Resolution resolution, String codecs, long targetMs) {}

    /** One published segment: its encrypted bytes and its signed update. */
    public record Published(
            long index, long durationMs, Instant programDate, ContentKeyId kid, Sha256 sha256, byte[] bytes) {}

    private record Entry(Published segment, byte[] update) {}

    private final String channelId;
    private final long windowMs;
    private final String signingKeyId;
    private final Function<Manifest, byte[]> sign;
    private final Map<String, Track> tracks = new LinkedHashMap<>();
    private final Map<String, Deque<Entry>> segments = new LinkedHashMap<>();
    private final Map<String, List<CompletableFuture<List<byte[]>>>> waiters = new LinkedHashMap<>();
    private int waiting;
    private ContentKeyId currentKid;
    private boolean ended;
    private byte[] manifest;

    public LiveWindow(String channelId, long windowMs, String signingKeyId, Function<Manifest, byte[]> sign) {
        this.channelId = channelId;
        this.windowMs = windowMs;
        this.signingKeyId = signingKeyId;
        this.sign = sign;
    }

    /** Declares (or re-declares, on a resumed push) a rendition. */
    public synchronized void track(Track t) {
        tracks.put(t.id(), t);
        segments.computeIfAbsent(t.id(), k -> new ArrayDeque<>());
        manifest = null;
    }

    /**
     * Publishes the next segment of {@code rendition}: signs its update, drops what fell out of the window, and wakes
     * whoever waits for it.
     */
    public void add(String rendition, Published s, Instant now) {
        List<CompletableFuture<List<byte[]>>> wake;
        byte[] update;
        synchronized (this) {
            Track t = tracks.get(rendition);
            if (t == null) throw new IllegalArgumentException("unknown rendition " + rendition);
            Deque<Entry> list = segments.get(rendition);
            if (!list.isEmpty() && list.peekLast().segment().index() + 1 != s.index()) {
                throw new IllegalStateException("segment " + s.index() + " does not follow "
                        + list.peekLast().segment().index() + " in " + rendition);
            }
            currentKid = s.kid();
            update = sign.apply(manifest(now, List.of(rendition(t, List.of(s)))));
            list.addLast(new Entry(s, update));
            long kept = 0;
            for (var it = list.descendingIterator(); it.hasNext(); ) {
                Entry e = it.next();
                kept += e.segment().durationMs();
                if (kept > windowMs && e != list.peekLast()) it.remove();
            }
            manifest = null;
            wake = waiters.remove(rendition);
            if (wake != null) waiting -= wake.size();
        }
        if (wake != null) {
            for (var w : wake) w.complete(List.of(update));
        }
    }

    /** No segment will follow: the manifest says so, and waiting long-polls are answered (empty). */
    public void end(Instant now) {
        List<CompletableFuture<List<byte[]>>> wake = new ArrayList<>();
        synchronized (this) {
            ended = true;
            manifest = null;
            waiters.values().forEach(wake::addAll);
            waiters.clear();
            waiting = 0;
        }
        wake.forEach(w -> w.complete(List.of()));
    }

    public synchronized boolean ended() {
        return ended;
    }

    /** The signed manifest of the whole window (cached until the next segment); null before the first segment. */
    public synchronized byte[] manifest(Instant now) {
        if (tracks.isEmpty()) return null;
        if (manifest == null) {
            List<Rendition> renditions = new ArrayList<>();
            for (Track t : tracks.values()) {
                renditions.add(rendition(
                        t, segments.get(t.id()).stream().map(Entry::segment).toList()));
            }
            manifest = sign.apply(manifest(now, renditions));
        }
        return manifest;
    }

    /**
     * The signed updates of {@code rendition} after index {@code after} (at most {@link #MAX_UPDATES}, oldest first);
     * when there are none yet, a future completed by the next one (or empty at the end). Too many waiting already: an
     * empty answer at once, and the caller polls again.
     */
    public CompletableFuture<List<byte[]>> updatesAfter(String rendition, long after) {
        synchronized (this) {
            Deque<Entry> list = segments.get(rendition);
            if (list == null) return CompletableFuture.failedFuture(new IllegalArgumentException(rendition));
            List<byte[]> out = new ArrayList<>();
            for (Entry e : list) {
                if (e.segment().index() > after && out.size() < MAX_UPDATES) out.add(e.update());
            }
            if (!out.isEmpty() || ended || waiting >= MAX_WAITERS) return CompletableFuture.completedFuture(out);
            CompletableFuture<List<byte[]>> f = new CompletableFuture<>();
            waiters.computeIfAbsent(rendition, k -> new ArrayList<>()).add(f);
            waiting++;
            return f;
        }
    }

    /** Forgets a wait that timed out (its future is completed by the caller). */
    public synchronized void forget(String rendition, CompletableFuture<List<byte[]>> f) {
        List<CompletableFuture<List<byte[]>>> list = waiters.get(rendition);
        if (list != null && list.remove(f)) waiting--;
    }

    public synchronized Optional<Published> segment(String rendition, long index) {
        Deque<Entry> list = segments.get(rendition);
        if (list == null) return Optional.empty();
        for (Entry e : list) {
            if (e.segment().index() == index) return Optional.of(e.segment());
        }
        return Optional.empty();
    }

    public synchronized List<String> renditions() {
        return List.copyOf(tracks.keySet());
    }

    /** Index of the newest segment of {@code rendition}, or -1. */
    public synchronized long newest(String rendition) {
        Deque<Entry> list = segments.get(rendition);
        return list == null || list.isEmpty() ? -1 : list.peekLast().segment().index();
    }

    /** The HLS media playlist of {@code rendition} for players reading the edge directly; keys from {@code keyBase}. */
    public synchronized Optional<String> mediaPlaylist(String rendition, URI keyBase) {
        Deque<Entry> list = segments.get(rendition);
        if (list == null) return Optional.empty();
        long target = targetMs(
                tracks.get(rendition), list.stream().map(Entry::segment).toList());
        StringBuilder sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n");
        sb.append("#EXT-X-TARGETDURATION:").append((target + 999) / 1000).append('\n');
        sb.append("#EXT-X-MEDIA-SEQUENCE:")
                .append(list.isEmpty() ? 0 : list.peekFirst().segment().index())
                .append('\n');
        ContentKeyId kid = null;
        for (Entry e : list) {
            Published s = e.segment();
            if (!s.kid().equals(kid)) {
                kid = s.kid();
                // IV omitted: the HLS default is the media sequence number, the manifest's "segment-index" rule.
                sb.append("#EXT-X-KEY:METHOD=AES-128,URI=\"")
                        .append(keyBase.resolve("v1/keys/" + kid.base64url()))
                        .append("\"\n");
            }
            sb.append("#EXT-X-PROGRAM-DATE-TIME:")
                    .append(DateTimeFormatter.ISO_INSTANT.format(s.programDate()))
                    .append('\n');
            sb.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%n", s.durationMs() / 1000.0));
            sb.append(s.index()).append(".ts\n");
        }
        if (ended) sb.append("#EXT-X-ENDLIST\n");
        return Optional.of(sb.toString());
    }

    /** The HLS master playlist: every rendition with its bandwidth, resolution and codecs. */
    public synchronized String masterPlaylist() {
        StringBuilder sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (Track t : tracks.values()) {
            sb.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(t.bandwidthBps());
            if (t.resolution() != null)
                sb.append(",RESOLUTION=").append(t.resolution().text());
            sb.append(",CODECS=\"").append(t.codecs()).append("\"\n");
            sb.append(t.id()).append("/index.m3u8\n");
        }
        return sb.toString();
    }

    private Manifest manifest(Instant now, List<Rendition> renditions) {
        ContentKeyId kid = currentKid != null ? currentKid : new ContentKeyId(new byte[16]);
        return Manifest.live(
                channelId,
                now,
                signingKeyId,
                new ContentKey(kid, IvRule.SEGMENT_INDEX),
                renditions,
                new Live(windowMs, ended));
    }

    private Rendition rendition(Track t, List<Published> list) {
        List<Segment> out = new ArrayList<>(list.size());
        ContentKeyId manifestKid = currentKid;
        for (Published s : list) {
            out.add(new Segment(
                    s.index(),
                    s.durationMs(),
                    s.bytes().length,
                    s.sha256(),
                    t.id() + "/" + s.index() + ".ts",
                    null,
                    s.kid().equals(manifestKid) ? null : s.kid(),
                    s.programDate()));
        }
        return Rendition.of(
                t.id(),
                t.type(),
                t.bandwidthBps(),
                t.resolution(),
                t.codecs(),
                null,
                targetMs(t, list),
                t.id() + "/index.m3u8",
                null,
                out);
    }

    /** HLS wants the target duration at least as long as every listed segment. */
    private static long targetMs(Track t, List<Published> list) {
        long max = t.targetMs();
        for (Published s : list) max = Math.max(max, s.durationMs());
        return max;
    }
}
