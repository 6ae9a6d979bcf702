package dev.riffle.protocol.wire;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * A message of the peer wire protocol. Records check their fields when built, so an instance is always encodable
 * (given a large enough {@link WireLimits}) and a decoded one always satisfies the same rules as a built one.
 *
 * <p>Segment indexes, offsets and lengths are non-negative {@code int}s: the wire carries them as {@code u32} and a
 * value of {@code 2^31} or more is a {@link WireError.Kind#BAD_FIELD}. Request ids are opaque 32-bit values chosen by
 * the requester.
 */
public sealed interface WireMessage {

    MessageType type();

    /**
     * First message in each direction: the version range this side speaks and who/where it is. See {@link
     * WireVersion#negotiate}.
     *
     * @param minVersion lowest version spoken, {@code 1..maxVersion}
     * @param maxVersion highest version spoken, {@code minVersion..255}
     * @param peerId the sender's peer id
     * @param swarmId the swarm (title, rendition) the channel is for
     */
    record Hello(int minVersion, int maxVersion, WireId peerId, WireId swarmId) implements WireMessage {
        public Hello {
            if (minVersion < 1 || maxVersion > 255 || minVersion > maxVersion) {
                throw new IllegalArgumentException("bad version range " + minVersion + ".." + maxVersion);
            }
            Objects.requireNonNull(peerId, "peerId");
            Objects.requireNonNull(swarmId, "swarmId");
        }

        /** A HELLO offering every version this build speaks. */
        public static Hello of(WireId peerId, WireId swarmId) {
            return new Hello(WireVersion.MIN_SUPPORTED, WireVersion.CURRENT, peerId, swarmId);
        }

        @Override
        public MessageType type() {
            return MessageType.HELLO;
        }
    }

    /**
     * Segments the sender holds, in addition to those it announced before (HAVE is additive; a peer that evicts a
     * segment answers REJECT {@link RejectReason#NOT_HAVE} and the requester forgets it).
     *
     * @param ranges sorted, non-overlapping, non-adjacent (canonical) runs; at most {@link #MAX_RANGES}
     */
    record Have(List<SegmentRange> ranges) implements WireMessage {

        /** Bounds the ranges form to 3 + 8 × 4096 bytes (32 KiB), which always fits a frame. */
        public static final int MAX_RANGES = 4096;

        public Have {
            ranges = List.copyOf(ranges);
            if (ranges.size() > MAX_RANGES) {
                throw new IllegalArgumentException("more than " + MAX_RANGES + " ranges; send several HAVEs");
            }
            for (int i = 1; i < ranges.size(); i++) {
                // strictly after the previous run with a gap, so each set of segments has exactly one encoding
                if ((long) ranges.get(i - 1).last() + 1 >= ranges.get(i).first()) {
                    throw new IllegalArgumentException("ranges must be sorted, disjoint and non-adjacent");
                }
            }
        }

        public static Have of(SegmentRange... ranges) {
            return new Have(List.of(ranges));
        }

        /** The canonical HAVE for the set bits of {@code segments}. */
        public static Have of(BitSet segments) {
            List<SegmentRange> out = new java.util.ArrayList<>();
            for (int i = segments.nextSetBit(0); i >= 0; ) {
                int end = segments.nextClearBit(i); // exclusive; BitSet indexes stay below Integer.MAX_VALUE
                out.add(new SegmentRange(i, end - i));
                i = end < Integer.MAX_VALUE ? segments.nextSetBit(end) : -1;
            }
            return new Have(out);
        }

        public boolean contains(int index) {
            int lo = 0;
            int hi = ranges.size() - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                SegmentRange r = ranges.get(mid);
                if (index < r.first()) {
                    hi = mid - 1;
                } else if (index > r.last()) {
                    lo = mid + 1;
                } else {
                    return true;
                }
            }
            return false;
        }

        public long segmentCount() {
            long n = 0;
            for (SegmentRange r : ranges) {
                n += r.count();
            }
            return n;
        }

        /** The segments as bits; mind the size for indexes far from zero. */
        public BitSet toBitSet() {
            BitSet bits = new BitSet();
            for (SegmentRange r : ranges) {
                bits.set(r.first(), r.last() + 1);
            }
            return bits;
        }

        @Override
        public MessageType type() {
            return MessageType.HAVE;
        }
    }

    /** The sender has just verified one more segment. */
    record HaveOne(int segment) implements WireMessage {
        public HaveOne {
            if (segment < 0) {
                throw new IllegalArgumentException("segment index must be >= 0");
            }
        }

        @Override
        public MessageType type() {
            return MessageType.HAVE_ONE;
        }
    }

    /**
     * Asks for {@code length} bytes of a segment from {@code offset}. The answer is one or more DATA frames with the
     * same request id covering the range (each at most {@link WireLimits#maxDataBytes()}), or one REJECT.
     *
     * @param length {@code 1..}{@link #MAX_LENGTH}; a whole segment may be asked for at once
     */
    record Request(int requestId, int segment, int offset, int length) implements WireMessage {

        /** 64 MiB: far above any HLS segment, low enough to bound the responder's work per request. */
        public static final int MAX_LENGTH = 64 << 20;

        public Request {
            if (segment < 0 || offset < 0 || length < 1 || length > MAX_LENGTH) {
                throw new IllegalArgumentException(
                        "bad request segment=" + segment + " offset=" + offset + " length=" + length);
            }
            if ((long) offset + length > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("request range ends past 2^31 - 1");
            }
        }

        @Override
        public MessageType type() {
            return MessageType.REQUEST;
        }
    }

    /**
     * Bytes {@code offset .. offset + payload.remaining()} of the segment asked for by {@code requestId}.
     *
     * <p>The payload is a read-only <em>view</em>, never a copy: on decode it shares the buffer that was fed to the
     * decoder (or a private array when the frame spanned several feeds). Copy it before reusing the input buffer.
     * {@link #payload()} returns a fresh duplicate, so reading it does not move anyone else's position.
     */
    record Data(int requestId, int offset, ByteBuffer payload) implements WireMessage {

        /** A DATA frame never carries more, whatever the limits (64 KiB + 64 - 13). */
        public static final int MAX_PAYLOAD =
                WireLimits.MAX_FRAME_BYTES - WireLimits.HEADER_BYTES - DataCodec.FIXED_BYTES;

        public Data {
            Objects.requireNonNull(payload, "payload");
            check(offset, payload.remaining());
            payload = payload.asReadOnlyBuffer(); // own position and limit; the bytes stay shared
        }

        /** Shared by the record and {@link WireEncoder#encodeData}, which skips building a record. */
        static void check(int offset, int payloadLength) {
            if (offset < 0 || payloadLength > MAX_PAYLOAD || (long) offset + payloadLength > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("bad data offset=" + offset + " length=" + payloadLength);
            }
        }

        public static Data of(int requestId, int offset, byte[] bytes) {
            return new Data(requestId, offset, ByteBuffer.wrap(bytes));
        }

        @Override
        public ByteBuffer payload() {
            return payload.duplicate();
        }

        /** The payload size without creating a duplicate. */
        public int payloadLength() {
            return payload.remaining();
        }

        /** The internal view, position untouched by this class; package use only (encoder). */
        ByteBuffer payloadView() {
            return payload;
        }

        @Override
        public MessageType type() {
            return MessageType.DATA;
        }
    }

    /** The requester no longer wants the answer to {@code requestId}; DATA already in flight may still arrive. */
    record Cancel(int requestId) implements WireMessage {
        @Override
        public MessageType type() {
            return MessageType.CANCEL;
        }
    }

    /** The responder will not answer {@code requestId}. */
    record Reject(int requestId, RejectReason reason) implements WireMessage {
        public Reject {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public MessageType type() {
            return MessageType.REJECT;
        }
    }

    /** Last message before the sender closes the channel. */
    record Bye(ByeReason reason) implements WireMessage {
        public Bye {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public MessageType type() {
            return MessageType.BYE;
        }
    }

    /**
     * Extension {@code 0x81}: the segments the sender wants now, {@code first .. first + count - 1}: from the one its
     * player is at to the end of its fetch window ({@code count} 0: it plays nothing of this swarm, it only seeds).
     * Peers use it to know who else needs a segment nobody holds yet, and so who pulls it from the CDN. Each WINDOW
     * replaces the last.
     */
    record Window(int first, int count) implements WireMessage {
        public Window {
            if (first < 0 || count < 0 || (long) first + count - 1 > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("bad window " + first + "+" + count);
            }
        }

        public static final Window NONE = new Window(0, 0);

        public boolean contains(long segment) {
            return count > 0 && segment >= first && segment < (long) first + count;
        }

        @Override
        public MessageType type() {
            return MessageType.WINDOW;
        }
    }

    /**
     * Extension {@code 0x80}: segments the sender expects to hold soon, so that peers wait for its HAVE_ONE instead of
     * each pulling the same new segment from the CDN. A claim is a hint, never a promise: the receiver still guards
     * every deadline with its own CDN fallback. Claims are additive like HAVE; a HAVE_ONE for the segment, a later
     * claim with {@link Claim#WITHDRAWN}, or the channel closing ends one.
     *
     * @param claims strictly increasing by segment; 1..{@link #MAX_CLAIMS}
     */
    record Claims(List<Claim> claims) implements WireMessage {

        /** Bounds the payload to 2 + 5 × 1024 bytes. */
        public static final int MAX_CLAIMS = 1024;

        public Claims {
            claims = List.copyOf(claims);
            if (claims.isEmpty() || claims.size() > MAX_CLAIMS) {
                throw new IllegalArgumentException("1.." + MAX_CLAIMS + " claims per message");
            }
            for (int i = 1; i < claims.size(); i++) {
                if (claims.get(i - 1).segment() >= claims.get(i).segment()) {
                    throw new IllegalArgumentException("claims must be strictly increasing by segment");
                }
            }
        }

        public static Claims of(Claim... claims) {
            return new Claims(List.of(claims));
        }

        @Override
        public MessageType type() {
            return MessageType.CLAIMS;
        }
    }

    /**
     * One claim.
     *
     * @param hops 0: the sender is fetching the segment itself; n in 1..{@link #MAX_HOPS}: it waits for a peer that
     *     claimed the segment with n − 1; {@link #WITHDRAWN}: it no longer expects the segment
     */
    record Claim(int segment, int hops) {
        public static final int MAX_HOPS = 254;
        public static final int WITHDRAWN = 255;

        public Claim {
            if (segment < 0) {
                throw new IllegalArgumentException("segment index must be >= 0");
            }
            if (hops < 0 || hops > WITHDRAWN) {
                throw new IllegalArgumentException("hops must be 0.." + WITHDRAWN);
            }
        }

        public boolean withdrawn() {
            return hops == WITHDRAWN;
        }
    }
}
