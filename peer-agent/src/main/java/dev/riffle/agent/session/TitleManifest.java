package dev.riffle.agent.session;

import dev.riffle.protocol.manifest.ContentKeyId;
import dev.riffle.protocol.manifest.Live;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.ManifestException;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.Segment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The signed manifest of a title as the agent knows it now. A VOD title's never changes. A live channel's grows with
 * every verified update (a signed live manifest listing the newest segments) and slides with the channel's window.
 * Updates are append-only: a segment the agent already knows must come back byte for byte the same (the origin never
 * rewrites one, so a different hash is a forgery or a replay and is refused); a gap means updates were missed, and the
 * caller reloads the whole window ({@link #replace}).
 *
 * <p>For live segments it also keeps when each became known here: their deadlines are counted from that moment.
 */
public final class TitleManifest {
    /** What a merge did. */
    public enum Merged {
        /** Nothing new. */
        NOTHING,
        /** New segments were appended. */
        GREW,
        /** The update does not follow what is known: reload the whole window. */
        GAP
    }

    private volatile Manifest current;
    private final Map<String, TreeMap<Long, Long>> knownAt = new HashMap<>();

    public TitleManifest(Manifest manifest, long nowMillis) {
        this.current = manifest;
        if (manifest.isLive()) noteKnown(manifest, nowMillis);
    }

    public Manifest current() {
        return current;
    }

    public String titleId() {
        return current.titleId();
    }

    public boolean isLive() {
        return current.isLive();
    }

    /** The newest segment index of {@code rendition}, or -1. */
    public long newest(String rendition) {
        return current.rendition(rendition)
                .filter(r -> !r.segments().isEmpty())
                .map(r -> r.segments().get(r.segments().size() - 1).index())
                .orElse(-1L);
    }

    /** When segment {@code seq} of {@code rendition} became known here (live), if it is in the window. */
    public synchronized Optional<Long> knownAt(String rendition, long seq) {
        TreeMap<Long, Long> m = knownAt.get(rendition);
        return m == null ? Optional.empty() : Optional.ofNullable(m.get(seq));
    }

    /** Every live segment still in the window and when it became known, per rendition (a copy). */
    public synchronized Map<Long, Long> knownTimes(String rendition) {
        TreeMap<Long, Long> m = knownAt.get(rendition);
        return m == null ? Map.of() : new TreeMap<>(m);
    }

    /** Merges a verified live update (same channel). */
    public synchronized Merged merge(Manifest update, long nowMillis) {
        Manifest m = current;
        if (!m.isLive() || !update.isLive() || !update.titleId().equals(m.titleId())) {
            throw new ManifestException(
                    ManifestException.Reason.MALFORMED, "not an update of live channel " + m.titleId());
        }
        boolean grew = false;
        Map<String, List<Segment>> byRendition = new HashMap<>();
        for (Rendition r : m.renditions()) byRendition.put(r.id(), withKids(m, r.segments()));
        List<Rendition> templates = new ArrayList<>(m.renditions());
        for (Rendition u : update.renditions()) {
            List<Segment> known = byRendition.get(u.id());
            if (known == null) {
                known = new ArrayList<>();
                byRendition.put(u.id(), known);
                templates.add(u);
            }
            for (Segment s : withKids(update, u.segments())) {
                long newest = known.isEmpty() ? -1 : known.get(known.size() - 1).index();
                if (!known.isEmpty() && s.index() <= newest) {
                    Segment had = find(known, s.index());
                    if (had != null && !same(had, s)) {
                        throw new ManifestException(
                                ManifestException.Reason.MALFORMED,
                                "live segment " + u.id() + "/" + s.index() + " changed: updates are append-only");
                    }
                    continue;
                }
                if (!known.isEmpty() && s.index() != newest + 1) return Merged.GAP;
                known.add(s);
                grew = true;
            }
        }
        if (!grew && update.live().ended() == m.live().ended()) return Merged.NOTHING;
        current = rebuild(m, update, templates, byRendition);
        noteKnown(current, nowMillis);
        return grew ? Merged.GREW : Merged.NOTHING;
    }

    /** Takes a freshly loaded whole window (after a gap); segments known before keep their hashes checked. */
    public synchronized void replace(Manifest window, long nowMillis) {
        if (!window.isLive() || !window.titleId().equals(current.titleId())) {
            throw new ManifestException(
                    ManifestException.Reason.MALFORMED, "not the window of live channel " + current.titleId());
        }
        for (Rendition r : window.renditions()) {
            for (Segment s : r.segments()) {
                Segment had = current.segment(r.id(), s.index()).orElse(null);
                if (had != null && !same(withKid(current, had), withKid(window, s))) {
                    throw new ManifestException(
                            ManifestException.Reason.MALFORMED,
                            "live segment " + r.id() + "/" + s.index() + " changed");
                }
            }
        }
        current = window;
        noteKnown(window, nowMillis);
    }

    private void noteKnown(Manifest m, long nowMillis) {
        for (Rendition r : m.renditions()) {
            TreeMap<Long, Long> times = knownAt.computeIfAbsent(r.id(), k -> new TreeMap<>());
            for (Segment s : r.segments()) times.putIfAbsent(s.index(), nowMillis);
            if (!r.segments().isEmpty())
                times.headMap(r.segments().get(0).index()).clear();
        }
    }

    /** The merged manifest: the update's key and window; segments trimmed to the window; older keys named. */
    private static Manifest rebuild(
            Manifest old, Manifest update, List<Rendition> templates, Map<String, List<Segment>> byRendition) {
        ContentKeyId currentKid = update.contentKey().kid();
        Live live = update.live();
        List<Rendition> renditions = new ArrayList<>();
        for (Rendition t : templates) {
            List<Segment> all = byRendition.get(t.id());
            int from = all.size();
            long kept = 0;
            while (from > 0 && (kept += all.get(from - 1).durationMs()) <= live.windowMs()) from--;
            if (from == all.size() && !all.isEmpty()) from--; // the newest stays, however long
            List<Segment> segments = new ArrayList<>();
            for (Segment s : all.subList(from, all.size())) {
                segments.add(new Segment(
                        s.index(),
                        s.durationMs(),
                        s.size(),
                        s.sha256(),
                        s.uri(),
                        s.iv(),
                        currentKid.equals(s.kid()) ? null : s.kid(),
                        s.programDate()));
            }
            renditions.add(Rendition.of(
                    t.id(),
                    t.type(),
                    t.bandwidthBps(),
                    t.resolution(),
                    t.codecs(),
                    t.language(),
                    Math.max(t.targetDurationMs(), maxDuration(segments)),
                    t.playlistUri(),
                    t.init(),
                    segments));
        }
        return Manifest.live(
                old.titleId(), update.issuedAt(), update.signingKeyId(), update.contentKey(), renditions, live);
    }

    private static long maxDuration(List<Segment> segments) {
        long max = 1;
        for (Segment s : segments) max = Math.max(max, s.durationMs());
        return max;
    }

    /** The segments with their key named explicitly, so they can move into a manifest under another key. */
    private static List<Segment> withKids(Manifest m, List<Segment> segments) {
        List<Segment> out = new ArrayList<>(segments.size());
        for (Segment s : segments) out.add(withKid(m, s));
        return out;
    }

    private static Segment withKid(Manifest m, Segment s) {
        return new Segment(
                s.index(), s.durationMs(), s.size(), s.sha256(), s.uri(), s.iv(), s.keyIn(m), s.programDate());
    }

    private static Segment find(List<Segment> list, long index) {
        long first = list.get(0).index();
        int i = (int) (index - first);
        return i >= 0 && i < list.size() ? list.get(i) : null;
    }

    private static boolean same(Segment a, Segment b) {
        return a.sha256().equals(b.sha256())
                && a.size() == b.size()
                && a.kid().equals(b.kid())
                && a.durationMs() == b.durationMs();
    }
}
