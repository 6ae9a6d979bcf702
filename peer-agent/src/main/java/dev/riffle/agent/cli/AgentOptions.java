package dev.riffle.agent.cli;

import dev.riffle.agent.transport.IceServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code ./riffle agent} flags as plain values, parsed by picocli. Pure: {@link #parse} never touches the disk or
 * the network.
 *
 * @param tracker empty when no tracker is given (the agent then has no peers of its own)
 * @param title printed as a playlist URL and loaded at start, if given
 * @param uploadBytesPerSec 0 means unlimited
 * @param signingKeys a JWK Set file of the origin's manifest-signing keys to pin; empty: ask drm-license
 * @param edges CDN edges for segments, in order of preference; empty: the origin
 * @param iceServers STUN/TURN servers given by flag, used before the tracker's
 * @param relayOnly privacy mode: relay (TURN) candidates only
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
        Optional<Path> signingKeys,
        List<URI> edges,
        List<IceServer> iceServers,
        boolean relayOnly,
        Optional<Path> reportFile) {

    /** The usage text, written by picocli from {@link Flags}. */
    public static final String USAGE = new CommandLine(new Flags()).getUsageMessage();

    /** Thrown for bad flags; the message says which. */
    public static final class BadFlags extends IllegalArgumentException {
        public BadFlags(String message) {
            super(message);
        }
    }

    /** The flags as picocli declares them; values are checked by {@link #parse}, which gives the defaults. */
    @Command(
            name = "./riffle agent",
            usageHelpWidth = 110,
            description = "Runs a peer agent beside a player: local HLS on 127.0.0.1, segments from peers and the CDN.",
            footer = {
                "",
                "./riffle agent login [--issuer URL] [--client riffle-agent] signs in (see ./riffle agent login --help);",
                "./riffle agent logout deletes the stored tokens."
            })
    static final class Flags {
        @Option(
                names = "--origin",
                paramLabel = "URL",
                description = "origin / CDN edge (default http://127.0.0.1:8081)")
        String origin = "http://127.0.0.1:8081/";

        @Option(
                names = "--edge",
                paramLabel = "URL",
                description =
                        "CDN edge for segments, laid out as the origin serves them; repeat for fallbacks, in order"
                                + " of preference (default: the origin)")
        List<String> edges = new java.util.ArrayList<>();

        @Option(names = "--license", paramLabel = "URL", description = "drm-license (default http://127.0.0.1:8082)")
        String license = "http://127.0.0.1:8082/";

        @Option(
                names = "--tracker",
                paramLabel = "URL",
                description = "tracker-service: announce, peers, signalling, stats (none: no peers)")
        String tracker;

        @Option(names = "--title", paramLabel = "ID", description = "title to open; its playlist URL is printed")
        String title;

        @Option(
                names = "--cache-dir",
                paramLabel = "DIR",
                description = "segment cache (default ~/.riffle/agent-cache)")
        String cacheDir;

        @Option(names = "--cache-size", paramLabel = "N", description = "cache cap, e.g. 500M, 2G (default 2G)")
        String cacheSize = "2G";

        @Option(
                names = "--upload-cap",
                paramLabel = "N",
                description = "upload bytes per second, e.g. 2M; 0 = unlimited (default 0)")
        String uploadCap = "0";

        @Option(
                names = "--port",
                paramLabel = "N",
                description = "player-side port on 127.0.0.1 (default 8090; 0 = any free port)")
        String port = "8090";

        @Option(
                names = "--token-file",
                paramLabel = "F",
                description = "the subscriber's access token (read on each use), or the tokens.json of ./riffle agent"
                        + " login, kept refreshed (default ~/.riffle/agent/tokens.json)")
        String tokenFile;

        @Option(
                names = "--id",
                paramLabel = "ID",
                description = "device id, 1-16 of [A-Za-z0-9_-]; with a tracker the peer id is <account tag>.<ID>"
                        + " (default: random)")
        String id;

        @Option(
                names = "--signing-keys",
                paramLabel = "F",
                description = "pin the origin's manifest-signing keys: a JWK Set file (its"
                        + " /.well-known/riffle-keys.json) (default: ask drm-license)")
        String signingKeys;

        @Option(
                names = "--ice-server",
                paramLabel = "URL",
                description = "a STUN or TURN server (stun:host:port, turn:host:port?transport=udp), used before those"
                        + " the tracker hands out; repeatable")
        List<String> iceServers = new ArrayList<>();

        @Option(names = "--turn-username", paramLabel = "U", description = "username for the --ice-server TURN URLs")
        String turnUsername;

        @Option(
                names = "--turn-credential",
                paramLabel = "P",
                defaultValue = "${env:RIFFLE_TURN_CREDENTIAL}",
                description = "password for the --ice-server TURN URLs (better: the RIFFLE_TURN_CREDENTIAL variable)")
        String turnCredential;

        @Option(
                names = "--relay-only",
                description = "privacy mode: connect to peers through TURN only, so they never learn this machine's"
                        + " addresses (needs a TURN server, by flag or from the tracker)")
        boolean relayOnly;

        @Option(
                names = "--report-file",
                paramLabel = "PATH",
                description = "write this agent's totals and its connections to peers (candidate types, bytes) to"
                        + " PATH as JSON every 2 s, for test networks and benchmarks")
        String reportFile;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "This text.")
        boolean help;
    }

    /** Empty for {@code --help}. */
    public static Optional<AgentOptions> parse(List<String> args, Path home) {
        Flags f = new Flags();
        CommandLine cli = new CommandLine(f);
        try {
            cli.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new BadFlags(e.getMessage());
        }
        if (cli.isUsageHelpRequested()) return Optional.empty();
        long cacheBytes = size("--cache-size", f.cacheSize);
        if (cacheBytes <= 0) throw new BadFlags("--cache-size must be positive");
        return Optional.of(new AgentOptions(
                url("--origin", f.origin),
                url("--license", f.license),
                Optional.ofNullable(f.tracker).map(t -> url("--tracker", t)),
                Optional.ofNullable(f.title),
                f.cacheDir == null ? home.resolve(".riffle").resolve("agent-cache") : Path.of(f.cacheDir),
                cacheBytes,
                size("--upload-cap", f.uploadCap),
                port(f.port),
                Optional.ofNullable(f.tokenFile).map(Path::of),
                Optional.ofNullable(f.id),
                Optional.ofNullable(f.signingKeys).map(Path::of),
                f.edges.stream()
                        .map(e -> url("--edge", e.endsWith("/") ? e : e + "/"))
                        .toList(),
                iceServers(f),
                f.relayOnly,
                Optional.ofNullable(f.reportFile).map(Path::of)));
    }

    /** Each STUN URL on its own; the TURN URLs together, with the one username and credential given. */
    static List<IceServer> iceServers(Flags f) {
        List<IceServer> out = new ArrayList<>();
        List<String> turn = new ArrayList<>();
        for (String url : f.iceServers) {
            if (url.startsWith("turn:") || url.startsWith("turns:")) turn.add(url);
            else if (url.startsWith("stun:") || url.startsWith("stuns:")) out.add(IceServer.stun(url));
            else throw new BadFlags("--ice-server must be a stun: or turn: URL: " + url);
        }
        if (turn.isEmpty()) {
            if (f.turnUsername != null) throw new BadFlags("--turn-username without a turn: --ice-server");
            return out;
        }
        if (f.turnUsername == null || f.turnCredential == null || f.turnCredential.isEmpty()) {
            throw new BadFlags(
                    "a turn: --ice-server needs --turn-username and --turn-credential (or RIFFLE_TURN_CREDENTIAL)");
        }
        out.add(IceServer.turn(turn, f.turnUsername, f.turnCredential));
        return out;
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
