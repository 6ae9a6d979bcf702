package dev.riffle.e2e.platform;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What watches a viewer's agent: the demo's paced model, or a real player started as a process on the agent's
 * playlist. Real players read far ahead of what they show (mpv, VLC, hls.js) or as fast as they can (ffmpeg without
 * {@code -re}); the agent infers where each one is from its requests.
 */
public enum PlayerKind {
    /** The demo's player model: asks for the next segment when less than the read-ahead is buffered. */
    MODEL("model", null),
    /** ffmpeg -re: decodes at the stream's own pace. */
    FFMPEG_RE("ffmpeg-re", "ffmpeg"),
    /** ffmpeg decoding as fast as it can read. */
    FFMPEG("ffmpeg", "ffmpeg"),
    /** mpv with null video and audio outputs, in real time. */
    MPV("mpv", "mpv"),
    /** VLC (cvlc) with dummy outputs, run as a plain user: VLC refuses to run as root. */
    VLC("vlc", "cvlc"),
    /** hls.js in Debian Chromium, through e2e/browser/play.mjs (npm ci there first). */
    HLSJS("hlsjs", "node");

    /** The account VLC runs under when the agent runs as root. */
    static final String VLC_USER = "riffle-player";

    private final String flag;
    private final String command;

    PlayerKind(String flag, String command) {
        this.flag = flag;
        this.command = command;
    }

    /** As given on the command line ({@code --player mpv}). */
    public String flag() {
        return flag;
    }

    public static PlayerKind parse(String s) {
        for (PlayerKind k : values()) {
            if (k.flag.equals(s.strip().toLowerCase(Locale.ROOT))) return k;
        }
        throw new IllegalArgumentException("player: one of model, ffmpeg-re, ffmpeg, mpv, vlc, hlsjs, not " + s);
    }

    /** Whether this machine can run it: its command on the PATH (and, for hls.js, the browser folder set up). */
    public boolean available() {
        if (this == MODEL) return true;
        if (!onPath(command)) return false;
        if (this == HLSJS)
            return onPath("chromium") && Files.isDirectory(browserDir().resolve("node_modules"));
        if (this == VLC && isRoot()) return onPath("runuser");
        return true;
    }

    /**
     * The process watching {@code playUrl} ({@code seconds} of media), with its output in {@code log}; for hls.js its
     * JSON report goes to {@code report}.
     */
    ProcessBuilder process(URI playUrl, double seconds, Path log, Path report) throws IOException {
        String url = playUrl.toString();
        List<String> cmd = new ArrayList<>();
        switch (this) {
            case FFMPEG_RE, FFMPEG -> {
                cmd.addAll(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error"));
                if (this == FFMPEG_RE) cmd.add("-re");
                cmd.addAll(List.of("-i", url, "-f", "null", "-"));
            }
            case MPV ->
                cmd.addAll(
                        List.of("mpv", "--no-config", "--really-quiet", "--vo=null", "--ao=null", "--untimed=no", url));
            case VLC -> {
                if (isRoot()) {
                    ensureUser();
                    Path home = Files.createTempDirectory("riffle-vlc");
                    new ProcessBuilder("chown", VLC_USER, home.toString())
                            .inheritIO()
                            .start()
                            .onExit()
                            .join();
                    cmd.addAll(List.of("runuser", "-u", VLC_USER, "--", "env", "HOME=" + home));
                }
                cmd.addAll(List.of(
                        "cvlc",
                        "--play-and-exit",
                        "--intf",
                        "dummy",
                        "--vout",
                        "dummy",
                        "--aout",
                        "dummy",
                        "--no-video-title-show",
                        url));
            }
            case HLSJS ->
                cmd.addAll(List.of(
                        "node",
                        browserDir().resolve("play.mjs").toString(),
                        "--url",
                        url,
                        "--seconds",
                        Long.toString((long) Math.max(1, seconds - 3)),
                        "--timeout",
                        Long.toString((long) seconds + 120),
                        "--out",
                        report.toString()));
            case MODEL -> throw new IllegalStateException("the model is not a process");
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    /**
     * Where play.mjs and its node_modules are: {@code -Driffle.browser.dir} (a copy set up with npm ci, as the
     * benchmarks and tests make under target/), else e2e/browser of this checkout.
     */
    static Path browserDir() {
        String dir = System.getProperty("riffle.browser.dir");
        return dir != null ? Path.of(dir) : PlatformOptions.findHome().resolve("e2e/browser");
    }

    /**
     * Sets hls.js up for {@link #HLSJS}: play.mjs and its npm packages copied into {@code dir} and installed there with
     * npm ci (the checkout stays clean), then used by every hls.js player of this JVM.
     */
    public static void setUpBrowser(Path dir) throws IOException {
        Path from = PlatformOptions.findHome().resolve("e2e/browser");
        Files.createDirectories(dir);
        for (String file : List.of("package.json", "package-lock.json", "play.mjs", "player.html")) {
            Files.copy(from.resolve(file), dir.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("npm-ci.log").toFile())
                .start();
        try {
            if (!p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("npm ci for hls.js failed; see " + dir.resolve("npm-ci.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        System.setProperty("riffle.browser.dir", dir.toString());
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Creates the plain account VLC runs under, once (a system user without a home or a login shell). */
    private static synchronized void ensureUser() throws IOException {
        try {
            if (new ProcessBuilder("id", "-u", VLC_USER).start().waitFor() == 0) return;
            int code = new ProcessBuilder(
                            "useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", VLC_USER)
                    .inheritIO()
                    .start()
                    .waitFor();
            if (code != 0) throw new IOException("useradd " + VLC_USER + " failed with " + code);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) return true;
        }
        return false;
    }
}
