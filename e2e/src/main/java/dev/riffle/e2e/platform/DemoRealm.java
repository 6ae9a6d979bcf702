package dev.riffle.e2e.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The realm of {@code deploy/keycloak/riffle-realm.json} plus subscribers {@code viewer-01 … viewer-NN} (premium, FR,
 * password {@code <name>-pass}). drm-license limits concurrent streams per account, so every simulated viewer needs its
 * own account; the same file feeds drm-license's dev issuer ({@code riffle.license.dev-idp.realm-file}) or a Keycloak
 * import.
 */
public final class DemoRealm {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoRealm() {}

    /** {@code viewer-01}, {@code viewer-02}, … (1-based). */
    public static String viewerUser(int number) {
        return String.format("viewer-%02d", number);
    }

    public static String password(String username) {
        return username + "-pass";
    }

    /** Writes the realm with {@code viewers} extra subscribers to {@code out}. */
    public static Path write(Path out, int viewers) {
        try {
            ObjectNode realm = (ObjectNode) JSON.readTree(baseRealm());
            ArrayNode users = (ArrayNode) realm.withArray("users");
            for (int i = 1; i <= viewers; i++) {
                String name = viewerUser(i);
                ObjectNode u = users.addObject();
                u.put("username", name);
                u.put("enabled", true);
                u.put("email", name + "@riffle.test");
                u.put("emailVerified", true);
                u.put("firstName", "Viewer");
                u.put("lastName", String.format("%02d", i));
                ObjectNode cred = u.putArray("credentials").addObject();
                cred.put("type", "password");
                cred.put("value", password(name));
                cred.put("temporary", false);
                u.putArray("realmRoles").add("subscriber");
                ObjectNode attrs = u.putObject("attributes");
                attrs.putArray("plan").add("premium");
                attrs.putArray("territory").add("FR");
            }
            Files.createDirectories(out.toAbsolutePath().getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), realm);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo realm to " + out, e);
        }
    }

    private static byte[] baseRealm() throws IOException {
        Optional<Path> inTree = findUp(Path.of("deploy/keycloak/riffle-realm.json"));
        if (inTree.isPresent()) return Files.readAllBytes(inTree.get());
        // testkit carries a copy of the realm file
        try (InputStream in = DemoRealm.class.getResourceAsStream("/dev/riffle/testkit/riffle-realm.json")) {
            if (in == null) throw new IOException("deploy/keycloak/riffle-realm.json not found");
            return in.readAllBytes();
        }
    }

    /** {@code relative} under the working directory or one of its parents. */
    static Optional<Path> findUp(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }
}
