package dev.riffle.origin.packaging;

import java.util.List;

/**
 * What to make from one source: video renditions (scaled, same key-frame grid), an optional audio rendition, subtitle
 * renditions, all cut into segments of {@code segmentSeconds}.
 */
public record PackagingPlan(
        List<VideoRendition> video,
        boolean audio,
        int audioKbps,
        List<String> subtitleLanguages,
        int segmentSeconds,
        double fps,
        double durationSeconds) {

    public static final String AUDIO_NAME = "audio";

    public PackagingPlan {
        video = List.copyOf(video);
        subtitleLanguages = List.copyOf(subtitleLanguages);
        if (video.isEmpty() && !audio) throw new IllegalArgumentException("nothing to package");
        if (segmentSeconds < 1 || segmentSeconds > 60) throw new IllegalArgumentException("segment 1..60 s");
    }

    public boolean audioOnly() {
        return video.isEmpty();
    }

    /** A video rendition: its name (directory), output height (width follows the aspect, even) and bit rate. */
    public record VideoRendition(String name, int height, int kbps) {}

    public static String subtitleName(String language) {
        return "sub-" + language;
    }
}
