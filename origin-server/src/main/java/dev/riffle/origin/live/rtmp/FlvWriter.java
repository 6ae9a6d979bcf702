package dev.riffle.origin.live.rtmp;

/**
 * Turns the media messages of a published RTMP stream into an FLV byte stream (FLV 10 spec): the same payloads, framed
 * as tags. This is how the pushed stream reaches the packager's ffmpeg ({@code -f flv -i pipe:0}) without ffmpeg ever
 * facing the network.
 */
public final class FlvWriter {
    private static final int TAG_HEADER = 11;
    private boolean headerWritten;

    /** The bytes for one media message: the FLV header first time, then the tag and its PreviousTagSize. */
    public byte[] tag(RtmpConnection.Media m) {
        int size = m.payload().length;
        int headerBytes = headerWritten ? 0 : 13;
        byte[] out = new byte[headerBytes + TAG_HEADER + size + 4];
        int p = 0;
        if (!headerWritten) {
            // "FLV", version 1, flags audio|video (hints only: ffmpeg finds the streams from the tags), header size 9,
            // and the PreviousTagSize0 of 0.
            byte[] header = {'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0};
            System.arraycopy(header, 0, out, 0, header.length);
            p = header.length;
            headerWritten = true;
        }
        long ts = m.timestamp();
        out[p] = (byte) m.type();
        out[p + 1] = (byte) (size >>> 16);
        out[p + 2] = (byte) (size >>> 8);
        out[p + 3] = (byte) size;
        out[p + 4] = (byte) (ts >>> 16);
        out[p + 5] = (byte) (ts >>> 8);
        out[p + 6] = (byte) ts;
        out[p + 7] = (byte) (ts >>> 24); // TimestampExtended: the high byte
        // StreamID: always 0 (3 bytes, already zero)
        p += TAG_HEADER;
        System.arraycopy(m.payload(), 0, out, p, size);
        p += size;
        int previous = TAG_HEADER + size;
        out[p] = (byte) (previous >>> 24);
        out[p + 1] = (byte) (previous >>> 16);
        out[p + 2] = (byte) (previous >>> 8);
        out[p + 3] = (byte) previous;
        return out;
    }
}
