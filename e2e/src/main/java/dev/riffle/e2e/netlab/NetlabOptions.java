package dev.riffle.e2e.netlab;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The flags of {@code ./riffle netlab}, parsed by picocli (pure).
 *
 * @param matching whether the tracker knows each ISP (locality overrides) and so ranks same-ISP peers first; off, every
 *     peer is of an unknown ISP and peers are handed out by the other terms alone
 * @param seconds length of the title every viewer watches
 * @param staggerSeconds between one viewer's start and the next
 * @param runId tag of the network's namespaces (random unless given)
 * @param polluters how many of the first ISP's subscribers serve corrupted segments
 */
public record NetlabOptions(
        int isps,
        int viewersPerIsp,
        List<NatType> nats,
        boolean relayOnly,
        boolean matching,
        Optional<Path> json,
        int seconds,
        double staggerSeconds,
        int uplinkKbps,
        int downlinkKbps,
        Path workDir,
        String runId,
        int polluters) {

    public static final String USAGE = new CommandLine(new Flags()).getUsageMessage();

    /** Thrown for bad flags; the message says which. */
    public static final class BadFlags extends IllegalArgumentException {
        BadFlags(String message) {
            super(message);
        }
    }

    @Command(
            name = "./riffle netlab",
            usageHelpWidth = 110,
            description = {
                "Builds a test network of ISPs in Linux network namespaces (each ISP a subnet behind its own NAT,"
                        + " residential uplinks a tenth of downlinks, a public segment with the services and a TURN"
                        + " server), runs the platform and one agent plus an ffmpeg -re player per subscriber inside it,"
                        + " and reports how much P2P traffic stayed inside ISPs, the offload, stalls, which NAT pairs"
                        + " connected how, and the bytes relayed. Tears everything down at the end, on failure and on"
                        + " Ctrl-C. Needs root.",
                ""
            })
    static final class Flags {
        @Option(names = "--isps", paramLabel = "N", description = "ISPs, 1-9 (default 3)")
        int isps = 3;

        @Option(names = "--viewers-per-isp", paramLabel = "N", description = "subscribers per ISP, 1-40 (default 5)")
        int viewersPerIsp = 5;

        @Option(
                names = "--nat",
                paramLabel = "T,T,...",
                description = "NAT of each ISP in turn, cone or symmetric (default cone,symmetric,cone)")
        String nat = "cone,symmetric,cone";

        @Option(names = "--relay-only", description = "agents connect to peers through TURN only")
        boolean relayOnly;

        @Option(
                names = "--matching",
                paramLabel = "on|off",
                description = "the tracker knows each ISP and ranks same-ISP peers first (default on)")
        String matching = "on";

        @Option(names = "--json", paramLabel = "PATH", description = "write the figures as JSON to PATH")
        String json;

        @Option(names = "--seconds", paramLabel = "S", description = "title length, 10-600 (default 40)")
        int seconds = 40;

        @Option(names = "--stagger", paramLabel = "S", description = "seconds between viewers' starts (default 1)")
        double stagger = 1;

        @Option(names = "--uplink-kbps", paramLabel = "K", description = "subscriber upload rate (default 4000)")
        int uplinkKbps = 4_000;

        @Option(names = "--downlink-kbps", paramLabel = "K", description = "subscriber download rate (default 40000)")
        int downlinkKbps = 40_000;

        @Option(
                names = "--work-dir",
                paramLabel = "DIR",
                description = "logs and data (default: a new temporary folder)")
        String workDir;

        @Option(
                names = "--polluters",
                paramLabel = "N",
                description = "the first N subscribers of the first ISP serve corrupted segments (their caches are"
                        + " tampered as segments land), to show honest agents ban and report them and the tracker"
                        + " stop handing them out (default 0)")
        int polluters;

        @Option(names = "--run-id", paramLabel = "ID", description = "namespace tag, 1-6 of [a-z0-9] (default random)")
        String runId;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "This text.")
        boolean help;
    }

    /** Empty for {@code --help}. */
    public static Optional<NetlabOptions> parse(List<String> args, Path defaultWorkDir, String defaultRunId) {
        Flags f = new Flags();
        CommandLine cli = new CommandLine(f);
        try {
            cli.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new BadFlags(e.getMessage());
        }
        if (cli.isUsageHelpRequested()) return Optional.empty();
        if (f.isps < 1 || f.isps > 9) throw new BadFlags("--isps must be 1-9");
        if (f.viewersPerIsp < 1 || f.viewersPerIsp > 40) throw new BadFlags("--viewers-per-isp must be 1-40");
        if (f.seconds < 10 || f.seconds > 600) throw new BadFlags("--seconds must be 10-600");
        if (!(f.stagger >= 0 && f.stagger <= 60)) throw new BadFlags("--stagger must be 0-60 seconds");
        if (f.uplinkKbps < 64 || f.downlinkKbps < 64) throw new BadFlags("link rates must be at least 64 kbit/s");
        if (!f.matching.equals("on") && !f.matching.equals("off")) throw new BadFlags("--matching must be on or off");
        List<NatType> nats;
        try {
            nats = Arrays.stream(f.nat.split(",")).map(NatType::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new BadFlags("--nat: " + e.getMessage());
        }
        if (f.polluters < 0 || f.polluters >= f.viewersPerIsp) {
            throw new BadFlags("--polluters must be 0 to one less than --viewers-per-isp");
        }
        String runId = f.runId != null ? f.runId : defaultRunId;
        if (!runId.matches("[a-z0-9]{1,6}")) throw new BadFlags("--run-id must be 1-6 of [a-z0-9]");
        return Optional.of(new NetlabOptions(
                f.isps,
                f.viewersPerIsp,
                nats,
                f.relayOnly,
                f.matching.equals("on"),
                Optional.ofNullable(f.json).map(Path::of).map(Path::toAbsolutePath),
                f.seconds,
                f.stagger,
                f.uplinkKbps,
                f.downlinkKbps,
                f.workDir != null ? Path.of(f.workDir).toAbsolutePath() : defaultWorkDir,
                runId,
                f.polluters));
    }

    public NetlabTopology topology() {
        return NetlabTopology.of(runId, isps, nats, viewersPerIsp, uplinkKbps, downlinkKbps);
    }

    /** The flags that rebuild these options in the run inside the network. */
    public List<String> asArgs() {
        var out = new java.util.ArrayList<>(List.of(
                "--isps", Integer.toString(isps),
                "--viewers-per-isp", Integer.toString(viewersPerIsp),
                "--nat", String.join(",", nats.stream().map(NatType::flag).toList()),
                "--matching", matching ? "on" : "off",
                "--seconds", Integer.toString(seconds),
                "--stagger", Double.toString(staggerSeconds),
                "--uplink-kbps", Integer.toString(uplinkKbps),
                "--downlink-kbps", Integer.toString(downlinkKbps),
                "--work-dir", workDir.toString(),
                "--run-id", runId,
                "--polluters", Integer.toString(polluters)));
        if (relayOnly) out.add("--relay-only");
        json.ifPresent(j -> out.addAll(List.of("--json", j.toString())));
        return out;
    }
}
