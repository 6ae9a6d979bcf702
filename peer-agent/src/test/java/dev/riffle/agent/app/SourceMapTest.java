package dev.riffle.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.session.DeliveryLog;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceMapTest {
    private static final PeerId A = new PeerId("a");

    @Test
    void eachSegmentIsColouredByWhereItsBytesCameFrom() {
        var log = new DeliveryLog();
        log.fetched("360p", 0, A, 100, 0);
        log.fetched("360p", 1, null, 0, 100);
        log.fetched("360p", 2, A, 40, 60);
        // 3 was cached by an earlier run; 4 is still to come
        var map = SourceMap.of("360p", 0, 5, Set.of(0L, 1L, 2L, 3L), log.fetched("360p"), 2);
        assertThat(map.cells()).isEqualTo("pcbh.");
        assertThat(map.playhead()).isEqualTo(2);
        assertThat(map.count(SourceMap.PEER)).isEqualTo(1);
    }

    @Test
    void otherRenditionsFetchesDoNotColourThisOne() {
        var log = new DeliveryLog();
        log.fetched("720p", 0, A, 100, 0);
        assertThat(SourceMap.of("360p", 0, 2, Set.of(), log.fetched("360p"), -1).cells())
                .isEqualTo("..");
    }

    @Test
    void aLiveWindowStartsAtItsFirstSegment() {
        var log = new DeliveryLog();
        log.fetched("v", 41, A, 100, 0);
        assertThat(SourceMap.of("v", 40, 3, Set.of(42L), log.fetched("v"), 41).cells())
                .isEqualTo(".ph");
    }

    @Test
    void aFetchTheCacheRejectedIsNotShown() {
        var log = new DeliveryLog();
        var p = log.fetched("v", 0, A, 100, 0);
        log.rejected(p);
        assertThat(SourceMap.of("v", 0, 1, Set.of(), log.fetched("v"), -1).cells())
                .isEqualTo(".");
    }

    @Test
    void badBoundsAreRefused() {
        assertThatThrownBy(() -> SourceMap.of("v", 0, -1, Set.of(), Map.of(), -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SourceMap("v", -1, "", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
