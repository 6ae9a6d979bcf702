package dev.riffle.origin.live;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a live channel is. */
public enum LiveState {
    /** Created; nothing pushed yet. */
    IDLE,
    /** A pusher is connected and segments are being published. */
    ON_AIR,
    /** The push died (connection lost, or silent past the idle timeout): no new segment; a new push resumes. */
    INTERRUPTED,
    /** The pusher ended the stream, or an operator stopped the channel: the last segment is final. */
    ENDED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
