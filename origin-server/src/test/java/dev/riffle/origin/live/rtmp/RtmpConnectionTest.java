package dev.riffle.origin.live.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtmpConnectionTest {
    private final ChunkWriter client = new ChunkWriter();

    @Test
    void a_pusher_connects_publishes_streams_and_unpublishes() {
        RtmpConnection c = new RtmpConnection(new Random(1), 0);
        byte[] c1 = new byte[RtmpConnection.HANDSHAKE_SIZE];
        new Random(2).nextBytes(c1);
        byte[] c0c1 = new byte[1 + c1.length];
        c0c1[0] = 3;
        System.arraycopy(c1, 0, c0c1, 1, c1.length);

        RtmpConnection.Output s = c.feed(c0c1);

        assertThat(s.reply()).hasSize(1 + 2 * RtmpConnection.HANDSHAKE_SIZE);
        assertThat(s.reply()[0]).isEqualTo((byte) 3);
        assertThat(Arrays.copyOfRange(s.reply(), 1 + RtmpConnection.HANDSHAKE_SIZE, s.reply().length))
                .as("S2 echoes C1")
                .isEqualTo(c1);

        // C2 and the first commands in one write, as ffmpeg often sends them
        ByteArrayOutputStream w = new ByteArrayOutputStream();
        w.writeBytes(new byte[RtmpConnection.HANDSHAKE_SIZE]);
        w.writeBytes(command(0, "connect", 1.0, Map.of("app", "live", "type", "nonprivate")));
        RtmpConnection.Output connected = c.feed(w.toByteArray());
        List<RtmpMessage> replies = new ChunkReader().feed(connected.reply());
        assertThat(replies).extracting(RtmpMessage::type).containsExactly(5, 6, 1, 20);
        assertThat(Amf0.decodeAll(replies.get(3).payload())).first().isEqualTo("_result");
        assertThat(statusCode(replies.get(3))).isEqualTo("NetConnection.Connect.Success");

        w.reset();
        w.writeBytes(command(0, "releaseStream", 2.0, Amf0.NULL, "secret-key"));
        w.writeBytes(command(0, "FCPublish", 3.0, Amf0.NULL, "secret-key"));
        w.writeBytes(command(0, "createStream", 4.0, Amf0.NULL));
        w.writeBytes(command(1, "publish", 5.0, Amf0.NULL, "secret-key", "live"));
        RtmpConnection.Output asked = c.feed(w.toByteArray());
        assertThat(asked.events()).containsExactly(new RtmpConnection.PublishRequest("live", "secret-key"));
        assertThat(c.publishing()).isFalse();

        byte[] start = c.accept();
        // the server's chunk size (4096) was announced in the connect answer
        ChunkReader serverSide = new ChunkReader();
        serverSide.feed(connected.reply());
        List<RtmpMessage> started = serverSide.feed(start);
        assertThat(started).extracting(RtmpMessage::type).containsExactly(4, 20);
        assertThat(statusCode(started.get(1))).isEqualTo("NetStream.Publish.Start");
        assertThat(c.publishing()).isTrue();

        w.reset();
        w.writeBytes(client.write(
                4, new RtmpMessage(18, 1, 0, Amf0.encode("@setDataFrame", "onMetaData", Map.of("width", 640.0)))));
        w.writeBytes(client.write(6, new RtmpMessage(9, 1, 40, new byte[] {0x17, 0, 0, 0, 0})));
        w.writeBytes(client.write(4, new RtmpMessage(8, 1, 42, new byte[] {(byte) 0xAF, 1, 2})));
        List<RtmpConnection.Event> media = c.feed(w.toByteArray()).events();
        assertThat(media).hasSize(3);
        RtmpConnection.Media meta = (RtmpConnection.Media) media.get(0);
        assertThat(Amf0.decodeAll(meta.payload()))
                .first()
                .as("@setDataFrame dropped")
                .isEqualTo("onMetaData");
        assertThat(((RtmpConnection.Media) media.get(1)).timestamp()).isEqualTo(40);

        RtmpConnection.Output end = c.feed(command(1, "deleteStream", 6.0, Amf0.NULL, 1.0));
        assertThat(end.events()).containsExactly(new RtmpConnection.Unpublished());
        assertThat(c.done()).isTrue();
    }

    @Test
    void a_refused_publish_gets_an_error_status_and_the_connection_ends() {
        RtmpConnection c = connected();
        c.feed(command(1, "publish", 5.0, Amf0.NULL, "wrong", "live"));

        byte[] no = c.reject("NetStream.Publish.BadName", "wrong stream key");

        ChunkReader reader = new ChunkReader();
        reader.feed(new ChunkWriter().write(2, new RtmpMessage(1, 0, 0, ChunkReaderTest.u32(4096))));
        RtmpMessage status = reader.feed(no).get(0);
        Map<?, ?> info = (Map<?, ?>) Amf0.decodeAll(status.payload()).get(3);
        assertThat(info.get("level")).isEqualTo("error");
        assertThat(info.get("description")).isEqualTo("wrong stream key");
        assertThat(c.done()).isTrue();
        assertThat(c.feed(new byte[] {1, 2, 3}).events()).isEmpty();
    }

    @Test
    void media_before_publishing_and_a_wrong_version_are_protocol_errors() {
        RtmpConnection c = connected();
        assertThatThrownBy(() -> c.feed(client.write(6, new RtmpMessage(9, 1, 0, new byte[] {1}))))
                .isInstanceOf(RtmpException.class)
                .hasMessageContaining("before publishing");
        byte[] c0c1 = new byte[1 + RtmpConnection.HANDSHAKE_SIZE];
        c0c1[0] = 6; // RTMPE
        assertThatThrownBy(() -> new RtmpConnection(new Random(), 0).feed(c0c1))
                .isInstanceOf(RtmpException.class)
                .hasMessageContaining("version");
    }

    @Test
    void the_handshake_may_arrive_one_byte_at_a_time() {
        RtmpConnection c = new RtmpConnection(new Random(1), 0);
        byte[] all = new byte[1 + 2 * RtmpConnection.HANDSHAKE_SIZE];
        all[0] = 3;
        int replied = 0;
        for (byte b : all) replied += c.feed(new byte[] {b}).reply().length;
        assertThat(replied).isEqualTo(1 + 2 * RtmpConnection.HANDSHAKE_SIZE);
        assertThat(c.feed(command(0, "connect", 1.0, Map.of("app", "live"))).reply())
                .isNotEmpty();
    }

    private RtmpConnection connected() {
        RtmpConnection c = new RtmpConnection(new Random(1), 0);
        byte[] hs = new byte[1 + 2 * RtmpConnection.HANDSHAKE_SIZE];
        hs[0] = 3;
        c.feed(hs);
        c.feed(command(0, "connect", 1.0, Map.of("app", "live")));
        c.feed(command(0, "createStream", 2.0, Amf0.NULL));
        return c;
    }

    private byte[] command(int streamId, String name, double txn, Object... args) {
        Object[] values = new Object[args.length + 2];
        values[0] = name;
        values[1] = txn;
        System.arraycopy(args, 0, values, 2, args.length);
        return client.write(3, new RtmpMessage(20, streamId, 0, Amf0.encode(values)));
    }

    private static String statusCode(RtmpMessage m) {
        List<Object> values = Amf0.decodeAll(m.payload());
        return (String) ((Map<?, ?>) values.get(values.size() - 1)).get("code");
    }
}
