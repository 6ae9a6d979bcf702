package dev.riffle.agent.scheduler;

import java.util.Objects;

/** Where bytes of a segment come from. */
public sealed interface Source {
    Cdn CDN = new Cdn();

    /** The HTTP edge (origin or a caching proxy in front of it). */
    record Cdn() implements Source {
        @Override
        public String toString() {
            return "CDN";
        }
    }

    /** Another agent over a WebRTC data channel. */
    record Peer(PeerId id) implements Source {
        public Peer {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String toString() {
            return id.toString();
        }
    }

    static Source peer(PeerId id) {
        return new Peer(id);
    }
}
