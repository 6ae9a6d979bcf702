package dev.riffle.e2e.demo;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The flags of {@code ./riffle demo}, parsed (pure).
 *
 * @param seconds length of the generated sample clip (ignored with {@code input})
 * @param plain line output even on a terminal
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
        boolean plain,
        boolean help) {

    public static final String USAGE = """
            Usage: ./riffle demo [options]

            Starts drm-license, tracker-service and origin-server on this machine (embedded defaults: no Redis,
            PostgreSQL or Keycloak), ingests a title, and watches it with N peer agents that join one after the
            other. Shows per viewer which segments came from peers (P) and which from the CDN (c), and the swarm's
            offload ratio; ends with a summary.

            Options:
              --viewers N        number of viewers (agents), 1-100 (default 8)
              --input FILE       publish this media file instead of a generated test clip
              --seconds S        length of the generated clip, 4-600 (default 30)
              --json PATH        also write the summary as JSON to PATH
              --keep-running     leave the platform and agents up afterwards and print the URLs to open; Ctrl-C stops
              --redis HOST:PORT  keep the tracker's swarms in this Redis instead of in memory
              --keycloak URL     use this Keycloak realm as identity (e.g. http://127.0.0.1:8180/realms/riffle); the
                                 realm must hold the viewer accounts: import <work dir>/riffle-realm.json
              --stagger S        seconds between two viewers' joins (default 2)
              --work-dir DIR     where logs and data go (default .riffle/demo; each run in a new sub-folder)
              --plain            line output even on a terminal
              --yes              install missing Debian packages without asking (done by ./riffle before the demo)
              --help             this text

            Needs ffmpeg and ffprobe (Debian: ffmpeg) and libpulse0 (for libwebrtc); ./riffle demo installs them on
            Debian/Ubuntu when missing, after asking.
            """;

    /** Parses {@code args}; throws {@link IllegalArgumentException} with a message meant for the user. */
    public static DemoOptions parse(String... args) {
        int viewers = 8, seconds = 30;
        double stagger = 2;
        Optional<Path> input = Optional.empty(), json = Optional.empty();
        Optional<String> redis = Optional.empty();
        Optional<URI> keycloak = Optional.empty();
        Path workDir = Path.of(".riffle", "demo");
        boolean keep = false, plain = false, help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String flag = a, inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                flag = a.substring(0, eq);
                inline = a.substring(eq + 1);
            }
            switch (flag) {
                case "--help", "-h" -> help = true;
                case "--keep-running" -> keep = true;
                case "--plain" -> plain = true;
                case "--yes", "-y" -> {} // ./riffle acted on it before starting the demo
                case "--viewers" -> viewers = intIn(flag, value(args, ++i, flag, inline), 1, 100);
                case "--seconds" -> seconds = intIn(flag, value(args, ++i, flag, inline), 4, 600);
                case "--stagger" -> stagger = doubleIn(flag, value(args, ++i, flag, inline), 0, 60);
                case "--input" -> input = Optional.of(Path.of(value(args, ++i, flag, inline)));
                case "--json" -> json = Optional.of(Path.of(value(args, ++i, flag, inline)));
                case "--work-dir" -> workDir = Path.of(value(args, ++i, flag, inline));
                case "--redis" -> {
                    String v = value(args, ++i, flag, inline);
                    if (!v.matches("[A-Za-z0-9.\\-]+:\\d{1,5}"))
                        throw new IllegalArgumentException("--redis wants HOST:PORT, got '" + v + "'");
                    redis = Optional.of(v);
                }
                case "--keycloak" -> {
                    String v = value(args, ++i, flag, inline);
                    if (!v.matches("https?://\\S+"))
                        throw new IllegalArgumentException("--keycloak wants a realm URL such as"
                                + " http://127.0.0.1:8180/realms/riffle, got '" + v + "'");
                    keycloak = Optional.of(URI.create(v.replaceAll("/+$", "")));
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
            if (inline != null && !takesValue(flag)) {
                throw new IllegalArgumentException(flag + " takes no value");
            }
            if (inline != null) i--; // the value was inline, not the next argument
        }
        return new DemoOptions(viewers, input, seconds, json, keep, redis, keycloak, workDir, stagger, plain, help);
    }

    private static boolean takesValue(String flag) {
        return switch (flag) {
            case "--viewers", "--seconds", "--stagger", "--input", "--json", "--work-dir", "--redis", "--keycloak" ->
                true;
            default -> false;
        };
    }

    private static String value(String[] args, int i, String flag, String inline) {
        if (inline != null) return inline;
        if (i >= args.length || args[i].startsWith("--")) throw new IllegalArgumentException(flag + " needs a value");
        return args[i];
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
