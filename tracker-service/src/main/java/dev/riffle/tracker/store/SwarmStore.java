package dev.riffle.tracker.store;

import dev.riffle.tracker.matching.Candidates;
import dev.riffle.tracker.matching.PeerEntry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Swarms: which peers watch what. Every operation is atomic per swarm. Peers silent for longer than the store's TTL are
 * gone; a swarm never holds more than its cap (the longest-silent peer is evicted).
 */
public interface SwarmStore extends AutoCloseable {

    /** A swarm after a join: its live size and a sample of other peers to rank. */
    record SwarmView(long size, Candidates candidates) {
        public SwarmView {
            Objects.requireNonNull(candidates);
        }

        public SwarmView(long size, List<PeerEntry> candidates) {
            this(size, Candidates.of(candidates));
        }
    }

    /**
     * Adds or refreshes {@code peer} in {@code swarm} and returns up to {@code pool} other peers, preferring ones from
     * the peer's own ISP/region group when the swarm is larger than the pool.
     *
     * @param create whether a swarm that does not exist may be created; if not, an unknown swarm answers empty
     */
    CompletionStage<Optional<SwarmView>> join(String swarm, PeerEntry peer, boolean create, int pool, long nowMillis);

    /**
     * Reads the candidates of a join. A store may run it while it holds the swarm (the in-memory store does, to hand
     * over its columns without copying them), so it must be quick, must not call the store and must not keep {@code
     * candidates}; they may include the joining peer itself.
     */
    @FunctionalInterface
    interface CandidateReader<T> {
        T read(long size, Candidates candidates);
    }

    /**
     * {@link #join}, with the candidates handed to {@code reader} instead of returned; what it answers is returned.
     * Unknown swarm (and not {@code create}): empty, and {@code reader} is not called.
     */
    default <T> CompletionStage<Optional<T>> joinAndRead(
            String swarm, PeerEntry peer, boolean create, int pool, long nowMillis, CandidateReader<T> reader) {
        return join(swarm, peer, create, pool, nowMillis)
                .thenApply(view -> view.map(v -> reader.read(v.size(), v.candidates())));
    }

    /** Removes the peer; true if it was there. */
    CompletionStage<Boolean> leave(String swarm, String peerId);

    /** Whether the peer is in the swarm and not silent. */
    CompletionStage<Boolean> contains(String swarm, String peerId, long nowMillis);

    /** Live peers in the swarm (0 for an unknown swarm). */
    CompletionStage<Long> size(String swarm, long nowMillis);

    @Override
    void close();
}
