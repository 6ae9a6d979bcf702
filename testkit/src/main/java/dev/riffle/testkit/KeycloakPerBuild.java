package dev.riffle.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One Keycloak for every test JVM of one Maven build. Failsafe runs each module's integration tests in a JVM of its
 * own, and a Keycloak per module cost 30–90 s of start-up each on a loaded machine (and once ran out of time). The
 * first JVM that needs it starts it under {@code target/keycloak-build/<maven pid>-<realm hash>} at the repository
 * root and leaves a small watchdog process that stops it, and removes that folder, as soon as the Maven process is
 * gone; the next JVMs of the same build attach to it. A JVM with another realm file gets a server of its own, also
 * for the rest of the build. Not used outside a Maven build (IDE, benchmark mains), with {@code
 * -Driffle.keycloak.per-build=false}, or with {@code riffle.keycloak.work-dir} set: then each JVM has its own.
 */
final class KeycloakPerBuild {
    private static final String MAVEN_LAUNCHER = "org.codehaus.plexus.classworlds.launcher.Launcher";

    private KeycloakPerBuild() {}

    /** A Maven build (its pid) and the folder of its server for one realm. */
    record Build(long mavenPid, Path folder) {}

    /** This build's place for a server with {@code realm}, when this JVM runs under Maven in the repository. */
    static Optional<Build> of(Path realm) {
        if (!Boolean.parseBoolean(System.getProperty("riffle.keycloak.per-build", "true"))
                || System.getProperty("riffle.keycloak.work-dir") != null) {
            return Optional.empty();
        }
        Optional<Path> root = repositoryRoot();
        Optional<Long> maven = mavenAncestor();
        if (root.isEmpty() || maven.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Build(maven.get(), root.get().resolve("target/keycloak-build/" + maven.get() + "-" + hash(realm))));
    }

    /**
     * This build's server: the one already answering in its folder, or a new one started by {@code launch} (given its
     * work folder), with the watchdog that stops it when the build ends. Other JVMs wait on a file lock meanwhile.
     */
    static Keycloak attachOrStart(Build build, Function<Path, Keycloak> launch) {
        Path folder = build.folder();
        try {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(
                            folder.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                Path state = folder.resolve("server.properties");
                Optional<Keycloak> running = read(state).filter(Keycloak::answers);
                if (running.isPresent()) {
                    System.out.println("[testkit] Keycloak of this build at "
                            + running.get().baseUrl());
                    return running.get();
                }
                Keycloak kc = launch.apply(folder.resolve("server"));
                write(state, kc);
                watch(build.mavenPid(), kc, folder);
                return kc;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not share Keycloak through " + folder, e);
        }
    }

    private static Optional<Long> mavenAncestor() {
        Optional<ProcessHandle> p = ProcessHandle.current().parent();
        for (int depth = 0; depth < 4 && p.isPresent(); depth++) {
            ProcessHandle h = p.get();
            if (h.info().commandLine().map(c -> c.contains(MAVEN_LAUNCHER)).orElse(false)) {
                return Optional.of(h.pid());
            }
            p = h.parent();
        }
        return Optional.empty();
    }

    private static Optional<Path> repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/keycloak/riffle-realm.json"))
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /**
     * Stops the server (SIGTERM, then SIGKILL after 20 s; kc.sh forwards SIGTERM to its JVM) and removes its folder
     * once the Maven process has gone. A shell loop, so it outlives this JVM and needs nothing but POSIX sh.
     */
    private static void watch(long mavenPid, Keycloak kc, Path folder) throws IOException {
        List<String> pids = ProcessHandle.of(kc.pid())
                .map(h -> Stream.concat(Stream.of(h), h.descendants())
                        .map(d -> Long.toString(d.pid()))
                        .toList())
                .orElse(List.of(Long.toString(kc.pid())));
        String script = "m=$1; d=$2; shift 2;"
                + " while kill -0 \"$m\" 2>/dev/null; do sleep 2; done;"
                + " kill -TERM \"$@\" 2>/dev/null; i=0;"
                + " while [ $i -lt 20 ] && kill -0 \"$@\" 2>/dev/null; do sleep 1; i=$((i+1)); done;"
                + " kill -KILL \"$@\" 2>/dev/null; rm -rf \"$d\"";
        List<String> command = new ArrayList<>(
                List.of("/bin/sh", "-c", script, "keycloak-watchdog", Long.toString(mavenPid), folder.toString()));
        command.addAll(pids);
        new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start()
                .getOutputStream()
                .close();
    }

    private static Optional<Keycloak> read(Path state) throws IOException {
        if (!Files.isRegularFile(state)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(state)) {
            p.load(in);
        }
        try {
            return Optional.of(
                    Keycloak.attached(URI.create(p.getProperty("url")), Long.parseLong(p.getProperty("pid"))));
        } catch (RuntimeException e) {
            return Optional.empty(); // half-written by a JVM that died: start anew
        }
    }

    private static void write(Path state, Keycloak kc) throws IOException {
        Properties p = new Properties();
        p.setProperty("url", kc.baseUrl().toString());
        p.setProperty("pid", Long.toString(kc.pid()));
        try (OutputStream out = Files.newOutputStream(state)) {
            p.store(out, "Keycloak shared by the test JVMs of one Maven build");
        }
    }

    private static String hash(Path realm) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(realm));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + realm, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
