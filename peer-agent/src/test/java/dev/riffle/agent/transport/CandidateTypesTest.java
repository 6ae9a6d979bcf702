package dev.riffle.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CandidateTypesTest {
    @Test
    void eachCandidateCountsUnderItsType() {
        var types = new CandidateTypes();
        types.seen("candidate:1 1 udp 2122260223 192.0.2.2 50000 typ host generation 0");
        types.seen("candidate:2 1 udp 1686052607 198.51.100.7 61000 typ srflx raddr 192.0.2.2 rport 50000");
        types.seen("candidate:3 1 udp 41885439 203.0.113.1 49152 typ relay raddr 198.51.100.7 rport 61000");
        types.seen("candidate:4 1 tcp 1518280447 192.0.2.2 9 typ host tcptype active");
        assertThat(types.counts())
                .containsEntry("host", 2L)
                .containsEntry("srflx", 1L)
                .containsEntry("relay", 1L)
                .containsEntry("prflx", 0L);
    }

    @Test
    void candidatesInsideADescriptionCountAndOtherLinesDoNot() {
        var types = new CandidateTypes();
        types.seen(
                "v=0\r\na=ice-ufrag:typ host\r\na=candidate:3 1 udp 41885439 203.0.113.1 49152 typ relay raddr 0.0.0.0"
                        + " rport 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n");
        types.seen("candidate:9 1 udp 1 203.0.113.1 1 typ bogus");
        assertThat(types.counts()).containsEntry("relay", 1L).containsEntry("host", 0L);
    }
}
