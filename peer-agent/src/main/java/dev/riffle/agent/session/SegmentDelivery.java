package dev.riffle.agent.session;

import dev.riffle.agent.cache.PutResult;
import dev.riffle.agent.cache.SegmentCache;
import dev.riffle.agent.cache.SegmentKey;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.SegmentRef;
import dev.riffle.agent.scheduler.Source;
import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.manifest.Segment;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

/**
 * Where fetched bytes become segments: every segment, from either source, is checked against the signed manifest by
 * {@link SegmentCache#put} before anyone sees it; then it is counted, announced to the swarm (HAVE_ONE) and handed to
 * the players waiting for it. A peer whose bytes fail the check is banned, and the segment is fetched again (the peer
 * is gone, so the next tick sends it elsewhere). Confined to the session's executor.
 */
final class SegmentDelivery {
    private static final Logger LOG = Logger.getLogger(SegmentDelivery.class.getName());

    private final Vertx vertx;
    private final Executor onSession;
    private final TitleManifest manifests;
    private final SegmentCache cache;
    private final SwarmLink swarm;
    private final Counters counters;
    private final DeliveryLog deliveries;
    private final Runnable retick;
    private final Map<SegmentRef, List<Promise<byte[]>>> waiters = new HashMap<>();
    /** For each segment a player waits for: by when it must have it so the player's request is answered in time. */
    private final Map<SegmentRef, Long> answerBy = new HashMap<>();
    /**
     * Segments whose bytes arrived and are being verified and stored: counted as cached, or a tick between the end of
     * the request and the end of the write would fetch them again.
     */
    private final Map<SegmentRef, Integer> storing = new HashMap<>();

    private boolean closed;

    SegmentDelivery(
            Vertx vertx,
            Executor onSession,
            TitleManifest manifests,
            SegmentCache cache,
            SwarmLink swarm,
            Counters counters,
            DeliveryLog deliveries,
            Runnable retick) {
        this.vertx = vertx;
        this.onSession = onSession;
        this.manifests = manifests;
        this.cache = cache;
        this.swarm = swarm;
        this.counters = counters;
        this.deliveries = deliveries;
        this.retick = retick;
    }

    /**
     * The segment's bytes once they are verified and stored, or a failure after {@code waitMillis}. The request also
     * sets a deadline for the segment: half the wait from now, so a player reading far ahead is answered long before
     * its request times out, whatever the player's clock says (see {@link #answerBy}).
     */
    Future<byte[]> waitFor(SegmentRef ref, long waitMillis, long nowMillis) {
        Promise<byte[]> p = Promise.promise();
        waiters.computeIfAbsent(ref, k -> new ArrayList<>()).add(p);
        answerBy.merge(ref, nowMillis + waitMillis / 2, Math::min);
        long timer = vertx.setTimer(
                waitMillis,
                t -> onSession.execute(() -> {
                    List<Promise<byte[]>> list = waiters.get(ref);
                    if (list != null && list.remove(p) && list.isEmpty()) {
                        waiters.remove(ref);
                        answerBy.remove(ref);
                    }
                    p.tryFail("segment " + ref + " did not arrive within " + waitMillis + " ms");
                }));
        p.future().onComplete(r -> vertx.cancelTimer(timer));
        return p.future();
    }

    /** Segments of {@code rendition} players wait for, with the time by which each must be answered. */
    Map<Long, Long> answerBy(String rendition) {
        Map<Long, Long> out = new HashMap<>();
        answerBy.forEach((ref, by) -> {
            if (ref.rendition().equals(rendition)) out.put(ref.seq(), by);
        });
        return out;
    }

    /** Segments of {@code rendition} being verified and stored now. */
    Set<Long> storing(String rendition) {
        Set<Long> out = new HashSet<>();
        storing.keySet().forEach(ref -> {
            if (ref.rendition().equals(rendition)) out.add(ref.seq());
        });
        return out;
    }

    /**
     * A segment's bytes are in: verify and store them, count them, hand them to waiting players.
     *
     * @param answerable who is answerable for the bytes (a peer is banned if they do not match); CDN for a peer
     *     prefix finished from the edge, where the culprit cannot be told
     * @param peer the peer that sent {@code peerBytes} of them, or null
     */
    void arrived(
            SegmentRef ref, Segment s, byte[] bytes, Source answerable, PeerId peer, long peerBytes, long cdnBytes) {
        if (closed) return;
        var key = new SegmentKey(manifests.current().titleId(), ref.rendition(), ref.seq());
        // Recorded before the write: once the cache has the segment, a player may be served it before the callback.
        var provenance = deliveries.fetched(ref.rendition(), ref.seq(), peer, peerBytes, cdnBytes);
        storing.merge(ref, 1, Integer::sum);
        vertx.executeBlocking(() -> cache.put(key, bytes, s.size(), s.sha256()), false)
                .onComplete(res -> onSession.execute(() -> {
                    storing.computeIfPresent(ref, (k, n) -> n > 1 ? n - 1 : null);
                    PutResult put = res.succeeded() ? res.result() : null;
                    if (put == PutResult.STORED || put == PutResult.ALREADY_PRESENT) {
                        stored(ref, bytes, answerable, peerBytes, cdnBytes);
                    } else if (put == PutResult.HASH_MISMATCH || put == PutResult.WRONG_SIZE) {
                        deliveries.rejected(provenance);
                        counters.hashMismatches.incrementAndGet();
                        // Several requests to one peer may fail the check; the peer is banned (and counted) once.
                        if (answerable instanceof Source.Peer p && !swarm.isBanned(p.id())) {
                            LOG.warning("peer " + p.id() + " sent bad bytes for " + ref + ": banned");
                            swarm.ban(
                                    p.id(),
                                    new BadSegment(
                                            manifests.current().swarmId(ref.rendition()),
                                            ref.seq(),
                                            s.sha256(),
                                            Sha256.of(bytes)));
                            counters.bans.incrementAndGet();
                        }
                        retick.run();
                    } else {
                        deliveries.rejected(provenance);
                        LOG.warning("could not cache " + ref + ": " + (put != null ? put : res.cause()));
                    }
                }));
    }

    private void stored(SegmentRef ref, byte[] bytes, Source answerable, long peerBytes, long cdnBytes) {
        counters.bytesFromPeers.addAndGet(peerBytes);
        counters.bytesFromCdn.addAndGet(cdnBytes);
        var stream = counters.stream(manifests.current().titleId(), ref.rendition());
        stream.bytesFromPeers.addAndGet(peerBytes);
        stream.bytesFromCdn.addAndGet(cdnBytes);
        (answerable instanceof Source.Peer ? counters.segmentsFromPeers : counters.segmentsFromCdn).incrementAndGet();
        if (ref.seq() <= Integer.MAX_VALUE) swarm.have(manifests.current().swarmId(ref.rendition()), (int) ref.seq());
        List<Promise<byte[]>> list = waiters.remove(ref);
        answerBy.remove(ref);
        if (list != null) list.forEach(p -> p.tryComplete(bytes));
    }

    void close() {
        closed = true;
        waiters.values().forEach(l -> l.forEach(p -> p.tryFail("session closed")));
        waiters.clear();
        answerBy.clear();
    }
}
