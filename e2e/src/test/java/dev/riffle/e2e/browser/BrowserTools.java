package dev.riffle.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.Agent;
import dev.riffle.e2e.platform.PlatformOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What the browser tests share: the prerequisites (node, npm, Debian Chromium — a missing one fails the test with what
 * to install), the npm package of {@code e2e/browser} installed in a copy under {@code target/}, a bounded process
 * runner, and pulling a whole title through an agent's player side.
 */
final class BrowserTools {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern URI_LINE = Pattern.compile("^[^#\\s].*$", Pattern.MULTILINE);
    private static final Pattern MEDIA_URI = Pattern.compile("URI=\"([^\"]+)\"");
    private static final List<String> PACKAGE_FILES =
            List.of("package.json", "package-lock.json", "play.mjs", "player.html", "app.mjs");

    private BrowserTools() {}

    /** Fails, saying what to install, unless node, npm and Debian Chromium are there. */
    static void requirePrerequisites() {
        assertThat(onPath("node") && onPath("npm"))
                .as("node and npm on the PATH (Debian packages nodejs, npm; ./riffle test installs them)")
                .isTrue();
        assertThat(Files.isExecutable(CHROMIUM))
                .as("Debian Chromium at %s (Debian package chromium; ./riffle test installs it)", CHROMIUM)
                .isTrue();
    }

    /** The npm package of the browser tests, copied to {@code into} and installed there ({@code npm ci}). */
    static Path npmPackage(Path into, Path log) throws Exception {
        Path dir = PlatformOptions.findHome().resolve("e2e/browser");
        assertThat(dir.resolve("package-lock.json"))
                .as("the npm package of the browser test")
                .exists();
        Files.createDirectories(into);
        for (String file : PACKAGE_FILES) {
            Files.copy(dir.resolve(file), into.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        run(List.of("npm", "ci", "--no-audit", "--no-fund"), into, log, 240);
        return into;
    }

    static boolean onPath(String exe) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, exe))) return true;
        }
        return false;
    }

    /** Runs a command with its output in {@code log}; kills its whole tree after {@code seconds}. Returns the exit. */
    static int run(List<String> cmd, Path dir, Path log, long seconds) throws Exception {
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        p.getOutputStream().close();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            dev.riffle.testkit.ManagedProcess.killTree(p.pid(), Duration.ofSeconds(5));
            throw new AssertionError(String.join(" ", cmd) + " did not finish in " + seconds + " s:\n" + tail(log));
        }
        if (cmd.get(0).equals("npm") && p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed (" + p.exitValue() + "):\n" + tail(log));
        }
        return p.exitValue();
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Pulls every segment of every rendition (and the key) through the agent's player side; returns the count. */
    static int warm(Agent agent, String title) throws Exception {
        URI master = agent.playUrl(title);
        String text = get(master);
        List<URI> playlists = new ArrayList<>();
        URI_LINE.matcher(text)
                .results()
                .forEach(m -> playlists.add(master.resolve(m.group().trim())));
        MEDIA_URI.matcher(text).results().forEach(m -> playlists.add(master.resolve(m.group(1))));
        int n = 0;
        boolean keyFetched = false;
        for (URI playlist : playlists.stream().distinct().toList()) {
            String media = get(playlist);
            if (!keyFetched) {
                var key = MEDIA_URI.matcher(media).results().findFirst().orElseThrow();
                assertThat(bytes(playlist.resolve(key.group(1))))
                        .as("the title's key through the agent")
                        .hasSize(16);
                keyFetched = true;
            }
            for (var m : URI_LINE.matcher(media).results().toList()) {
                assertThat(bytes(playlist.resolve(m.group().trim()))).isNotEmpty();
                n++;
            }
        }
        return n;
    }

    static String get(URI uri) throws Exception {
        return new String(bytes(uri), StandardCharsets.UTF_8);
    }

    static byte[] bytes(URI uri) throws Exception {
        var res = HTTP.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(res.statusCode()).as("GET %s", uri).isEqualTo(200);
        return res.body();
    }
}
