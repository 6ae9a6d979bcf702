package dev.riffle.protocol.bench;

import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.manifest.Segment;
import dev.riffle.protocol.segment.SegmentVerifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;

/**
 * SHA-256 verification throughput on a 2 MiB segment against raw JDK {@link MessageDigest} in the same JVM. Variants run
 * interleaved, round after round, so machine noise (this box is shared) hits all of them alike; the median round is
 * reported. Run as described in docs/benchmarks.md; never part of the test suite.
 */
public final class SegmentVerifyBench {
    private static final int SEGMENT = 2 * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    private interface Variant {
        boolean run() throws IOException;
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        long roundMillis = args.length > 1 ? Long.parseLong(args[1]) : 1500;
        byte[] data = new byte[SEGMENT];
        new Random(1).nextBytes(data);
        Segment entry = Segment.of(0, 4000, data.length, Sha256.of(data), "v/0.ts");
        byte[] expected = Sha256.of(data).bytes();
        ByteBuffer direct = ByteBuffer.allocateDirect(SEGMENT).put(data).flip();

        String[] names = {
            "raw MessageDigest",
            "SegmentVerifier byte[]",
            "SegmentVerifier 64 KiB direct",
            "SegmentVerifier InputStream"
        };
        Variant[] variants = {
            () -> MessageDigest.isEqual(Sha256.newDigest().digest(data), expected),
            () -> SegmentVerifier.verify(entry, data).verified(),
            () -> {
                SegmentVerifier v = SegmentVerifier.of(entry);
                ByteBuffer b = direct.duplicate();
                while (b.hasRemaining()) {
                    ByteBuffer chunk = b.slice();
                    chunk.limit(Math.min(CHUNK, b.remaining()));
                    b.position(b.position() + chunk.limit());
                    v.update(chunk);
                }
                return v.finish().verified();
            },
            () -> SegmentVerifier.verify(entry, new ByteArrayInputStream(data)).verified()
        };
        for (Variant v : variants) { // warm-up: let the JIT compile every path
            measure(v, 3000);
        }
        double[][] mbps = new double[variants.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < variants.length; i++) {
                mbps[i][r] = measure(variants[i], roundMillis);
            }
        }
        double raw = median(mbps[0]);
        System.out.printf(
                "segment %d bytes, %d rounds x %d ms, median MB/s (10^6 bytes/s)%n", SEGMENT, rounds, roundMillis);
        for (int i = 0; i < variants.length; i++) {
            double m = median(mbps[i]);
            System.out.printf(
                    "%-32s %8.1f MB/s  ratio %.3f  (min %.1f, max %.1f)%n",
                    names[i],
                    m,
                    m / raw,
                    Arrays.stream(mbps[i]).min().orElse(0),
                    Arrays.stream(mbps[i]).max().orElse(0));
        }
    }

    private static double measure(Variant v, long millis) throws IOException {
        long bytes = 0;
        long start = System.nanoTime();
        long end = start + millis * 1_000_000;
        long now;
        do {
            if (!v.run()) {
                throw new IllegalStateException("verification failed during benchmark");
            }
            bytes += SEGMENT;
            now = System.nanoTime();
        } while (now < end);
        return bytes / ((now - start) / 1e9) / 1e6;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
