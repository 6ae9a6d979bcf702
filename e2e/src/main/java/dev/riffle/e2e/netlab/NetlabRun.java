package dev.riffle.e2e.netlab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riffle.e2e.platform.CacheTamperer;
import dev.riffle.e2e.platform.Platform;
import dev.riffle.e2e.platform.PlatformOptions;
import dev.riffle.e2e.platform.TitleSpec;
import dev.riffle.testkit.Coturn;
import dev.riffle.testkit.ManagedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The run inside the test network's public namespace (started by {@link NetlabMain}): coturn and the platform on the
 * public address, a title ingested, then per subscriber an agent and an {@code ffmpeg -re} player inside the
 * subscriber's namespace, joining one after the other. When every player has finished it reads the agents' reports,
 * prints the figures and writes them as JSON.
 */
public final class NetlabRun {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Every agent listens on this port in its own namespace (each namespace has its own ports). */
    static final int AGENT_PORT = 8700;

    private NetlabRun() {}

    public static void main(String[] args) throws Exception {
        NetlabOptions o;
        try {
            o = NetlabOptions.parse(List.of(args), Path.of("netlab-work").toAbsolutePath(), "x")
                    .orElseThrow();
        } catch (NetlabOptions.BadFlags e) {
            System.err.println("riffle netlab: " + e.getMessage());
            System.exit(2);
            return;
        }
        int code;
        try {
            code = new NetlabRun().run(o);
        } catch (RuntimeException e) {
            System.err.println("riffle netlab: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    private final List<ManagedProcess> processes = new ArrayList<>();
    private final List<CacheTamperer> tamperers = new ArrayList<>();

    private int run(NetlabOptions o) throws IOException, InterruptedException {
        NetlabTopology t = o.topology();
        Path work = o.workDir();
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String turnSecret = HexFormat.of().formatHex(secret);
        Coturn turn = Coturn.builder(work.resolve("coturn"), turnSecret)
                .address(NetlabTopology.PUBLIC_ADDRESS)
                .start();
        Map<String, String> tracker = new LinkedHashMap<>();
        tracker.put("riffle.tracker.ice.stun-urls", turn.stunUrl());
        tracker.put("riffle.tracker.ice.turn-urls", turn.turnUrl());
        tracker.put("riffle.tracker.ice.turn-secret", turnSecret);
        if (o.matching()) tracker.put("riffle.tracker.geo.overrides", String.join(",", t.localityOverrides()));
        PlatformOptions po = PlatformOptions.defaults(work.resolve("platform"))
                .withHost(NetlabTopology.PUBLIC_ADDRESS)
                .withTrackerProperties(tracker)
                .withViewerAccounts(Math.max(100, t.viewers().size()));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "netlab-tokens");
            th.setDaemon(true);
            return th;
        });
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll));
        try (turn;
                Platform p = Platform.start(po, line -> System.out.println("  " + line))) {
            Path clip = Platform.generateSampleClip(work.resolve("clip.mp4"), o.seconds());
            String title = p.ingest(clip, TitleSpec.open("Netlab"), (state, progress) -> {});
            System.out.println("  title " + title + " (" + o.seconds() + " s) published");
            List<Subscriber> subs = new ArrayList<>();
            int n = 0;
            for (NetlabTopology.Viewer v : t.viewers()) {
                n++;
                subs.add(new Subscriber(
                        v, work.resolve(v.name()), p.subscriberToken(Platform.viewerUser(n)), n <= o.polluters()));
            }
            Supplier<String> newcomer = p.subscriberToken(Platform.viewerUser(n + 1));
            // Tokens are read from files on each use: rewrite them as they are refreshed.
            timer.scheduleWithFixedDelay(() -> subs.forEach(Subscriber::writeToken), 30, 30, TimeUnit.SECONDS);
            for (Subscriber s : subs) {
                s.startAgent(p, title, o.relayOnly());
                s.awaitAgent(Duration.ofSeconds(90));
                s.startPlayer(title);
                System.out.println("  " + s.viewer.name() + " ("
                        + s.viewer.isp().nat().flag() + " NAT, " + s.viewer.address() + ") playing");
                Thread.sleep((long) (o.staggerSeconds() * 1000));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.seconds() + 240L);
            while (subs.stream().anyMatch(s -> s.player.isAlive()) && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            int playerErrors = 0;
            for (Subscriber s : subs) {
                if (s.polluter) continue; // its own player reads its tampered cache
                var code = s.player.awaitExit(Duration.ZERO);
                if (code.isEmpty() || code.getAsInt() != 0) {
                    playerErrors++;
                    System.err.println("  " + s.viewer.name() + ": player "
                            + (code.isEmpty() ? "still running at the deadline" : "exited " + code.getAsInt())
                            + "; log " + s.player.log());
                }
            }
            FileTime after = FileTime.fromMillis(System.currentTimeMillis() + 500);
            List<AgentReport> reports = new ArrayList<>();
            for (Subscriber s : subs) reports.add(s.freshReport(after, Duration.ofSeconds(20)));
            java.util.Set<String> polluters = new java.util.HashSet<>();
            subs.stream().filter(s -> s.polluter).forEach(s -> polluters.add(s.viewer.name()));
            var handedOut = polluters.isEmpty()
                    ? NetlabFigures.HandedOut.NOT_ASKED
                    : handedOut(p, newcomer, reports, polluters, Duration.ofSeconds(20));
            NetlabFigures f = NetlabFigures.of(reports, polluters, handedOut);
            print(o, t, f, playerErrors);
            if (o.json().isPresent()) write(o, t, f, playerErrors, o.json().get());
            return playerErrors == 0 ? 0 : 1;
        } finally {
            timer.shutdownNow();
            stopAll();
        }
    }

    /**
     * Joins every swarm the honest subscribers play in as one more account, reads whom the tracker hands out, and
     * leaves again; repeats until no polluter is handed out or {@code within} has passed (reports take a moment).
     */
    private static NetlabFigures.HandedOut handedOut(
            Platform p,
            Supplier<String> newcomer,
            List<AgentReport> reports,
            java.util.Set<String> polluters,
            Duration within)
            throws IOException, InterruptedException {
        java.util.Set<String> polluterIds = new java.util.HashSet<>();
        java.util.Set<String> swarms = new java.util.TreeSet<>();
        for (AgentReport r : reports) {
            if (polluters.contains(r.viewer().name())) polluterIds.add(r.peerId());
            else swarms.addAll(r.swarms());
        }
        var http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            int bad = 0, honest = 0;
            for (String swarm : swarms) {
                for (String peer : announce(http, p, newcomer.get(), swarm)) {
                    if (polluterIds.contains(peer)) bad++;
                    else honest++;
                }
            }
            if (bad == 0 || System.nanoTime() > deadline) return new NetlabFigures.HandedOut(bad, honest);
            Thread.sleep(500);
        }
    }

    private static List<String> announce(java.net.http.HttpClient http, Platform p, String token, String swarm)
            throws IOException, InterruptedException {
        List<String> peers = new ArrayList<>();
        for (String event : List.of("started", "stopped")) {
            String body = "{\"event\":\"" + event + "\",\"uploadCapacity\":1000000,\"swarms\":[{\"id\":\"" + swarm
                    + "\",\"playhead\":0,\"have\":[]}]}";
            var r = http.send(
                    java.net.http.HttpRequest.newBuilder(p.trackerUrl().resolve("/v1/announce"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new NetlabException("the tracker answered " + r.statusCode() + " to an announce: " + r.body());
            }
            if (event.equals("started")) {
                JSON.readTree(r.body())
                        .path("swarms")
                        .path(0)
                        .path("peers")
                        .forEach(x -> peers.add(x.path("peerId").asText()));
            }
        }
        return peers;
    }

    private synchronized void stopAll() {
        for (ManagedProcess m : processes) m.stop(Duration.ofSeconds(5));
        processes.clear();
        for (CacheTamperer c : tamperers) {
            try {
                c.close();
            } catch (IOException ignored) {
                // stopping anyway
            }
        }
        tamperers.clear();
    }

    private static void print(NetlabOptions o, NetlabTopology t, NetlabFigures f, int playerErrors) {
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "ISPs %d x %d subscribers, NAT %s, matching %s%s%n",
                t.isps().size(),
                o.viewersPerIsp(),
                String.join(",", t.isps().stream().map(i -> i.nat().flag()).toList()),
                o.matching() ? "on" : "off",
                o.relayOnly() ? ", relay only" : "");
        System.out.printf(
                Locale.ROOT,
                "intraIspShare %.3f (%.1f MB inside ISPs, %.1f MB across; %.1f MB on the wire)   offloadRatio %.3f"
                        + "   stalls %d   relayBytes %.1f MB   player errors %d%n",
                f.intraIspShare(),
                f.intraIspBytes() / 1e6,
                f.interIspBytes() / 1e6,
                f.p2pWireBytes() / 1e6,
                f.offloadRatio(),
                f.stalls(),
                f.relayBytes() / 1e6,
                playerErrors);
        System.out.println("pairs of subscribers    tried  connected  host  srflx  relay");
        f.natPairs()
                .forEach((k, v) -> System.out.printf(
                        Locale.ROOT,
                        "  %-20s %6d %10d %5d %6d %6d%n",
                        k,
                        v.attempted(),
                        v.connected(),
                        v.host(),
                        v.srflx(),
                        v.relay()));
        System.out.println("candidates subscribers received from peers: " + f.candidateTypesSeen());
        if (o.polluters() > 0) {
            System.out.println("polluters: " + o.polluters() + ", banned " + f.honestBans()
                    + " times by honest subscribers; a newcomer is handed " + f.pollutersHandedOut() + " of them and "
                    + f.honestHandedOut() + " honest peers");
        }
        for (NetlabFigures.ViewerLine v : f.viewers()) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-10s %-5s %-9s offload %.3f  stalls %d  startup %d ms  peers %d%s%n",
                    v.viewer(),
                    v.isp(),
                    v.nat(),
                    v.offloadRatio(),
                    v.stalls(),
                    v.startupMillis(),
                    v.peers(),
                    v.polluter() ? "  (polluter)" : v.bans() > 0 ? "  bans " + v.bans() : "");
        }
    }

    private static void write(NetlabOptions o, NetlabTopology t, NetlabFigures f, int playerErrors, Path out)
            throws IOException {
        ObjectNode doc = JSON.valueToTree(f);
        doc.put("playerErrors", playerErrors);
        ObjectNode run = doc.putObject("run");
        run.put("isps", t.isps().size())
                .put("viewersPerIsp", o.viewersPerIsp())
                .put("matching", o.matching())
                .put("relayOnly", o.relayOnly())
                .put("polluters", o.polluters())
                .put("seconds", o.seconds())
                .put("uplinkKbps", o.uplinkKbps())
                .put("downlinkKbps", o.downlinkKbps())
                .put("latency", "none added: this kernel has no netem qdisc");
        var isps = run.putArray("ispList");
        for (NetlabTopology.Isp i : t.isps()) {
            isps.addObject()
                    .put("name", i.name())
                    .put("nat", i.nat().flag())
                    .put("region", i.country() + "/" + i.region())
                    .put("publicAddress", i.wanAddress())
                    .put("subnet", i.lanPrefix() + ".0/24");
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), doc);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("wrote " + out);
    }

    /** One subscriber: its agent and player, both inside its namespace. */
    private final class Subscriber {
        final NetlabTopology.Viewer viewer;
        final Path dir;
        final Supplier<String> token;
        final boolean polluter;
        ManagedProcess agent;
        ManagedProcess player;

        Subscriber(NetlabTopology.Viewer viewer, Path dir, Supplier<String> token, boolean polluter)
                throws IOException {
            this.viewer = viewer;
            this.dir = Files.createDirectories(dir);
            this.token = token;
            this.polluter = polluter;
            writeToken();
        }

        Path tokenFile() {
            return dir.resolve("token");
        }

        Path reportFile() {
            return dir.resolve("report.json");
        }

        void writeToken() {
            try {
                Path tmp = dir.resolve("token.tmp");
                Files.writeString(tmp, token.get());
                Files.move(tmp, tokenFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                System.err.println("  " + viewer.name() + ": cannot refresh its token: " + e.getMessage());
            }
        }

        void startAgent(Platform p, String title, boolean relayOnly) {
            List<String> cmd = new ArrayList<>(inNamespace());
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // The launcher's agent options (docs/benchmarks.md, peer-agent): small heap, serial GC, C1 only.
            cmd.addAll(List.of(
                    "-Xmx64m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:ReservedCodeCacheSize=32m",
                    "-Xss512k"));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.riffle.agent.cli.AgentMain"));
            cmd.addAll(List.of(
                    "--origin", p.originUrl().toString(),
                    "--license", p.licenseUrl().toString(),
                    "--tracker", p.trackerUrl().toString(),
                    "--title", title,
                    "--cache-dir", dir.resolve("cache").toString(),
                    "--token-file", tokenFile().toString(),
                    "--id", viewer.name(),
                    "--port", Integer.toString(AGENT_PORT),
                    "--report-file", reportFile().toString()));
            if (relayOnly) cmd.add("--relay-only");
            // A polluter: every segment that lands in its cache gets a byte flipped, so it announces honest segments
            // and serves corrupted ones.
            if (polluter) tamperers.add(CacheTamperer.watch(dir.resolve("cache")));
            agent = track(ManagedProcess.start(cmd, dir, dir.resolve("agent.log"), Map.of("MALLOC_ARENA_MAX", "2")));
        }

        void awaitAgent(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!agent.isAlive()) {
                    throw new NetlabException(
                            viewer.name() + "'s agent exited; log " + agent.log() + ":\n" + agent.logTail(20));
                }
                if (agent.logTail(50).contains("play: ")) return;
                Thread.sleep(200);
            }
            throw new NetlabException(viewer.name() + "'s agent not up after " + timeout.toSeconds() + " s; log "
                    + agent.log() + ":\n" + agent.logTail(20));
        }

        void startPlayer(String title) {
            List<String> cmd = new ArrayList<>(inNamespace());
            cmd.addAll(List.of(
                    "ffmpeg",
                    "-nostdin",
                    "-hide_banner",
                    "-loglevel",
                    "error",
                    "-re",
                    "-i",
                    "http://127.0.0.1:" + AGENT_PORT + "/play/" + title + "/master.m3u8",
                    "-c",
                    "copy",
                    "-f",
                    "null",
                    "-"));
            player = track(ManagedProcess.start(cmd, dir, dir.resolve("player.log"), Map.of()));
        }

        AgentReport freshReport(FileTime after, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (Files.exists(reportFile())
                        && Files.getLastModifiedTime(reportFile()).compareTo(after) > 0) {
                    return AgentReport.parse(viewer, JSON.readTree(reportFile().toFile()));
                }
                Thread.sleep(200);
            }
            throw new NetlabException(
                    viewer.name() + "'s agent wrote no report after the players ended; log " + agent.log());
        }

        private List<String> inNamespace() {
            return List.of("ip", "netns", "exec", viewer.namespace());
        }
    }

    private synchronized ManagedProcess track(ManagedProcess m) {
        processes.add(m);
        return m;
    }
}
