package dev.riffle.agent.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The signed-in subscriber's tokens in {@code <config dir>/tokens.json}: the directory is owner-only (0700), the file is
 * owner-only (0600) from the moment it exists (written to a temporary file created with those permissions, forced,
 * then renamed over the old one, so a reader never sees half a file). Read on every use, so a refresh by another
 * process (or thread) is picked up at once.
 *
 * <pre>{"issuer":"…","client_id":"riffle-agent","access_token":"…","obtained_at":"…","expires_at":"…","refresh_token":"…",
 *  "refresh_expires_at":"…"}</pre>
 */
public final class TokenStore {
    public static final String FILE = "tokens.json";
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path file;

    public TokenStore(Path dir) {
        this.dir = dir.toAbsolutePath();
        this.file = this.dir.resolve(FILE);
    }

    /** The store a token file path names: the file itself if it is a {@code tokens.json}, else none. */
    public static Optional<TokenStore> ofFile(Path tokenFile) {
        Path f = tokenFile.toAbsolutePath();
        return f.getFileName().toString().equals(FILE) ? Optional.of(new TokenStore(f.getParent())) : Optional.empty();
    }

    public Path file() {
        return file;
    }

    public Path dir() {
        return dir;
    }

    public Optional<TokenSet> load() throws IOException {
        if (!Files.exists(file)) return Optional.empty();
        JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        return Optional.of(new TokenSet(
                URI.create(n.path("issuer").asText()),
                n.path("client_id").asText(),
                n.path("access_token").asText(),
                Instant.parse(n.path("obtained_at").asText(n.path("expires_at").asText())),
                Instant.parse(n.path("expires_at").asText()),
                text(n, "refresh_token"),
                text(n, "refresh_expires_at").map(Instant::parse)));
    }

    /** The current access token, read from disk now; fails if nobody signed in. */
    public String accessToken() throws IOException {
        return load().map(TokenSet::accessToken)
                .orElseThrow(() -> new IOException("not signed in: run ./riffle agent login"));
    }

    public void save(TokenSet t) throws IOException {
        ensureDir();
        ObjectNode n = JSON.createObjectNode();
        n.put("issuer", t.issuer().toString());
        n.put("client_id", t.clientId());
        n.put("access_token", t.accessToken());
        n.put("obtained_at", t.obtainedAt().toString());
        n.put("expires_at", t.accessExpiresAt().toString());
        t.refreshToken().ifPresent(r -> n.put("refresh_token", r));
        t.refreshExpiresAt().ifPresent(r -> n.put("refresh_expires_at", r.toString()));
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        Path tmp = dir.resolve("." + FILE + "." + UUID.randomUUID() + ".tmp");
        // Created 0600: the token is never readable by others, not even for a moment.
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE_MODE));
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                out.write(bytes);
                out.flush();
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Signs out on this machine. */
    public boolean delete() throws IOException {
        return Files.deleteIfExists(file);
    }

    private void ensureDir() throws IOException {
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
        } catch (FileAlreadyExistsException e) {
            // an existing config dir is tightened: it holds credentials
        }
        Files.setPosixFilePermissions(dir, DIR_MODE);
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }
}
