package dev.riffle.agent.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code ./riffle agent} flags as plain values. Pure: {@link #parse} never touches the disk or the network.
 *
 * @param tracker empty when no tracker is given (the agent then has no peers of its own)
 * @param title printed as a playlist URL and loaded at start, if given
 * @param uploadBytesPerSec 0 means unlimited
 * @param signingKeys a JWK Set file of the origin's manifest-signing keys to pin; empty: ask drm-license
 */
public record AgentOptions(
        URI origin,
        URI license,
        Optional<URI> tracker,
        Optional<String> title,
        Path cacheDir,
        long cacheBytes,
        long uploadBytesPerSec,
        int port,
        Optional<Path> tokenFile,
        Optional<String> agentId,
        Optional<Path> signingKeys) {

    public static final String USAGE = """
            Usage: ./riffle agent [options]
                   ./riffle agent login [--issuer URL] [--client riffle-agent]   (sign in; see login --help)

              --origin URL       origin / CDN edge                    (default http://127.0.0.1:8081)
              --license URL      drm-license                          (default http://127.0.0.1:8082)
              --tracker URL      tracker-service: announce, peers, signalling, stats (none: no peers)
              --title ID         title to open; its playlist URL is printed
              --cache-dir DIR    segment cache                        (default ~/.riffle/agent-cache)
              --cache-size N     cache cap, e.g. 500M, 2G             (default 2G)
              --upload-cap N     upload bytes per second, e.g. 2M; 0 = unlimited (default 0)
              --port N           player-side port on 127.0.0.1        (default 8090; 0 = any free port)
              --token-file F     the subscriber's access token (read on each use), or the tokens.json of
                                 ./riffle agent login (kept refreshed) (default ~/.riffle/agent/tokens.json)
              --id ID            device id, 1-16 of [A-Za-z0-9_-]; with a tracker the peer id is
                                 <account tag>.<ID>                    (default: random)
              --signing-keys F   pin the origin's manifest-signing keys: a JWK Set file (its
                                 /.well-known/riffle-keys.json)        (default: ask drm-license)
              --help             this text
            """;

    /** Thrown for bad flags; the message says which. */
    public static final class BadFlags extends IllegalArgumentException {
        public BadFlags(String message) {
            super(message);
        }
    }

    /** Empty for {@code --help}. */
    public static Optional<AgentOptions> parse(List<String> args, Path home) {
        URI origin = URI.create("http://127.0.0.1:8081/");
        URI license = URI.create("http://127.0.0.1:8082/");
        URI tracker = null;
        String title = null, id = null;
        Path cacheDir = home.resolve(".riffle").resolve("agent-cache");
        Path tokenFile = null, signingKeys = null;
        long cacheBytes = 2L << 30, upload = 0;
        int port = 8090;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--help") || flag.equals("-h")) return Optional.empty();
            String value;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else {
                if (i + 1 >= args.size()) throw new BadFlags(flag + " needs a value");
                value = args.get(++i);
            }
            switch (flag) {
                case "--origin" -> origin = url(flag, value);
                case "--license" -> license = url(flag, value);
                case "--tracker" -> tracker = url(flag, value);
                case "--title" -> title = value;
                case "--cache-dir" -> cacheDir = Path.of(value);
                case "--cache-size" -> cacheBytes = size(flag, value);
                case "--upload-cap" -> upload = size(flag, value);
                case "--port" -> port = port(value);
                case "--token-file" -> tokenFile = Path.of(value);
                case "--id" -> id = value;
                case "--signing-keys" -> signingKeys = Path.of(value);
                default -> throw new BadFlags("unknown flag " + flag);
            }
        }
        if (cacheBytes <= 0) throw new BadFlags("--cache-size must be positive");
        return Optional.of(new AgentOptions(
                origin,
                license,
                Optional.ofNullable(tracker),
                Optional.ofNullable(title),
                cacheDir,
                cacheBytes,
                upload,
                port,
                Optional.ofNullable(tokenFile),
                Optional.ofNullable(id),
                Optional.ofNullable(signingKeys)));
    }

    static URI url(String flag, String value) {
        try {
            URI u = URI.create(value);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new BadFlags(flag + " must be an http(s) URL: " + value);
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new BadFlags(flag + " must be an http(s) URL: " + value);
        }
    }

    /** {@code 1500}, {@code 500K}, {@code 2M}, {@code 2G} (binary multiples). */
    static long size(String flag, String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.endsWith("B")) v = v.substring(0, v.length() - 1);
        int shift = 0;
        if (!v.isEmpty()) {
            switch (v.charAt(v.length() - 1)) {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                case 'T' -> shift = 40;
                default -> shift = -1;
            }
            if (shift >= 0) v = v.substring(0, v.length() - 1);
            else shift = 0;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > (Long.MAX_VALUE >> shift)) throw new BadFlags(flag + " out of range: " + value);
            return n << shift;
        } catch (NumberFormatException e) {
            throw new BadFlags(flag + " must be a size such as 500M or 2G: " + value);
        }
    }

    static int port(String value) {
        try {
            int p = Integer.parseInt(value);
            if (p < 0 || p > 65535) throw new BadFlags("--port must be 0..65535");
            return p;
        } catch (NumberFormatException e) {
            throw new BadFlags("--port must be a number: " + value);
        }
    }
}
