package dev.riffle.agent.session;

import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.manifest.ContentKey;
import dev.riffle.protocol.manifest.ContentKeyId;
import dev.riffle.protocol.manifest.Iv;
import dev.riffle.protocol.manifest.IvRule;
import dev.riffle.protocol.manifest.Kind;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.RenditionType;
import dev.riffle.protocol.manifest.Resolution;
import dev.riffle.protocol.manifest.Segment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A title whose segments are random bytes held in memory: its manifest and the bytes each segment URI serves. */
record MemoryTitle(Manifest manifest, Map<String, byte[]> bytes) {

    /** Video renditions {@code renditions}, each {@code segments} segments of {@code segmentMs} and ~{@code size}. */
    static MemoryTitle create(String titleId, List<String> renditions, int segments, long segmentMs, int size) {
        var r = new SplittableRandom(titleId.hashCode());
        Map<String, byte[]> bytes = new HashMap<>();
        List<Rendition> out = new ArrayList<>();
        for (String id : renditions) {
            List<Segment> list = new ArrayList<>();
            for (int i = 0; i < segments; i++) {
                byte[] b = new byte[size + r.nextInt(size / 10 + 1)];
                r.nextBytes(b);
                byte[] iv = new byte[16];
                r.nextBytes(iv);
                String uri = id + "/" + i + ".ts";
                bytes.put(uri, b);
                list.add(new Segment(i, segmentMs, b.length, Sha256.of(b), uri, new Iv(iv)));
            }
            out.add(Rendition.of(
                    id,
                    RenditionType.VIDEO,
                    400_000,
                    new Resolution(640, 360),
                    "avc1.42c00d",
                    null,
                    segmentMs,
                    id + "/index.m3u8",
                    null,
                    list));
        }
        byte[] kid = new byte[16];
        r.nextBytes(kid);
        var manifest = Manifest.v1(
                titleId,
                Kind.VOD,
                Instant.parse("2026-01-01T00:00:00Z"),
                "test-origin",
                new ContentKey(new ContentKeyId(kid), IvRule.EXPLICIT),
                out);
        return new MemoryTitle(manifest, Map.copyOf(bytes));
    }

    byte[] segment(String rendition, long seq) {
        return bytes.get(rendition + "/" + seq + ".ts");
    }
}
