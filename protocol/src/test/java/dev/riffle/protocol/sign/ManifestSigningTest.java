package dev.riffle.protocol.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riffle.protocol.manifest.JsonShuffler;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.ManifestException;
import dev.riffle.protocol.manifest.ManifestException.Reason;
import dev.riffle.protocol.manifest.ManifestGen;
import dev.riffle.protocol.manifest.ManifestJson;
import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ManifestSigningTest {
    private static final SigningKey KEY = SigningKey.fromSeed("origin-1", new byte[32]);
    private static final SigningKey OTHER = SigningKey.fromSeed("origin-2", filled(7));
    private static final ManifestSigner SIGNER = new ManifestSigner(KEY);
    private static final ManifestVerifier VERIFIER = new ManifestVerifier(TrustedKeys.of(KEY, OTHER));

    private static final Gen<Manifest> MANIFESTS = ManifestGen.manifests(KEY.keyId());

    @Test
    void a_signed_manifest_verifies_to_the_same_manifest() {
        Property.forAll(200, MANIFESTS, m -> {
            SignedManifest signed = SIGNER.sign(m);
            assertThat(VERIFIER.verify(signed.toJson())).isEqualTo(m);
            assertThat(VERIFIER.verifySigned(signed.toJson())).isEqualTo(signed);
        });
    }

    record Reformatted(Manifest manifest, long seed) {}

    @Test
    void a_reformatted_envelope_still_verifies() {
        Gen<Reformatted> cases = r -> new Reformatted(MANIFESTS.apply(r), r.nextLong());
        Property.forAll(100, cases, c -> {
            ObjectNode tree = envelopeTree(c.manifest());
            String reformatted = JsonShuffler.write(tree, new Random(c.seed()));
            assertThat(VERIFIER.verify(reformatted.getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(c.manifest());
        });
    }

    @Test
    void every_changed_byte_of_a_signed_manifest_is_rejected_with_a_reason() {
        byte[] doc = SIGNER.sign(ManifestGen.tiny(KEY.keyId())).toJson();
        // Low bit, ASCII case bit, and all bits: together they reach digits, letters, quotes and UTF-8 lead bytes.
        int[] masks = {0x01, 0x20, 0xFF};
        for (int pos = 0; pos < doc.length; pos++) {
            for (int mask : masks) {
                byte[] tampered = doc.clone();
                tampered[pos] ^= (byte) mask;
                int p = pos;
                assertThatThrownBy(() -> VERIFIER.verify(tampered))
                        .as("byte %d xor %02x", p, mask)
                        .isInstanceOf(ManifestException.class);
            }
        }
    }

    @Test
    void a_tampered_field_is_a_bad_signature() {
        Manifest m = ManifestGen.sample(KEY.keyId());
        String doc = new String(SIGNER.sign(m).toJson(), StandardCharsets.UTF_8);
        String tampered = doc.replaceFirst("\"bandwidthBps\":(\\d)", "\"bandwidthBps\":9$1");
        assertThat(tampered).isNotEqualTo(doc);
        expect(Reason.BAD_SIGNATURE, () -> VERIFIER.verify(tampered.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_signature_by_another_key_under_a_trusted_id_is_a_bad_signature() {
        SigningKey impostor = SigningKey.generate(KEY.keyId());
        byte[] doc = new ManifestSigner(impostor)
                .sign(ManifestGen.sample(KEY.keyId()))
                .toJson();
        expect(Reason.BAD_SIGNATURE, () -> VERIFIER.verify(doc));
    }

    @Test
    void a_key_id_outside_the_trusted_set_is_unknown() {
        SigningKey stranger = SigningKey.generate("stranger");
        byte[] doc = new ManifestSigner(stranger)
                .sign(ManifestGen.sample("stranger"))
                .toJson();
        expect(Reason.UNKNOWN_KEY_ID, () -> VERIFIER.verify(doc));
    }

    @Test
    void an_envelope_without_signature_is_missing_its_signature() {
        ObjectNode root = envelopeTree(ManifestGen.sample(KEY.keyId()));
        root.remove("signature");
        expect(Reason.MISSING_SIGNATURE, () -> VERIFIER.verify(root.toString().getBytes(StandardCharsets.UTF_8)));
        root.putNull("signature");
        expect(Reason.MISSING_SIGNATURE, () -> VERIFIER.verify(root.toString().getBytes(StandardCharsets.UTF_8)));
        expect(Reason.MALFORMED, () -> VERIFIER.verify(ManifestJson.canonicalBytes(ManifestGen.sample("x"))));
    }

    @Test
    void a_properly_signed_future_version_is_unsupported() {
        ObjectNode tree = ManifestJson.toTree(ManifestGen.sample(KEY.keyId()));
        tree.put("version", 2);
        expect(Reason.UNSUPPORTED_VERSION, () -> VERIFIER.verify(SIGNER.signTree(tree)));
    }

    @Test
    void another_algorithm_is_unsupported() {
        ObjectNode root = envelopeTree(ManifestGen.sample(KEY.keyId()));
        ((ObjectNode) root.get("signature")).put("alg", "RS256");
        expect(
                Reason.UNSUPPORTED_ALGORITHM,
                () -> VERIFIER.verify(root.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void the_signature_must_come_from_the_key_the_manifest_names() {
        ObjectNode tree = ManifestJson.toTree(ManifestGen.sample(OTHER.keyId()));
        expect(Reason.KEY_ID_MISMATCH, () -> VERIFIER.verify(SIGNER.signTree(tree)));
        expect(Reason.KEY_ID_MISMATCH, () -> SIGNER.sign(ManifestGen.sample(OTHER.keyId())));
    }

    @Test
    void manifests_signed_with_an_old_key_still_verify_after_rotation() throws Exception {
        SigningKey next = SigningKey.generate("origin-2027");
        byte[] old = SIGNER.sign(ManifestGen.sample(KEY.keyId())).toJson();
        byte[] fresh =
                new ManifestSigner(next).sign(ManifestGen.sample(next.keyId())).toJson();
        TrustedKeys published = TrustedKeys.parseJwks(
                TrustedKeys.of(KEY).with(next.keyId(), next.publicKey()).toJwks());
        ManifestVerifier v = new ManifestVerifier(published);
        assertThat(v.verify(old).signingKeyId()).isEqualTo(KEY.keyId());
        assertThat(v.verify(new ByteArrayInputStream(fresh)).signingKeyId()).isEqualTo(next.keyId());
    }

    @Test
    void garbage_envelopes_only_produce_typed_errors() {
        byte[] valid = SIGNER.sign(ManifestGen.sample(KEY.keyId())).toJson();
        Random rnd = new Random(1);
        for (int i = 0; i < 5_000; i++) {
            byte[] doc = valid.clone();
            for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                doc[rnd.nextInt(doc.length)] ^= (byte) (1 + rnd.nextInt(255));
            }
            if (!java.util.Arrays.equals(doc, valid)) {
                assertThatThrownBy(() -> VERIFIER.verify(doc))
                        .as(new String(doc, StandardCharsets.ISO_8859_1))
                        .isInstanceOf(ManifestException.class);
            }
        }
    }

    private static ObjectNode envelopeTree(Manifest m) {
        try {
            return (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(SIGNER.sign(m).toJson());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] filled(int b) {
        byte[] out = new byte[32];
        java.util.Arrays.fill(out, (byte) b);
        return out;
    }

    static void expect(Reason reason, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOf(ManifestException.class)
                .extracting(e -> ((ManifestException) e).reason())
                .isEqualTo(reason);
    }
}
