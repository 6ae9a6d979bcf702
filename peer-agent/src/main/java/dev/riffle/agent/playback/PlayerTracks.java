package dev.riffle.agent.playback;

import dev.riffle.protocol.manifest.RenditionType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a player follows in one title: at most one rendition per type, each with its own {@link PlayerClock}. A player
 * that reads audio and video from separate renditions (ffmpeg, hls.js with alternate audio) asks for both in turn;
 * keeping one track per type means the audio request moves only the audio clock and never looks like a switch away
 * from the video. A new rendition of a type already followed is a switch (ABR): it keeps the clock (the position and
 * what the player holds are media times, common to all renditions) and restarts the scheduler's window. Pure and
 * immutable, so the fetch loop can publish it to other threads in one volatile write.
 */
public record PlayerTracks(Map<RenditionType, Track> byType) {

    /**
     * @param playhead the segment the player asked for last (the first segment after only a playlist)
     * @param clock where playback is, inferred from requests and deliveries
     */
    public record Track(String rendition, RenditionType type, long playhead, PlayerClock clock) {
        public Track {
            Objects.requireNonNull(rendition, "rendition");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(clock, "clock");
        }

        /** When the scheduler's current window for this track began (join, seek, switch). */
        public long windowStartMillis() {
            return clock.windowStartMillis();
        }
    }

    public static final PlayerTracks NONE = new PlayerTracks(Map.of());

    public PlayerTracks {
        var copy = new EnumMap<RenditionType, Track>(RenditionType.class);
        copy.putAll(byType);
        byType = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * The player asked for a rendition's playlist: playback is about to start at its first segment
     * ({@code [firstStartMs, firstEndMs)}, segment {@code firstSeq}), or, for a switch, to go on where it is.
     */
    public PlayerTracks playlist(
            String rendition, RenditionType type, long firstSeq, long firstStartMs, long firstEndMs, long nowMillis) {
        Track t = byType.get(type);
        if (t != null && t.rendition().equals(rendition)) return this;
        if (t != null)
            return with(new Track(rendition, type, t.playhead(), t.clock().restartWindow(nowMillis)));
        return with(new Track(rendition, type, firstSeq, PlayerClock.startAt(firstStartMs, firstEndMs, nowMillis)));
    }

    /** The player asked for segment {@code seq} ({@code [startMs, endMs)}) of a rendition. */
    public PlayerTracks segment(
            String rendition, RenditionType type, long seq, long startMs, long endMs, long nowMillis) {
        Track t = byType.get(type);
        PlayerClock clock;
        if (t == null) {
            clock = PlayerClock.startAt(startMs, endMs, nowMillis);
        } else {
            PlayerClock c =
                    t.rendition().equals(rendition) ? t.clock() : t.clock().restartWindow(nowMillis);
            clock = c.requested(startMs, endMs, nowMillis);
        }
        if (t != null && t.rendition().equals(rendition) && t.playhead() == seq && clock.equals(t.clock())) return this;
        return with(new Track(rendition, type, seq, clock));
    }

    /** Segment {@code [startMs, endMs)} of a rendition was handed to the player. */
    public PlayerTracks delivered(String rendition, RenditionType type, long startMs, long endMs, long nowMillis) {
        Track t = byType.get(type);
        if (t == null || !t.rendition().equals(rendition)) return this;
        PlayerClock clock = t.clock().delivered(startMs, endMs, nowMillis);
        return clock.equals(t.clock()) ? this : with(new Track(rendition, type, t.playhead(), clock));
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
