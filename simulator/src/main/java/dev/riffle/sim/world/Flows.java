package dev.riffle.sim.world;

import dev.riffle.sim.engine.EventQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Transfers as rate-shared fluid flows. Each flow is bounded by its sender: a peer's upload cap split evenly over its
 * active uploads, or (CDN flows) the edge split over all CDN flows. The receiver's downlink is then shared max-min fair
 * among its downloads (water-filling: a download held back by its sender leaves the rest of the downlink to the
 * others, as TCP and SCTP flows do). Rates change only when a flow starts or ends at one of its ends, so only the
 * downloads of the receivers involved are settled and re-timed; the edge share is re-applied to every CDN flow only
 * when the CDN flow count moved by 10 % since the last time (each CDN flow's edge share is then at most 10 % off, and
 * the cost per flow stays constant).
 */
final class Flows {
    interface Listener {
        void completed(Flow f, long now);
    }

    private final EventQueue<Runnable> queue;
    private final Tally tally;
    private final double edgeBytesPerSec;
    private final Listener listener;
    /**
     * The running CDN flows, kept only when the edge has a capacity to share (with an unlimited edge nothing reads
     * them). Insertion-ordered, so they are re-timed in the order they started, and removed in constant time: with
     * tens of thousands of viewers a list's linear removal was a tenth of the run.
     */
    private final LinkedHashSet<Flow> cdnFlows = new LinkedHashSet<>();

    private int cdnCountAtShare = -1;
    private double edgeShare = Double.POSITIVE_INFINITY;

    private final double burstBytes;
    private int senderStamp;

    Flows(EventQueue<Runnable> queue, Tally tally, double edgeBytesPerSec, double burstBytes, Listener listener) {
        this.queue = queue;
        this.burstBytes = burstBytes;
        this.tally = tally;
        this.edgeBytesPerSec = edgeBytesPerSec;
        this.listener = listener;
    }

    /** Requests {@code f}; bytes start to flow a round trip later. */
    void start(Flow f, long rttMillis) {
        f.dst.downloads.add(f);
        if (f.src != null) f.src.uploads.add(f);
        queue.schedule(f.startedAt + rttMillis, () -> activate(f));
    }

    private void activate(Flow f) {
        if (f.ended) return;
        long now = queue.now();
        f.active = true;
        f.activeAt = now;
        f.settledAt = now;
        f.lastProgressAt = now;
        f.dst.activeDownloads++;
        if (f.src != null) {
            f.src.activeUploads++;
            senderChanged(f.src, now);
        } else {
            if (edgeLimited()) cdnFlows.add(f);
            edgeShareChanged(now);
        }
        retime(f.dst, now);
    }

    /** Stops {@code f}; what it delivered so far is returned (the caller decides whether it is kept or wasted). */
    long end(Flow f, long now) {
        if (f.ended) return f.bytesDone();
        settle(f, now);
        stopSending(f, now);
        f.ended = true;
        f.version++;
        f.dst.downloads.remove(f);
        if (f.src != null) f.src.uploads.remove(f);
        if (f.active) {
            f.dst.activeDownloads--;
            retime(f.dst, now);
            if (f.src != null) {
                f.src.activeUploads--;
                senderChanged(f.src, now);
            } else {
                if (edgeLimited()) cdnFlows.remove(f);
                edgeShareChanged(now);
            }
        }
        return f.bytesDone();
    }

    /**
     * Delivers {@code f} now if all its bytes are in (its completion event may be a millisecond away): a transfer
     * whose bytes all arrived is done, whatever its sender does next.
     */
    boolean finishIfDone(Flow f, long now) {
        settle(f, now);
        if (!f.active || f.ended || f.done < f.length) return false;
        done(f, f.version);
        return true;
    }

    /** The sender left: the flow keeps its bytes so far and gets no more. */
    void orphan(Flow f, long now) {
        if (finishIfDone(f, now)) return;
        f.orphaned = true;
        stopSending(f, now);
        f.version++;
    }

    /** Brings {@code f}'s bytes up to {@code now}. */
    void settle(Flow f, long now) {
        if (!f.active || f.ended || now <= f.settledAt) return;
        double add = f.rate * (now - f.settledAt) / 1000.0;
        add = Math.min(add, f.length - f.done);
        if (add > 0) {
            f.done += add;
            f.lastProgressAt = now;
            if (f.src == null) tally.cdnEgress(now, add);
        }
        f.settledAt = now;
    }

    private boolean edgeLimited() {
        return !Double.isInfinite(edgeBytesPerSec);
    }

