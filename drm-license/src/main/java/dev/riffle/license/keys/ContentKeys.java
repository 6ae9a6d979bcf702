package dev.riffle.license.keys;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Optional;

/** Creates, seals and opens content keys; the only place that sees both the store and the cipher. */
@ApplicationScoped
public class ContentKeys {
    private final KeyStore store;
    private final KeyCipher cipher;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();

    public ContentKeys(KeyStore store, KeyCipher cipher, InstantSource clock) {
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** The outcome of create-or-get: the key and whether this call created it. */
    public record Issued(ContentKey key, boolean created) {}

    public Issued createOrGet(String titleId, String label) {
        Kid kid = Kid.random(random);
        byte[] key = new byte[16];
        random.nextBytes(key);
        SealedKey candidate = new SealedKey(
                kid, titleId, label, cipher.seal(kid, titleId, label, key), cipher.kekId(), clock.instant());
        java.util.Arrays.fill(key, (byte) 0);
        SealedKey stored = store.putIfAbsent(candidate);
        return new Issued(cipher.open(stored), stored.kid().equals(kid));
    }

    /** Whether the title has any key, i.e. the origin has packaged it here. */
    public boolean knows(String titleId) {
        return !store.findByTitle(titleId).isEmpty();
    }

    public Optional<ContentKey> find(Kid kid) {
        return store.findByKid(kid).map(cipher::open);
    }
}
