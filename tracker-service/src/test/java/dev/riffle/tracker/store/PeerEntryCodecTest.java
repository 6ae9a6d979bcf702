package dev.riffle.tracker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.tracker.matching.Locality;
import dev.riffle.tracker.matching.PeerEntry;
import dev.riffle.tracker.matching.SegmentRanges;
import org.junit.jupiter.api.Test;

class PeerEntryCodecTest {
    static final Locality TELEKOM_BERLIN = new Locality(3320, "DE", "BE");

    @Test
    void aLivePeerRoundTripsWithWhereItPlays() {
        var p = new PeerEntry(
                "p1", TELEKOM_BERLIN, "192.0.2.0/24", 2_000_000, 150_000, 41, SegmentRanges.of(0, 40), 17, 2_400);
        String text = PeerEntryCodec.encode(p);
        assertThat(text).isEqualTo("3320/DE/BE|192.0.2.0/24|2000000|150000|41|0-40|17|2400");
        assertThat(PeerEntryCodec.decode("p1", text)).isEqualTo(p);
    }

    @Test
    void aRecordWrittenWithoutThePositionReadsAsNotLive() {
        PeerEntry p = PeerEntryCodec.decode("p1", "3320/DE/BE|192.0.2.0/24|2000000|150000|41|0-40|17");
        assertThat(p.behindEdgeMs()).isEqualTo(-1);
        assertThat(p.lastSeenMillis()).isEqualTo(17);
    }

    @Test
    void badRecordsAreRefused() {
        assertThatThrownBy(() -> PeerEntryCodec.decode("p1", "3320/DE/BE|192.0.2.0/24|1|0|41"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PeerEntryCodec.decode("p1", "3320/DE/BE|192.0.2.0/24|1|0|41|0-40|17|2400|9"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PeerEntryCodec.decode("p1", "3320/DE/BE|192.0.2.0/24|1|0|41|0-40|17|-5"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
