package dev.riffle.agent.scheduler;

import java.util.Objects;

/** What the scheduler asks the I/O shell to do in one tick. */
public sealed interface Action {

    /** Fetch a whole segment from the CDN, because {@code why}. */
    record FetchFromCdn(SegmentRef segment, long sizeBytes, Why why) implements Action {
        public FetchFromCdn {
            Objects.requireNonNull(segment, "segment");
            Objects.requireNonNull(why, "why");
        }
    }

    /** Why a segment goes to the CDN. */
    enum Why {
        /** Nobody holds or claims it, and this agent is the one of the swarm to pull it. */
        ELECTED,
        /** Its deadline is near and no peer can deliver it in time (or the one bringing it has not yet). */
        DEADLINE
    }

    /** Send REQUEST for a whole segment to a peer. */
    record FetchFromPeer(SegmentRef segment, PeerId peer, long sizeBytes) implements Action {
        public FetchFromPeer {
            Objects.requireNonNull(segment, "segment");
            Objects.requireNonNull(peer, "peer");
        }
    }

    /** Abort a request; its bytes so far are dropped. */
    record Cancel(SegmentRef segment, Source source, Reason reason) implements Action {
        public Cancel {
            Objects.requireNonNull(segment, "segment");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Abort a peer transfer that would finish too late and fetch the bytes it has not delivered from the CDN with
     * {@code Range: bytes=firstByte-lastByte}; the bytes already received are kept.
     */
    record FinishFromCdn(SegmentRef segment, PeerId cancelledPeer, long firstByte, long lastByte) implements Action {
        public FinishFromCdn {
            Objects.requireNonNull(segment, "segment");
            Objects.requireNonNull(cancelledPeer, "cancelledPeer");
            if (firstByte < 0 || lastByte < firstByte) throw new IllegalArgumentException("bad range");
        }

        public long length() {
            return lastByte - firstByte + 1;
        }
    }

    enum Reason {
        /** Not wanted any more: seek, rendition switch, or already cached. */
        STALE,
        /** No bytes for longer than the stall timeout, and the deadline is far enough to retry elsewhere. */
        STALLED,
        /** A non-urgent CDN request gives its slot to an urgent one. */
        PREEMPTED
    }
}
