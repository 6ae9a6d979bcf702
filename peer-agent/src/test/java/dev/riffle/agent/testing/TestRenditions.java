package dev.riffle.agent.testing;

import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.RenditionType;
import dev.riffle.protocol.manifest.Resolution;
import java.util.List;

/** Renditions for tests that build manifests by hand. */
public final class TestRenditions {
    private TestRenditions() {}

    /** A 360p video rendition {@code v} of 1 s target duration holding {@code segments}. */
    public static Rendition video(List<dev.riffle.protocol.manifest.Segment> segments) {
        return Rendition.of(
                "v",
                RenditionType.VIDEO,
                800_000,
                new Resolution(640, 360),
                "avc1.4d401e",
                null,
                1_000,
                "v/index.m3u8",
                null,
                segments);
    }
}
