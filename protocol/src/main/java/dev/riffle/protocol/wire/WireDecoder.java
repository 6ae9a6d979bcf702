package dev.riffle.protocol.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads frames from a stream of arbitrary chunks. One decoder per channel and direction; not thread-safe.
 *
 * <p>Bounds: every loop iteration consumes at least one input byte or completes a frame, so a feed is linear in its
 * input; a payload buffer is allocated only after its header passed {@link Frames#checkHeader} (so at most {@link
 * WireLimits#maxPayloadBytes()} bytes), and only when the frame spans feeds. Frames wholly inside a chunk are decoded
 * in place, and their DATA payloads are views on that chunk.
 *
 * <p>After a {@link DecodeResult.Failed} the decoder is dead: the peer is to be disconnected, so there is no resync.
 */
public final class WireDecoder {

    private final WireLimits limits;
    private final byte[] header = new byte[WireLimits.HEADER_BYTES];
    private int headerFilled;

    private boolean inFrame; // header read, payload pending
    private PayloadCodec<WireMessage> codec; // null while skipping an extension frame
    private byte[] payload; // fresh per spanning frame: decoded views may point into it
    private int payloadFilled;
    private int skipLeft;

    private DecodeResult.Failed failure;

    public WireDecoder(WireLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public static WireDecoder withDefaults() {
        return new WireDecoder(WireLimits.DEFAULT);
    }

    /**
     * Consumes all of {@code chunk} (its position ends at its limit unless the result is {@link DecodeResult.Failed}).
     *
     * @return the messages completed by this chunk, need-more if none, or the error that killed the decoder
     */
    public DecodeResult feed(ByteBuffer chunk) {
        if (failure != null) {
            return failure;
        }
        try {
            Acc out = new Acc();
            while (chunk.hasRemaining()) {
                if (!inFrame) {
                    if (headerFilled == 0 && chunk.remaining() >= WireLimits.HEADER_BYTES) {
                        readFrameInPlace(chunk, out);
                    } else {
                        readHeaderBytes(chunk, out);
                    }
                } else if (codec == null) {
                    int take = Math.min(skipLeft, chunk.remaining());
                    chunk.position(chunk.position() + take);
                    skipLeft -= take;
                    inFrame = skipLeft > 0;
                } else {
                    int take = Math.min(payload.length - payloadFilled, chunk.remaining());
                    chunk.get(payload, payloadFilled, take);
                    payloadFilled += take;
                    if (payloadFilled == payload.length) {
                        out.add(finishBufferedFrame());
                    }
                }
            }
            return out.first == null ? new DecodeResult.NeedMore(missingBytes()) : out.result();
        } catch (WireException e) {
            failure = new DecodeResult.Failed(e.error());
            payload = null; // let a large partial frame go now, not when the channel closes
            return failure;
        }
    }

    /** True when bytes of an incomplete frame are buffered (useful at end of stream). */
    public boolean hasPartialFrame() {
        return inFrame || headerFilled > 0;
    }

    public boolean isFailed() {
        return failure != null;
    }

    /**
     * Decodes one complete data-channel message holding one or more whole frames; a frame cut short is {@link
     * WireError.Kind#TRUNCATED}. Reads with absolute indexes: {@code message}'s position does not move.
     */
    public static DecodeResult decodeMessage(ByteBuffer message, WireLimits limits) {
        if (!message.hasRemaining()) {
            return new DecodeResult.Failed(new WireError(WireError.Kind.TRUNCATED, "empty message"));
        }
        Acc out = new Acc();
        int pos = message.position();
        int end = message.limit();
        try {
            while (pos < end) {
                if (end - pos < WireLimits.HEADER_BYTES) {
                    throw new WireException(WireError.Kind.TRUNCATED, "message ends inside a frame header");
                }
                long length = Frames.u32(message, pos);
                PayloadCodec<WireMessage> c = Frames.checkHeader(message.get(pos + 4) & 0xFF, length, limits);
                pos += WireLimits.HEADER_BYTES;
                if (end - pos < length) {
                    throw new WireException(WireError.Kind.TRUNCATED, "message ends inside a frame payload");
                }
                if (c != null) {
                    out.add(Frames.read(c, message.slice(pos, (int) length)));
                }
                pos += (int) length;
            }
        } catch (WireException e) {
            return new DecodeResult.Failed(e.error());
        }
        return out.result();
    }

    public static DecodeResult decodeMessage(ByteBuffer message) {
        return decodeMessage(message, WireLimits.DEFAULT);
    }

    /** Fast path: the header is in the chunk, and maybe the whole payload too (then decode without copying). */
    private void readFrameInPlace(ByteBuffer chunk, Acc out) throws WireException {
        int p = chunk.position();
        long length = Frames.u32(chunk, p);
        PayloadCodec<WireMessage> c = Frames.checkHeader(chunk.get(p + 4) & 0xFF, length, limits);
        int n = (int) length;
        int payloadStart = p + WireLimits.HEADER_BYTES;
        if (chunk.limit() - payloadStart >= n) {
            if (c != null) {
                out.add(Frames.read(c, chunk.slice(payloadStart, n)));
            }
            chunk.position(payloadStart + n);
        } else {
            chunk.position(payloadStart);
            startFrame(c, n);
        }
    }

    private void readHeaderBytes(ByteBuffer chunk, Acc out) throws WireException {
        int take = Math.min(WireLimits.HEADER_BYTES - headerFilled, chunk.remaining());
        chunk.get(header, headerFilled, take);
        headerFilled += take;
        if (headerFilled < WireLimits.HEADER_BYTES) {
            return;
        }
        headerFilled = 0;
        long length = Frames.u32(header);
        PayloadCodec<WireMessage> c = Frames.checkHeader(header[4] & 0xFF, length, limits);
        startFrame(c, (int) length);
        if (c != null && length == 0) {
            out.add(finishBufferedFrame()); // no layout has an empty payload today; kept for completeness
        }
    }

    private void startFrame(PayloadCodec<WireMessage> c, int length) {
        codec = c;
        if (c == null) {
            skipLeft = length;
            inFrame = length > 0;
        } else {
            payload = new byte[length]; // length already checked against the frame limit
            payloadFilled = 0;
            inFrame = true;
        }
    }

    private WireMessage finishBufferedFrame() throws WireException {
        ByteBuffer b = ByteBuffer.wrap(payload);
        payload = null;
        inFrame = false;
        return Frames.read(codec, b);
    }

    private int missingBytes() {
        if (!inFrame) {
            return WireLimits.HEADER_BYTES - headerFilled;
        }
        return codec == null ? skipLeft : payload.length - payloadFilled;
    }

    /** Collects results without a list for the common one-message case. */
    private static final class Acc {
        WireMessage first;
        List<WireMessage> rest;

        void add(WireMessage m) {
            if (first == null) {
                first = m;
            } else {
                if (rest == null) {
                    rest = new ArrayList<>();
                    rest.add(first);
                }
                rest.add(m);
            }
        }

        DecodeResult result() {
            if (first == null) {
                return new DecodeResult.Decoded(List.of());
            }
            return new DecodeResult.Decoded(rest == null ? List.of(first) : rest);
        }
    }
}
