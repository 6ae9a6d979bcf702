package dev.riffle.protocol.manifest;

import dev.riffle.protocol.hash.Sha256;
import dev.riffle.testkit.property.Gen;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random valid manifests for property tests, and one small fixed sample. */
public final class ManifestGen {
    private ManifestGen() {}

    public static Gen<Manifest> manifests(String signingKeyId) {
        Gen<String> titles = Gen.strings("abcXYZ019._-", 0, 20).map(s -> "t" + s);
        Gen<Kind> kinds = Gen.oneOf(Kind.values());
        Gen<IvRule> ivRules = Gen.oneOf(IvRule.values());
        Gen<Long> issuedMs = Gen.longs(0, 4_102_444_800_000L);
        Gen<Integer> renditionCounts = Gen.ints(1, 4);
        return r -> build(
                titles.apply(r),
                kinds.apply(r),
                ivRules.apply(r),
                Instant.ofEpochMilli(issuedMs.apply(r)),
                signingKeyId,
                new Random(r.nextLong()),
                renditionCounts.apply(r));
    }

    static Manifest build(
            String title, Kind kind, IvRule ivRule, Instant issued, String keyId, Random rnd, int renditionCount) {
        byte[] kid = new byte[16];
        rnd.nextBytes(kid);
        List<Rendition> renditions = new ArrayList<>();
        for (int r = 0; r < renditionCount; r++) {
            RenditionType type = RenditionType.values()[rnd.nextInt(3)];
            long first = kind == Kind.VOD ? 0 : rnd.nextInt(1_000_000);
            int segmentCount = (kind == Kind.VOD ? 1 : 0) + rnd.nextInt(9);
            List<Segment> segments = new ArrayList<>();
            for (int i = 0; i < segmentCount; i++) {
                long index = first + i;
                Iv iv = null;
                if (ivRule == IvRule.EXPLICIT) {
                    byte[] b = new byte[16];
                    rnd.nextBytes(b);
                    iv = new Iv(b);
                }
                ContentKeyId segmentKid = null;
                Instant programDate = null;
                if (kind == Kind.LIVE) {
                    if (rnd.nextBoolean()) {
                        byte[] b = new byte[16];
                        rnd.nextBytes(b);
                        segmentKid = new ContentKeyId(b);
                    }
                    programDate = issued.minusMillis(rnd.nextInt(100_000));
                    if (programDate.isBefore(Instant.EPOCH)) programDate = Instant.EPOCH;
                }
                segments.add(new Segment(
                        index,
                        1 + rnd.nextInt(10_000),
                        1 + rnd.nextInt(Integer.MAX_VALUE),
                        randomHash(rnd),
                        "r" + r + "/seg-" + index + ".ts",
                        iv,
                        segmentKid,
                        programDate));
            }
            InitSegment init = rnd.nextBoolean()
                    ? new InitSegment("r" + r + "/init.mp4", 1 + rnd.nextInt(5000), randomHash(rnd))
                    : null;
            renditions.add(Rendition.of(
                    "r" + r,
                    type,
                    1 + rnd.nextInt(20_000_000),
                    type == RenditionType.VIDEO ? new Resolution(1 + rnd.nextInt(4000), 1 + rnd.nextInt(3000)) : null,
                    rnd.nextBoolean() ? "avc1.64001f,mp4a.40.2" : "mp4a.40.2 \"odd\" \\chars/",
                    rnd.nextBoolean() ? "en" : null,
                    1 + rnd.nextInt(10_000),
                    "r" + r + "/index.m3u8",
                    init,
                    segments));
        }
        ContentKey key = new ContentKey(new ContentKeyId(kid), ivRule);
        return kind == Kind.LIVE
                ? Manifest.live(
                        title, issued, keyId, key, renditions, new Live(1 + rnd.nextInt(600_000), rnd.nextBoolean()))
                : Manifest.v1(title, kind, issued, keyId, key, renditions);
    }

    /** A small fixed VOD manifest: two renditions of three segments. */
    public static Manifest sample(String keyId) {
        return build(
                "big-buck-bunny",
                Kind.VOD,
                IvRule.SEGMENT_INDEX,
                Instant.ofEpochMilli(1_795_000_000_000L),
                keyId,
                new Random(7),
                2);
    }

    /** The smallest valid manifest: one rendition, one segment; used where every byte is mutated. */
    public static Manifest tiny(String keyId) {
        Segment s = Segment.of(0, 4000, 1000, Sha256.of(new byte[] {1}), "v/0.ts");
        Rendition r = Rendition.of(
                "v",
                RenditionType.VIDEO,
                800_000,
                new Resolution(640, 360),
                "avc1.4d401e",
                null,
                4000,
                "v/i.m3u8",
                null,
                List.of(s));
        return Manifest.v1(
                "t1",
                Kind.VOD,
                Instant.ofEpochMilli(1_795_000_000_000L),
                keyId,
                new ContentKey(new ContentKeyId(new byte[16]), IvRule.SEGMENT_INDEX),
                List.of(r));
    }

    private static Sha256 randomHash(Random rnd) {
        byte[] b = new byte[32];
        rnd.nextBytes(b);
        return new Sha256(b);
    }
}
