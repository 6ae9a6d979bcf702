package dev.riffle.agent.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** One agent's delivery counters; per agent, never static, so agents in one JVM stay apart. */
public final class Counters {
    public final AtomicLong bytesFromPeers = new AtomicLong();
    public final AtomicLong bytesFromCdn = new AtomicLong();
    public final AtomicLong segmentsFromPeers = new AtomicLong();
    public final AtomicLong segmentsFromCdn = new AtomicLong();
    public final AtomicLong stalls = new AtomicLong();
    public final AtomicLong bans = new AtomicLong();
    public final AtomicLong hashMismatches = new AtomicLong();
    /** CDN requests for new segments this agent pulled for its swarm (elected). */
    public final AtomicLong cdnElected = new AtomicLong();
    /** CDN requests for segments whose deadline was near with no peer able to deliver them in time. */
    public final AtomicLong cdnDeadline = new AtomicLong();
    /** Peer transfers too slow for their deadline, cancelled and finished with a CDN {@code Range} request. */
    public final AtomicLong rangeCompletions = new AtomicLong();
    /** CDN requests that one edge failed and the next edge was asked for. */
    public final AtomicLong edgeFailovers = new AtomicLong();
    /** Milliseconds from the first playlist request to the first segment served; -1 until then. */
    public final AtomicLong startupMillis = new AtomicLong(-1);
    /** Live segments: handed to the player minus the encoder's time of their first frame. */
    public final LatencySamples liveLatency = new LatencySamples();

    /** The same counters per title and rendition, for the tracker's stats API (offload per title). */
    private final Map<StreamKey, StreamCounters> streams = new ConcurrentHashMap<>();

    /** One rendition of one title. */
    public record StreamKey(String titleId, String renditionId) {}

    /** Counters of one rendition; {@code startupMillis} is -1 until its first segment was served. */
    public static final class StreamCounters {
        public final AtomicLong bytesFromPeers = new AtomicLong();
        public final AtomicLong bytesFromCdn = new AtomicLong();
        public final AtomicLong stalls = new AtomicLong();
        public final AtomicLong startupMillis = new AtomicLong(-1);
        /** Live: how far behind the encoder the newest segment reached the player, in ms; -1 if not live. */
        public final AtomicLong liveLatencyMillis = new AtomicLong(-1);
    }

    public StreamCounters stream(String titleId, String renditionId) {
        return streams.computeIfAbsent(new StreamKey(titleId, renditionId), k -> new StreamCounters());
    }

    public Map<StreamKey, StreamCounters> streams() {
        return Map.copyOf(streams);
    }

    /** Bytes from peers over all bytes fetched; 0 before anything arrived. */
    public double offloadRatio() {
        long p = bytesFromPeers.get(), c = bytesFromCdn.get();
        return p + c == 0 ? 0 : p / (double) (p + c);
    }
}
