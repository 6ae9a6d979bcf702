package dev.riffle.protocol.wire;

import dev.riffle.testkit.property.Gen;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Fixed examples of every layout and generators for all messages. */
final class WireSamples {

    private WireSamples() {}

    static final WireId PEER = WireId.ofHex("0102030405060708090a0b0c0d0e0f10");
    static final WireId SWARM = WireId.ofHex("a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4");

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    /** At least one message per layout and per form (HAVE ranges and bitfield, DATA empty and not). */
    static List<WireMessage> oneOfEach() {
        return List.of(
                WireMessage.Hello.of(PEER, SWARM),
                new WireMessage.Hello(1, 7, WireId.of(new byte[] {9}), WireId.of(bytes(32, 3))),
                WireMessage.Have.of(),
                WireMessage.Have.of(new SegmentRange(0, 120)),
                WireMessage.Have.of(new SegmentRange(0, 3), new SegmentRange(5, 1), new SegmentRange(9, 2)),
                WireMessage.Have.of(new SegmentRange(7, 1), new SegmentRange(1_000_000, 10)),
                new WireMessage.HaveOne(0),
                new WireMessage.HaveOne(Integer.MAX_VALUE),
                new WireMessage.Request(-1, 12, 16_384, 2 << 20),
                WireMessage.Data.of(42, 0, new byte[0]),
                WireMessage.Data.of(7, 65_536, bytes(300, 1)),
                new WireMessage.Cancel(0xCAFEBABE),
                new WireMessage.Reject(5, RejectReason.BUSY),
                new WireMessage.Bye(ByeReason.NORMAL),
                WireMessage.Claims.of(new WireMessage.Claim(0, 0)),
                WireMessage.Claims.of(
                        new WireMessage.Claim(3, 1),
                        new WireMessage.Claim(4, WireMessage.Claim.WITHDRAWN),
                        new WireMessage.Claim(Integer.MAX_VALUE, WireMessage.Claim.MAX_HOPS)),
                WireMessage.Window.NONE,
                new WireMessage.Window(40, 22));
    }

    static Gen<WireId> ids() {
        return Gen.bytes(1, 32).map(WireId::of);
    }

    static Gen<WireMessage> messages() {
        return Gen.anyOf(
                hellos(), haves(), haveOnes(), requests(), datas(), cancels(), rejects(), byes(), claims(), windows());
    }

    /** Every message type but DATA, equally likely. */
    static Gen<WireMessage> controlMessages() {
        return Gen.anyOf(hellos(), haves(), haveOnes(), requests(), cancels(), rejects(), byes(), claims(), windows());
    }

    static Gen<WireMessage> windows() {
        Gen<Integer> firsts = Gen.ints(0, Integer.MAX_VALUE);
        Gen<Integer> counts = Gen.ints(0, 1 << 20);
        return r -> {
            int first = firsts.apply(r);
            int count = (int) Math.min(counts.apply(r), (long) Integer.MAX_VALUE - first + 1);
            return new WireMessage.Window(first, count);
        };
    }

    /** Strictly increasing segments from random gaps, any hops (withdrawals included). */
    static Gen<WireMessage> claims() {
        Gen<List<Integer>> gaps = Gen.lists(Gen.ints(1, 1 << 20), 1, WireMessage.Claims.MAX_CLAIMS);
        Gen<Integer> hops = Gen.ints(0, WireMessage.Claim.WITHDRAWN);
        Gen<Integer> starts = Gen.ints(0, 1 << 20);
        return r -> {
            List<WireMessage.Claim> out = new ArrayList<>();
            long at = starts.apply(r);
            for (int gap : gaps.apply(r)) {
                if (at > Integer.MAX_VALUE) {
                    break;
                }
                out.add(new WireMessage.Claim((int) at, hops.apply(r)));
                at += gap;
            }
            return new WireMessage.Claims(out);
        };
    }

    static Gen<WireMessage> hellos() {
        Gen<Integer> mins = Gen.ints(1, 255);
        Gen<Integer> extras = Gen.ints(0, 254);
        Gen<WireId> ids = ids();
        return r -> {
            int min = mins.apply(r);
            int extra = extras.apply(r);
            return new WireMessage.Hello(min, Math.min(255, min + extra), ids.apply(r), ids.apply(r));
        };
    }

