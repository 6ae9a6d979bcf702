package dev.riffle.protocol.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * HAVE, type 0x02. Two forms; the encoder picks the shorter, the decoder yields the same canonical ranges from either.
 *
 * <pre>
 * ranges form (0):    | u8 0 | u16 n | n × ( u32 first | u32 count ) |            payload 3 + 8n, n ≤ 4096
 * bitfield form (1):  | u8 1 | u32 first | u32 bits | ceil(bits/8) bytes |      payload 9 + ceil(bits/8)
 *                     bit i (MSB first in each byte) set ⇔ segment first + i held; bits ≥ 1; padding bits 0
 * </pre>
 *
 * <p>Ranges suit a contiguous cache (VOD watched from the start: one range, 11 bytes); the bitfield suits a
 * scattered one. Decoding a bitfield that would need more than {@link WireMessage.Have#MAX_RANGES} ranges is a
 * {@link WireError.Kind#BAD_FIELD}: the bitfield is bounded by the frame, the range list by that constant.
 */
final class HaveCodec implements PayloadCodec<WireMessage.Have> {

    static final HaveCodec INSTANCE = new HaveCodec();
    static final int RANGES = 0;
    static final int BITFIELD = 1;

    @Override
    public int minLength() {
        return 3;
    }

    @Override
    public int maxLength() {
        return Integer.MAX_VALUE; // bounded by the frame limit
    }

    @Override
    public int length(WireMessage.Have m) {
        return (int) Math.min(rangesLength(m), bitfieldLength(m));
    }

    private static long rangesLength(WireMessage.Have m) {
        return 3 + 8L * m.ranges().size();
    }

    private static long bitfieldLength(WireMessage.Have m) {
        List<SegmentRange> r = m.ranges();
        if (r.isEmpty()) {
            return Long.MAX_VALUE; // bits ≥ 1, so the empty set only has the ranges form
        }
        long span = (long) r.get(r.size() - 1).last() - r.get(0).first() + 1;
        return 9 + (span + 7) / 8;
    }

    @Override
    public void write(WireMessage.Have m, ByteBuffer dst) {
        List<SegmentRange> ranges = m.ranges();
        if (rangesLength(m) <= bitfieldLength(m)) {
            dst.put((byte) RANGES).putShort((short) ranges.size());
            for (SegmentRange r : ranges) {
                dst.putInt(r.first()).putInt(r.count());
            }
            return;
        }
        int first = ranges.get(0).first();
        int bits = ranges.get(ranges.size() - 1).last() - first + 1;
        dst.put((byte) BITFIELD).putInt(first).putInt(bits);
        int start = dst.position();
        int bytes = (bits + 7) / 8;
        for (int i = 0; i < bytes; i++) {
            dst.put(start + i, (byte) 0);
        }
        for (SegmentRange r : ranges) {
            for (int i = r.first() - first, end = i + r.count(); i < end; i++) {
                dst.put(start + (i >>> 3), (byte) (dst.get(start + (i >>> 3)) | (0x80 >>> (i & 7))));
            }
        }
        dst.position(start + bytes);
    }

    @Override
    public WireMessage.Have read(ByteBuffer b) throws WireException {
        int form = PayloadCodec.u8(b);
        if (form == RANGES) {
            return readRanges(b);
        }
        if (form == BITFIELD) {
            return readBitfield(b);
        }
        throw new WireException(WireError.Kind.BAD_FIELD, "unknown HAVE form " + form);
    }

    private static WireMessage.Have readRanges(ByteBuffer b) throws WireException {
        PayloadCodec.need(b, 2, "range count");
        int n = b.getShort() & 0xFFFF;
        if (n > WireMessage.Have.MAX_RANGES) {
            throw new WireException(WireError.Kind.BAD_FIELD, n + " ranges > " + WireMessage.Have.MAX_RANGES);
        }
        if (b.remaining() != 8 * n) {
            throw new WireException(WireError.Kind.BAD_LENGTH, n + " ranges need " + 8 * n + " bytes");
        }
        List<SegmentRange> ranges = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ranges.add(new SegmentRange(b.getInt(), b.getInt())); // negative u32s fail here → BAD_FIELD
        }
        return new WireMessage.Have(ranges);
    }

    private static WireMessage.Have readBitfield(ByteBuffer b) throws WireException {
        PayloadCodec.need(b, 8, "bitfield header");
        long first = PayloadCodec.u32(b);
        long bits = PayloadCodec.u32(b);
        if (bits < 1 || first + bits - 1 > Integer.MAX_VALUE) {
            throw new WireException(WireError.Kind.BAD_FIELD, "bitfield first=" + first + " bits=" + bits);
        }
        if (b.remaining() != (bits + 7) / 8) {
            throw new WireException(WireError.Kind.BAD_LENGTH, bits + " bits need " + (bits + 7) / 8 + " bytes");
        }
        int base = b.position();
        if (bits % 8 != 0 && (b.get(b.limit() - 1) & (0xFF >>> (bits % 8))) != 0) {
            throw new WireException(WireError.Kind.BAD_FIELD, "bitfield padding bits set");
        }
        List<SegmentRange> ranges = new ArrayList<>();
        int runStart = -1;
        for (int i = 0; i < bits; i++) { // bits ≤ 8 × frame size: bounded
            boolean set = (b.get(base + (i >>> 3)) & (0x80 >>> (i & 7))) != 0;
            if (set && runStart < 0) {
                runStart = i;
            } else if (!set && runStart >= 0) {
                addRun(ranges, first, runStart, i);
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            addRun(ranges, first, runStart, (int) bits);
        }
        b.position(b.limit());
        return new WireMessage.Have(ranges);
    }

    private static void addRun(List<SegmentRange> ranges, long first, int from, int to) throws WireException {
        if (ranges.size() == WireMessage.Have.MAX_RANGES) {
            throw new WireException(
                    WireError.Kind.BAD_FIELD, "bitfield has more than " + WireMessage.Have.MAX_RANGES + " runs");
        }
        ranges.add(new SegmentRange((int) (first + from), to - from));
    }
}
