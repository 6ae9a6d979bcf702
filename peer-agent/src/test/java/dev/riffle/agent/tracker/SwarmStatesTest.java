package dev.riffle.agent.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.testing.TestRenditions;
import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.manifest.ContentKey;
import dev.riffle.protocol.manifest.ContentKeyId;
import dev.riffle.protocol.manifest.IvRule;
import dev.riffle.protocol.manifest.Live;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.Segment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmStatesTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_795_000_000_000L);

    @Test
    void aLiveViewerSaysHowFarBehindTheNewestSegmentItPlays() {
        // segments 10..19 of 1 s each: the edge is the end of 19; the player asked for 17 last
        Manifest m = channel(10, 19, false);
        Rendition r = m.renditions().get(0);
        assertThat(SwarmStates.behindEdgeMs(m, r, 17)).isEqualTo(3_000);
        assertThat(SwarmStates.behindEdgeMs(m, r, 19)).isEqualTo(1_000);
    }

    @Test
    void noPositionForVodAnEndedChannelNoPlayerYetOrAPlayheadOutsideTheWindow() {
        Manifest ended = channel(10, 19, true);
        assertThat(SwarmStates.behindEdgeMs(ended, ended.renditions().get(0), 17))
                .isEqualTo(-1);
        Manifest onAir = channel(10, 19, false);
        Rendition r = onAir.renditions().get(0);
        assertThat(SwarmStates.behindEdgeMs(onAir, r, -1)).isEqualTo(-1);
        assertThat(SwarmStates.behindEdgeMs(onAir, r, 3))
                .as("slid out of the window")
                .isEqualTo(-1);
    }

    private static Manifest channel(long from, long to, boolean ended) {
        var kid = new ContentKeyId(new byte[16]);
        List<Segment> segments = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            segments.add(new Segment(
                    i, 1_000, 100, Sha256.of(new byte[] {(byte) i}), "v/" + i + ".ts", null, kid, T0.plusSeconds(i)));
        }
        return Manifest.live(
                "ch",
                T0.plusSeconds(to),
                "k",
                new ContentKey(kid, IvRule.SEGMENT_INDEX),
                List.of(TestRenditions.video(segments)),
                new Live(10_000, ended));
    }
}
