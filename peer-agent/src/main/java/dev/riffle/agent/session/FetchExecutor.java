package dev.riffle.agent.session;

import dev.riffle.agent.cdn.EdgeFetcher;
import dev.riffle.agent.scheduler.Action;
import dev.riffle.agent.scheduler.InFlight;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.SegmentRef;
import dev.riffle.agent.scheduler.Source;
import dev.riffle.protocol.manifest.RenditionType;
import dev.riffle.protocol.manifest.Segment;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

/**
 * Carries out the scheduler's actions: CDN fetches (whole or the Range a late peer did not deliver), peer requests
 * and cancels. It keeps the requests under way, which the next input is built from, and the CDN's measured rate.
 * Arrived bytes go to the {@link SegmentDelivery}; completions hop back to the session's executor, so all state is
 * confined there.
 */
final class FetchExecutor {
    private static final Logger LOG = Logger.getLogger(FetchExecutor.class.getName());
    /** Before any CDN fetch finished: a cautious guess (2 MB/s), replaced by the first measurement. */
    static final long INITIAL_CDN_RATE = 2_000_000;

    private final TitleManifest manifests;
    private final EdgeFetcher edge;
    private final SwarmLink swarm;
    private final InstantSource clock;
    private final Executor onSession;
    private final SegmentDelivery delivery;
    private final Counters counters;
    /** One request under way per segment (the scheduler never issues a second). */
    private final Map<SegmentRef, Request> inFlight = new HashMap<>();

    private long cdnRate = INITIAL_CDN_RATE;

    private record Request(Source source, long offset, long length, long startedAt, SwarmLink.Transfer transfer) {}

    FetchExecutor(
            TitleManifest manifests,
            EdgeFetcher edge,
            SwarmLink swarm,
            InstantSource clock,
            Executor onSession,
            SegmentDelivery delivery,
            Counters counters) {
        this.manifests = manifests;
        this.edge = edge;
        this.swarm = swarm;
        this.clock = clock;
        this.onSession = onSession;
        this.delivery = delivery;
        this.counters = counters;
    }

    /** The CDN's rate for one request, bytes per second (an average of the recent fetches). */
    long cdnRate() {
        return cdnRate;
    }

    int size() {
        return inFlight.size();
    }

    /** Requests under way for renditions of {@code type} (another type's are not that round's business). */
    List<InFlight> inFlight(RenditionType type) {
        var out = new ArrayList<InFlight>();
        inFlight.forEach((ref, q) -> {
            if (manifests
                    .current()
                    .rendition(ref.rendition())
                    .map(r -> r.type() == type)
                    .orElse(false)) {
                out.add(inFlightOf(ref, q));
            }
        });
        return out;
    }

    private InFlight inFlightOf(SegmentRef ref, Request q) {
        long done = 0, last = q.startedAt();
        if (q.transfer() != null) {
            // One byte short at most: the request is still under way until its result completes.
            done = Math.min(q.length() - 1, q.transfer().bytesReceived());
            last = Math.max(q.startedAt(), q.transfer().lastProgressMillis());
        }
        return new InFlight(ref, q.source(), q.offset(), q.length(), Math.max(0, done), q.startedAt(), last);
    }

    void carryOut(Action a) {
        if (a instanceof Action.FetchFromCdn f) {
            (f.why() == Action.Why.ELECTED ? counters.cdnElected : counters.cdnDeadline).incrementAndGet();
            fetchFromCdn(f.segment());
        } else if (a instanceof Action.FetchFromPeer f) {
            fetchFromPeer(f.segment(), f.peer());
        } else if (a instanceof Action.Cancel c) {
            Request q = inFlight.get(c.segment());
            if (q != null && q.source().equals(c.source())) {
                inFlight.remove(c.segment());
                if (q.transfer() != null) q.transfer().cancel();
            }
            // An HTTP response cannot be recalled: if it still arrives, it is verified, stored and counted.
        } else if (a instanceof Action.FinishFromCdn f) {
            finishFromCdn(f);
        }
    }

    private Segment segment(SegmentRef ref) {
        return manifests.current().segment(ref.rendition(), ref.seq()).orElseThrow();
    }

    private void fetchFromCdn(SegmentRef ref) {
        Segment s = segment(ref);
        var q = new Request(Source.CDN, 0, s.size(), clock.millis(), null);
        inFlight.put(ref, q);
        edge.fetch(s.uri(), s.size())
                .onComplete(res -> onSession.execute(() -> {
                    done(ref, q);
                    if (res.succeeded()) {
                        measureCdn(s.size(), q.startedAt());
                        delivery.arrived(ref, s, res.result(), Source.CDN, null, 0, s.size());
                    } else {
                        LOG.fine(() -> "CDN fetch of " + ref + " failed: "
                                + res.cause().getMessage());
                    }
                }));
    }

    private void measureCdn(long bytes, long startedAt) {
        long ms = Math.max(1, clock.millis() - startedAt);
        cdnRate = Math.max(100_000, (cdnRate + bytes * 1000 / ms) / 2);
    }

    private void fetchFromPeer(SegmentRef ref, PeerId peer) {
        Segment s = segment(ref);
        if (s.size() > Integer.MAX_VALUE || ref.seq() > Integer.MAX_VALUE) return;
        var transfer =
                swarm.request(manifests.current().swarmId(ref.rendition()), peer, (int) ref.seq(), 0, (int) s.size());
        if (transfer.isEmpty()) return; // gone since the input was built: the next tick decides again
        var q = new Request(Source.peer(peer), 0, s.size(), clock.millis(), transfer.get());
        inFlight.put(ref, q);
        transfer.get()
                .result()
                .whenComplete((bytes, e) -> onSession.execute(() -> {
                    done(ref, q);
                    if (e == null) delivery.arrived(ref, s, bytes, q.source(), peer, s.size(), 0);
                }));
    }

    private void finishFromCdn(Action.FinishFromCdn f) {
        Request peerReq = inFlight.get(f.segment());
        if (peerReq == null || peerReq.transfer() == null) return;
        Segment s = segment(f.segment());
        peerReq.transfer().cancel();
        byte[] prefix = peerReq.transfer().receivedPrefix();
        PeerId prefixFrom = peerReq.source() instanceof Source.Peer p ? p.id() : null;
        if (prefix.length < f.firstByte()) {
            inFlight.remove(f.segment());
            return; // fewer bytes than the scheduler saw: let the next tick decide afresh
        }
        var q = new Request(Source.CDN, f.firstByte(), f.length(), clock.millis(), null);
        inFlight.put(f.segment(), q);
        counters.rangeCompletions.incrementAndGet();
        int first = (int) f.firstByte();
        edge.fetchRange(s.uri(), f.firstByte(), f.lastByte(), s.size())
                .onComplete(res -> onSession.execute(() -> {
                    done(f.segment(), q);
                    if (res.failed()) return;
                    byte[] whole = new byte[(int) s.size()];
                    System.arraycopy(prefix, 0, whole, 0, first);
                    System.arraycopy(res.result(), 0, whole, first, res.result().length);
                    // A wrong prefix is the peer's fault, but here we cannot tell which part lied: ban nobody, refetch.
                    delivery.arrived(f.segment(), s, whole, Source.CDN, prefixFrom, first, s.size() - first);
                }));
    }

    private void done(SegmentRef ref, Request q) {
        if (inFlight.get(ref) == q) inFlight.remove(ref);
    }

    /** Drops every request (the session is closing). */
    void cancelAll() {
        inFlight.values().forEach(q -> {
            if (q.transfer() != null) q.transfer().cancel();
        });
        inFlight.clear();
    }
}
