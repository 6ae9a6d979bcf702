package dev.riffle.tracker.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CandidatesTest {

    static final Locality BERLIN = new Locality(3320, "DE", "BE");
    static final Locality MUNICH = new Locality(3320, "DE", "BY");
    static final long NOW = 1_763_780_000_000L;

    static PeerEntry peer(String id, Locality where, long capacity, long uploading, SegmentRanges have, long seen) {
        return new PeerEntry(id, where, "192.0.2.0/24", capacity, uploading, 3, have, seen);
    }

    /** 0–4 random ranges under segment 60, so peers with more than the inline two are common. */
    static SegmentRanges randomRanges(Random random) {
        List<SegmentRanges.Range> ranges = new ArrayList<>();
        for (int r = random.nextInt(5); r > 0; r--) {
            long first = random.nextInt(60);
            ranges.add(new SegmentRanges.Range(first, first + random.nextInt(6)));
        }
        return new SegmentRanges(ranges);
    }

    @Test
    void countsHeldSegmentsLikeTheRangesThemselvesInlineOrNot() {
        Random random = new Random(11);
        for (int trial = 0; trial < 500; trial++) {
            SegmentRanges have = randomRanges(random);
            Candidates c = Candidates.of(List.of(peer("p", BERLIN, 1, 0, have, NOW)));
            long from = random.nextInt(60);
            long to = from + random.nextInt(15);
            assertThat(c.countIn(0, from, to))
                    .as("%s in [%d, %d]", have, from, to)
                    .isEqualTo(have.countIn(from, to));
        }
    }

    @Test
    void removingSwapsTheLastSlotInAndKeepsEveryColumnWithItsPeer() {
        Candidates c = new Candidates(1);
        PeerEntry a = peer("a", BERLIN, 100, 10, SegmentRanges.of(0, 4), NOW);
        PeerEntry b = peer("b", MUNICH, 200, 0, SegmentRanges.of(0, 1, 3, 4, 8, 9), NOW + 1);
        PeerEntry d = peer("d", BERLIN, 300, 50, SegmentRanges.NONE, NOW + 2);
        c.add(a, BERLIN);
        c.add(b, MUNICH);
        c.add(d, BERLIN);
        assertThat(c.removeSwap(0)).isEqualTo(2);
        assertThat(c.asList()).containsExactly(d, b);
        assertThat(c.spareUpload(0)).isEqualTo(250);
        assertThat(c.lastSeen(0)).isEqualTo(NOW + 2);
        assertThat(c.idHash(0)).isEqualTo("d".hashCode());
        assertThat(c.locality(1)).isEqualTo(MUNICH);
        assertThat(c.countIn(1, 0, 9)).isEqualTo(6);
        assertThatThrownBy(() -> c.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void setReplacesAPeersColumnsAndCopiesAreIndependent() {
        Candidates c = new Candidates(4);
        c.add(peer("a", BERLIN, 100, 10, SegmentRanges.of(0, 4), NOW), BERLIN);
        Candidates before = c.copyLive("nobody", Long.MIN_VALUE);
        c.set(0, peer("a", MUNICH, 0, 0, SegmentRanges.of(7, 7), NOW + 5), MUNICH);
        assertThat(c.uploadCapacity(0)).isZero();
        assertThat(c.countIn(0, 0, 9)).isEqualTo(1);
        assertThat(before.uploadCapacity(0)).isEqualTo(100);
        assertThat(before.countIn(0, 0, 9)).isEqualTo(5);
        assertThat(before.locality(0)).isEqualTo(BERLIN);
    }

    @Test
    void aLiveCopyLeavesOutTheExcludedPeerAndSilentOnesAndRemoveAllEmptiesSlots() {
        Candidates c = new Candidates(4);
        for (String id : List.of("a", "b", "c", "d", "e")) {
            c.add(peer(id, BERLIN, 1, 0, SegmentRanges.NONE, id.equals("b") ? NOW - 10 : NOW), BERLIN);
        }
        assertThat(c.copyLive("c", NOW - 5).asList())
                .extracting(PeerEntry::peerId)
                .containsExactly("a", "d", "e");
        c.removeAll(List.of("a", "e", "nobody"));
        assertThat(c.asList()).extracting(PeerEntry::peerId).containsExactlyInAnyOrder("b", "c", "d");
        c.removeAll(List.of());
        assertThat(c.size()).isEqualTo(3);
    }

    @Test
    void aSharedLocalityMustBeThePeersOwn() {
        Candidates c = new Candidates(1);
        assertThatThrownBy(() -> c.add(peer("a", BERLIN, 1, 0, SegmentRanges.NONE, NOW), MUNICH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Columns kept up to date through many adds, replacements and removals (as a swarm keeps them) rank exactly like
     * a fresh list of the same peers.
     */
    @Test
    void columnsKeptThroughChurnRankLikeAFreshList() {
        Random random = new Random(5);
        RankingPolicy policy = new RankingPolicy(30, 3, 10, 0.35, 1_000_000, Duration.ofSeconds(150));
        InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(NOW + 100));
        Locality[] places = {BERLIN, MUNICH, new Locality(3215, "FR", "IDF")};
        Candidates columns = new Candidates(2);
        List<PeerEntry> reference = new ArrayList<>();
        for (int step = 0; step < 3_000; step++) {
            int op = random.nextInt(10);
            if (op < 2 && !reference.isEmpty()) {
                int slot = random.nextInt(reference.size());
                columns.removeSwap(slot);
                PeerEntry last = reference.remove(reference.size() - 1);
                if (slot < reference.size()) {
                    reference.set(slot, last);
                }
            } else {
                Locality where = places[random.nextInt(places.length)];
                PeerEntry p = new PeerEntry(
                        "p" + random.nextInt(400),
                        where,
                        "198.51." + random.nextInt(4) + ".0/24",
                        random.nextInt(3) * 500_000L,
                        random.nextInt(400_000),
                        random.nextInt(50),
                        randomRanges(random),
                        NOW - random.nextInt(200_000));
                int existing = reference.indexOf(reference.stream()
                        .filter(e -> e.peerId().equals(p.peerId()))
                        .findFirst()
                        .orElse(null));
                if (existing >= 0) {
                    columns.set(existing, p, where);
                    reference.set(existing, p);
                } else {
                    columns.add(p, where);
                    reference.add(p);
                }
            }
            if (step % 100 == 99) {
                Viewer viewer = new Viewer("p" + random.nextInt(400), places[random.nextInt(3)], random.nextInt(40));
                long seed = random.nextLong();
                assertThat(PeerRanker.rank(viewer, columns, policy, new Random(seed), clock))
                        .isEqualTo(PeerRanker.rank(viewer, List.copyOf(reference), policy, new Random(seed), clock));
            }
        }
        assertThat(columns.asList()).isEqualTo(reference);
    }
}
