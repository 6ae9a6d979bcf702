package dev.riffle.tracker.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.tracker.matching.Candidates;
import dev.riffle.tracker.matching.Locality;
import dev.riffle.tracker.matching.PeerEntry;
import dev.riffle.tracker.matching.SegmentRanges;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateSnapshotsTest {

    static final long AGE = 250;
    static final long TTL = 150_000;
    static final long T0 = 1_763_780_000_000L;
    static final String BERLIN = "3320/DE/BE";

    final CandidateSnapshots snapshots = new CandidateSnapshots(AGE, TTL, 3);

    static PeerEntry peer(String id, long seenAt) {
        return new PeerEntry(
                id, new Locality(3320, "DE", "BE"), "192.0.2.0/24", 1_000_000, 0, 3, SegmentRanges.of(0, 9), seenAt);
    }

    static List<String> ids(Candidates peers) {
        return peers == null
                ? null
                : peers.asList().stream().map(PeerEntry::peerId).sorted().toList();
    }

    @Test
    void withoutASnapshotTheCallerSamples() {
        assertThat(snapshots.candidates("s", BERLIN, 10, "me", T0)).isNull();
    }

    @Test
    void aFreshSnapshotAnswersWithoutTheAskingPeer() {
        snapshots.refreshed("s", BERLIN, 10, List.of(peer("a", T0), peer("me", T0)), T0);
        assertThat(ids(snapshots.candidates("s", BERLIN, 10, "me", T0 + AGE - 1)))
                .containsExactly("a");
    }

    @Test
    void snapshotsAreKeptPerGroupAndPool() {
        snapshots.refreshed("s", BERLIN, 10, List.of(peer("a", T0)), T0);
        assertThat(snapshots.candidates("s", "3215/FR/IDF", 10, "me", T0)).isNull();
        assertThat(snapshots.candidates("s", BERLIN, 40, "me", T0)).isNull();
        assertThat(snapshots.candidates("t", BERLIN, 10, "me", T0)).isNull();
    }

    @Test
    void aStaleSnapshotIsRefreshedByOneCallerWhileTheOthersKeepUsingIt() {
        snapshots.refreshed("s", BERLIN, 10, List.of(peer("a", T0)), T0);
        assertThat(snapshots.candidates("s", BERLIN, 10, "x", T0 + AGE)).isNull();
        assertThat(ids(snapshots.candidates("s", BERLIN, 10, "y", T0 + AGE + 1)))
                .containsExactly("a");
        assertThat(ids(snapshots.candidates("s", BERLIN, 10, "z", T0 + 2 * AGE - 1)))
                .containsExactly("a");
    }

    @Test
    void aRefreshClaimThatNeverCompletedLapses() {
        snapshots.refreshed("s", BERLIN, 10, List.of(peer("a", T0)), T0);
        assertThat(snapshots.candidates("s", BERLIN, 10, "x", T0 + AGE)).isNull();
        // the claimant failed: past twice the age nobody uses the snapshot any more
        assertThat(snapshots.candidates("s", BERLIN, 10, "y", T0 + 2 * AGE)).isNull();
        assertThat(snapshots.candidates("s", BERLIN, 10, "z", T0 + 2 * AGE)).isNull();
    }

    @Test
    void aClockGoingBackwardsForcesASample() {
        snapshots.refreshed("s", BERLIN, 10, List.of(peer("a", T0)), T0);
        assertThat(snapshots.candidates("s", BERLIN, 10, "me", T0 - 1)).isNull();
    }

    @Test
    void ownWritesReachEverySnapshotOfTheSwarmUpToItsPool() {
        snapshots.refreshed("s", BERLIN, 2, List.of(peer("a", T0)), T0);
        snapshots.refreshed("s", "3215/FR/IDF", 2, List.of(peer("a", T0), peer("b", T0), peer("c", T0)), T0);
        snapshots.written("s", peer("d", T0 + 1));
        snapshots.written("s", peer("a", T0 + 2));
        snapshots.written("s", peer("e", T0 + 3));
        // BERLIN: a refreshed in place, d added (pool 2 + the asking peer's own slot), e over the bound
        List<PeerEntry> berlin =
                snapshots.candidates("s", BERLIN, 2, "me", T0 + 3).asList();
        assertThat(berlin.stream().map(PeerEntry::peerId).sorted()).containsExactly("a", "d", "e");
        assertThat(berlin.stream()
                        .filter(p -> p.peerId().equals("a"))
                        .findFirst()
                        .orElseThrow()
                        .lastSeenMillis())
                .isEqualTo(T0 + 2);
        // FR: already full, only the known peer a is updated
        assertThat(ids(snapshots.candidates("s", "3215/FR/IDF", 2, "me", T0 + 3)))
                .containsExactly("a", "b", "c");
    }

    @Test
    void theBoundCountsTheAskingPeersOwnRecord() {
        snapshots.refreshed("s", BERLIN, 1, List.of(peer("a", T0)), T0);
        snapshots.written("s", peer("b", T0));
        snapshots.written("s", peer("c", T0));
        assertThat(ids(snapshots.candidates("s", BERLIN, 1, "me", T0))).containsExactly("a", "b");
    }

    @Test
    void removedPeersDisappearFromEverySnapshot() {
        snapshots.refreshed("s", BERLIN, 10, List.of(peer("a", T0), peer("b", T0)), T0);
        snapshots.refreshed("s", "3215/FR/IDF", 10, List.of(peer("a", T0)), T0);
        snapshots.removed("s", List.of("a"));
        assertThat(ids(snapshots.candidates("s", BERLIN, 10, "me", T0))).containsExactly("b");
        assertThat(ids(snapshots.candidates("s", "3215/FR/IDF", 10, "me", T0))).isEmpty();
    }

    @Test
    void silentPeersAreFilteredWhenRead() {
        snapshots.refreshed("s", BERLIN, 10, List.of(peer("old", T0 - TTL - 1), peer("edge", T0 - TTL)), T0);
        assertThat(ids(snapshots.candidates("s", BERLIN, 10, "me", T0))).containsExactly("edge");
    }

    @Test
    void theSwarmCountIsBoundedDroppingStaleSwarmsFirst() {
        snapshots.refreshed("old", BERLIN, 10, List.of(peer("a", T0)), T0);
        snapshots.refreshed("s1", BERLIN, 10, List.of(peer("a", T0)), T0 + 2 * AGE);
        snapshots.refreshed("s2", BERLIN, 10, List.of(peer("a", T0)), T0 + 2 * AGE);
        snapshots.refreshed("s3", BERLIN, 10, List.of(peer("a", T0)), T0 + 2 * AGE);
        assertThat(snapshots.swarmCount()).isEqualTo(3);
        assertThat(snapshots.candidates("s1", BERLIN, 10, "me", T0 + 2 * AGE)).isNotNull();
        snapshots.refreshed("s4", BERLIN, 10, List.of(peer("a", T0)), T0 + 2 * AGE);
        // nothing stale left to drop: everything goes rather than grow past the bound
        assertThat(snapshots.swarmCount()).isEqualTo(1);
    }

    @Test
    void aZeroAgeTurnsSnapshotsOff() {
        CandidateSnapshots off = new CandidateSnapshots(0, TTL, 3);
        off.refreshed("s", BERLIN, 10, List.of(peer("a", T0)), T0);
        assertThat(off.candidates("s", BERLIN, 10, "me", T0)).isNull();
        assertThat(off.swarmCount()).isZero();
    }
}
