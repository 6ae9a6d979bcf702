package dev.riffle.tracker.announce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
import dev.riffle.tracker.matching.SegmentRanges;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The hand-written answer writer must produce exactly what Jackson wrote for the same records (the peer-agent parses
 * this shape): compared byte for byte on generated answers and problems, with strings full of characters to escape.
 */
class AnnounceJsonTest {

    /**
     * Jackson with the wire form the agents parse for a peer's held segments: {@code [[first,last],…]}, what the
     * answer's {@code long[][]} used to be serialized as.
     */
    static final ObjectMapper JACKSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(SegmentRanges.class, new JsonSerializer<>() {
                @Override
                public void serialize(SegmentRanges have, JsonGenerator json, SerializerProvider unused)
                        throws IOException {
                    long[][] pairs = have.ranges().stream()
                            .map(range -> new long[] {range.first(), range.last()})
                            .toArray(long[][]::new);
                    json.writeObject(pairs);
                }
            }));

    static final Gen<String> TEXT = Gen.strings("aZ09.-_ \"\\/\n\r\t\b\f\u0000\u0001\u001f\u007féü€", 0, 12);
    static final Gen<String> MAYBE_TEXT = r -> r.nextInt(5) == 0 ? null : TEXT.apply(r);

    static AnnounceResponse.PeerOut peer(RandomGenerator r) {
        // overlapping and touching ranges merge; bounds up to ~3/4 of Long.MAX_VALUE (19-digit numbers)
        List<SegmentRanges.Range> ranges = Gen.lists(
                        x -> {
                            long first = x.nextInt(3) == 0 ? x.nextLong(Long.MAX_VALUE / 2) : x.nextInt(1000);
                            return new SegmentRanges.Range(
                                    first, first + x.nextInt(50) + (x.nextInt(9) == 0 ? Long.MAX_VALUE / 4 : 0));
                        },
                        0,
                        4)
                .apply(r);
        return new AnnounceResponse.PeerOut(
                TEXT.apply(r), TEXT.apply(r), r.nextInt(10) == 0 ? null : new SegmentRanges(ranges));
    }

    static AnnounceResponse.SwarmAnswer swarm(RandomGenerator r) {
        return new AnnounceResponse.SwarmAnswer(
                MAYBE_TEXT.apply(r),
                MAYBE_TEXT.apply(r),
                r.nextInt(4) == 0 ? null : Gen.longs().apply(r),
                r.nextInt(4) == 0
                        ? null
                        : Gen.lists(AnnounceJsonTest::peer, 0, 5).apply(r),
                MAYBE_TEXT.apply(r));
    }

    static AnnounceResponse answer(RandomGenerator r) {
        return new AnnounceResponse(
                TEXT.apply(r),
                Gen.longs().apply(r),
                new AnnounceResponse.LocalityOut(Gen.longs().apply(r), TEXT.apply(r), TEXT.apply(r)),
                Gen.lists(AnnounceJsonTest::swarm, 0, 4).apply(r));
    }

    static String jackson(Object o) {
        try {
            return JACKSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void answersAreWhatJacksonWrote() {
        Property.forAll("answer JSON", 2000, AnnounceJsonTest::answer, a -> assertThat(
                        new String(AnnounceJson.answer(a), StandardCharsets.UTF_8))
                .isEqualTo(jackson(a)));
    }

    @Test
    void charactersBeyondTheBasicPlaneAndLoneSurrogatesEncodeLikeTheJdk() {
        for (String text : List.of("peer-\uD83D\uDE00", "x\uD800y", "\uDC00", "end\uD83D", "é€\u07FF\u0800\uFFFF")) {
            AnnounceResponse a = new AnnounceResponse(
                    text, 60, null, List.of(new AnnounceResponse.SwarmAnswer(text, "ok", 1L, List.of(), text)));
            assertThat(AnnounceJson.answer(a)).as(text).isEqualTo(jackson(a).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void theDocumentedExampleKeepsItsShape() {
        AnnounceResponse r = new AnnounceResponse(
                "AbCdEfGhIjKlMnOp.tv",
                57,
                new AnnounceResponse.LocalityOut(3320, "DE", "BE"),
                java.util.List.of(new AnnounceResponse.SwarmAnswer(
                        "t-42.r720",
                        "ok",
                        12L,
                        java.util.List.of(new AnnounceResponse.PeerOut(
                                "QrStUvWxYz012345.0", "isp-region", SegmentRanges.of(0, 40))),
                        null)));
        assertThat(new String(AnnounceJson.answer(r), StandardCharsets.UTF_8))
                .isEqualTo("{\"peerId\":\"AbCdEfGhIjKlMnOp.tv\",\"interval\":57,\"locality\":{\"asn\":3320,"
                        + "\"country\":\"DE\",\"region\":\"BE\"},\"swarms\":[{\"id\":\"t-42.r720\",\"status\":\"ok\","
                        + "\"size\":12,\"peers\":[{\"peerId\":\"QrStUvWxYz012345.0\",\"tier\":\"isp-region\","
                        + "\"have\":[[0,40]]}]}]}");
    }
}
