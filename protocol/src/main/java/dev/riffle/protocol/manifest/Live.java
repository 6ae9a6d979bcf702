package dev.riffle.protocol.manifest;

/**
 * What a live manifest says about its channel beyond the segments it lists.
 *
 * @param windowMs how far behind the newest segment the origin still serves segments (the DVR window)
 * @param ended the event is over: no segment will follow the last one listed
 */
public record Live(long windowMs, boolean ended) {
    public Live {
        Checks.range("live.windowMs", windowMs, 1, Checks.MAX_JSON_INT);
    }
}
