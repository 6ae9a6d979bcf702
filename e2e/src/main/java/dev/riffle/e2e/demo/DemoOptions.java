package dev.riffle.e2e.demo;

import dev.riffle.e2e.platform.PlayerKind;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The flags of {@code ./riffle demo}, parsed by picocli (pure).
 *
 * @param seconds length of the generated sample clip (ignored with {@code input})
 * @param plain line output even on a terminal
 * @param live a live channel instead of a VOD title: ffmpeg pushes a {@code seconds}-long feed, real players watch
 */
public record DemoOptions(
        int viewers,
        Optional<Path> input,
        int seconds,
        Optional<Path> json,
        boolean keepRunning,
        Optional<String> redis,
        Optional<URI> keycloak,
        Path workDir,
        double staggerSeconds,
        PlayerKind player,
        boolean plain,
        boolean live,
        boolean help) {

    /** The usage text, written by picocli from {@link Flags}. */
    public static final String USAGE = new CommandLine(new Flags()).getUsageMessage();

    /** The flags as picocli declares them; {@link #parse} checks the values. */
    @Command(
            name = "./riffle demo",
            usageHelpWidth = 110,
            description = {
                "Starts drm-license, tracker-service and origin-server on this machine (embedded defaults: no Redis,"
                        + " PostgreSQL or Keycloak), ingests a title, and watches it with N peer agents that join one"
                        + " after the other. Shows per viewer which segments came from peers (P) and which from the"
                        + " CDN (c), and the swarm's offload ratio; ends with a summary.",
                ""
            },
            footer = {
                "",
                "Needs ffmpeg and ffprobe (Debian: ffmpeg) and the libraries libwebrtc loads (libpulse0 and a few"
                        + " X11/udev/D-Bus ones); ./riffle demo installs them on Debian/Ubuntu when missing, after"
                        + " asking."
            })
    static final class Flags {
        @Option(names = "--viewers", paramLabel = "N", description = "number of viewers (agents), 1-100 (default 8)")
        String viewers = "8";

        @Option(
                names = "--input",
                paramLabel = "FILE",
                description = "publish this media file instead of a generated test clip")
        Path input;

        @Option(
                names = "--seconds",
                paramLabel = "S",
                description = "length of the generated clip, 4-600 (default 30), or of the live event (default 60)")
        String seconds;

        @Option(names = "--json", paramLabel = "PATH", description = "also write the summary as JSON to PATH")
        Path json;

        @Option(
                names = "--keep-running",
                description = "leave the platform and agents up afterwards and print the URLs to open; Ctrl-C stops")
        boolean keepRunning;

        @Option(
                names = "--redis",
                paramLabel = "HOST:PORT",
                description = "keep the tracker's swarms in this Redis instead of in memory")
        String redis;

        @Option(
                names = "--keycloak",
                paramLabel = "URL",
                description = "use this Keycloak realm as identity (e.g. http://127.0.0.1:8180/realms/riffle); the"
                        + " realm must hold the viewer accounts: import <work dir>/riffle-realm.json")
        String keycloak;

        @Option(names = "--stagger", paramLabel = "S", description = "seconds between two viewers' joins (default 2)")
        String stagger = "2";

        @Option(
                names = "--player",
                paramLabel = "P",
                description = "what watches each agent: model (the paced player model, the default), ffmpeg-re,"
                        + " ffmpeg, mpv, vlc or hlsjs (hls.js in Chromium); with --live, ffmpeg by default")
        String player;

        @Option(
                names = "--work-dir",
                paramLabel = "DIR",
                description = "where logs and data go (default .riffle/demo; each run in a new sub-folder)")
        Path workDir = Path.of(".riffle", "demo");

        @Option(names = "--plain", description = "line output even on a terminal")
        boolean plain;

        @Option(
                names = "--live",
                description = "a live event instead of a VOD title: ffmpeg pushes a test pattern with the clock burned"
                        + " in to a new live channel for --seconds (default 60), and each agent is watched by a real"
                        + " player (ffmpeg unless --player says otherwise); shows each viewer's latency behind the"
                        + " encoder")
        boolean live;

        @Option(
                names = {"-y", "--yes"},
                description = "install missing Debian packages without asking (done by ./riffle before the demo)")
        boolean yes;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "This text.")
        boolean help;
    }

    /** Parses {@code args}; throws {@link IllegalArgumentException} with a message meant for the user. */
    public static DemoOptions parse(String... args) {
        Flags f = new Flags();
        CommandLine cli = new CommandLine(f);
        try {
            cli.parseArgs(args);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (f.redis != null && !f.redis.matches("[A-Za-z0-9.\\-]+:\\d{1,5}")) {
            throw new IllegalArgumentException("--redis wants HOST:PORT, got '" + f.redis + "'");
        }
        if (f.keycloak != null && !f.keycloak.matches("https?://\\S+")) {
            throw new IllegalArgumentException("--keycloak wants a realm URL such as"
                    + " http://127.0.0.1:8180/realms/riffle, got '" + f.keycloak + "'");
        }
        if (f.live && f.input != null) {
            throw new IllegalArgumentException("--live pushes a generated feed: it does not take --input");
        }
        if (f.live && "model".equals(f.player)) {
            throw new IllegalArgumentException("--live needs a real player (the paced model plays VOD only):"
                    + " ffmpeg, ffmpeg-re, mpv, vlc or hlsjs");
        }
        return new DemoOptions(
                intIn("--viewers", f.viewers, 1, 100),
                Optional.ofNullable(f.input),
                intIn("--seconds", f.seconds != null ? f.seconds : f.live ? "60" : "30", 4, 600),
                Optional.ofNullable(f.json),
                f.keepRunning,
                Optional.ofNullable(f.redis),
                Optional.ofNullable(f.keycloak).map(k -> URI.create(k.replaceAll("/+$", ""))),
                f.workDir,
                doubleIn("--stagger", f.stagger, 0, 60),
                player(f.player != null ? f.player : f.live ? "ffmpeg" : "model"),
                f.plain,
                f.live,
                cli.isUsageHelpRequested());
    }

    private static PlayerKind player(String v) {
        PlayerKind p = PlayerKind.parse(v);
        if (!p.available() && p != PlayerKind.HLSJS) {
            throw new IllegalArgumentException("--player " + p.flag() + " is not installed here (Debian packages"
                    + " ffmpeg, mpv, vlc; hlsjs needs chromium, node and npm)");
        }
        return p;
    }

    private static int intIn(String flag, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    flag + " wants a whole number from " + min + " to " + max + ", got '" + v + "'");
        }
    }

    private static double doubleIn(String flag, String v, double min, double max) {
        try {
            double d = Double.parseDouble(v);
            if (!(d >= min && d <= max)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    flag + " wants a number from " + min + " to " + max + ", got '" + v + "'");
        }
    }
}
