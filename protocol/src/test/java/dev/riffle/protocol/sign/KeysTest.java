package dev.riffle.protocol.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.protocol.encoding.Hex;
import dev.riffle.protocol.manifest.ManifestException;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import org.junit.jupiter.api.Test;

class KeysTest {
    @Test
    void a_seed_derives_the_rfc_8032_public_key_and_signature() throws Exception {
        // RFC 8032 §7.1, TEST 1 (empty message).
        byte[] seed = Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", 32)
                .orElseThrow();
        SigningKey key = SigningKey.fromSeed("rfc", seed);
        assertThat(Hex.encode(Ed25519Keys.raw(key.publicKey())))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key.privateKey());
        assertThat(Hex.encode(s.sign()))
                .isEqualTo("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                        + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    }

    @Test
    void a_private_jwk_round_trips_and_its_public_half_must_match() {
        SigningKey key = SigningKey.generate("origin-1");
        SigningKey back = SigningKey.fromJwk(key.toPrivateJwk());
        assertThat(back).isEqualTo(key);
        assertThat(Ed25519Keys.seed(back.privateKey())).isEqualTo(Ed25519Keys.seed(key.privateKey()));
        String otherX = SigningKey.generate("o").publicJwk().get("x").textValue();
        String forged = new String(key.toPrivateJwk(), StandardCharsets.UTF_8)
                .replaceFirst("\"x\":\"[^\"]+\"", "\"x\":\"" + otherX + "\"");
        assertThatThrownBy(() -> SigningKey.fromJwk(forged.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ManifestException.class);
    }

    @Test
    void key_material_never_appears_in_to_string() {
        SigningKey key = SigningKey.generate("origin-1");
        String d = new String(key.toPrivateJwk(), StandardCharsets.UTF_8).replaceAll(".*\"d\":\"([^\"]+)\".*", "$1");
        assertThat(key.toString()).contains("origin-1").doesNotContain(d);
    }

    @Test
    void a_jwk_set_round_trips_and_skips_other_key_types() {
        TrustedKeys keys = TrustedKeys.of(SigningKey.generate("a"), SigningKey.generate("b"));
        assertThat(TrustedKeys.parseJwks(keys.toJwks())).isEqualTo(keys);
        String withRsa = new String(keys.toJwks(), StandardCharsets.UTF_8)
                .replace("{\"keys\":[", "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"r\",\"n\":\"x\",\"e\":\"AQAB\"},");
        assertThat(TrustedKeys.parseJwks(withRsa.getBytes(StandardCharsets.UTF_8))
                        .asMap())
                .containsOnlyKeys("a", "b");
    }

    @Test
    void a_jwk_set_with_duplicate_ids_or_bad_keys_is_malformed() {
        SigningKey a = SigningKey.generate("a");
        String jwk = a.publicJwk().toString();
        assertThatThrownBy(() -> TrustedKeys.parseJwks(
                        ("{\"keys\":[" + jwk + "," + jwk + "]}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ManifestException.class);
        String shortX = jwk.replaceFirst("\"x\":\"[^\"]+\"", "\"x\":\"AAAA\"");
        assertThatThrownBy(
                        () -> TrustedKeys.parseJwks(("{\"keys\":[" + shortX + "]}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ManifestException.class);
    }
}
