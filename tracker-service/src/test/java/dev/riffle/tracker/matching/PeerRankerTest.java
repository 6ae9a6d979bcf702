package dev.riffle.tracker.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PeerRankerTest {

    static final long NOW = 1_763_780_000_000L;
    static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochMilli(NOW));
    static final Locality TELEKOM_BERLIN = new Locality(3320, "DE", "BE");
    static final Locality TELEKOM_BAVARIA = new Locality(3320, "DE", "BY");
    static final Locality VODAFONE_BERLIN = new Locality(3209, "DE", "BE");
    static final Locality ORANGE_PARIS = new Locality(3215, "FR", "IDF");
    static final RankingPolicy STRICT = new RankingPolicy(30, 3, 10, 0.0, 1_000_000, Duration.ofSeconds(150));

    /** A peer in its own /24 with 1 MB/s spare and nothing held, unless the row says otherwise. */
    static PeerEntry peer(String id, Locality where) {
        return new PeerEntry(
                id,
                where,
                "10." + Math.abs(id.hashCode() % 250) + ".0.0/24",
                1_000_000,
                0,
                -1,
                SegmentRanges.NONE,
                NOW);
    }

    static PeerEntry holding(PeerEntry p, long first, long last) {
        return live(p, p.behindEdgeMs(), first, last);
    }

    static PeerEntry upload(PeerEntry p, long capacity, long uploading) {
        return new PeerEntry(
                p.peerId(), p.locality(), p.subnet(), capacity, uploading, p.playhead(), p.have(), p.lastSeenMillis());
    }

    static PeerEntry subnet(PeerEntry p, String subnet) {
        return new PeerEntry(
                p.peerId(),
                p.locality(),
                subnet,
                p.uploadCapacity(),
                p.uploading(),
                p.playhead(),
                p.have(),
                p.lastSeenMillis());
    }

    static PeerEntry seen(PeerEntry p, long millisAgo) {
        return new PeerEntry(
                p.peerId(),
                p.locality(),
                p.subnet(),
                p.uploadCapacity(),
                p.uploading(),
                p.playhead(),
                p.have(),
                NOW - millisAgo);
    }

    static Viewer viewer(Locality where, long playhead) {
        return new Viewer("me", where, playhead);
    }

    static Arguments row(
            String rule, Viewer viewer, RankingPolicy policy, List<PeerEntry> candidates, List<String> expected) {
        return Arguments.of(Named.of(rule, viewer), policy, candidates, expected);
    }

    static Stream<Arguments> table() {
        Viewer berlin = viewer(TELEKOM_BERLIN, 100);
        return Stream.of(
                row(
                        "same ISP and region beats same country beats elsewhere",
                        berlin,
                        STRICT,
                        List.of(
                                peer("paris", ORANGE_PARIS),
                                peer("vodafone", VODAFONE_BERLIN),
                                peer("telekom", TELEKOM_BERLIN)),
                        List.of("telekom", "vodafone", "paris")),
                row(
                        "same ISP in another region counts only as same country",
                        berlin,
                        STRICT,
                        List.of(holding(peer("bavaria", TELEKOM_BAVARIA), 101, 110), peer("berlin", TELEKOM_BERLIN)),
                        List.of("berlin", "bavaria")),
                row(
                        "a closer tier wins even over a peer holding everything needed",
                        berlin,
                        STRICT,
                        List.of(holding(peer("far", ORANGE_PARIS), 0, 1000), peer("near", TELEKOM_BERLIN)),
                        List.of("near", "far")),
                row(
                        "within a tier, holding the next segments comes first",
                        berlin,
                        STRICT,
                        List.of(
                                holding(peer("some", TELEKOM_BERLIN), 101, 103),
                                holding(peer("all", TELEKOM_BERLIN), 90, 120),
                                peer("none", TELEKOM_BERLIN)),
                        List.of("all", "some", "none")),
                row(
                        "segments behind the playhead do not count",
                        berlin,
                        STRICT,
                        List.of(
                                holding(peer("behind", TELEKOM_BERLIN), 0, 100),
                                holding(peer("ahead", TELEKOM_BERLIN), 101, 101)),
                        List.of("ahead", "behind")),
                row(
                        "with equal holdings, spare upload comes first",
                        berlin,
                        STRICT,
                        List.of(
                                upload(peer("busy", TELEKOM_BERLIN), 1_000_000, 900_000),
                                upload(peer("idle", TELEKOM_BERLIN), 1_000_000, 0),
                                upload(peer("half", TELEKOM_BERLIN), 1_000_000, 500_000)),
                        List.of("idle", "half", "busy")),
                row(
                        "the viewer never gets itself",
                        berlin,
                        STRICT,
                        List.of(peer("me", TELEKOM_BERLIN), peer("other", TELEKOM_BERLIN)),
                        List.of("other")),
                row(
                        "peers that do not seed are left out",
                        berlin,
                        STRICT,
                        List.of(upload(peer("leech", TELEKOM_BERLIN), 0, 0), peer("seed", ORANGE_PARIS)),
                        List.of("seed")),
                row(
                        "peers silent beyond the TTL are left out",
                        berlin,
                        STRICT,
                        List.of(
                                seen(peer("gone", TELEKOM_BERLIN), 150_001),
                                seen(peer("quiet", TELEKOM_BERLIN), 150_000)),
                        List.of("quiet")),
                row(
                        "at most maxPerSubnet peers from one /24",
                        berlin,
                        STRICT,
                        List.of(
                                subnet(peer("a", TELEKOM_BERLIN), "192.0.2.0/24"),
                                subnet(peer("b", TELEKOM_BERLIN), "192.0.2.0/24"),
                                subnet(peer("c", TELEKOM_BERLIN), "192.0.2.0/24"),
                                subnet(peer("d", TELEKOM_BERLIN), "192.0.2.0/24"),
                                subnet(peer("e", ORANGE_PARIS), "198.51.100.0/24")),
                        List.of("a", "b", "c", "e")),
                row(
                        "the answer stops at the limit",
                        berlin,
                        new RankingPolicy(2, 3, 10, 0.0, 1_000_000, Duration.ofSeconds(150)),
                        List.of(peer("a", TELEKOM_BERLIN), peer("b", VODAFONE_BERLIN), peer("c", ORANGE_PARIS)),
                        List.of("a", "b")),
                row(
                        "unknown ISPs never count as the same ISP",
                        viewer(new Locality(0, "DE", "BE"), 5),
                        STRICT,
                        List.of(
                                peer("unknown", new Locality(0, "", "")),
                                peer("sameCountry", new Locality(0, "DE", "BE"))),
                        List.of("sameCountry", "unknown")),
                row(
                        "an unknown playhead ranks by spare upload alone",
                        viewer(TELEKOM_BERLIN, -1),
                        STRICT,
                        List.of(
                                upload(holding(peer("holds", TELEKOM_BERLIN), 0, 50), 1_000_000, 800_000),
                                peer("spare", TELEKOM_BERLIN)),
                        List.of("spare", "holds")),
                row("no candidates, no peers", berlin, STRICT, List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void ranks(Viewer viewer, RankingPolicy policy, List<PeerEntry> candidates, List<String> expected) {
        List<RankedPeer> ranked = PeerRanker.rank(viewer, candidates, policy, new SplittableRandom(7), CLOCK);
        assertThat(ranked).extracting(r -> r.peer().peerId()).containsExactlyElementsOf(expected);
    }

    @Test
    void reportsTheTierEachPeerCameFrom() {
        List<RankedPeer> ranked = PeerRanker.rank(
                viewer(TELEKOM_BERLIN, 0),
                List.of(peer("a", TELEKOM_BERLIN), peer("b", VODAFONE_BERLIN), peer("c", ORANGE_PARIS)),
                STRICT,
                new SplittableRandom(1),
                CLOCK);
        assertThat(ranked).extracting(RankedPeer::tier).containsExactly(Tier.ISP_REGION, Tier.COUNTRY, Tier.OTHER);
    }

    @Test
    void sameSeedGivesTheSameAnswerWhateverTheCandidateOrder() {
        RankingPolicy random = new RankingPolicy(10, 3, 10, 0.5, 1_000_000, Duration.ofSeconds(150));
        List<PeerEntry> candidates = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            candidates.add(peer("p" + i, i % 2 == 0 ? TELEKOM_BERLIN : VODAFONE_BERLIN));
        }
        List<RankedPeer> first =
                PeerRanker.rank(viewer(TELEKOM_BERLIN, 0), candidates, random, new SplittableRandom(42), CLOCK);
        Collections.shuffle(candidates, new java.util.Random(3));
        List<RankedPeer> second =
                PeerRanker.rank(viewer(TELEKOM_BERLIN, 0), candidates, random, new SplittableRandom(42), CLOCK);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void randomnessSpreadsFirstChoiceOverEquallyGoodPeers() {
        RankingPolicy policy = new RankingPolicy(5, 3, 10, 0.35, 1_000_000, Duration.ofSeconds(150));
        List<PeerEntry> candidates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            candidates.add(peer("p" + i, TELEKOM_BERLIN));
        }
        Map<String, Integer> firsts = new HashMap<>();
        SplittableRandom seeds = new SplittableRandom(99);
        for (int v = 0; v < 2000; v++) {
            List<RankedPeer> r = PeerRanker.rank(viewer(TELEKOM_BERLIN, 0), candidates, policy, seeds.split(), CLOCK);
            firsts.merge(r.get(0).peer().peerId(), 1, Integer::sum);
        }
        assertThat(firsts).hasSize(10);
        assertThat(firsts.values()).allSatisfy(n -> assertThat(n).isBetween(100, 320));
    }

    @Test
    void randomnessNeverLiftsAPeerOutOfItsTier() {
        RankingPolicy noisy = new RankingPolicy(30, 30, 10, 5.0, 1_000_000, Duration.ofSeconds(150));
        List<PeerEntry> candidates = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            candidates.add(peer("p" + i, i % 3 == 0 ? TELEKOM_BERLIN : i % 3 == 1 ? VODAFONE_BERLIN : ORANGE_PARIS));
        }
        for (int seed = 0; seed < 50; seed++) {
            List<RankedPeer> r =
                    PeerRanker.rank(viewer(TELEKOM_BERLIN, 0), candidates, noisy, new SplittableRandom(seed), CLOCK);
            assertThat(r).extracting(RankedPeer::tier).isSortedAccordingTo(Tier::compareTo);
        }
    }

    @Test
    void subnetCapHoldsForEveryAnswer() {
        RankingPolicy policy = new RankingPolicy(30, 2, 10, 0.35, 1_000_000, Duration.ofSeconds(150));
        List<PeerEntry> candidates = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            candidates.add(subnet(peer("p" + i, TELEKOM_BERLIN), "10.0." + (i % 7) + ".0/24"));
        }
        for (int seed = 0; seed < 20; seed++) {
            List<RankedPeer> r =
                    PeerRanker.rank(viewer(TELEKOM_BERLIN, 0), candidates, policy, new SplittableRandom(seed), CLOCK);
            Map<String, Integer> perSubnet = new HashMap<>();
            r.forEach(p -> perSubnet.merge(p.peer().subnet(), 1, Integer::sum));
            assertThat(perSubnet.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
            assertThat(r).hasSize(14);
        }
    }

    @Test
    void intervalJitterStaysWithinBoundsAndVaries() {
        SplittableRandom random = new SplittableRandom(5);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 500; i++) {
            long s = AnnounceInterval.seconds(Duration.ofSeconds(60), 0.1, random);
            assertThat(s).isBetween(54L, 66L);
            seen.add(s);
        }
        assertThat(seen.size()).isGreaterThan(8);
    }

    @Test
    void theKeyedSortGivesTheComparatorsAnswerOnRandomSwarms() {
        Locality[] places = {TELEKOM_BERLIN, TELEKOM_BAVARIA, VODAFONE_BERLIN, ORANGE_PARIS, Locality.UNKNOWN};
        SplittableRandom gen = new SplittableRandom(20261130);
        for (int round = 0; round < 300; round++) {
            List<PeerEntry> candidates = new ArrayList<>();
            int size = gen.nextInt(0, 120);
            for (int i = 0; i < size; i++) {
                long first = gen.nextInt(0, 40);
                // coarse values on purpose: with random weight 0 many scores tie exactly
                candidates.add(new PeerEntry(
                        "p" + gen.nextInt(0, 1000) + "-" + i,
                        places[gen.nextInt(places.length)],
                        "10.0." + gen.nextInt(0, 4) + ".0/24",
                        gen.nextInt(0, 3) * 500_000L,
                        gen.nextInt(0, 2) * 250_000L,
                        first,
                        SegmentRanges.of(first, first + gen.nextInt(0, 20)),
                        NOW - gen.nextLong(0, 200_000)));
            }
            RankingPolicy policy = new RankingPolicy(
                    gen.nextInt(0, 40),
                    gen.nextInt(1, 5),
                    10,
                    gen.nextBoolean() ? 0.0 : 0.35,
                    1_000_000,
                    Duration.ofSeconds(150));
            Viewer viewer = new Viewer("p7-3", places[gen.nextInt(places.length)], gen.nextInt(-1, 30));
            long seed = gen.nextLong();
            List<RankedPeer> keyed = PeerRanker.rank(viewer, candidates, policy, new SplittableRandom(seed), CLOCK);
            List<RankedPeer> byComparator =
                    rankByComparator(viewer, candidates, policy, new SplittableRandom(seed).nextLong());
            assertThat(keyed).as("round %d", round).isEqualTo(byComparator);
        }
    }

    @Test
    void moreCandidatesThanSlotsAreRefused() {
        List<PeerEntry> many = Collections.nCopies(PeerRanker.MAX_CANDIDATES + 1, peer("a", TELEKOM_BERLIN));
        assertThatThrownBy(() -> PeerRanker.rank(
                        new Viewer("me", TELEKOM_BERLIN, 0), many, STRICT, new SplittableRandom(1), CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The reference the keyed sort must agree with: every candidate as a RankedPeer, sorted by tier, then score (to
     * the ranker's precision), then peer id, then taken under the subnet cap.
     */
    static List<RankedPeer> rankByComparator(
            Viewer viewer, List<PeerEntry> candidates, RankingPolicy policy, long salt) {
        List<RankedPeer> scored = new ArrayList<>();
        for (PeerEntry p : candidates) {
            if (p.peerId().equals(viewer.peerId())
                    || p.uploadCapacity() <= 0
                    || NOW - p.lastSeenMillis() > policy.peerTtl().toMillis()) {
                continue;
            }
            scored.add(new RankedPeer(
                    p,
                    Tier.of(viewer.locality(), p.locality()),
                    PeerRanker.score(viewer, Candidates.of(List.of(p)), 0, policy, salt)));
        }
        scored.sort(Comparator.comparing((RankedPeer r) -> r.tier())
                .thenComparing(r -> PeerRanker.scoreBits(r.score()), Comparator.reverseOrder())
                .thenComparing(r -> r.peer().peerId()));
        List<RankedPeer> answer = new ArrayList<>();
        Map<String, Integer> perSubnet = new HashMap<>();
        for (RankedPeer r : scored) {
            if (answer.size() == policy.limit()) {
                break;
            }
            if (perSubnet.merge(r.peer().subnet(), 1, Integer::sum) <= policy.maxPerSubnet()) {
                answer.add(r);
            }
        }
        return answer;
    }

    /** {@code p} holding {@code first..last}, playing {@code behindEdgeMs} behind a live edge (-1: not live). */
    static PeerEntry live(PeerEntry p, long behindEdgeMs, long first, long last) {
        return new PeerEntry(
                p.peerId(),
                p.locality(),
                p.subnet(),
                p.uploadCapacity(),
                p.uploading(),
                p.playhead(),
                SegmentRanges.of(first, last),
                p.lastSeenMillis(),
                behindEdgeMs);
    }

    @Test
    void aLiveViewerGetsPeersLevelWithItOrAheadBeforePeersBehindItWhateverTheirStaleRanges() {
        // The viewer plays 3 s behind the edge. Held ranges are a minute old on a live swarm: "dvr" announced the most
        // segments around the viewer's playhead, yet it plays two minutes back and will not have what comes next.
        Viewer viewer = new Viewer("me", TELEKOM_BERLIN, 500, 3_000);
        List<PeerEntry> candidates = List.of(
                live(peer("dvr", TELEKOM_BERLIN), 120_000, 400, 510),
                live(peer("slightly-behind", TELEKOM_BERLIN), 8_000, 440, 470),
                live(peer("level", TELEKOM_BERLIN), 3_000, 440, 470),
                live(peer("at-edge", TELEKOM_BERLIN), 1_000, 440, 470),
                peer("not-live", TELEKOM_BERLIN));
        List<RankedPeer> ranked = PeerRanker.rank(viewer, candidates, STRICT, new SplittableRandom(7), CLOCK);
        // level and at-edge tie on need and spare: peer id order
        assertThat(ranked)
                .extracting(r -> r.peer().peerId())
                .containsExactly("at-edge", "level", "slightly-behind", "dvr", "not-live");
        assertThat(ranked.get(2).score()).isCloseTo(0.6 * 0.5 + 0.4, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void liveClosenessNeverLiftsAPeerOutOfItsTier() {
        Viewer viewer = new Viewer("me", TELEKOM_BERLIN, 500, 3_000);
        List<RankedPeer> ranked = PeerRanker.rank(
                viewer,
                List.of(
                        live(peer("far-but-same-isp", TELEKOM_BERLIN), 60_000, 0, 0),
                        live(peer("at-edge-abroad", ORANGE_PARIS), 0, 0, 0)),
                STRICT,
                new SplittableRandom(7),
                CLOCK);
        assertThat(ranked).extracting(r -> r.peer().peerId()).containsExactly("far-but-same-isp", "at-edge-abroad");
    }

    @Test
    void aLivePolicyNeedsAPositiveHorizon() {
        assertThatThrownBy(() -> new RankingPolicy(30, 3, 10, 0.0, 1_000_000, Duration.ofSeconds(150), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
