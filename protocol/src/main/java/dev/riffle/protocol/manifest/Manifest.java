package dev.riffle.protocol.manifest;

import dev.riffle.protocol.swarm.SwarmId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The signed description of one title ("the torrent"): what a peer needs to fetch, verify and decrypt every segment.
 * Build with {@link #v1}; turn into bytes with {@link ManifestJson}; sign and verify with {@code dev.riffle.protocol.sign}.
 *
 * @param issuedAt truncated to whole milliseconds, as written
 * @param signingKeyId id of the origin key that signs it; the signature must name the same id
 * @param live present exactly for {@link Kind#LIVE}: the DVR window and whether the event has ended. A live manifest
 *     lists a window of segments (or, as an update, only the newest), possibly none yet
 */
public record Manifest(
        int version,
        String titleId,
        Kind kind,
        Instant issuedAt,
        String signingKeyId,
        ContentKey contentKey,
        List<Rendition> renditions,
        Live live) {

    /** The only format version this code reads and writes. */
    public static final int VERSION = 1;

    public Manifest {
        if (version != VERSION) {
            throw new ManifestException(ManifestException.Reason.UNSUPPORTED_VERSION, "version " + version);
        }
        Checks.id("titleId", titleId);
        Checks.present("kind", kind);
        issuedAt = Checks.present("issuedAt", issuedAt).truncatedTo(ChronoUnit.MILLIS);
        Checks.range("issuedAtMs", issuedAt.toEpochMilli(), 0, Checks.MAX_JSON_INT);
        Checks.id("signingKeyId", signingKeyId);
        Checks.present("contentKey", contentKey);
        renditions = List.copyOf(Checks.present("renditions", renditions));
        if (renditions.isEmpty()) {
            throw ManifestException.malformed("at least one rendition is required");
        }
        if ((kind == Kind.LIVE) != (live != null)) {
            throw ManifestException.malformed("live must be present exactly for kind live");
        }
        Set<String> ids = new HashSet<>();
        for (Rendition r : renditions) {
            if (!ids.add(r.id())) {
                throw ManifestException.malformed("duplicate rendition id " + r.id());
            }
            if (kind == Kind.VOD && (r.segments().isEmpty() || r.firstIndex() != 0)) {
                throw ManifestException.malformed("vod rendition " + r.id() + " must list segments from index 0");
            }
            for (Segment s : r.segments()) {
                if ((s.iv() != null) != (contentKey.ivRule() == IvRule.EXPLICIT)) {
                    throw ManifestException.malformed("segment iv must be present exactly when ivRule is explicit");
                }
            }
        }
    }

    public static Manifest v1(
            String titleId,
            Kind kind,
            Instant issuedAt,
            String signingKeyId,
            ContentKey contentKey,
            List<Rendition> renditions) {
        return new Manifest(VERSION, titleId, kind, issuedAt, signingKeyId, contentKey, renditions, null);
    }

    /** A live manifest: {@code contentKey} is the channel's current key; segments under older keys name theirs. */
    public static Manifest live(
            String titleId,
            Instant issuedAt,
            String signingKeyId,
            ContentKey contentKey,
            List<Rendition> renditions,
            Live live) {
        return new Manifest(
                VERSION,
                titleId,
                Kind.LIVE,
                issuedAt,
                signingKeyId,
                contentKey,
                renditions,
                Checks.present("live", live));
    }

    public boolean isLive() {
        return kind == Kind.LIVE;
    }

    public Optional<Rendition> rendition(String id) {
        for (Rendition r : renditions) {
            if (r.id().equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The segment {@code index} of rendition {@code renditionId}, if listed. */
    public Optional<Segment> segment(String renditionId, long index) {
        return rendition(renditionId).flatMap(r -> r.segment(index));
    }

    /** The AES-128-CBC IV of a segment under this manifest's IV rule. */
    public Iv ivFor(Segment segment) {
        return contentKey.ivRule() == IvRule.EXPLICIT ? segment.iv() : Iv.ofSegmentIndex(segment.index());
    }

    /** The swarm of peers sharing a rendition of this title. */
    public SwarmId swarmId(String renditionId) {
        return SwarmId.of(titleId, renditionId);
    }
}
