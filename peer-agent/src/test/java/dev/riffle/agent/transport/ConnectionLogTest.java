package dev.riffle.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.scheduler.PeerId;
import org.junit.jupiter.api.Test;

class ConnectionLogTest {
    private final ConnectionLog log = new ConnectionLog();
    private final PeerId a = new PeerId("a");
    private final PeerId b = new PeerId("b");

    @Test
    void aPeerTriedButNeverUpCountsAsAnAttemptOnly() {
        log.attempted(a);
        var e = log.entries().get(0);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.connected()).isFalse();
        assertThat(e.pair()).isEmpty();
        assertThat(e.bytesReceived()).isZero();
    }

    @Test
    void aSecondConnectionKeepsTheFirstOnesBytes() {
        log.attempted(a);
        log.selected(a, new SelectedPair("host", "host", 10, 100));
        log.attempted(a);
        log.selected(a, new SelectedPair("relay", "relay", 1, 5));
        var e = log.entries().get(0);
        assertThat(e.attempts()).isEqualTo(2);
        assertThat(e.connected()).isTrue();
        assertThat(e.pair()).map(SelectedPair::localType).contains("relay");
        assertThat(e.bytesReceived()).isEqualTo(105);
        assertThat(e.bytesSent()).isEqualTo(11);
    }

    @Test
    void statsForAPeerNeverAttemptedAreIgnoredAndEntriesComeInPeerOrder() {
        log.selected(b, new SelectedPair("host", "host", 1, 1));
        log.attempted(b);
        log.attempted(a);
        assertThat(log.entries()).extracting(ConnectionLog.Entry::peer).containsExactly(a, b);
        assertThat(log.entries().get(1).connected()).isFalse();
    }

    @Test
    void segmentBytesAddUpOverConnectionsAndIgnoreUnknownPeers() {
        log.payload(b, 999);
        log.attempted(a);
        log.payload(a, 100);
        log.payload(a, 250); // the same connection, read again
        log.attempted(a);
        log.payload(a, 40);
        assertThat(log.entries())
                .singleElement()
                .extracting(ConnectionLog.Entry::payloadReceived)
                .isEqualTo(290L);
    }
}