    /** Canonical HAVEs built from gaps and run lengths, some dense (bitfield form), some sparse (ranges form). */
    static Gen<WireMessage> haves() {
        Gen<Integer> starts = Gen.ints(0, 1 << 30);
        Gen<int[]> gapsAndRuns = Gen.lists(Gen.ints(1, 5_000), 0, 200)
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
        Gen<Integer> scales = Gen.ints(1, 4_000);
        return r -> {
            int start = starts.apply(r);
            int[] parts = gapsAndRuns.apply(r);
            int scale = scales.apply(r);
            List<SegmentRange> ranges = new ArrayList<>();
            long at = start;
            for (int i = 0; i + 1 < parts.length; i += 2) {
                int count = 1 + parts[i] % scale;
                if (at + count - 1 > Integer.MAX_VALUE) {
                    break;
                }
                ranges.add(new SegmentRange((int) at, count));
                at += count + 1 + parts[i + 1] % scale;
            }
            return new WireMessage.Have(ranges);
        };
    }

    static Gen<WireMessage> haveOnes() {
        return Gen.ints(0, Integer.MAX_VALUE).map(WireMessage.HaveOne::new);
    }

    static Gen<WireMessage> requests() {
        Gen<Integer> ids = Gen.ints();
        Gen<Integer> segments = Gen.ints(0, Integer.MAX_VALUE);
        Gen<Integer> offsets = Gen.ints(0, 1 << 30);
        Gen<Integer> lengths = Gen.ints(1, WireMessage.Request.MAX_LENGTH);
        return r -> new WireMessage.Request(ids.apply(r), segments.apply(r), offsets.apply(r), lengths.apply(r));
    }

    static Gen<WireMessage> datas() {
        Gen<byte[]> payloads = Gen.anyOf(Gen.bytes(0, 600), Gen.ints(0, 65_536).map(n -> bytes(n, n)));
        Gen<Integer> ids = Gen.ints();
        Gen<Integer> offsets = Gen.ints(0, 1 << 30);
        return r -> WireMessage.Data.of(ids.apply(r), offsets.apply(r), payloads.apply(r));
    }

    static Gen<WireMessage> cancels() {
        return Gen.ints().map(WireMessage.Cancel::new);
    }

    static Gen<WireMessage> rejects() {
        Gen<Integer> ids = Gen.ints();
        Gen<RejectReason> reasons = Gen.oneOf(RejectReason.values());
        return r -> new WireMessage.Reject(ids.apply(r), reasons.apply(r));
    }

    static Gen<WireMessage> byes() {
        return Gen.oneOf(ByeReason.values()).map(WireMessage.Bye::new);
    }

    static ByteBuffer encode(WireMessage m) {
        return ByteBuffer.wrap(WireEncoder.withDefaults().encode(m));
    }

    /** Feeds {@code frames} in pieces of {@code chunk} bytes, each piece in its own (copied) buffer. */
    static List<DecodeResult> feedInChunks(WireDecoder decoder, byte[] frames, int chunk) {
        List<DecodeResult> results = new ArrayList<>();
        for (int at = 0; at < frames.length; at += chunk) {
            int n = Math.min(chunk, frames.length - at);
            byte[] piece = new byte[n];
            System.arraycopy(frames, at, piece, 0, n);
            results.add(decoder.feed(ByteBuffer.wrap(piece)));
        }
        return results;
    }

    /** As {@link #feedInChunks}, stopping at the first failure (a dead decoder repeats it). */
    static List<DecodeResult> feedInChunksRaw(WireDecoder decoder, byte[] frames, int chunk) {
        List<DecodeResult> results = feedInChunks(decoder, frames, chunk);
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof DecodeResult.Failed) {
                return results.subList(0, i + 1);
            }
        }
        return results;
    }

    static List<WireMessage> decodedMessages(List<DecodeResult> results) {
        List<WireMessage> out = new ArrayList<>();
        for (DecodeResult r : results) {
            if (r instanceof DecodeResult.Decoded d) {
                out.addAll(d.messages());
            } else if (r instanceof DecodeResult.Failed f) {
                throw new AssertionError("unexpected failure " + f.error());
            }
        }
        return out;
    }
}
