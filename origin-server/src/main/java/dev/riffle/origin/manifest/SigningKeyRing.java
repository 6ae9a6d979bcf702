package dev.riffle.origin.manifest;

import dev.riffle.protocol.sign.SigningKey;
import dev.riffle.protocol.sign.TrustedKeys;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The origin's Ed25519 manifest-signing keys in a 0700 directory: one private JWK per key ({@code {keyId}.jwk}, mode
 * 0600, the protocol's format) and an {@code active} file naming the key that signs. A key is generated on first start;
 * {@link #rotate} adds a key and makes it active while every older key stays in the published set, so manifests signed
 * before a rotation still verify. Key ids: {@code origin-} + 16 hex characters of SHA-256 over the raw public key.
 */
public final class SigningKeyRing {
    private static final String ACTIVE = "active";

    private final Path dir;
    private volatile Map<String, SigningKey> keys;
    private volatile SigningKey active;

    private SigningKeyRing(Path dir) {
        this.dir = dir;
    }

    public static SigningKeyRing open(Path dir) {
        SigningKeyRing ring = new SigningKeyRing(dir);
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
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".jwk"))
                    .toList()) {
                SigningKey k = SigningKey.fromJwk(Files.readAllBytes(p));
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
            Path file = dir.resolve(k.keyId() + ".jwk");
            Files.write(file, new byte[0], StandardOpenOption.CREATE_NEW);
            restrict(file, "rw-------");
            Files.write(file, k.toPrivateJwk(), StandardOpenOption.TRUNCATE_EXISTING);
            Path tmp = dir.resolve("." + ACTIVE + ".tmp");
            Files.writeString(tmp, k.keyId() + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(
                        tmp, dir.resolve(ACTIVE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(ACTIVE), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store signing key", e);
        }
        Map<String, SigningKey> next = new TreeMap<>(keys == null ? Map.of() : keys);
        next.put(k.keyId(), k);
        keys = Map.copyOf(next);
        active = k;
        return k;
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
