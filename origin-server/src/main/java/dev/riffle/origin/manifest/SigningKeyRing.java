package dev.riffle.origin.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riffle.protocol.sign.SigningKey;
import dev.riffle.protocol.sign.TrustedKeys;
import dev.riffle.servicekit.seal.KeyEncryptionKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The origin's Ed25519 manifest-signing keys in a 0700 directory: one sealed private key per key
 * ({@code {keyId}.sealed}, mode 0600: the protocol's private JWK sealed with AES-256-GCM under the signing KEK, bound to
 * its key id, stored with the KEK's id) and an {@code active} file naming the key that signs. A key is generated on
 * first start; {@link #rotate} adds a key and makes it active while every older key stays in the published set, so
 * manifests signed before a rotation still verify. Key ids: {@code origin-} + 16 hex characters of SHA-256 over the raw
 * public key.
 *
 * <p>At open, keys sealed under a retired (older) KEK are sealed again under the active one, and plain
 * {@code {keyId}.jwk} files left by earlier versions are sealed and removed: after one start with a new KEK, the old
 * KEK can go.
 */
public final class SigningKeyRing {
    private static final String ACTIVE = "active";
    private static final String SEALED = ".sealed";
    private static final String PLAIN = ".jwk";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final KeyEncryptionKeys keks;
    private volatile Map<String, SigningKey> keys;
    private volatile SigningKey active;

    private SigningKeyRing(Path dir, KeyEncryptionKeys keks) {
        this.dir = dir;
        this.keks = keks;
    }

    public static SigningKeyRing open(Path dir, KeyEncryptionKeys keks) {
        SigningKeyRing ring = new SigningKeyRing(dir, keks);
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                restrict(dir, "rwx------");
            }
            ring.load();
            if (ring.active == null) ring.rotate();
            return ring;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open signing keys in " + dir, e);
        }
    }

    private void load() throws IOException {
        Map<String, SigningKey> found = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.sorted().toList();
        }
        for (Path p : files) {
            String name = p.getFileName().toString();
            if (name.endsWith(SEALED)) {
                String keyId = name.substring(0, name.length() - SEALED.length());
                JsonNode stored = JSON.readTree(p.toFile());
                String kekId = stored.path("kek").asText();
                byte[] jwk;
                try {
                    jwk = keks.open(
                            kekId,
                            Base64.getDecoder().decode(stored.path("sealed").asText()),
                            aad(keyId));
                } catch (KeyEncryptionKeys.Unavailable e) {
                    throw new IllegalStateException("signing key " + keyId + ": " + e.getMessage()
                            + "; configure the KEK that sealed it (riffle.origin.signing.kek or retired-keks)");
                }
                SigningKey k = SigningKey.fromJwk(jwk);
                java.util.Arrays.fill(jwk, (byte) 0);
                if (!k.keyId().equals(keyId)) throw new IOException(p + " holds key " + k.keyId());
                if (!kekId.equals(keks.activeId())) write(k); // KEK rotation: sealed again under the active KEK
                found.put(k.keyId(), k);
            } else if (name.endsWith(PLAIN)) {
                SigningKey k = SigningKey.fromJwk(Files.readAllBytes(p));
                write(k); // a plain key of an earlier version: sealed, then the plain file goes
                Files.delete(p);
                found.put(k.keyId(), k);
            }
        }
        keys = Map.copyOf(found);
        Path a = dir.resolve(ACTIVE);
        String id = Files.exists(a) ? Files.readString(a).strip() : null;
        active =
                id != null ? found.get(id) : found.values().stream().findFirst().orElse(null);
    }

    /** The key that signs new manifests. */
    public SigningKey active() {
        return active;
    }

    /** Every key still trusted (the active one and all rotated-out ones). */
    public TrustedKeys trusted() {
        return TrustedKeys.of(keys.values().toArray(SigningKey[]::new));
    }

    /** Generates a key, stores it owner-only, and makes it active; older keys stay listed. */
    public synchronized SigningKey rotate() {
        SigningKey fresh = SigningKey.generate("pending");
        SigningKey k = new SigningKey(idFor(fresh), fresh.privateKey(), fresh.publicKey());
        try {
            write(k);
            Path tmp = dir.resolve("." + ACTIVE + ".tmp");
            Files.writeString(tmp, k.keyId() + "\n", StandardCharsets.UTF_8);
            move(tmp, dir.resolve(ACTIVE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store signing key", e);
        }
        Map<String, SigningKey> next = new TreeMap<>(keys == null ? Map.of() : keys);
        next.put(k.keyId(), k);
        keys = Map.copyOf(next);
        active = k;
        return k;
    }

    /** Seals {@code k} under the active KEK into {@code {keyId}.sealed} (written aside, then renamed; 0600). */
    private void write(SigningKey k) throws IOException {
        byte[] jwk = k.toPrivateJwk();
        ObjectNode stored = JSON.createObjectNode()
                .put("keyId", k.keyId())
                .put("kek", keks.activeId())
                .put("sealed", Base64.getEncoder().encodeToString(keks.seal(jwk, aad(k.keyId()))));
        java.util.Arrays.fill(jwk, (byte) 0);
        Path tmp = dir.resolve("." + k.keyId() + SEALED + ".tmp");
        Files.deleteIfExists(tmp);
        Files.write(tmp, new byte[0], StandardOpenOption.CREATE_NEW);
        restrict(tmp, "rw-------");
        Files.write(tmp, JSON.writeValueAsBytes(stored), StandardOpenOption.TRUNCATE_EXISTING);
        move(tmp, dir.resolve(k.keyId() + SEALED));
    }

    private static byte[] aad(String keyId) {
        return ("riffle-signing-key/v1|" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public List<String> keyIds() {
        return new ArrayList<>(new TreeMap<>(keys).keySet());
    }

    static String idFor(SigningKey k) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(k.publicKey().getEncoded());
            return "origin-" + HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void restrict(Path p, String perms) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException | IOException e) {
            // non-POSIX file system: the directory's ACLs apply
        }
    }
}
