package dev.riffle.agent;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.SegmentSet;
import dev.riffle.agent.scheduler.SegmentWindow;
import dev.riffle.agent.session.BadSegment;
import dev.riffle.agent.session.SwarmLink;
import dev.riffle.agent.transport.PeerFetch;
import dev.riffle.agent.transport.PeerSession;
import dev.riffle.agent.transport.Transport;
import dev.riffle.protocol.swarm.SwarmId;
import dev.riffle.protocol.wire.ByeReason;
import dev.riffle.protocol.wire.WireMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The fetch loops' {@link SwarmLink} over the agent's transport and its open peer sessions. */
final class TransportSwarms implements SwarmLink {
    private final Transport transport;
    private final Function<SwarmId, Map<PeerId, PeerSession>> sessions;
    private final BiConsumer<PeerId, BadSegment> polluted;

    /** @param polluted told of each peer banned for bad bytes, with the evidence */
    TransportSwarms(
            Transport transport,
            Function<SwarmId, Map<PeerId, PeerSession>> sessions,
            BiConsumer<PeerId, BadSegment> polluted) {
        this.transport = transport;
        this.sessions = sessions;
        this.polluted = polluted;
    }

    @Override
    public List<PeerState> peers(SwarmId swarm) {
        var out = new ArrayList<PeerState>();
        for (PeerSession s : sessions.apply(swarm).values()) {
            if (!s.isOpen() || !s.swarm().equals(swarm) || transport.isBanned(s.remote())) continue;
            WireMessage.Window w = s.remoteWindow();
            out.add(new PeerState(
                    s.remote(),
                    SegmentSet.of(s.remoteSegments()),
                    s.remoteClaims(),
                    s.downloadRate(),
                    new SegmentWindow(w.first(), w.count())));
        }
        return out;
    }

    @Override
    public Optional<Transfer> request(SwarmId swarm, PeerId peer, int seq, int offset, int length) {
        PeerSession s = sessions.apply(swarm).get(peer);
        if (s == null || !s.isOpen()) return Optional.empty();
        return Optional.of(new PeerTransfer(s.request(seq, offset, length)));
    }

    @Override
    public void have(SwarmId swarm, int seq) {
        for (PeerSession s : sessions.apply(swarm).values()) {
            if (s.isOpen() && s.swarm().equals(swarm)) s.announce(seq);
        }
    }

    @Override
    public void window(SwarmId swarm, SegmentWindow window) {
        if (window.count() == 0 || window.first() > Integer.MAX_VALUE) {
            transport.window(swarm, WireMessage.Window.NONE);
            return;
        }
        // The wire's fields are ints: an open-ended window from segment 0 would be 2^31 segments long.
        long count =
                Math.min(Math.min(window.count(), (long) Integer.MAX_VALUE - window.first() + 1), Integer.MAX_VALUE);
        transport.window(swarm, new WireMessage.Window((int) window.first(), (int) count));
    }

    @Override
    public void claims(SwarmId swarm, SortedMap<Integer, Integer> claims) {
        transport.claims(swarm, claims);
    }

    @Override
    public void ban(PeerId peer) {
        transport.ban(peer, ByeReason.BAD_DATA);
    }

    @Override
    public void ban(PeerId peer, BadSegment evidence) {
        ban(peer);
        polluted.accept(peer, evidence);
    }

    @Override
    public boolean isBanned(PeerId peer) {
        return transport.isBanned(peer);
    }

    private record PeerTransfer(PeerFetch fetch) implements Transfer {
        @Override
        public CompletionStage<byte[]> result() {
            return fetch.result();
        }

        @Override
        public int bytesReceived() {
            return fetch.bytesReceived();
        }

        @Override
        public long lastProgressMillis() {
            // The transport's nanos count from the epoch on the agent's clock: the same clock in milliseconds.
            return fetch.lastProgressNanos() / 1_000_000;
        }

        @Override
        public byte[] receivedPrefix() {
            return fetch.receivedPrefix();
        }

        @Override
        public void cancel() {
            fetch.cancel();
        }
    }
}
