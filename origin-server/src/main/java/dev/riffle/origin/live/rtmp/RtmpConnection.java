package dev.riffle.origin.live.rtmp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The server side of one RTMP publishing connection, as a pure state machine: bytes in, bytes to send and events out.
 * It speaks what ffmpeg and OBS do when they push: the simple handshake, {@code connect}, {@code releaseStream},
 * {@code FCPublish}, {@code createStream}, {@code publish}, then audio, video and {@code @setDataFrame} messages, and
 * {@code FCUnpublish}/{@code deleteStream} at the end. It plays nothing back.
 *
 * <p>A {@code publish} is not answered until the shell decides: {@link #accept()} starts the stream, {@link
 * #reject(String, String)} answers with an error status the pusher prints (ffmpeg: "Server error: ...") and closes.
 * Media before an accepted publish, or any protocol violation, is an {@link RtmpException}.
 */
public final class RtmpConnection {
    static final int HANDSHAKE_SIZE = 1536;
    private static final int SERVER_CHUNK_SIZE = 4096;
    private static final int WINDOW = 5_000_000;
    private static final int STREAM_ID = 1;
    private static final int CSID_CONTROL = 2;
    private static final int CSID_COMMAND = 3;
    private static final int CSID_STATUS = 5;

    /** What the pusher did that the shell must act on. */
    public sealed interface Event permits PublishRequest, Media, Unpublished {}

    /** The pusher asks to publish {@code streamKey} under application {@code app}: answer with accept or reject. */
    public record PublishRequest(String app, String streamKey) implements Event {}

    /**
     * An audio (8), video (9) or script data (18, starting with {@code onMetaData}) message, payload as FLV carries it.
     */
    public record Media(int type, long timestamp, byte[] payload) implements Event {}

    /** The pusher ended the stream on purpose ({@code FCUnpublish} or {@code deleteStream}). */
    public record Unpublished() implements Event {}

    /** The result of feeding bytes: what to send back, what happened, and whether to close after sending. */
    public record Output(byte[] reply, List<Event> events) {}

    private enum State {
        AWAIT_C0C1,
        AWAIT_C2,
        COMMANDS,
        PUBLISH_PENDING,
        PUBLISHING,
        DONE
    }

    private final RandomGenerator random;
    private final long uptimeMillis;
    private final ChunkReader reader = new ChunkReader();
    private final ChunkWriter writer = new ChunkWriter();
    private final byte[] handshake = new byte[1 + 2 * HANDSHAKE_SIZE];
    private int handshakeFilled;
    private State state = State.AWAIT_C0C1;
    private String app = "";
    private double publishTransaction;
    private long received;
    private long acknowledged;
    private long ackWindow = WINDOW;

    /**
     * @param random fills the server's handshake bytes
     * @param uptimeMillis the server's epoch for the handshake's time field
     */
    public RtmpConnection(RandomGenerator random, long uptimeMillis) {
        this.random = random;
        this.uptimeMillis = uptimeMillis;
    }

    public Output feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    public Output feed(byte[] data, int offset, int length) {
        if (state == State.DONE) return new Output(new byte[0], List.of());
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        List<Event> events = new ArrayList<>();
        int used = 0;
        if (state == State.AWAIT_C0C1 || state == State.AWAIT_C2) {
            used = handshake(data, offset, length, reply);
        }
        if (used < length && state.compareTo(State.COMMANDS) >= 0) {
            received += length - used;
            for (RtmpMessage m : reader.feed(data, offset + used, length - used)) {
                message(m, reply, events);
                if (state == State.DONE) break;
            }
            if (received - acknowledged >= ackWindow && state != State.DONE) {
                acknowledged = received;
                ByteArrayOutputStream ack = new ByteArrayOutputStream(4);
                ChunkWriter.u32(ack, received & 0xFFFFFFFFL);
                reply.writeBytes(control(RtmpMessage.ACKNOWLEDGEMENT, ack.toByteArray()));
            }
        }
        return new Output(reply.toByteArray(), events);
    }

    /** Answers the pending publish: the stream starts, media may flow. */
    public byte[] accept() {
        if (state != State.PUBLISH_PENDING) throw new IllegalStateException("no publish is waiting");
        state = State.PUBLISHING;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // User Control "Stream Begin" for the stream, then the status the pusher waits for.
        out.writeBytes(writer.write(
                CSID_CONTROL, new RtmpMessage(RtmpMessage.USER_CONTROL, 0, 0, new byte[] {0, 0, 0, 0, 0, STREAM_ID})));
        out.writeBytes(status("status", "NetStream.Publish.Start", "Start publishing"));
        return out.toByteArray();
    }

    /** Refuses the pending publish with an error status ({@code NetStream.Publish.BadName} and a reason); closes. */
    public byte[] reject(String code, String description) {
        if (state != State.PUBLISH_PENDING) throw new IllegalStateException("no publish is waiting");
        state = State.DONE;
        return status("error", code, description);
    }

    public boolean publishing() {
        return state == State.PUBLISHING;
    }

    public boolean done() {
        return state == State.DONE;
    }

    private int handshake(byte[] data, int offset, int length, ByteArrayOutputStream reply) {
        int need = (state == State.AWAIT_C0C1 ? 1 + HANDSHAKE_SIZE : 1 + 2 * HANDSHAKE_SIZE) - handshakeFilled;
        int take = Math.min(need, length);
        System.arraycopy(data, offset, handshake, handshakeFilled, take);
        handshakeFilled += take;
        if (state == State.AWAIT_C0C1 && handshakeFilled == 1 + HANDSHAKE_SIZE) {
            if (handshake[0] != 3) throw new RtmpException("RTMP version " + (handshake[0] & 0xFF) + " (3 expected)");
            reply.write(3); // S0
            byte[] s1 = new byte[HANDSHAKE_SIZE];
            random.nextBytes(s1);
            writeU32(s1, 0, uptimeMillis);
            writeU32(s1, 4, 0);
            reply.writeBytes(s1);
            // S2 echoes C1 (its time, its random bytes); the simple handshake needs nothing more.
            reply.writeBytes(Arrays.copyOfRange(handshake, 1, 1 + HANDSHAKE_SIZE));
            state = State.AWAIT_C2;
            int more = Math.min(length - take, HANDSHAKE_SIZE);
            System.arraycopy(data, offset + take, handshake, handshakeFilled, more);
            handshakeFilled += more;
            take += more;
        }
        if (state == State.AWAIT_C2 && handshakeFilled == 1 + 2 * HANDSHAKE_SIZE) {
            state = State.COMMANDS; // C2's content is not checked: the simple handshake proves nothing either way
        }
        return take;
    }

    private void message(RtmpMessage m, ByteArrayOutputStream reply, List<Event> events) {
        switch (m.type()) {
            case RtmpMessage.SET_CHUNK_SIZE, RtmpMessage.ACKNOWLEDGEMENT, RtmpMessage.USER_CONTROL, 2 -> {}
            case RtmpMessage.WINDOW_ACK_SIZE -> {
                if (m.payload().length < 4) throw new RtmpException("short Window Acknowledgement Size");
                ackWindow = Math.max(4096, ChunkReader.u32(m.payload(), 0));
            }
            case RtmpMessage.SET_PEER_BANDWIDTH -> {}
            case RtmpMessage.COMMAND_AMF0 -> command(Amf0.decodeAll(m.payload()), reply, events);
            case RtmpMessage.AUDIO, RtmpMessage.VIDEO -> {
                requirePublishing(m);
                events.add(new Media(m.type(), m.timestamp(), m.payload()));
            }
            case RtmpMessage.DATA_AMF0 -> {
                requirePublishing(m);
                events.add(new Media(m.type(), m.timestamp(), withoutSetDataFrame(m.payload())));
            }
            default -> throw new RtmpException("unsupported RTMP message type " + m.type());
        }
    }

    private void requirePublishing(RtmpMessage m) {
        if (state != State.PUBLISHING) throw new RtmpException("media (type " + m.type() + ") before publishing");
    }

    private void command(List<Object> values, ByteArrayOutputStream reply, List<Event> events) {
        if (values.isEmpty() || !(values.get(0) instanceof String name)) {
            throw new RtmpException("command without a name");
        }
        double txn = values.size() > 1 && values.get(1) instanceof Double d ? d : 0;
        switch (name) {
            case "connect" -> {
                if (state != State.COMMANDS) throw new RtmpException("connect twice");
                if (values.size() > 2 && values.get(2) instanceof Map<?, ?> o && o.get("app") instanceof String a) {
                    app = a;
                }
                reply.writeBytes(control(RtmpMessage.WINDOW_ACK_SIZE, u32(WINDOW)));
                byte[] bandwidth = Arrays.copyOf(u32(WINDOW), 5);
                bandwidth[4] = 2; // dynamic
                reply.writeBytes(control(RtmpMessage.SET_PEER_BANDWIDTH, bandwidth));
                reply.writeBytes(control(RtmpMessage.SET_CHUNK_SIZE, u32(SERVER_CHUNK_SIZE)));
                writer.chunkSize(SERVER_CHUNK_SIZE);
                Map<String, Object> props = new LinkedHashMap<>();
                props.put("fmsVer", "FMS/3,0,1,123");
                props.put("capabilities", 31.0);
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("level", "status");
                info.put("code", "NetConnection.Connect.Success");
                info.put("description", "Connection succeeded.");
                info.put("objectEncoding", 0.0);
                reply.writeBytes(command(0, "_result", txn, props, info));
            }
            case "releaseStream", "FCPublish", "_checkbw" -> reply.writeBytes(command(0, "_result", txn, Amf0.NULL));
            case "createStream" -> reply.writeBytes(command(0, "_result", txn, Amf0.NULL, (double) STREAM_ID));
            case "publish" -> {
                if (state != State.COMMANDS) throw new RtmpException("publish in state " + state);
                if (values.size() < 4 || !(values.get(3) instanceof String key)) {
                    throw new RtmpException("publish without a stream name");
                }
                publishTransaction = txn;
                state = State.PUBLISH_PENDING;
                events.add(new PublishRequest(app, key));
            }
            case "FCUnpublish", "deleteStream", "closeStream" -> {
                if (state == State.PUBLISHING) {
                    state = State.DONE;
                    events.add(new Unpublished());
                }
            }
            default -> {} // e.g. getStreamLength, play: nothing a pusher needs
        }
    }

    private byte[] status(String level, String code, String description) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", level);
        info.put("code", code);
        info.put("description", description);
        return writer.write(
                CSID_STATUS,
                new RtmpMessage(
                        RtmpMessage.COMMAND_AMF0,
                        STREAM_ID,
                        0,
                        Amf0.encode("onStatus", publishTransaction, Amf0.NULL, info)));
    }

    private byte[] command(int streamId, String name, double txn, Object... args) {
        Object[] values = new Object[args.length + 2];
        values[0] = name;
        values[1] = txn;
        System.arraycopy(args, 0, values, 2, args.length);
        return writer.write(CSID_COMMAND, new RtmpMessage(RtmpMessage.COMMAND_AMF0, streamId, 0, Amf0.encode(values)));
    }

    private byte[] control(int type, byte[] payload) {
        return writer.write(CSID_CONTROL, new RtmpMessage(type, 0, 0, payload));
    }

    /** FLV script data starts with the handler name: drop the {@code @setDataFrame} a pusher puts before it. */
    static byte[] withoutSetDataFrame(byte[] payload) {
        byte[] prefix = Amf0.encode("@setDataFrame");
        if (payload.length >= prefix.length && Arrays.equals(payload, 0, prefix.length, prefix, 0, prefix.length)) {
            return Arrays.copyOfRange(payload, prefix.length, payload.length);
        }
        return payload;
    }

    private static byte[] u32(long v) {
        byte[] b = new byte[4];
        writeU32(b, 0, v);
        return b;
    }

    private static void writeU32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
