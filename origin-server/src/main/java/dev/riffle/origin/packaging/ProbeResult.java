package dev.riffle.origin.packaging;

/**
 * What ffprobe found in a source. {@code width}/{@code height}/{@code fps} are 0 when there is no video;
 * {@code durationSeconds} is the container's declared duration.
 */
public record ProbeResult(
        boolean hasVideo, int width, int height, double fps, boolean hasAudio, double durationSeconds) {

    public ProbeResult {
        if (!hasVideo && !hasAudio) throw new IllegalArgumentException("a source needs video or audio");
        if (durationSeconds <= 0) throw new IllegalArgumentException("duration must be > 0");
    }

    public boolean audioOnly() {
        return !hasVideo;
    }
}
