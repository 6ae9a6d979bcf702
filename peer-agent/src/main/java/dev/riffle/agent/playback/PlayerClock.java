package dev.riffle.agent.playback;

/**
 * Where a player is in the media, inferred from what it asks for and when it gets it. Real players (mpv, VLC, hls.js,
 * ffmpeg) fill a buffer of tens of seconds ahead of what they show, so the segment asked for last is rarely needed now;
 * this clock tells when playback really reaches each segment, so read-ahead requests get peer deadlines while a
 * player that runs dry is saved by the CDN.
 *
 * <p>The model: playback starts at the media time of the first segment asked for, as soon as that segment is
 * delivered, and advances in real time while the player holds media ({@code bufferedEnd}: the end of the contiguous
 * media delivered to it); when it reaches the end of what it holds it waits (a stall) until more arrives. A request
 * that does not continue what the player already asked for is a seek: the clock starts over there. A paused player is
 * taken for a stalled one, so its deadlines stop sliding into the past rather than turning the whole title urgent.
 *
 * <p>Immutable and pure: every event returns a new clock; times are milliseconds, media times from the rendition's
 * segment durations, wall times from the caller's clock.
 *
 * @param startMedia where the current stretch of playback began (first request, or the last seek)
 * @param requestedEnd end of the contiguous media the player has asked for from {@code startMedia}
 * @param bufferedEnd end of the contiguous media delivered to it from {@code startMedia}
 * @param playing whether the player is consuming media now
 * @param anchorMedia while playing, the media position at wall time {@code anchorWall}; otherwise where it waits
 * @param anchorWall while playing, see above; otherwise when it started waiting
 * @param windowStartMillis wall time the current stretch began (for the scheduler's election timing)
 */
public record PlayerClock(
        long startMedia,
        long requestedEnd,
        long bufferedEnd,
        boolean playing,
        long anchorMedia,
        long anchorWall,
        long windowStartMillis) {

    /**
     * Media within this of a boundary counts as touching it: segment durations come rounded from the playlist, and a
     * player may ask for the segment after the one in flight before it arrives.
     */
    static final long SLACK_MS = 50;

    /** A player that has just asked for the segment {@code [startMs, endMs)}: it waits for it from now. */
    public static PlayerClock startAt(long startMs, long endMs, long nowMillis) {
        return new PlayerClock(startMs, endMs, startMs, false, startMs, nowMillis, nowMillis);
    }

    /**
     * The player asked for {@code [startMs, endMs)}: read-ahead if it continues what it asked for before, a retry if
     * it is within that, a seek otherwise.
     */
    public PlayerClock requested(long startMs, long endMs, long nowMillis) {
        if (startMs >= startMedia - SLACK_MS && startMs <= requestedEnd + SLACK_MS) {
            if (endMs <= requestedEnd) return this;
            return new PlayerClock(startMedia, endMs, bufferedEnd, playing, anchorMedia, anchorWall, windowStartMillis);
        }
        return startAt(startMs, endMs, nowMillis);
    }

    /**
     * {@code [startMs, endMs)} was handed to the player. Media that continues what it holds extends its buffer, and a
     * waiting player resumes. A segment that does not touch the buffer (delivered out of order) is not counted: the
     * clock then errs early, which costs CDN bytes, never a stall.
     */
    public PlayerClock delivered(long startMs, long endMs, long nowMillis) {
        PlayerClock c = advance(nowMillis);
        if (startMs > c.bufferedEnd + SLACK_MS || endMs <= c.bufferedEnd) return c;
        long buffered = endMs;
        long requested = Math.max(c.requestedEnd, endMs);
        if (c.playing)
            return new PlayerClock(
                    c.startMedia, requested, buffered, true, c.anchorMedia, c.anchorWall, c.windowStartMillis);
        // Waiting (startup, seek or stall): playback resumes from where it stopped, now.
        return new PlayerClock(c.startMedia, requested, buffered, true, c.anchorMedia, nowMillis, c.windowStartMillis);
    }

    /** The clock at {@code nowMillis}: a playing player that reached the end of its buffer is waiting since then. */
    public PlayerClock advance(long nowMillis) {
        if (!playing) return this;
        long position = anchorMedia + (nowMillis - anchorWall);
        if (position < bufferedEnd) return this;
        long ranDryAt = anchorWall + (bufferedEnd - anchorMedia);
        return new PlayerClock(startMedia, requestedEnd, bufferedEnd, false, bufferedEnd, ranDryAt, windowStartMillis);
    }

    /** The media position at {@code nowMillis}. */
    public long position(long nowMillis) {
        PlayerClock c = advance(nowMillis);
        return c.playing ? c.anchorMedia + (nowMillis - c.anchorWall) : c.anchorMedia;
    }

    /** Whether the player is waiting for media at {@code nowMillis} (startup, seek or stall). */
    public boolean waiting(long nowMillis) {
        return !advance(nowMillis).playing;
    }

    /**
     * When playback reaches media time {@code startMs}. While playing, a fixed instant. While waiting, the media it
     * waits for was needed when the wait began (a past instant), and later media is as far ahead of now as it is ahead
     * of the position: those deadlines move with the wait.
     */
    public long deadline(long startMs, long nowMillis) {
        PlayerClock c = advance(nowMillis);
        if (c.playing) return c.anchorWall + (startMs - c.anchorMedia);
        if (startMs <= c.anchorMedia + SLACK_MS) return c.anchorWall;
        return nowMillis + (startMs - c.anchorMedia);
    }

    /** A new stretch for the scheduler (a rendition switch): same playback, elections count from now. */
    public PlayerClock restartWindow(long nowMillis) {
        return new PlayerClock(startMedia, requestedEnd, bufferedEnd, playing, anchorMedia, anchorWall, nowMillis);
    }
}
