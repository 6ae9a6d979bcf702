package dev.riffle.origin.live.rtmp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles RTMP messages from the chunk stream a pusher sends after the handshake (RTMP 1.0 spec, section 5.3).
 * Feed it bytes as they arrive, in any split; it returns the messages completed so far. It honours the peer's Set
 * Chunk Size itself, since the chunking of the very next bytes depends on it. Input is untrusted: message length,
 * chunk size, open chunk streams and buffered bytes are bounded, and a chunk that refers to a header never sent is an
 * {@link RtmpException}.
 */
public final class ChunkReader {
    /** Largest message accepted: a keyframe of a high-bitrate 1080p feed fits with room to spare. */
    public static final int MAX_MESSAGE_BYTES = 8 << 20;

    /** Bytes of messages begun but not finished, over every chunk stream: one message's worth, twice over. */
    static final int MAX_PENDING_BYTES = 2 * MAX_MESSAGE_BYTES;

    static final int MAX_CHUNK_SIZE = 1 << 20;
    private static final int MAX_CHUNK_STREAMS = 64;
    private static final int TYPE_SET_CHUNK_SIZE = 1;
    private static final int TYPE_ABORT = 2;

    /** What is known about one chunk stream: the last header, and the message being assembled on it. */
    private static final class Stream {
        long timestamp;
        long timestampField;
        boolean extended;
        int length;
        int type;
        int messageStreamId;
        byte[] payload;
        int filled;
        boolean hasHeader;
    }

    private final Map<Integer, Stream> streams = new HashMap<>();
    private byte[] buffer = new byte[4096];
    private int start;
    private int end;
    private int chunkSize = 128;
    private long pendingBytes;

    /** The messages completed by {@code data}. */
    public List<RtmpMessage> feed(byte[] data, int offset, int length) {
        append(data, offset, length);
        List<RtmpMessage> done = new ArrayList<>();
        while (true) {
            int used = parseChunk(done);
            if (used == 0) break;
            start += used;
        }
        if (start == end) start = end = 0;
        return done;
    }

    public List<RtmpMessage> feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    int chunkSize() {
        return chunkSize;
    }

    private void append(byte[] data, int offset, int length) {
        if (end - start + length > MAX_CHUNK_SIZE + 64) {
            throw new RtmpException("more unparsed bytes than one chunk can hold");
        }
        if (end + length > buffer.length) {
            int live = end - start;
            if (live + length > buffer.length) {
                buffer = Arrays.copyOfRange(buffer, start, start + Math.max(buffer.length * 2, live + length));
            } else {
                System.arraycopy(buffer, start, buffer, 0, live);
            }
            start = 0;
            end = live;
        }
        System.arraycopy(data, offset, buffer, end, length);
        end += length;
    }

    /** Parses one whole chunk at {@code start}; returns its size, or 0 when more bytes are needed. */
    private int parseChunk(List<RtmpMessage> done) {
        int p = start;
        int available = end - start;
        if (available < 1) return 0;
        int b0 = buffer[p] & 0xFF;
        int fmt = b0 >>> 6;
        int csid = b0 & 0x3F;
        int basic = 1;
        if (csid == 0) {
            if (available < 2) return 0;
            csid = 64 + (buffer[p + 1] & 0xFF);
            basic = 2;
        } else if (csid == 1) {
            if (available < 3) return 0;
            csid = 64 + (buffer[p + 1] & 0xFF) + ((buffer[p + 2] & 0xFF) << 8);
            basic = 3;
        }
        int headerSize =
                switch (fmt) {
                    case 0 -> 11;
                    case 1 -> 7;
                    case 2 -> 3;
                    default -> 0;
                };
        if (available < basic + headerSize) return 0;
        Stream s = streams.get(csid);
        if (s == null) {
            if (fmt != 0) throw new RtmpException("chunk stream " + csid + " continues a header it never sent");
            if (streams.size() >= MAX_CHUNK_STREAMS) throw new RtmpException("too many chunk streams");
            s = new Stream();
        } else if (!s.hasHeader && fmt != 0) {
            throw new RtmpException("chunk stream " + csid + " continues a header it never sent");
        }
        int h = p + basic;
        long field = s.timestampField;
        int length = s.length;
        int type = s.type;
        int msid = s.messageStreamId;
        boolean extended = s.extended;
        if (fmt <= 2) {
            field = u24(h);
            extended = field == 0xFFFFFF;
        }
        if (fmt <= 1) {
            length = (int) u24(h + 3);
            type = buffer[h + 6] & 0xFF;
        }
        if (fmt == 0) {
            // the message stream id is the one little-endian field of RTMP
            msid = (buffer[h + 7] & 0xFF)
                    | (buffer[h + 8] & 0xFF) << 8
                    | (buffer[h + 9] & 0xFF) << 16
                    | (buffer[h + 10] & 0xFF) << 24;
        }
        int extendedSize = extended ? 4 : 0;
        if (available < basic + headerSize + extendedSize) return 0;
        if (extended) {
            field = u32(h + headerSize);
        }
        if (length < 0 || length > MAX_MESSAGE_BYTES) {
            throw new RtmpException("message of " + length + " bytes exceeds " + MAX_MESSAGE_BYTES);
        }
        boolean starting = s.payload == null;
        int remaining = starting ? length : s.length - s.filled;
        int take = Math.min(chunkSize, remaining);
        int size = basic + headerSize + extendedSize + take;
        if (available < size) return 0;

        // The whole chunk is here: commit the header, then its payload.
        streams.put(csid, s);
        s.hasHeader = true;
        s.extended = extended;
        if (starting) {
            s.timestampField = field;
            s.timestamp = fmt == 0 ? field : s.timestamp + field;
            s.length = length;
            s.type = type;
            s.messageStreamId = msid;
            pendingBytes += length;
            if (pendingBytes > MAX_PENDING_BYTES) throw new RtmpException("too many unfinished messages at once");
            s.payload = new byte[length];
            s.filled = 0;
        } else if (fmt != 3) {
            throw new RtmpException("chunk stream " + csid + " started a new header inside a message");
        }
        System.arraycopy(buffer, p + basic + headerSize + extendedSize, s.payload, s.filled, take);
        s.filled += take;
        if (s.filled == s.length) {
            RtmpMessage m = new RtmpMessage(s.type, s.messageStreamId, s.timestamp, s.payload);
            s.payload = null;
            pendingBytes -= s.length;
            control(m);
            done.add(m);
        }
        return size;
    }

    /** Protocol control messages that change how the following chunks are read. */
    private void control(RtmpMessage m) {
        if (m.type() == TYPE_SET_CHUNK_SIZE) {
            if (m.payload().length < 4) throw new RtmpException("short Set Chunk Size");
            int size = (int) (u32(m.payload(), 0) & 0x7FFFFFFF);
            if (size < 1 || size > MAX_CHUNK_SIZE) throw new RtmpException("chunk size " + size + " out of bounds");
            chunkSize = size;
        } else if (m.type() == TYPE_ABORT && m.payload().length >= 4) {
            Stream s = streams.get((int) u32(m.payload(), 0));
            if (s != null && s.payload != null) {
                s.payload = null;
                pendingBytes -= s.length;
            }
        }
    }

    private long u24(int at) {
        return (buffer[at] & 0xFFL) << 16 | (buffer[at + 1] & 0xFFL) << 8 | buffer[at + 2] & 0xFFL;
    }

    private long u32(int at) {
        return u32(buffer, at);
    }

    static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | b[at + 3] & 0xFFL;
    }
}
