package dev.riffle.origin.live.rtmp;

import java.io.ByteArrayOutputStream;

/**
 * Writes RTMP messages as chunks: a full (type 0) header on the first chunk, one-byte (type 3) headers on the rest.
 * What the server sends is a handful of small control and command messages, so no header compression is attempted.
 */
final class ChunkWriter {
    private int chunkSize = 128;

    /** The chunk size announced to the peer with Set Chunk Size; chunks written after it use it. */
    void chunkSize(int size) {
        chunkSize = size;
    }

    byte[] write(int chunkStreamId, RtmpMessage m) {
        if (chunkStreamId < 2 || chunkStreamId > 63) throw new IllegalArgumentException("csid " + chunkStreamId);
        ByteArrayOutputStream out = new ByteArrayOutputStream(m.payload().length + 32);
        boolean extended = m.timestamp() >= 0xFFFFFF;
        out.write(chunkStreamId); // fmt 0
        int ts = extended ? 0xFFFFFF : (int) m.timestamp();
        u24(out, ts);
        u24(out, m.payload().length);
        out.write(m.type());
        int sid = m.streamId();
        out.write(sid);
        out.write(sid >>> 8);
        out.write(sid >>> 16);
        out.write(sid >>> 24);
        if (extended) u32(out, m.timestamp());
        int offset = 0;
        do {
            if (offset > 0) {
                out.write(0xC0 | chunkStreamId); // fmt 3
                if (extended) u32(out, m.timestamp());
            }
            int take = Math.min(chunkSize, m.payload().length - offset);
            out.write(m.payload(), offset, take);
            offset += take;
        } while (offset < m.payload().length);
        return out.toByteArray();
    }

    private static void u24(ByteArrayOutputStream out, int v) {
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    static void u32(ByteArrayOutputStream out, long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
    }
}
