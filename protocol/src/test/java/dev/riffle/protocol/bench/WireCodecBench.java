package dev.riffle.protocol.bench;

import dev.riffle.protocol.wire.ByeReason;
import dev.riffle.protocol.wire.DecodeResult;
import dev.riffle.protocol.wire.RejectReason;
import dev.riffle.protocol.wire.SegmentRange;
import dev.riffle.protocol.wire.WireDecoder;
import dev.riffle.protocol.wire.WireEncoder;
import dev.riffle.protocol.wire.WireId;
import dev.riffle.protocol.wire.WireLimits;
import dev.riffle.protocol.wire.WireMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Peer wire codec throughput: DATA encode/decode with 16 KiB and 64 KiB payloads, and small control messages.
 * Variants run interleaved, round after round, so noise on this shared machine hits all of them alike; the median
 * round is reported. Run as described in docs/benchmarks.md; never part of the test suite.
 */
public final class WireCodecBench {

    private static final WireEncoder ENCODER = WireEncoder.withDefaults();

    /** One operation; returns {@code [messages, bytes]} handled and feeds {@link #sink} so nothing is optimised away. */
    private interface Op {
        long run(long[] bytes);
    }

    private record Variant(String name, Op op) {}

    private static long sink;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long roundMillis = args.length > 1 ? Long.parseLong(args[1]) : 400;

        List<Variant> variants = new ArrayList<>();
        for (int size : new int[] {16 * 1024, 64 * 1024}) {
            variants.addAll(dataVariants(size));
        }
        variants.addAll(controlVariants());

        for (Variant v : variants) { // warm-up: let the JIT compile every path
            measure(v.op(), 800);
        }
        double[][] msgs = new double[variants.size()][rounds];
        double[][] mbps = new double[variants.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < variants.size(); i++) {
                double[] m = measure(variants.get(i).op(), roundMillis);
                msgs[i][r] = m[0];
                mbps[i][r] = m[1];
            }
        }
        System.out.printf("%d rounds x %d ms, median per round; MB = 10^6 bytes of frames%n", rounds, roundMillis);
        System.out.printf("| %-50s | %14s | %9s |%n", "variant", "messages/s", "MB/s");
        System.out.printf("|%s|%s|%s|%n", "-".repeat(52), "-".repeat(16), "-".repeat(11));
        for (int i = 0; i < variants.size(); i++) {
            System.out.printf(
                    "| %-50s | %,14.0f | %9.1f |%n", variants.get(i).name(), median(msgs[i]), median(mbps[i]));
        }
        System.out.println("(sink " + sink + ")");
    }

    private static List<Variant> dataVariants(int size) {
        String kib = size / 1024 + " KiB";
        byte[] payload = new byte[size];
        new Random(size).nextBytes(payload);
        ByteBuffer source = ByteBuffer.allocateDirect(size).put(payload).flip();
        ByteBuffer out = ByteBuffer.allocateDirect(WireLimits.MAX_FRAME_BYTES);
        WireMessage.Data record = new WireMessage.Data(7, 0, source);
        ByteBuffer frame = ByteBuffer.wrap(ENCODER.encode(record));
        int frameBytes = frame.remaining();
        WireDecoder streaming = WireDecoder.withDefaults();
        WireDecoder chunked = WireDecoder.withDefaults();
        return List.of(
                new Variant("DATA " + kib + " encodeData (no record)", b -> {
                    out.clear();
                    b[0] += ENCODER.encodeData(7, 0, source, out);
                    return 1;
                }),
                new Variant("DATA " + kib + " encode(record)", b -> {
                    out.clear();
                    b[0] += ENCODER.encode(record, out);
                    return 1;
                }),
                new Variant("DATA " + kib + " decodeMessage (one-shot)", b -> {
                    frame.position(0); // the streaming variants share this buffer and consume it
                    DecodeResult r = WireDecoder.decodeMessage(frame);
                    sink += ((WireMessage.Data) decoded(r).messages().get(0)).payloadLength();
                    b[0] += frameBytes;
                    return 1;
                }),
                new Variant("DATA " + kib + " streaming feed, whole frame", b -> {
                    frame.position(0);
                    DecodeResult r = streaming.feed(frame);
                    sink += ((WireMessage.Data) decoded(r).messages().get(0)).payloadLength();
                    b[0] += frameBytes;
                    return 1;
                }),
                new Variant("DATA " + kib + " streaming feed, 4 KiB chunks (copies)", b -> {
                    long n = 0;
                    for (int at = 0; at < frameBytes; at += 4096) {
                        DecodeResult r = chunked.feed(frame.slice(at, Math.min(4096, frameBytes - at)));
                        if (r instanceof DecodeResult.Decoded d) {
                            n += d.messages().size();
                        }
                    }
                    b[0] += frameBytes;
                    return n;
                }));
    }

    private static List<Variant> controlVariants() {
        WireMessage request = new WireMessage.Request(1, 12, 0, 2 << 20);
        ByteBuffer requestFrame = ByteBuffer.wrap(ENCODER.encode(request));
        List<WireMessage> mix = List.of(
                WireMessage.Hello.of(
                        WireId.ofHex("00112233445566778899aabbccddeeff"), WireId.ofHex("5ca1ab1e5ca1ab1e")),
                WireMessage.Have.of(new SegmentRange(0, 40), new SegmentRange(50, 3)),
                new WireMessage.HaveOne(41),
                request,
                new WireMessage.Cancel(1),
                new WireMessage.Reject(2, RejectReason.BUSY),
                new WireMessage.Bye(ByeReason.NORMAL));
        ByteBuffer mixFrames = ENCODER.encodeAll(mix);
        int mixBytes = mixFrames.remaining();
        ByteBuffer out = ByteBuffer.allocateDirect(4096);
        WireDecoder streaming = WireDecoder.withDefaults();
        return List.of(
                new Variant("REQUEST encode", b -> {
                    out.clear();
                    b[0] += ENCODER.encode(request, out);
                    return 1;
                }),
                new Variant("REQUEST decodeMessage (one-shot)", b -> {
                    DecodeResult r = WireDecoder.decodeMessage(requestFrame);
                    sink += decoded(r).messages().size();
                    b[0] += requestFrame.remaining();
                    return 1;
                }),
                new Variant("7 control messages encode", b -> {
                    out.clear();
                    for (WireMessage m : mix) {
                        b[0] += ENCODER.encode(m, out);
                    }
                    return mix.size();
                }),
                new Variant("7 control messages streaming feed", b -> {
                    mixFrames.position(0);
                    DecodeResult r = streaming.feed(mixFrames);
                    b[0] += mixBytes;
                    return decoded(r).messages().size();
                }));
    }

    /** @return {messages/s, MB/s} */
    private static double[] measure(Op op, long millis) {
        long[] bytes = {0};
        long messages = 0;
        long start = System.nanoTime();
        long end = start + millis * 1_000_000;
        long now;
        do {
            for (int i = 0; i < 64; i++) {
                messages += op.run(bytes);
            }
            now = System.nanoTime();
        } while (now < end);
        double seconds = (now - start) / 1e9;
        return new double[] {messages / seconds, bytes[0] / seconds / 1e6};
    }

    private static DecodeResult.Decoded decoded(DecodeResult r) {
        if (r instanceof DecodeResult.Decoded d) {
            return d;
        }
        throw new IllegalStateException("benchmark input did not decode: " + r);
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
