package dev.riffle.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Finds the Keycloak dist zip in the local Maven repository and unpacks it once under the work directory. */
final class KeycloakDist {
    private KeycloakDist() {}

    static Path unpacked(Path work) {
        Properties build = Keycloak.buildProperties();
        String version = build.getProperty("keycloak.version", "26.4.7");
        Path home = work.resolve("keycloak-" + version);
        Path marker = home.resolve(".riffle-unpacked");
        if (Files.exists(marker)) {
            return home;
        }
        Path zip = findZip(build, version);
        try {
            deleteTree(home);
            Files.createDirectories(work);
            unzip(zip, work);
            try (Stream<Path> scripts = Files.list(home.resolve("bin"))) {
                scripts.filter(p -> p.toString().endsWith(".sh"))
                        .forEach(p -> p.toFile().setExecutable(true));
            }
            Files.writeString(marker, zip.toString());
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack " + zip + " into " + work, e);
        }
    }

    private static Path findZip(Properties build, String version) {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("riffle.keycloak.dist.zip");
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        String recorded = build.getProperty("keycloak.dist.zip");
        if (recorded != null && !recorded.contains("${")) {
            candidates.add(Path.of(recorded));
        }
        String relative =
                "org/keycloak/keycloak-quarkus-dist/" + version + "/keycloak-quarkus-dist-" + version + ".zip";
        String repoLocal = System.getProperty("maven.repo.local");
        if (repoLocal != null) {
            candidates.add(Path.of(repoLocal, relative));
        }
        candidates.add(Path.of(System.getProperty("user.home"), ".m2", "repository", relative));
        return candidates.stream()
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Keycloak dist zip not found in " + candidates
                        + "; build testkit (./mvnw -pl testkit install) to download it, or set"
                        + " -Driffle.keycloak.dist.zip=/path/to/keycloak-quarkus-dist-" + version + ".zip"));
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            var entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("zip entry outside target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
