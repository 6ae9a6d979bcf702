package dev.riffle.e2e.demo;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the demo needs from the machine, each missing piece with the Debian package that brings it. */
public final class Prerequisites {
    private static final List<Path> LIB_DIRS = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu"),
            Path.of("/lib/x86_64-linux-gnu"),
            Path.of("/usr/lib/aarch64-linux-gnu"),
            Path.of("/usr/lib64"),
            Path.of("/usr/lib"),
            Path.of("/lib"));

    private Prerequisites() {}

    /** Problems found, one sentence each; empty when the demo can run. */
    public static List<String> check(Path home, List<String> modules) {
        List<String> problems = new ArrayList<>();
        for (String tool : List.of("ffmpeg", "ffprobe")) {
            if (onPath(tool, System.getenv("PATH")).isEmpty()) {
                problems.add(tool + " is not on the PATH: install the Debian package ffmpeg (sudo apt-get install"
                        + " ffmpeg)");
            }
        }
        if (!hasLibrary("libpulse.so.0")) {
            problems.add("libpulse.so.0 is missing (libwebrtc loads it even without audio): install the Debian"
                    + " package libpulse0 (sudo apt-get install libpulse0)");
        }
        for (String m : modules) {
            Path jar = home.resolve(m).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                problems.add(m + " is not built (" + jar + "): run ./riffle demo (it builds what is missing) or"
                        + " ./mvnw -pl " + m + " -am install -DskipTests");
            }
        }
        return problems;
    }

    /** The executable {@code name} in one of {@code path}'s folders. */
    public static Optional<Path> onPath(String name, String path) {
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    static boolean hasLibrary(String file) {
        return LIB_DIRS.stream().anyMatch(d -> Files.exists(d.resolve(file)));
    }
}
