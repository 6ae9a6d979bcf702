package dev.riffle.tracker.announce;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.riffle.tracker.matching.SegmentRanges;
import java.util.List;

/**
 * Answer to an announce.
 *
 * <pre>
 * {"peerId":"AbCdEfGhIjKlMnOp.tv","interval":57,"locality":{"asn":3320,"country":"DE","region":"BE"},
 *  "swarms":[{"id":"t-42.r720","status":"ok","size":12,
 *             "peers":[{"peerId":"QrStUvWxYz012345.0","tier":"isp-region","have":[[0,40]]}]}]}
 * </pre>
 */
public record AnnounceResponse(String peerId, long interval, LocalityOut locality, List<SwarmAnswer> swarms) {

    public record LocalityOut(long asn, String country, String region) {}

    /** {@code status}: {@code ok}, {@code left} (after stopped) or {@code unknown-swarm}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SwarmAnswer(String id, String status, Long size, List<PeerOut> peers, String detail) {}

    /**
     * {@code tier}: {@code isp-region}, {@code country}, {@code other}; {@code have}: written as [first,last] ranges
     * ({@code [[0,40]]}). The peer's own {@link SegmentRanges}, not a copy: they hold their JSON form once encoded.
     */
    public record PeerOut(String peerId, String tier, SegmentRanges have) {}
}
