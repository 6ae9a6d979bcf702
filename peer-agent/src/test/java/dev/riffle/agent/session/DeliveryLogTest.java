package dev.riffle.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.session.DeliveryLog.From;
import dev.riffle.agent.session.DeliveryLog.Provenance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent's bounded record of where each segment handed to the player came from. Lives in e2e for now (its helper
 * could not edit peer-agent's tests); it belongs in {@code peer-agent/src/test/java/dev/riffle/agent/session/}.
 */
class DeliveryLogTest {
    private final PeerId alice = new PeerId("acct.alice");
    private final DeliveryLog log = new DeliveryLog(3, 4);

    private List<Long> seqs(String rendition) {
        return log.delivered(rendition).stream().map(Provenance::seq).toList();
    }

    @Test
    void aSegmentDeliveredTakesTheSourceItsBytesCameFrom() {
        log.fetched("360p", 0, null, 0, 100);
        log.fetched("360p", 1, alice, 100, 0);
        assertThat(log.delivered("360p", 0).from()).isEqualTo(From.CDN);
        Provenance p = log.delivered("360p", 1);
        assertThat(p.from()).isEqualTo(From.PEER);
        assertThat(p.peer()).isEqualTo("acct.alice");
        assertThat(p.peerBytes()).isEqualTo(100);
    }

    @Test
    void aPeerPrefixFinishedFromTheCdnIsMixedWithBothByteCountsAndThePeer() {
        log.fetched("360p", 2, alice, 30, 70);
        Provenance p = log.delivered("360p", 2);
        assertThat(p.from()).isEqualTo(From.MIXED);
        assertThat(p.peer()).isEqualTo("acct.alice");
        assertThat(p.peerBytes()).isEqualTo(30);
        assertThat(p.cdnBytes()).isEqualTo(70);
    }

    @Test
    void aSegmentThisSessionNeverFetchedCameFromTheCache() {
        assertThat(log.delivered("360p", 5).from()).isEqualTo(From.CACHE);
    }

    @Test
    void bytesTheCacheRejectedAreForgottenUnlessANewerFetchReplacedThem() {
        Provenance bad = log.fetched("360p", 0, alice, 100, 0);
        log.rejected(bad);
        assertThat(log.delivered("360p", 0).from()).isEqualTo(From.CACHE);

        Provenance bad2 = log.fetched("360p", 1, alice, 100, 0);
        log.fetched("360p", 1, null, 0, 100); // refetched from the CDN before the first write failed
        log.rejected(bad2);
        assertThat(log.delivered("360p", 1).from()).isEqualTo(From.CDN);
    }

    @Test
    void onlyTheLastDeliveriesPerRenditionAreKeptOldestFirst() {
        for (long seq = 0; seq < 5; seq++) {
            log.fetched("360p", seq, null, 0, 100);
            log.delivered("360p", seq);
        }
        assertThat(seqs("360p")).containsExactly(2L, 3L, 4L);
    }

    @Test
    void eachRenditionHasItsOwnLog() {
        log.fetched("360p", 0, null, 0, 100);
        log.fetched("aac", 0, alice, 100, 0);
        log.delivered("360p", 0);
        log.delivered("aac", 0);
        assertThat(log.delivered().keySet()).containsExactly("360p", "aac");
        assertThat(log.delivered("aac").get(0).from()).isEqualTo(From.PEER);
        assertThat(log.delivered("240p")).isEmpty();
    }

    @Test
    void aSegmentDeliveredAgainAppearsOnceAtTheEnd() {
        for (long seq : new long[] {0, 1, 0}) log.delivered("360p", seq);
        assertThat(seqs("360p")).containsExactly(1L, 0L);
    }

    @Test
    void onlyTheLastFetchesAreRemembered() {
        for (long seq = 0; seq < 5; seq++) log.fetched("360p", seq, alice, 100, 0);
        assertThat(log.delivered("360p", 0).from()).as("evicted").isEqualTo(From.CACHE);
        assertThat(log.delivered("360p", 1).from()).isEqualTo(From.PEER);
    }

    @Test
    void aRefetchIsTheNewestRecordAndIsEvictedLast() {
        for (long seq = 0; seq < 4; seq++) log.fetched("360p", seq, alice, 100, 0);
        log.fetched("360p", 0, null, 0, 100); // again: now the newest
        log.fetched("360p", 4, null, 0, 100); // evicts 1, not 0
        assertThat(log.delivered("360p", 0).from()).isEqualTo(From.CDN);
        assertThat(log.delivered("360p", 1).from()).isEqualTo(From.CACHE);
    }

    @Test
    void peerBytesWithoutAPeerAreRefused() {
        assertThatThrownBy(() -> log.fetched("360p", 0, null, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStatusViewListsSeqSourcePeerAndBytes() {
        log.fetched("360p", 0, null, 0, 100);
        log.fetched("360p", 1, alice, 60, 40);
        log.delivered("360p", 0);
        log.delivered("360p", 1);
        assertThat(log.toStatus())
                .isEqualTo(Map.of(
                        "360p",
                        List.of(
                                Map.of("seq", 0L, "source", "cdn", "peerBytes", 0L, "cdnBytes", 100L),
                                Map.of(
                                        "seq",
                                        1L,
                                        "source",
                                        "mixed",
                                        "peer",
                                        "acct.alice",
                                        "peerBytes",
                                        60L,
                                        "cdnBytes",
                                        40L))));
    }
}
