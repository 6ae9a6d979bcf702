package dev.riffle.protocol.manifest;

import dev.riffle.protocol.hash.MerkleTree;
import dev.riffle.protocol.hash.Sha256;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One rung of the ladder (or an audio/subtitle track) with its segments, in index order and contiguous.
 *
 * @param bandwidthBps peak bits per second, as HLS BANDWIDTH
 * @param resolution pixel size; {@code null} for audio and subtitles
 * @param language BCP 47 tag or {@code null}
 * @param init fMP4 init segment or {@code null} (MPEG-TS)
 * @param merkleRoot {@link MerkleTree#root} of the segments' SHA-256 values; checked on construction
 */
public record Rendition(
        String id,
        RenditionType type,
        long bandwidthBps,
        Resolution resolution,
        String codecs,
        String language,
        long targetDurationMs,
        String playlistUri,
        InitSegment init,
        List<Segment> segments,
        Sha256 merkleRoot) {

    public Rendition {
        Checks.id("rendition.id", id);
        Checks.present("rendition.type", type);
        Checks.range("rendition.bandwidthBps", bandwidthBps, 1, Checks.MAX_JSON_INT);
        Checks.printable("rendition.codecs", codecs, 256);
        if (language != null) {
            Checks.id("rendition.language", language);
        }
        Checks.range("rendition.targetDurationMs", targetDurationMs, 1, Segment.MAX_DURATION_MS);
        Checks.relativeUri("rendition.playlistUri", playlistUri);
        segments = List.copyOf(Checks.present("rendition.segments", segments));
        for (int i = 1; i < segments.size(); i++) {
            if (segments.get(i).index() != segments.get(0).index() + i) {
                throw ManifestException.malformed("rendition " + id + ": segment indexes must be contiguous");
            }
        }
        if (!computeRoot(segments).equals(Checks.present("rendition.merkleRoot", merkleRoot))) {
            throw ManifestException.malformed("rendition " + id + ": merkleRoot does not match its segments");
        }
    }

    /** Builds a rendition, computing its merkle root: what the origin calls. */
    public static Rendition of(
            String id,
            RenditionType type,
            long bandwidthBps,
            Resolution resolution,
            String codecs,
            String language,
            long targetDurationMs,
            String playlistUri,
            InitSegment init,
            List<Segment> segments) {
        return new Rendition(
                id,
                type,
                bandwidthBps,
                resolution,
                codecs,
                language,
                targetDurationMs,
                playlistUri,
                init,
                segments,
                computeRoot(List.copyOf(segments)));
    }

    private static Sha256 computeRoot(List<Segment> segments) {
        List<Sha256> leaves = new ArrayList<>(segments.size());
        for (Segment s : segments) {
            leaves.add(s.sha256());
        }
        return MerkleTree.root(leaves);
    }

    /** The segment with this index, in O(1). */
    public Optional<Segment> segment(long index) {
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        long offset = index - segments.get(0).index();
        return offset < 0 || offset >= segments.size() ? Optional.empty() : Optional.of(segments.get((int) offset));
    }

    /** Index of the first segment (0 for VOD; the window start for live); -1 when there are none. */
    public long firstIndex() {
        return segments.isEmpty() ? -1 : segments.get(0).index();
    }

    public long totalDurationMs() {
        long total = 0;
        for (Segment s : segments) {
            total += s.durationMs();
        }
        return total;
    }
}
