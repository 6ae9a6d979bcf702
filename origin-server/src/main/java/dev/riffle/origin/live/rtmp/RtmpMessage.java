package dev.riffle.origin.live.rtmp;

/**
 * One RTMP message, reassembled from its chunks.
 *
 * @param type message type id: 1–6 protocol control, 8 audio, 9 video, 18 data (AMF0), 20 command (AMF0)
 * @param streamId message stream id (0 for the connection, the id {@code createStream} returned for the stream)
 * @param timestamp milliseconds, as the pusher stamped it (32 bits; not wall-clock)
 */
public record RtmpMessage(int type, int streamId, long timestamp, byte[] payload) {
    public static final int SET_CHUNK_SIZE = 1;
    public static final int ACKNOWLEDGEMENT = 3;
    public static final int USER_CONTROL = 4;
    public static final int WINDOW_ACK_SIZE = 5;
    public static final int SET_PEER_BANDWIDTH = 6;
    public static final int AUDIO = 8;
    public static final int VIDEO = 9;
    public static final int DATA_AMF0 = 18;
    public static final int COMMAND_AMF0 = 20;
}
