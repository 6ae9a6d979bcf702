package dev.riffle.servicekit.seal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Where a service's KEKs come from: a configured value (32 bytes, base64; from a Kubernetes Secret in production) plus
 * optional additional ones that only open (during a rotation), or, on a single machine, one generated once and kept in
 * a 0600 file. A generated KEK is a development convenience: {@link #generated()} lets production refuse it.
 */
public final class KekSource {
    private static final Logger LOG = Logger.getLogger(KekSource.class);

    private final KeyEncryptionKeys keys;
    private final boolean generated;

    private KekSource(KeyEncryptionKeys keys, boolean generated) {
        this.keys = keys;
        this.generated = generated;
    }

    public KeyEncryptionKeys keys() {
        return keys;
    }

    /** Whether the active KEK was generated here rather than configured. */
    public boolean generated() {
        return generated;
    }

    /**
     * @param setting the property name, for messages (e.g. {@code riffle.license.keys.kek})
     * @param devFile where a generated KEK is kept (read back on the next start) when {@code persist}
     * @throws IllegalStateException naming the setting when nothing is configured and generation is not allowed, or a
     *     value is not 32 bytes of base64
     */
    public static KekSource resolve(
            String setting,
            Optional<String> configured,
            List<String> additional,
            boolean allowGenerated,
            Path devFile,
            boolean persist) {
        List<byte[]> others = new ArrayList<>();
        for (String a : additional) {
            if (!a.isBlank()) others.add(decode(setting + " (additional)", a));
        }
        SecureRandom random = new SecureRandom();
        if (configured.isPresent() && !configured.get().isBlank()) {
            return new KekSource(new KeyEncryptionKeys(decode(setting, configured.get()), others, random), false);
        }
        if (!allowGenerated) {
            throw new IllegalStateException(setting + " is not set (32 random bytes, base64, from a secret)");
        }
        return new KekSource(new KeyEncryptionKeys(generated(setting, devFile, persist), others, random), true);
    }

    public static byte[] decode(String setting, String base64) {
        byte[] kek;
        try {
            kek = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " is not base64");
        }
        if (kek.length != KeyEncryptionKeys.KEK_BYTES) {
            throw new IllegalStateException(setting + " must decode to 32 bytes");
        }
        return kek;
    }

    private static byte[] generated(String setting, Path file, boolean persist) {
        try {
            if (persist && Files.exists(file)) return decode(setting + " (" + file + ")", Files.readString(file));
            byte[] kek = new byte[KeyEncryptionKeys.KEK_BYTES];
            new SecureRandom().nextBytes(kek);
            if (persist) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, Base64.getEncoder().encodeToString(kek));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system
                }
                LOG.warnf("generated a development key-encryption key in %s; set %s in production", file, setting);
            }
            return kek;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}
