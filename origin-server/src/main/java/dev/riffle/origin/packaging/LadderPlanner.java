package dev.riffle.origin.packaging;

import java.util.ArrayList;
import java.util.List;

/** Chooses the renditions for a source: pure. */
public final class LadderPlanner {
    private LadderPlanner() {}

    /**
     * Keeps the configured rungs not taller than the source (never upscales); when every rung is taller, makes one
     * rendition at the source height with the lowest rung's bit rate. Audio-only sources get only audio.
     */
    public static PackagingPlan plan(
            ProbeResult source,
            List<LadderRung> ladder,
            int audioKbps,
            List<String> subtitleLanguages,
            int segmentSeconds) {
        List<PackagingPlan.VideoRendition> video = new ArrayList<>();
        if (source.hasVideo()) {
            for (LadderRung r : ladder) {
                if (r.height() <= source.height())
                    video.add(new PackagingPlan.VideoRendition(r.name(), r.height(), r.kbps()));
            }
            if (video.isEmpty()) {
                LadderRung lowest = ladder.stream()
                        .min((a, b) -> Integer.compare(a.height(), b.height()))
                        .orElseThrow(() -> new IllegalArgumentException("empty ladder"));
                int h = source.height() - source.height() % 2;
                video.add(new PackagingPlan.VideoRendition(h + "p", Math.max(h, 16), lowest.kbps()));
            }
        }
        return new PackagingPlan(
                video,
                source.hasAudio(),
                audioKbps,
                subtitleLanguages,
                segmentSeconds,
                source.fps(),
                source.durationSeconds());
    }
}
