package dev.riffle.agent.tracker;

import dev.riffle.agent.cache.SegmentCache;
import dev.riffle.agent.playback.PlayerTracks;
import dev.riffle.agent.playback.Timeline;
import dev.riffle.agent.session.TitleSession;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.Rendition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which swarms an agent announces, from the titles it has open and what it caches. */
public final class SwarmStates {
    /** The tracker takes at most 8 swarms and 64 ranges per swarm per announce. */
    static final int MAX_SWARMS = 8;

    static final int MAX_RANGES = 64;

    private SwarmStates() {}

    /**
     * At most {@link #MAX_SWARMS}: the renditions it plays (video and audio), or, for a title opened whose player has
     * not picked a rendition yet, every rendition (so peers are found while the player loads: the first segments go
     * to the CDN otherwise); then renditions it only seeds. {@code offering} false (metered): no held segment is
     * announced.
     */
    public static List<SwarmState> of(List<TitleSession> sessions, SegmentCache cache, boolean offering) {
        List<SwarmState> all = new ArrayList<>();
        for (TitleSession t : sessions) {
            Manifest m = t.manifest();
            PlayerTracks playing = t.tracks();
            boolean seeding = offering && cache.isSeeding(m.titleId());
            for (Rendition r : m.renditions()) {
                Optional<PlayerTracks.Track> track = playing.following(r.id());
                boolean wanted = playing.byType().isEmpty() || track.isPresent();
                long playhead = track.map(PlayerTracks.Track::playhead).orElse(-1L);
                List<HeldRanges.Range> have =
                        seeding ? HeldRanges.of(cache.segments(m.titleId(), r.id()), playhead, MAX_RANGES) : List.of();
                if (wanted || !have.isEmpty()) {
                    all.add(new SwarmState(
                            m.swarmId(r.id()).hex(),
                            m.titleId(),
                            r.id(),
                            wanted,
                            playhead,
                            have,
                            behindEdgeMs(m, r, playhead)));
                }
            }
        }
        all.sort((a, b) -> Boolean.compare(b.wanted(), a.wanted()));
        Map<String, SwarmState> out = new LinkedHashMap<>();
        for (SwarmState s : all) {
            if (out.size() < MAX_SWARMS) out.putIfAbsent(s.id(), s);
        }
        return List.copyOf(out.values());
    }

    /**
     * On a live channel on air, how far behind its live edge the player is: from the start of the segment it asked for
     * last to the end of the newest one published. The tracker ranks peers of a live swarm by it (held ranges age with
     * the announce; this stays true while the viewer follows). -1 for VOD, an ended channel, or before the first request.
     */
    static long behindEdgeMs(Manifest m, Rendition r, long playhead) {
        if (!m.isLive() || m.live().ended() || playhead < 0) return -1;
        Timeline t = Timeline.of(r);
        if (!t.contains(playhead)) return -1;
        return Math.max(0, t.endMs(t.lastSeq()) - t.startMs(playhead));
    }
}
