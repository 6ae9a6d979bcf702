package dev.riffle.agent.session;

import dev.riffle.protocol.manifest.RenditionType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a player follows in one title: at most one rendition per type, each with its own playhead. A player that reads
 * audio and video from separate renditions (ffmpeg, hls.js with alternate audio) asks for both in turn; keeping one
 * track per type means the audio request moves only the audio playhead and never looks like a switch away from the
 * video. A new rendition of a type already followed is a switch (ABR): it replaces that track. Pure and immutable, so
 * the fetch loop can publish it to other threads in one volatile write.
 */
public record PlayerTracks(Map<RenditionType, Track> byType) {

    /**
     * @param playhead the segment the player asked for last (0 after only a playlist)
     * @param joinedAtMillis when this rendition started being followed: the scheduler's "time since we joined"
     */
    public record Track(String rendition, RenditionType type, long playhead, long joinedAtMillis) {
        public Track {
            Objects.requireNonNull(rendition, "rendition");
            Objects.requireNonNull(type, "type");
        }
    }

    public static final PlayerTracks NONE = new PlayerTracks(Map.of());

    public PlayerTracks {
        var copy = new EnumMap<RenditionType, Track>(RenditionType.class);
        copy.putAll(byType);
        byType = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * The player asked for a rendition's playlist: playback of it is about to start. A switch keeps the playhead (the
     * player goes on at the same position); a first track starts at 0.
     */
    public PlayerTracks playlist(String rendition, RenditionType type, long nowMillis) {
        Track t = byType.get(type);
        if (t != null && t.rendition().equals(rendition)) return this;
        long playhead = t == null ? 0 : t.playhead();
        return with(new Track(rendition, type, playhead, nowMillis));
    }

    /** The player asked for a segment: it moves that type's playhead (and switches its rendition if it differs). */
    public PlayerTracks segment(String rendition, RenditionType type, long seq, long nowMillis) {
        Track t = byType.get(type);
        long joined = t != null && t.rendition().equals(rendition) ? t.joinedAtMillis() : nowMillis;
        if (t != null && t.rendition().equals(rendition) && t.playhead() == seq) return this;
        return with(new Track(rendition, type, seq, joined));
    }

    private PlayerTracks with(Track t) {
        var m = new EnumMap<RenditionType, Track>(RenditionType.class);
        m.putAll(byType);
        m.put(t.type(), t);
        return new PlayerTracks(m);
    }

    /** Video first, then audio, then subtitles. */
    public List<Track> all() {
        return new ArrayList<>(byType.values());
    }

    /** The track that names the session for callers that know one rendition: video if followed, else any. */
    public Optional<Track> primary() {
        return byType.values().stream().findFirst();
    }

    public Optional<Track> of(RenditionType type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The track following {@code rendition}, if any. */
    public Optional<Track> following(String rendition) {
        return byType.values().stream()
                .filter(t -> t.rendition().equals(rendition))
                .findFirst();
    }
}