    private void edgeShareChanged(long now) {
        if (!edgeLimited()) return;
        int n = cdnFlows.size();
        if (cdnCountAtShare >= 0 && Math.abs(n - cdnCountAtShare) * 10 <= cdnCountAtShare) return;
        cdnCountAtShare = n;
        edgeShare = n == 0 ? edgeBytesPerSec : edgeBytesPerSec / n;
        retimeSenders(cdnFlows, now);
    }

    /** {@code src}'s uploads changed: their shares are set anew and their receivers re-time. */
    private void senderChanged(Viewer src, long now) {
        refreshSender(src, now);
        retimeSenders(src.uploads, now);
    }

    /** The receivers of {@code flows} share their downlinks anew (their senders' bounds changed). */
    private void retimeSenders(Collection<Flow> flows, long now) {
        for (Flow f : flows) {
            if (f.active && !f.ended) retime(f.dst, now);
        }
    }

    /** Water-fills {@code v}'s downlink over its running downloads, each capped by its sender's share. */
    private void retime(Viewer v, long now) {
        List<Flow> running = new ArrayList<>(v.downloads.size());
        for (Flow f : v.downloads) if (f.active && !f.ended && !f.orphaned) running.add(f);
        running.sort((a, b) -> Double.compare(senderBound(a), senderBound(b)));
        double left = v.downBytesPerSec;
        for (int i = 0; i < running.size(); i++) {
            Flow f = running.get(i);
            double rate = Math.min(senderBound(f), left / (running.size() - i));
            left -= rate;
            if (rate != f.rate || f.version == 0) setRate(f, rate, now);
        }
    }

    /**
     * How a peer's agent sends (peer-agent's transport): each peer session has its own queue, served in the order asked
     * (FIFO), and all sessions draw from one token bucket at the upload cap, so the cap is shared evenly among the peers
     * being served, each getting it for the oldest of its requests. The CDN edge shares itself evenly among its flows.
     */
    private double senderBound(Flow f) {
        if (f.src == null) return edgeShare;
        return f.head ? f.src.headShare : 0;
    }

    /**
     * Marks which of {@code src}'s uploads are at the head of their peer's queue and what each gets: done once per
     * change at the sender, so re-timing its receivers costs no more scans of its queue.
     */
    private void refreshSender(Viewer src, long now) {
        int stamp = ++senderStamp;
        int served = 0;
        for (Flow u : src.uploads) {
            u.head = false;
            if (!u.active || u.ended || u.dst.queueStamp == stamp) continue;
            u.dst.queueStamp = stamp;
            u.head = true;
            served++;
        }
        settleBucket(src, now);
        double cap = src.tokens > 0 ? src.upLineBytesPerSec : src.upBytesPerSec;
        src.headShare = served == 0 ? 0 : cap / served;
    }

    private void setRate(Flow f, double rate, long now) {
        settle(f, now);
        if (f.src != null) {
            settleBucket(f.src, now);
            f.src.sending += rate - f.rate;
            watchBucket(f.src, now);
        }
        f.rate = rate;
        int version = ++f.version;
        double left = f.length - f.done;
        long at = rate <= 0 ? Long.MAX_VALUE : now + Math.max(1, (long) Math.ceil(left * 1000 / rate));
        if (at != Long.MAX_VALUE) queue.schedule(at, () -> done(f, version));
    }

    private void stopSending(Flow f, long now) {
        if (f.src != null && f.rate != 0) {
            settleBucket(f.src, now);
            f.src.sending -= f.rate;
            watchBucket(f.src, now);
        }
        f.rate = 0;
    }

    /** Brings {@code v}'s upload tokens up to {@code now}: they fill at the cap and drain at what is sent. */
    private void settleBucket(Viewer v, long now) {
        if (v.tokens < 0) {
            v.tokens = burstBytes;
            v.tokensAt = now;
        }
        if (now <= v.tokensAt) return;
        double t = v.tokens + (v.upBytesPerSec - v.sending) * (now - v.tokensAt) / 1000.0;
        v.tokens = Math.max(0, Math.min(burstBytes, t));
        v.tokensAt = now;
    }

    /** When sending above the cap drains the bucket, its uploads fall back to the cap then. */
    private void watchBucket(Viewer v, long now) {
        int version = ++v.bucketVersion;
        double drain = v.sending - v.upBytesPerSec;
        if (drain <= 1e-9 || v.tokens <= 0) return;
        long at = now + Math.max(1, (long) Math.ceil(v.tokens * 1000 / drain));
        queue.schedule(at, () -> {
            if (v.bucketVersion != version) return;
            settleBucket(v, queue.now());
            v.tokens = 0;
            senderChanged(v, queue.now());
        });
    }

    private void done(Flow f, int version) {
        if (f.ended || f.version != version) return;
        long now = queue.now();
        settle(f, now);
        f.done = f.length;
        end(f, now);
        listener.completed(f, now);
    }
}
