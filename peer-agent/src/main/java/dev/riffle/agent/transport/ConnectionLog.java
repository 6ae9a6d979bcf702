package dev.riffle.agent.transport;

import dev.riffle.agent.scheduler.PeerId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every peer this agent tried to connect to, whoever dialled: how many connections were attempted, whether one came
 * up, over which kinds of candidate, and the bytes its selected pair moved. It shows what NAT lets through (direct,
 * reflexive or only relayed) and how much a TURN server carries. Thread-safe; one entry per peer, so bounded by the
 * peers met.
 */
public final class ConnectionLog {
    /**
     * What one peer's connections did.
     *
     * @param peer the remote peer
     * @param attempts connections made to or accepted from it
     * @param connected whether any of them came up
     * @param pair the latest selected candidate pair, with the bytes of its connection (a later connection restarts
     *     the count: the bytes of earlier ones are in {@code closedBytesReceived}/{@code closedBytesSent})
     * @param closedBytesReceived bytes received over this peer's earlier, closed connections
     * @param closedBytesSent bytes sent over them
     * @param closedPayloadReceived segment bytes this peer sent us over earlier, closed connections (transfers cut short
     *     included): what the data channels carried for us, without the transport's framing and retransmissions
     * @param currentPayloadReceived the same over the current connection, as last read
     */
    public record Entry(
            PeerId peer,
            int attempts,
            boolean connected,
            Optional<SelectedPair> pair,
            long closedBytesReceived,
            long closedBytesSent,
            long closedPayloadReceived,
            long currentPayloadReceived) {
        public long payloadReceived() {
            return closedPayloadReceived + currentPayloadReceived;
        }

        public long bytesReceived() {
            return closedBytesReceived + pair.map(SelectedPair::bytesReceived).orElse(0L);
        }

        public long bytesSent() {
            return closedBytesSent + pair.map(SelectedPair::bytesSent).orElse(0L);
        }
    }

    private final ConcurrentHashMap<PeerId, Entry> entries = new ConcurrentHashMap<>();

    void attempted(PeerId peer) {
        entries.merge(
                peer,
                new Entry(peer, 1, false, Optional.empty(), 0, 0, 0, 0),
                (old, x) -> new Entry(
                        peer,
                        old.attempts() + 1,
                        old.connected(),
                        Optional.empty(),
                        old.bytesReceived(),
                        old.bytesSent(),
                        old.payloadReceived(),
                        0));
    }

    /** The segment bytes the current connection to {@code peer} has carried to us so far. */
    void payload(PeerId peer, long currentConnection) {
        entries.computeIfPresent(
                peer,
                (p, old) -> new Entry(
                        p,
                        old.attempts(),
                        old.connected(),
                        old.pair(),
                        old.closedBytesReceived(),
                        old.closedBytesSent(),
                        old.closedPayloadReceived(),
                        currentConnection));
    }

    /** The connection is up (or its stats were read again): its selected pair as the report gave it. */
    void selected(PeerId peer, SelectedPair pair) {
        entries.computeIfPresent(
                peer,
                (p, old) -> new Entry(
                        p,
                        old.attempts(),
                        true,
                        Optional.of(pair),
                        old.closedBytesReceived(),
                        old.closedBytesSent(),
                        old.closedPayloadReceived(),
                        old.currentPayloadReceived()));
    }

    /** Every peer met so far, in peer order. */
    public List<Entry> entries() {
        return entries.values().stream()
                .sorted(Comparator.comparing(Entry::peer))
                .toList();
    }
}
