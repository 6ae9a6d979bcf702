package dev.riffle.origin.manifest;

import dev.riffle.origin.packaging.PackagedTitle;
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
import dev.riffle.protocol.sign.ManifestSigner;
import dev.riffle.protocol.sign.SigningKey;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a packaged title into the protocol's signed manifest envelope ({@code {"manifest":…,"signature":…}}, canonical
 * JSON, Ed25519 with the ring's active key). IV rule: {@code explicit} — every segment carries its own random IV, the
 * same one the media playlist names in {@code EXT-X-KEY IV=}.
 */
public final class ManifestService {
    private final SigningKeyRing ring;
    private final InstantSource clock;

    public ManifestService(SigningKeyRing ring, InstantSource clock) {
        this.ring = ring;
        this.clock = clock;
    }

    public SigningKeyRing ring() {
        return ring;
    }

    public byte[] signedManifest(PackagedTitle t) {
        return sign(toManifest(t, ring.active().keyId()), ring.active());
    }

    /** Signs any manifest (a live window or update) with the ring's active key; the manifest must name that key. */
    public byte[] sign(Manifest m) {
        return sign(m, ring.active());
    }

    static byte[] sign(Manifest m, SigningKey key) {
        return new ManifestSigner(key).sign(m).toJson();
    }

    Manifest toManifest(PackagedTitle t, String keyId) {
        List<Rendition> renditions = new ArrayList<>();
        for (PackagedTitle.Rendition r : t.renditions()) {
            List<Segment> segments = new ArrayList<>(r.segments().size());
            for (PackagedTitle.Segment s : r.segments()) {
                segments.add(new Segment(
                        s.index(), s.durationMs(), s.size(), Sha256.fromHex(s.sha256Hex()), s.uri(), new Iv(s.iv())));
            }
            RenditionType type =
                    switch (r.type()) {
                        case VIDEO -> RenditionType.VIDEO;
                        case AUDIO -> RenditionType.AUDIO;
                        case SUBTITLES -> RenditionType.SUBTITLES;
                    };
            renditions.add(Rendition.of(
                    r.name(),
                    type,
                    Math.max(1, r.peakBps()),
                    r.type() == PackagedTitle.Type.VIDEO ? new Resolution(r.width(), r.height()) : null,
                    r.codecs(),
                    r.language(),
                    Math.max(1, r.targetDurationMs()),
                    r.playlistUri(),
                    null,
                    segments));
        }
        return Manifest.v1(
                t.titleId(),
                Kind.VOD,
                clock.instant(),
                keyId,
                new ContentKey(ContentKeyId.parse(t.keyId()), IvRule.EXPLICIT),
                renditions);
    }
}
