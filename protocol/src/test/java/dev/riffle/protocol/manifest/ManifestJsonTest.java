package dev.riffle.protocol.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riffle.protocol.hash.Sha256;
import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {
    private static final ManifestLimits LIMITS = ManifestLimits.DEFAULT;

    private static final Gen<Manifest> MANIFESTS = ManifestGen.manifests("origin-1");

    @Test
    void a_manifest_survives_canonical_json_unchanged() {
        Property.forAll(300, MANIFESTS, m -> {
            byte[] bytes = ManifestJson.canonicalBytes(m);
            Manifest back = ManifestJson.parse(bytes, LIMITS);
            assertThat(back).isEqualTo(m);
            assertThat(ManifestJson.canonicalBytes(back)).isEqualTo(bytes);
        });
    }

    record Shuffled(Manifest manifest, long seed) {}

    @Test
    void member_order_whitespace_and_escapes_do_not_change_the_canonical_bytes() {
        Gen<Shuffled> cases = r -> new Shuffled(MANIFESTS.apply(r), r.nextLong());
        Property.forAll(200, cases, c -> {
            String shuffled = JsonShuffler.write(ManifestJson.toTree(c.manifest()), new Random(c.seed()));
            Manifest parsed = ManifestJson.parse(shuffled.getBytes(StandardCharsets.UTF_8), LIMITS);
            assertThat(ManifestJson.canonicalBytes(parsed)).isEqualTo(ManifestJson.canonicalBytes(c.manifest()));
        });
    }

    @Test
    void canonical_bytes_have_no_whitespace_outside_strings() {
        Property.forAll(200, MANIFESTS, m -> {
            String s = new String(ManifestJson.canonicalBytes(m), StandardCharsets.UTF_8);
            assertThat(s.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "")).doesNotContain(" ", "\n", "\t", "\r");
        });
    }

    @Test
    void unknown_fields_are_ignored_by_the_model() {
        Property.forAll(200, MANIFESTS, m -> {
            ObjectNode tree = ManifestJson.toTree(m);
            tree.put("futureField", "x");
            ((ObjectNode) tree.get("renditions").get(0)).putObject("extra").put("n", 1);
            assertThat(ManifestJson.fromTree(tree, LIMITS)).isEqualTo(m);
        });
    }

    @Test
    void a_wrong_merkle_root_is_malformed() {
        ObjectNode tree = ManifestJson.toTree(ManifestGen.sample("k"));
        ((ObjectNode) tree.get("renditions").get(0))
                .put("merkleRoot", Sha256.of(new byte[0]).hex());
        expect(ManifestException.Reason.MALFORMED, () -> ManifestJson.fromTree(tree, LIMITS));
    }

    @Test
    void other_versions_are_unsupported_and_a_missing_version_is_malformed() {
        ObjectNode tree = ManifestJson.toTree(ManifestGen.sample("k"));
        tree.put("version", 2);
        expect(ManifestException.Reason.UNSUPPORTED_VERSION, () -> ManifestJson.fromTree(tree, LIMITS));
        tree.remove("version");
        expect(ManifestException.Reason.MALFORMED, () -> ManifestJson.fromTree(tree, LIMITS));
    }

    @Test
    void the_model_refuses_invalid_values() {
        Sha256 h = Sha256.of(new byte[] {1});
        Segment s0 = Segment.of(0, 4000, 10, h, "v/0.ts");
        Segment s2 = Segment.of(2, 4000, 10, h, "v/2.ts");
        expect(ManifestException.Reason.MALFORMED, () -> rendition(List.of(s0, s2)));
        expect(ManifestException.Reason.MALFORMED, () -> Segment.of(0, 0, 10, h, "v/0.ts"));
        expect(ManifestException.Reason.MALFORMED, () -> Segment.of(0, 1, 10, h, "../etc/passwd"));
        expect(ManifestException.Reason.MALFORMED, () -> Segment.of(0, 1, 10, h, "/abs.ts"));
        expect(ManifestException.Reason.MALFORMED, () -> Segment.of(0, 1, 10, h, "https://evil/x.ts"));
        ContentKey explicit = new ContentKey(new ContentKeyId(new byte[16]), IvRule.EXPLICIT);
        expect(
                ManifestException.Reason.MALFORMED,
                () -> Manifest.v1("t", Kind.VOD, Instant.EPOCH, "k", explicit, List.of(rendition(List.of(s0)))));
        ContentKey byIndex = new ContentKey(new ContentKeyId(new byte[16]), IvRule.SEGMENT_INDEX);
        Rendition late = rendition(List.of(Segment.of(5, 4000, 10, h, "v/5.ts")));
        expect(
                ManifestException.Reason.MALFORMED,
                () -> Manifest.v1("t", Kind.VOD, Instant.EPOCH, "k", byIndex, List.of(late)));
        Live window = new Live(120_000, false);
        assertThat(Manifest.live("t", Instant.EPOCH, "k", byIndex, List.of(late), window)
                        .segment("v", 5))
                .isPresent();
        expect(
                ManifestException.Reason.MALFORMED,
                () -> Manifest.live("t", Instant.EPOCH, "k", byIndex, List.of(late, late), window));
        expect(
                ManifestException.Reason.MALFORMED,
                () -> Manifest.live("t i", Instant.EPOCH, "k", byIndex, List.of(late), window));
        // kind and the live block go together
        expect(
                ManifestException.Reason.MALFORMED,
                () -> Manifest.v1("t", Kind.LIVE, Instant.EPOCH, "k", byIndex, List.of(late)));
        expect(
                ManifestException.Reason.MALFORMED,
                () -> new Manifest(
                        Manifest.VERSION,
                        "t",
                        Kind.VOD,
                        Instant.EPOCH,
                        "k",
                        byIndex,
                        List.of(rendition(List.of(s0))),
                        window));
        expect(ManifestException.Reason.MALFORMED, () -> new Live(0, false));
    }

    @Test
    void live_segments_name_their_key_and_program_date_and_the_window_survives_json() {
        Sha256 h = Sha256.of(new byte[] {3});
        ContentKeyId current = new ContentKeyId(new byte[16]);
        byte[] older = new byte[16];
        older[0] = 9;
        Instant first = Instant.ofEpochMilli(1_795_000_000_123L);
        Segment underOld = Segment.live(41, 1000, 10, h, "v/41.ts", new ContentKeyId(older), first);
        Segment underCurrent = new Segment(42, 1000, 10, h, "v/42.ts", null, null, first.plusMillis(1000));
        Manifest m = Manifest.live(
                "ch1",
                first.plusSeconds(3),
                "k",
                new ContentKey(current, IvRule.SEGMENT_INDEX),
                List.of(rendition(List.of(underOld, underCurrent))),
                new Live(120_000, false));

        Manifest back = ManifestJson.parse(ManifestJson.canonicalBytes(m), ManifestLimits.DEFAULT);

        assertThat(back).isEqualTo(m);
        assertThat(back.isLive()).isTrue();
        assertThat(back.live().windowMs()).isEqualTo(120_000);
        assertThat(back.segment("v", 41).orElseThrow().keyIn(back)).isEqualTo(new ContentKeyId(older));
        assertThat(back.segment("v", 42).orElseThrow().keyIn(back)).isEqualTo(current);
        assertThat(back.segment("v", 42).orElseThrow().programDate()).isEqualTo(first.plusMillis(1000));
        String json = new String(ManifestJson.canonicalBytes(m), StandardCharsets.UTF_8);
        expect(
                ManifestException.Reason.MALFORMED,
                () -> ManifestJson.parse(
                        json.replace("\"ended\":false", "\"ended\":\"no\"").getBytes(StandardCharsets.UTF_8),
                        ManifestLimits.DEFAULT));
        expect(
                ManifestException.Reason.MALFORMED,
                () -> ManifestJson.parse(
                        json.replace("\"programDateMs\":1795000000123", "\"programDateMs\":-5")
                                .getBytes(StandardCharsets.UTF_8),
                        ManifestLimits.DEFAULT));
    }

    @Test
    void segments_are_found_by_rendition_and_index_and_ivs_follow_the_rule() {
        Manifest m = ManifestGen.sample("k");
        Rendition r = m.renditions().get(1);
        Segment last = r.segments().get(r.segments().size() - 1);
        assertThat(m.segment(r.id(), last.index())).contains(last);
        assertThat(m.segment(r.id(), last.index() + 1)).isEmpty();
        assertThat(m.segment(r.id(), -1)).isEmpty();
        assertThat(m.segment("nope", 0)).isEmpty();
        assertThat(m.ivFor(last).bytes())
                .isEqualTo(Iv.ofSegmentIndex(last.index()).bytes());
        assertThat(Iv.ofSegmentIndex(0x0102).bytes())
                .endsWith(1, 2)
                .startsWith(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void counts_beyond_the_limits_are_too_large() {
        byte[] bytes = ManifestJson.canonicalBytes(ManifestGen.sample("k"));
        expect(
                ManifestException.Reason.TOO_LARGE,
                () -> ManifestJson.parse(bytes, new ManifestLimits(1 << 20, 16, 4096, 1, 100)));
        expect(
                ManifestException.Reason.TOO_LARGE,
                () -> ManifestJson.parse(bytes, new ManifestLimits(1 << 20, 16, 4096, 8, 1)));
        expect(
                ManifestException.Reason.TOO_LARGE,
                () -> ManifestJson.parse(bytes, new ManifestLimits(100, 16, 4096, 8, 100)));
    }

    @Test
    void garbage_and_mutated_documents_only_produce_typed_errors() {
        byte[] valid = ManifestJson.canonicalBytes(ManifestGen.sample("k"));
        Random rnd = new Random(42);
        String alphabet = "{}[]\",:0123456789-.eE truefalsn\\u";
        for (int i = 0; i < 20_000; i++) {
            byte[] doc;
            switch (i % 4) {
                case 0 -> {
                    doc = new byte[rnd.nextInt(200)];
                    rnd.nextBytes(doc);
                }
                case 1 -> {
                    StringBuilder sb = new StringBuilder();
                    for (int j = rnd.nextInt(200); j > 0; j--) {
                        sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                    }
                    doc = sb.toString().getBytes(StandardCharsets.UTF_8);
                }
                default -> {
                    doc = valid.clone();
                    for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                        doc[rnd.nextInt(doc.length)] = (byte)
                                (i % 4 == 2 ? rnd.nextInt(256) : alphabet.charAt(rnd.nextInt(alphabet.length())));
                    }
                }
            }
            byte[] input = doc;
            try {
                ManifestJson.parse(input, LIMITS);
            } catch (ManifestException expected) {
                // the only acceptable failure
            }
        }
    }

    private static Rendition rendition(List<Segment> segments) {
        return Rendition.of("v", RenditionType.VIDEO, 1, null, "avc1", null, 4000, "v/i.m3u8", null, segments);
    }

    static void expect(ManifestException.Reason reason, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOf(ManifestException.class)
                .extracting(e -> ((ManifestException) e).reason())
                .isEqualTo(reason);
    }
}
